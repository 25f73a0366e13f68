// --bind and --proxy seen from the server's side: the address Postfix's own log gives the
// client is the one the probe left from (--bind 127.0.0.2), or the proxy's outgoing one (a
// real microsocks with -b 127.0.0.4). Each session is found in the maillog by a unique EHLO
// name and a unique refused recipient, which Postfix logs on its NOQUEUE line; its connect
// line is the one before it from the same smtpd process.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import { MICROSOCKS, type RunningProxy, startMicrosocks } from '../helpers/proxyServers';
import { hasExecutable, requireComponent } from '../helpers/systemComponent';
import { probeArgs, replyTo } from './lensSession';
import { findPostfix, requirePostfix, type PostfixInstance } from './postfixInstance';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

const proxies: RunningProxy[] = [];
afterAll(() => {
  for (const p of proxies) p.close();
});

const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** `smtp-lens probe` of the MX port as an admin types it, with a recipient Postfix refuses
 * (so nothing is queued) and the EHLO name that marks the session in the log. */
async function probeMx(id: string, route: string[]): Promise<Transcript> {
  const r = await runCli([
    ...probeArgs(pf, pf.ports.mx, 'starttls'),
    '--ehlo',
    `bind-${id}.client.example`,
    '--from',
    'carol@client.example',
    '--to',
    `nobody-${id}@lab.test`,
    ...route,
    '--json',
  ]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Transcript;
}

interface LoggedSession {
  connect: string;
  reject: string;
  disconnect: string;
}

/** The smtpd session whose NOQUEUE line names this EHLO name: that line, the same process's
 * "connect from" before it, and its "disconnect from" after it (written once QUIT is read). */
async function loggedSession(id: string, timeoutMs = 15_000): Promise<LoggedSession> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = readFileSync(pf.maillog, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(`helo=<bind-${id}.client.example>`));
    const tag = at === -1 ? null : / (postfix\/\S*smtpd\[\d+\]): NOQUEUE: reject: /.exec(lines[at]!)?.[1];
    if (tag) {
      const own = (i: number) => lines[i]!.includes(` ${tag}: `);
      let c = at - 1;
      while (c >= 0 && !(own(c) && lines[c]!.includes(': connect from '))) c--;
      const d = lines.findIndex((l, i) => i > at && l.includes(` ${tag}: disconnect from `));
      if (c >= 0 && d !== -1) return { connect: lines[c]!, reject: lines[at]!, disconnect: lines[d]! };
    }
    if (Date.now() > deadline) throw new Error(`no complete smtpd session for bind-${id} in ${pf.maillog}`);
    await sleep(100);
  }
}

describe('the client address Postfix logs', () => {
  it('--bind 127.0.0.2: Postfix logs "connect from …[127.0.0.2]" for that session; the transcript says 127.0.0.2', async () => {
    const id = unique();
    const t = await probeMx(id, ['--bind', '127.0.0.2']);
    expect(t.events.find((e) => e.type === 'connected')).toMatchObject({ localAddress: '127.0.0.2' });
    const refusal = replyTo(t, `RCPT TO:<nobody-${id}@lab.test>`);
    expect(refusal).toMatch(/^550 5\.1\.1 <nobody-.+@lab\.test>: Recipient address rejected: User unknown/);

    const log = await loggedSession(id);
    expect(log.connect).toMatch(/ postfix\/mx\/smtpd\[\d+\]: connect from [^[\s]+\[127\.0\.0\.2\]$/);
    expect(log.reject).toContain(`NOQUEUE: reject: RCPT from unknown[127.0.0.2]: ${refusal};`);
    expect(log.reject).toContain(`to=<nobody-${id}@lab.test> proto=ESMTP helo=<bind-${id}.client.example>`);
    expect(log.disconnect).toMatch(/disconnect from [^[\s]+\[127\.0\.0\.2\] ehlo=2 starttls=1 mail=1 rcpt=0\/1/);
  });

  it("--proxy through microsocks -b 127.0.0.4: Postfix logs the proxy's outgoing address, the transcript the proxy", async (ctx) => {
    requireComponent(ctx, 'microsocks', hasExecutable(MICROSOCKS), 'apt-get install microsocks');
    const proxy = await startMicrosocks(undefined, { bind: '127.0.0.4' });
    proxies.push(proxy);
    const via = `socks5h://127.0.0.1:${proxy.port}`;
    const id = unique();
    const t = await probeMx(id, ['--proxy', via]);
    expect(t.target.proxy).toBe(via);
    expect(t.events.find((e) => e.type === 'connect')).toMatchObject({ via });
    // This machine's side of the connection is to the proxy: it cannot see the proxy's address.
    expect(t.events.find((e) => e.type === 'connected')).toMatchObject({ localAddress: '127.0.0.1' });

    const log = await loggedSession(id);
    expect(log.connect).toMatch(/ postfix\/mx\/smtpd\[\d+\]: connect from [^[\s]+\[127\.0\.0\.4\]$/);
    expect(log.reject).toContain('NOQUEUE: reject: RCPT from unknown[127.0.0.4]: 550 5.1.1');
    expect(log.disconnect).toContain('[127.0.0.4]');
  });
});
