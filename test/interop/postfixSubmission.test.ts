// Submission on the real Postfix (RFC 6409 / Debian's recommended master.cf stanza:
// smtpd_tls_security_level=encrypt, smtpd_tls_auth_only=yes, AUTH PLAIN LOGIN through Cyrus
// SASL), with swaks beside SMTP Lens, and a delivery checked byte for byte in the mailbox.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthMechanism } from '../../main/engine/sessionOptions';
import { banner, ehlo, finding, findingIds, lens, POSTFIX_BANNER, POSTFIX_EHLO, replyTo, sent } from './lensSession';
import { splitEntry, storedForm, waitForMessage } from './mailbox';
import { findPostfix, requirePostfix, type PostfixInstance } from './postfixInstance';
import { requireSwaks, run, swaks, swaksReplies } from './referenceClients';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

const MUST_STARTTLS = '530 5.7.0 Must issue a STARTTLS command first';
const AUTH_FAILED = '535 5.7.8 Error: authentication failed: authentication failure';
const AFTER_TLS = POSTFIX_EHLO.filter((k) => k !== 'STARTTLS').flatMap((k) =>
  k === 'ETRN' ? [k, 'AUTH PLAIN LOGIN'] : [k],
);

/** A message whose lines starting with "." must survive dot-stuffing both ways (RFC 5321
 * §4.5.2): the client doubles them, Postfix strips one again. The lone "." would end the
 * message early if either side got it wrong. */
function testMessage(id: string, via: string): string {
  return [
    'From: Alice <alice@lab.test>',
    'To: Bob <bob@lab.test>',
    `Subject: interop delivery via ${via}`,
    `Message-ID: <${id}>`,
    'Date: Fri, 27 Nov 2026 12:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'First line.',
    '.A line that starts with a dot.',
    '..Two dots.',
    '.',
    'The line above is a lone dot.',
    '  Leading spaces and a trailing tab\t',
    'Last line.',
  ].join('\r\n');
}
const uniqueId = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2)}@client.example`;

/** The entry virtual(8) wrote, split into Postfix's additions and the client's message. */
async function delivered(id: string) {
  return splitEntry(await waitForMessage(pf.mailboxes['bob@lab.test'], id), 'From: Alice <alice@lab.test>');
}
/** What Postfix puts in front for an authenticated TLS submission from alice to bob. */
const POSTFIX_ADDED = new RegExp(
  [
    '^From alice@lab\\.test  \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}',
    'Return-Path: <alice@lab\\.test>',
    'X-Original-To: bob@lab\\.test',
    'Delivered-To: bob@lab\\.test',
    'Received: from client\\.example \\(unknown \\[127\\.0\\.0\\.1\\]\\)',
    '(?:\\t.*\\n)*\\tby mail\\.lab\\.test \\(Postfix\\) with ESMTPSA id \\w+',
    '\\tfor <bob@lab\\.test>; .+\\n$',
  ].join('\\n'),
);

describe('before TLS', () => {
  it('SMTP Lens: the EHLO lists show AUTH only after STARTTLS', async () => {
    const t = await lens(pf, 'submission', 'starttls');
    expect(banner(t)).toBe(POSTFIX_BANNER);
    expect(ehlo(t)).toEqual({ before: POSTFIX_EHLO, after: AFTER_TLS });
    // AUTH PLAIN/LOGIN in clear would be auth.offered-before-tls; Postfix does not do it here.
    expect(findingIds(t)).toEqual([]);
  });

  it('SMTP Lens without TLS: "530 5.7.0 Must issue a STARTTLS command first" at MAIL, tls.encryption-required', async () => {
    const t = await lens(pf, 'submission', 'none', { from: 'alice@lab.test', to: ['bob@lab.test'] });
    expect(replyTo(t, 'MAIL FROM:')).toBe(MUST_STARTTLS);
    expect(findingIds(t)).toEqual(['tls.encryption-required']);
    // PIPELINING is offered before TLS too, so the envelope went in one batch (RFC 2920); the
    // 530 to MAIL is the one finding, and what followed it was refused for the same reason.
    expect(sent(t)).toEqual([
      'EHLO client.example',
      expect.stringMatching(/^MAIL FROM:<alice@lab\.test> SIZE=\d+$/),
      'RCPT TO:<bob@lab.test>',
      'DATA',
      'QUIT',
    ]);
    expect(replyTo(t, 'DATA')).toBe(MUST_STARTTLS);
  });

  it('swaks agrees: the same 530, exit 23; and with --auth but no --tls: "Host did not advertise authentication"', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'submission', ['--from', 'alice@lab.test', '--to', 'bob@lab.test']);
    expect(s.code, s.out).toBe(23);
    expect(swaksReplies(s)).toContain(MUST_STARTTLS);
    const a = await swaks(pf, 'submission', [
      '--auth',
      'PLAIN',
      '--auth-user',
      pf.user,
      '--auth-password',
      pf.password,
      '--quit-after',
      'AUTH',
    ]);
    expect(a.code, a.out).toBe(28);
    expect(a.out).toContain('*** Host did not advertise authentication');
    // SMTP Lens says the same, as a finding worded for the situation.
    const t = await lens(pf, 'submission', 'none', { auth: { user: pf.user, secret: pf.password } });
    expect(findingIds(t)).toEqual(['auth.not-offered']);
  });
});

describe('AUTH', () => {
  for (const mechanism of ['PLAIN', 'LOGIN'] as AuthMechanism[]) {
    it(`SMTP Lens, ${mechanism} with a wrong password: "535 5.7.8 Error: authentication failed: ...", auth.failed`, async () => {
      const t = await lens(pf, 'submission', 'starttls', {
        auth: { user: pf.user, secret: 'not-the-password', mechanism },
        to: ['bob@lab.test'],
      });
      expect(replyTo(t, 'AUTH')).toBe(mechanism === 'PLAIN' ? AUTH_FAILED : '334 VXNlcm5hbWU6');
      expect(t.events.filter((e) => e.type === 'reply' && e.stage === 'auth').at(-1)).toMatchObject({
        code: 535,
        enhanced: '5.7.8',
      });
      expect(findingIds(t)).toEqual(['auth.failed']);
      expect(sent(t)).not.toContain('MAIL FROM:<smtp-lens@client.example>');
      expect(JSON.stringify(t)).not.toContain('not-the-password');
    });
  }

  it('swaks agrees: the same 535, exit 28, but it prints the credentials (base64) that SMTP Lens redacts', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'submission', [
      '--tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      pf.user,
      '--auth-password',
      'not-the-password',
      '--quit-after',
      'AUTH',
    ]);
    expect(s.code, s.out).toBe(28);
    expect(swaksReplies(s)).toContain(AUTH_FAILED);
    expect(s.out).toContain(Buffer.from(`\0${pf.user}\0not-the-password`).toString('base64'));
    const t = await lens(pf, 'submission', 'starttls', {
      auth: { user: pf.user, secret: 'not-the-password', mechanism: 'PLAIN' },
    });
    expect(sent(t)).toContain('AUTH PLAIN [redacted]');
  });

  it('SMTP Lens withholds the password when the certificate does not verify (no --ca); swaks without --tls-verify sends it', async (ctx) => {
    requireSwaks(ctx);
    const t = await lens(pf, 'submission', 'starttls', { ca: [], auth: { user: pf.user, secret: pf.password } });
    expect(findingIds(t)).toContain('auth.withheld');
    expect(finding(t, 'auth.withheld').title).toBe('Credentials not sent: the certificate did not verify');
    expect(sent(t).some((l) => l.startsWith('AUTH'))).toBe(false);
    // swaks' default is not to verify: it logs in over a TLS session it never checked.
    const s = await run('/usr/bin/swaks', [
      '--server',
      '127.0.0.1',
      '--port',
      String(pf.ports.submission),
      '--helo',
      'client.example',
      '--tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      pf.user,
      '--auth-password',
      pf.password,
      '--quit-after',
      'AUTH',
    ]);
    expect(swaksReplies(s)).toContain('235 2.7.0 Authentication successful');
  });

  it('SMTP Lens without logging in: Postfix refuses the recipient ("Access denied"), smtp.policy-rejected', async () => {
    const t = await lens(pf, 'submission', 'starttls', { from: 'alice@lab.test', to: ['bob@lab.test'] });
    // smtpd_relay_restrictions = permit_sasl_authenticated, reject: Postfix answers 554 at
    // RCPT, not 530 (so not auth.required).
    expect(replyTo(t, 'RCPT TO:<bob@lab.test>')).toBe(
      '554 5.7.1 <bob@lab.test>: Recipient address rejected: Access denied',
    );
    expect(findingIds(t)).toEqual(['smtp.policy-rejected']);
    // The reply does not say "log in"; SMTP Lens does, because AUTH was offered and not used.
    const f = finding(t, 'smtp.policy-rejected');
    expect(f.title).toBe('Refused by policy, and this session did not log in');
    expect(f.fix).toContain('Log in first, inside TLS');
  });
});

describe('a full submission', () => {
  for (const mechanism of ['PLAIN', 'LOGIN'] as AuthMechanism[]) {
    it(`SMTP Lens, AUTH ${mechanism}: delivered, and the mailbox holds the message byte for byte, dot lines included`, async () => {
      const id = uniqueId(`lens-${mechanism}`);
      const message = testMessage(id, `SMTP Lens AUTH ${mechanism}`);
      const t = await lens(pf, 'submission', 'starttls', {
        auth: { user: pf.user, secret: pf.password, mechanism },
        from: 'alice@lab.test',
        to: ['bob@lab.test'],
        data: message,
      });
      expect(replyTo(t, 'AUTH')).toBe(
        mechanism === 'PLAIN' ? '235 2.7.0 Authentication successful' : '334 VXNlcm5hbWU6',
      );
      expect(findingIds(t)).toEqual([]);
      expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
      // On the wire the dot lines went out doubled (RFC 5321 §4.5.2).
      const body = t.events.flatMap((e) => (e.type === 'send' && e.body ? [e.line] : []));
      expect(body).toEqual(expect.arrayContaining(['..A line that starts with a dot.', '...Two dots.', '..']));
      const stored = await delivered(id);
      expect(stored.content).toBe(storedForm(message));
      expect(stored.added).toMatch(POSTFIX_ADDED);
      expect(replyTo(t, '.')).toBe(`250 2.0.0 Ok: queued as ${stored.queueId}`);
    });
  }

  it('swaks agrees: the same message arrives identical', async (ctx) => {
    requireSwaks(ctx);
    const id = uniqueId('swaks');
    const message = testMessage(id, 'swaks');
    const dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-interop-'));
    const file = path.join(dir, 'message.eml');
    // swaks sends the file as is and then CRLF "." CRLF: a trailing CRLF here would add a line.
    writeFileSync(file, message);
    const s = await swaks(pf, 'submission', [
      '--tls',
      '--auth',
      'LOGIN',
      '--auth-user',
      pf.user,
      '--auth-password',
      pf.password,
      '--from',
      'alice@lab.test',
      '--to',
      'bob@lab.test',
      '--data',
      file,
    ]).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(s.code, s.out).toBe(0);
    const stored = await delivered(id);
    expect(stored.content).toBe(storedForm(message));
    expect(stored.added).toMatch(POSTFIX_ADDED);
    expect(swaksReplies(s)).toContain(`250 2.0.0 Ok: queued as ${stored.queueId}`);
  });
});
