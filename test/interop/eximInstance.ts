// The interop suite's Exim: the copy `bash test/interop/exim.sh install` unpacked, with a
// configuration of its own per test file, in a temporary folder. `send()` hands a message to
// `exim -C CONFIG -odi`, which delivers or bounces it before it returns.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXIM = path.join(path.dirname(fileURLToPath(import.meta.url)), '.exim', 'exim');
export const EXIM_HINT = 'unpack it with `sudo bash test/interop/exim.sh install` (.ci/run does)';

export interface EximInstance {
  dir: string;
  config: string;
  mainlog: string;
  mailbox(user: 'alice' | 'bob'): string;
  send(from: string, to: string, message: string): Promise<void>;
}

/** Exim is usable here: unpacked, and run by root (deliveries switch to Debian-exim). */
export const haveExim = () => existsSync(EXIM) && userInfo().uid === 0;

export function startExim(ports: { refusing: number; closed: number }): EximInstance {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-exim-'));
  // Deliveries run as Debian-exim, which must reach the spool and the mailboxes below.
  chmodSync(dir, 0o755);
  const uid = Number(readFileSync('/etc/passwd', 'utf8').match(/^Debian-exim:[^:]*:(\d+):/m)?.[1]);
  for (const sub of ['spool', 'log', 'mail']) {
    mkdirSync(path.join(dir, sub));
    chownSync(path.join(dir, sub), uid, 0);
  }
  const config = path.join(dir, 'exim.conf');
  const template = readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'config', 'exim.conf.in'),
    'utf8',
  );
  writeFileSync(
    config,
    template
      .replaceAll('@EXIM@', EXIM)
      .replaceAll('@DIR@', dir)
      .replaceAll('@PORT_REFUSING@', String(ports.refusing))
      .replaceAll('@PORT_CLOSED@', String(ports.closed)),
  );
  return {
    dir,
    config,
    mainlog: path.join(dir, 'log', 'mainlog'),
    mailbox: (user) => path.join(dir, 'mail', user),
    send: (from, to, message) =>
      new Promise((resolve, reject) => {
        const child = execFile(
          EXIM,
          ['-C', config, '-odi', '-f', from, to],
          { timeout: 20_000 },
          (err, _out, stderr) => (err ? reject(new Error(`exim: ${err.message} ${stderr}`)) : resolve()),
        );
        child.stdin?.end(message);
      }),
  };
}
