// The real Postfix as a client of `smtp-lens listen`: its smtp(8) delivers mail for
// listen.test to the listener (config/transport.in), as a relay would. What the listener
// reads must be what Postfix does by default: EHLO with its myhostname, MAIL, RCPT and DATA
// pipelined (RFC 2920), no STARTTLS (smtp_tls_security_level is empty, so "none"), and a
// message whose Date, From and Message-ID cleanup(8) made sure of.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestPki } from '../../main/lab/pki';
import { Listener } from '../../main/listen/listener';
import type { Transcript } from '../../shared/transcript';
import { findPostfix, type PostfixInstance, requirePostfix } from './postfixInstance';

const lookup = findPostfix();
let pf: PostfixInstance;
let listener: Listener | undefined;
const sessions: Transcript[] = [];

beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});
beforeAll(async () => {
  const found = await lookup;
  if (!found.ok) return;
  listener = new Listener({
    host: '127.0.0.1',
    port: found.postfix.remotes.listen,
    tls: 'starttls',
    auth: 'optional',
    acceptLogin: 'any',
    pki: await createTestPki(),
    onSession: (t) => sessions.push(t),
  });
  await listener.listen();
});
afterAll(async () => listener?.close());

describe('Postfix as a relay client of the listener', () => {
  it('EHLO mail.lab.test, MAIL/RCPT/DATA pipelined, no STARTTLS by default, a well-formed message', async () => {
    const marker = `relay-${Date.now()}@client.example`;
    execFileSync('/usr/sbin/sendmail', ['-C', pf.configDir, '-f', 'alice@lab.test', 'ops@listen.test'], {
      input: `From: Alice <alice@lab.test>\nTo: ops@listen.test\nSubject: relayed\nMessage-ID: <${marker}>\n\nThrough Postfix.\n`,
    });
    for (let i = 0; i < 200 && !sessions.length; i++) await new Promise((r) => setTimeout(r, 50));
    const t = sessions[0];
    expect(t).toBeDefined();
    const sent = t.events.flatMap((e) => (e.type === 'send' ? [e.line] : []));
    expect(sent[0]).toBe('EHLO mail.lab.test');
    expect(t.events.find((e) => e.type === 'note' && e.code === 'client-pipelined')).toMatchObject({
      data: { commands: expect.stringMatching(/^MAIL, RCPT, DATA/) },
    });
    const ids = t.findings.map((f) => f.id);
    expect(ids).toContain('client.no-starttls');
    expect(ids).not.toContain('client.header-missing');
    expect(ids).not.toContain('client.pipelining-violation');
    expect(listener?.received.at(-1)?.raw.toString()).toContain(marker);
  });
});
