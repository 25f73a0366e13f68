// `npm start`: the desktop app. Electron downloads its binary on first use; where that is
// impossible (no internet, a locked-down host) we say so in one message and open the very
// same UI in the browser instead, so something real still happens.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { electronBinary } from './electronBinary.mjs';

const electronDir = path.resolve('node_modules/electron');

/** Tries electron's own installer once; returns why it failed, in one line. */
function tryDownload() {
  if (process.env.SMTP_LENS_NO_ELECTRON === '1') return 'SMTP_LENS_NO_ELECTRON=1 is set';
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status === 0 && electronBinary()) return null;
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const reason = /(getaddrinfo \S+ \S+|ENOTFOUND \S+|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|fetch failed|HTTP \d+)/.exec(
    output,
  )?.[1];
  const offline =
    reason === 'fetch failed' && !resolves('github.com')
      ? ' (github.com does not resolve: no internet access here)'
      : '';
  if (reason) return `the download failed: ${reason}${offline}`;
  return result.error
    ? `the installer did not finish (${result.error.code ?? result.error.message})`
    : 'the download failed';
}

/** Whether a host name resolves, asked of a child so this script stays synchronous. */
function resolves(host) {
  const probe = spawnSync(
    process.execPath,
    ['-e', `require('dns').lookup(${JSON.stringify(host)}, (e) => process.exit(e ? 1 : 0))`],
    { timeout: 10_000 },
  );
  return probe.status === 0;
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

const binary = electronBinary();
const failure = binary ? null : tryDownload();

if (!failure) {
  run(process.execPath, [path.resolve('node_modules/electron-vite/bin/electron-vite.js'), 'dev']);
} else {
  process.stdout.write(
    `SMTP Lens cannot open its desktop window here: Electron's binary is not installed and ${failure}.\n` +
      'Starting the same app in your browser instead (the address follows). To get the desktop window later, run\n' +
      '"npx install-electron" on a machine with internet access, then "npm start" again.\n\n',
  );
  const needsBuild = !existsSync('out/renderer/index.html') || !existsSync('dist/cli/cli.js');
  if (needsBuild) {
    const build = spawnSync('npm', ['run', '--silent', 'prepare'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  run(process.execPath, [path.resolve('bin/smtp-lens.js'), 'web']);
}
