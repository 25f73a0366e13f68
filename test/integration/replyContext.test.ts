// Reply context end to end: real smtp-server instances on 127.0.0.1 refuse mail the way real servers
// word it, and SMTP Lens must name the right finding *in the right context*: not logged in or
// logged in, TLS up or not, AUTH offered before or only after TLS. Through the engine's probe(),
// by hand through SmtpSession.send(), and through the real CLI.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../main/lab/pki';
import { probe, SmtpSession } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { renderText } from '../../shared/export/textTranscript';
import type { Finding, ReplyEvent, Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import {
  createTestPki,
  PASSWORD,
  refusingServer,
  stockServer,
  submissionServer,
  USER,
  type RunningServer,
} from '../helpers/policyServers';

let pki: TestPki;
let submission: RunningServer;
let stock: RunningServer;
let rootCaPath: string;

beforeAll(async () => {
  pki = await createTestPki();
  rootCaPath = (await pki.writeTo(mkdtempSync(path.join(tmpdir(), 'lens-reply-')))).root;
  [submission, stock] = await Promise.all([submissionServer(pki), stockServer(pki)]);
});
afterAll(() => Promise.all([submission.close(), stock.close()]));

const at = (server: RunningServer, extra: Partial<SessionOptions>): SessionOptions => ({
  host: '127.0.0.1',
  port: server.port,
  tls: 'starttls',
  servername: 'mail.lab.test',
  ca: [pki.root.certPem],
  ehlo: 'client.example',
  ...extra,
});
const login = (secret = PASSWORD) => ({ auth: { user: USER, secret }, from: USER });

/** The one finding with this id, and the reply it belongs to. */
function finding(t: Transcript, id: string): { f: Finding; reply: ReplyEvent } {
  const found = t.findings.filter((f) => f.id === id);
  expect(found, `${id} in ${t.findings.map((f) => f.id).join(', ')}`).toHaveLength(1);
  const reply = t.events[found[0].event ?? -1] as ReplyEvent;
  expect(reply.type).toBe('reply');
  return { f: found[0], reply };
}

/** Text with line breaks and wrapping undone, to look for phrases. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the test server', () => {
  it('lists AUTH only after TLS, like Postfix with smtpd_tls_auth_only', async () => {
    const t = await probe(at(submission, { quitAfter: 'tls' }));
    const ehlos = t.events.filter((e): e is ReplyEvent => e.type === 'reply' && e.stage === 'ehlo');
    expect(ehlos.map((e) => e.lines.some((l) => /AUTH PLAIN LOGIN/.test(l)))).toEqual([false, true]);
  });
});

describe('relay denied', () => {
  it('without AUTH: log in on the submission port', async () => {
    const t = await probe(at(submission, { to: ['someone@example.org'] }));
    const { f, reply } = finding(t, 'smtp.relay-denied');
    expect(f.title).toBe('Relay denied: you are not logged in');
    expect(f.explanation).toContain('someone@example.org');
    expect(f.explanation).toContain('did not log in');
    expect(f.fix).toMatch(/587 with STARTTLS or 465 with implicit TLS, and log in/);
    expect(reply.annotation).toMatchObject({
      codeTitle: 'Transaction failed',
      enhancedTitle: 'Delivery not authorized, message refused',
      signature: 'Postfix: relay access denied',
      findings: ['smtp.relay-denied'],
    });
    expect(flat(renderText(t))).toContain(
      '↳ 554 Transaction failed · 5.7.1 Delivery not authorized, message refused · Postfix: relay access denied',
    );
  });

  it('after a successful AUTH: the account is restricted', async () => {
    const t = await probe(at(submission, { ...login(), to: ['someone@example.org'] }));
    const { f } = finding(t, 'smtp.relay-denied');
    expect(f.title).toBe('Relay denied although logged in: this account may not send this');
    expect(f.explanation).toMatch(/login worked.*which sender addresses it may use, or which recipients it may reach/);
  });
});

describe('envelope refusals', () => {
  it("unknown user: the mailbox does not exist, and Postfix's table is named", async () => {
    const t = await probe(at(submission, { to: ['nobody@lab.test'] }));
    const { f, reply } = finding(t, 'smtp.recipient-unknown');
    expect(f.title).toBe('The recipient nobody@lab.test does not exist here');
    expect(f.fix).toContain('virtual_mailbox_maps');
    expect(reply.annotation).toMatchObject({
      enhancedTitle: 'Bad destination mailbox address',
      signature: 'Postfix: user unknown in virtual mailbox table',
    });
  });

  it('greylisted: a warning that says to come back later', async () => {
    const t = await probe(at(submission, { to: ['grey@lab.test'] }));
    const { f, reply } = finding(t, 'smtp.greylisted');
    expect(f.severity).toBe('warning');
    expect(f.explanation).toMatch(/Real mail servers retry/);
    expect(reply.annotation?.signature).toBe('Postgrey: greylisted');
  });
});

describe('530 before STARTTLS', () => {
  it('at MAIL, in a session run without TLS: the server requires STARTTLS, which it offers', async () => {
    const t = await probe(at(submission, { tls: 'none', to: ['bob@lab.test'] }));
    const { f } = finding(t, 'tls.encryption-required');
    expect(f.title).toBe('The server requires STARTTLS, and this session did not use it');
    expect(f.explanation).toContain('answered MAIL with "530 5.7.0 Must issue a STARTTLS command first"');
    expect(f.fix).toContain('--tls starttls');
  });

  it('at AUTH typed by hand: AUTH is offered only after TLS, both EHLO lists side by side', async () => {
    const session = new SmtpSession(at(submission, { tls: 'none' }));
    await session.send('EHLO client.example');
    await session.send(`AUTH PLAIN ${Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64')}`);
    await session.send('STARTTLS');
    await session.send('EHLO client.example');
    await session.send('QUIT');
    const t = session.transcript();
    const { f, reply } = finding(t, 'tls.encryption-required');
    expect(reply.stage).toBe('auth');
    expect(f.title).toBe('This server offers AUTH only after TLS');
    const lines = f.explanation.split('\n');
    expect(lines).toContain('What the server offered, before and after TLS:');
    expect(lines.filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['EHLO before TLS', 'EHLO after TLS'],
      ['PIPELINING', 'PIPELINING'],
      ['8BITMIME', '8BITMIME'],
      ['SMTPUTF8', 'SMTPUTF8'],
      ['STARTTLS', '—'],
      ['SIZE 20000', 'SIZE 20000'],
      ['—', 'AUTH PLAIN LOGIN', '← only after TLS'],
    ]);
    // PLAIN put the password on the AUTH line, before the server could refuse it.
    expect(f.explanation).toMatch(/carried the credentials \(PLAIN sends them at once\) and went out without TLS/);
    // The CLI shows the two columns as they are.
    expect(renderText(t)).toMatch(/\n {23}— {17}AUTH PLAIN LOGIN {2}← only after TLS\n/);
  });
});

describe('AUTH refusals', () => {
  it('538: this mechanism needs TLS, the server offers STARTTLS, and the password already went out', async () => {
    const t = await probe(at(stock, { tls: 'none', ...login('not-the-password'), allowPlaintextAuth: true }));
    const { f, reply } = finding(t, 'auth.encryption-required');
    expect(reply.code).toBe(538);
    expect(f.explanation).toContain('it accepts PLAIN only over an encrypted connection');
    expect(f.explanation).toContain('It offers STARTTLS, but this session did not use it');
    expect(f.explanation).toContain('Change the password');
    expect(f.fix).toContain('--tls starttls');
  });

  it('535 inside TLS: wrong credentials, nothing exposed', async () => {
    const t = await probe(at(submission, login('not-the-password')));
    const { f, reply } = finding(t, 'auth.failed');
    expect(f.title).toBe('Login failed');
    expect(f.explanation).toContain('"535 5.7.8 Error: authentication failed: authentication failure"');
    expect(f.fix).toContain('Dovecot or Cyrus SASL');
    expect(reply.annotation).toMatchObject({
      enhancedTitle: 'Authentication credentials invalid',
      signature: 'Postfix: authentication failed',
      findings: ['auth.failed'],
    });
  });

  it('535 without TLS: the refused password still crossed the network in clear', async () => {
    const insecure = await stockServer(pki, true);
    try {
      const t = await probe(at(insecure, { tls: 'none', ...login('not-the-password'), allowPlaintextAuth: true }));
      const { f } = finding(t, 'auth.failed');
      expect(f.title).toBe('Login failed, and the password crossed the network unencrypted');
      expect(f.fix).toMatch(/^Change the password/);
    } finally {
      await insecure.close();
    }
  });
});

describe('a refusal at the greeting', () => {
  it('421 "too many connections": turned away before saying anything', async () => {
    const server = await refusingServer(421, '4.7.0 mail.lab.test Error: too many connections from 127.0.0.1');
    try {
      const t = await probe({ host: '127.0.0.1', port: server.port, tls: 'none' });
      const { f, reply } = finding(t, 'smtp.banner-rejected');
      expect(reply.stage).toBe('banner');
      expect(f.title).toBe('Turned away at the greeting: too many connections');
      expect(f.explanation).toContain('Instead of the 220 greeting');
      expect(reply.annotation).toMatchObject({
        codeTitle: 'Service not available',
        signature: "too many connections from this client (Postfix's wording)",
      });
    } finally {
      await server.close();
    }
  });
});

describe('the CLI', () => {
  const cli = (server: RunningServer, ...extra: string[]) =>
    runCli(
      [
        'probe',
        '127.0.0.1',
        '--port',
        String(server.port),
        '--servername',
        'mail.lab.test',
        '--ca',
        rootCaPath,
        '--ehlo',
        'client.example',
        ...extra,
      ],
      {
        env: { LENS_PASS: 'not-the-password' },
      },
    );

  it('relay denied: the reply, its reading, and the finding under it', async () => {
    const r = await cli(submission, '--tls', 'starttls', '--to', 'someone@example.org');
    expect(r.code).toBe(1);
    const out = flat(r.stdout);
    expect(out).toContain(
      '<~ 554 5.7.1 <someone@example.org>: Relay access denied ↳ 554 Transaction failed · 5.7.1 Delivery not authorized, message refused · Postfix: relay access denied · reason: norelaying ✖ error Relay denied: you are not logged in [smtp.relay-denied]',
    );
    expect(out).toContain('↳ new after TLS: AUTH PLAIN LOGIN');
  });

  it('auth failed', async () => {
    const r = await cli(submission, '--tls', 'starttls', '--auth-user', USER, '--auth-pass-env', 'LENS_PASS');
    expect(r.code).toBe(1);
    expect(flat(r.stdout)).toContain(
      '<~ 535 5.7.8 Error: authentication failed: authentication failure ↳ 535 Authentication failed · 5.7.8 Authentication credentials invalid · Postfix: authentication failed · reason: securityerror ✖ error Login failed [auth.failed]',
    );
  });

  it('must STARTTLS', async () => {
    const r = await cli(submission, '--tls', 'none', '--to', 'bob@lab.test');
    expect(r.code).toBe(1);
    expect(flat(r.stdout)).toContain(
      '<- 530 5.7.0 Must issue a STARTTLS command first ↳ 530 Authentication or encryption required · 5.7.0 Other or undefined security status · Postfix: must issue STARTTLS first · reason: securityerror ✖ error The server requires STARTTLS, and this session did not use it [tls.encryption-required]',
    );
  });

  it("--json carries every reply's annotation and the findings each produced", async () => {
    const r = await cli(submission, '--tls', 'starttls', '--to', 'someone@example.org', '--json');
    const t = JSON.parse(r.stdout) as Transcript;
    const replies = t.events.filter((e): e is ReplyEvent => e.type === 'reply');
    expect(replies.length).toBeGreaterThan(5);
    for (const reply of replies) expect(reply.annotation?.code, reply.lines[0]).toBeTruthy();
    expect(replies.find((e) => e.code === 554)?.annotation).toMatchObject({
      code: expect.stringMatching(/transaction failed/i),
      enhanced: expect.stringMatching(/relay denied/),
      signature: 'Postfix: relay access denied',
      findings: ['smtp.relay-denied'],
    });
    expect(replies.filter((e) => e.annotation?.findings?.length).map((e) => e.code)).toEqual([554]);
  });
});
