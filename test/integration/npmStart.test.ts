import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with scripts/start.mjs
import { electronBinary } from '../../scripts/electronBinary.mjs';

/** What `npm start` prints before it serves the UI, read until the URL appears. */
function startOutput(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL within 90 s:\n${output}`));
    }, 90_000);
    const onData = (d: Buffer) => {
      output += d;
      if (/http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(output)) {
        clearTimeout(timer);
        child.kill('SIGINT');
        resolve(output);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}

describe('npm start without the Electron binary', () => {
  it('says what happened in one message and serves the same UI in the browser, with no stack trace', async (ctx) => {
    if ((electronBinary as () => string | null)())
      ctx.skip('did not run: Electron is installed here, so npm start opens the desktop window');
    // SMTP_LENS_NO_ELECTRON skips Electron's installer: tests send no traffic beyond 127.0.0.1,
    // and the installer would try github.com. The message path is the same.
    const output = await startOutput({ SMTP_LENS_NO_ELECTRON: '1' });
    expect(output).toContain("SMTP Lens cannot open its desktop window here: Electron's binary is not installed");
    expect(output).toContain('npx install-electron');
    expect(output).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/);
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }, 120_000);
});
