// The port-25-like service of the real Postfix (no AUTH, relay only for lab.test,
// local delivery) and the envelope refusals every admin meets, with swaks beside SMTP Lens.
import { beforeEach, describe, expect, it } from 'vitest';
import { finding, findingIds, lens, replyTo, sent } from './lensSession';
import { splitEntry, storedForm, waitForMessage } from './mailbox';
import { findPostfix, requirePostfix, type PostfixInstance } from './postfixInstance';
import { requireSwaks, swaks, swaksReplies } from './referenceClients';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

const RELAY_DENIED = '554 5.7.1 <someone@example.org>: Relay access denied';
const USER_UNKNOWN = '550 5.1.1 <nobody@lab.test>: Recipient address rejected: User unknown in virtual mailbox table';

describe('relay for a foreign domain, without logging in', () => {
  it('SMTP Lens: the real "554 5.7.1 ... Relay access denied" at RCPT, smtp.relay-denied, no message', async () => {
    const t = await lens(pf, 'mx', 'starttls', { from: 'alice@lab.test', to: ['someone@example.org'] });
    expect(replyTo(t, 'MAIL FROM:')).toBe('250 2.1.0 Ok');
    expect(replyTo(t, 'RCPT TO:<someone@example.org>')).toBe(RELAY_DENIED);
    expect(findingIds(t)).toEqual(['smtp.relay-denied']);
    expect(finding(t, 'smtp.relay-denied').explanation).toContain(RELAY_DENIED);
    // DATA went in the pipelined batch, as an MTA sends it, and was refused for want of a
    // recipient (RFC 2920 §3.1): no message line was sent.
    expect(replyTo(t, 'DATA')).toBe('554 5.5.1 Error: no valid recipients');
    expect(t.events.some((e) => e.type === 'send' && e.body)).toBe(false);
    expect(t.outcome.ok).toBe(false);
  });

  it('swaks agrees: the same reply, exit 24 (no recipient accepted)', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'mx', ['--tls', '--from', 'alice@lab.test', '--to', 'someone@example.org']);
    expect(s.code, s.out).toBe(24);
    expect(swaksReplies(s)).toContain(RELAY_DENIED);
  });
});

describe('an unknown local user', () => {
  it('SMTP Lens: "550 5.1.1 ... User unknown" at RCPT, smtp.recipient-unknown', async () => {
    const t = await lens(pf, 'mx', 'starttls', { from: 'alice@lab.test', to: ['nobody@lab.test'] });
    expect(replyTo(t, 'RCPT TO:<nobody@lab.test>')).toBe(USER_UNKNOWN);
    expect(t.events.find((e) => e.type === 'reply' && e.stage === 'rcpt')).toMatchObject({
      code: 550,
      enhanced: '5.1.1',
    });
    expect(findingIds(t)).toEqual(['smtp.recipient-unknown']);
    expect(finding(t, 'smtp.recipient-unknown').title).toContain('nobody@lab.test');
  });

  it('swaks agrees: the same reply, exit 24', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'mx', ['--tls', '--from', 'alice@lab.test', '--to', 'nobody@lab.test']);
    expect(s.code, s.out).toBe(24);
    expect(swaksReplies(s)).toContain(USER_UNKNOWN);
  });
});

describe('inbound mail for a local user, as from another MTA', () => {
  it('SMTP Lens: one recipient refused, the other delivered to the mailbox file unchanged', async () => {
    const id = `mx-${Date.now()}-${Math.random().toString(36).slice(2)}@client.example`;
    const message = [
      'From: Carol <carol@client.example>',
      'To: Bob <bob@lab.test>',
      'Subject: inbound over STARTTLS on the MX port',
      `Message-ID: <${id}>`,
      'Date: Fri, 27 Nov 2026 12:00:00 +0000',
      '',
      "Delivered without AUTH: lab.test is this server's own domain.",
    ].join('\r\n');
    const t = await lens(pf, 'mx', 'starttls', {
      from: 'carol@client.example',
      to: ['nobody@lab.test', 'bob@lab.test'],
      data: message,
    });
    expect(replyTo(t, 'RCPT TO:<nobody@lab.test>')).toBe(USER_UNKNOWN);
    expect(replyTo(t, 'RCPT TO:<bob@lab.test>')).toBe('250 2.1.5 Ok');
    expect(replyTo(t, '.')).toMatch(/^250 2\.0\.0 Ok: queued as \w+$/);
    expect(findingIds(t)).toEqual(['smtp.recipient-unknown']);
    const stored = splitEntry(
      await waitForMessage(pf.mailboxes['bob@lab.test'], id),
      'From: Carol <carol@client.example>',
    );
    expect(stored.content).toBe(storedForm(message));
    // Without AUTH the Received header says ESMTPS (TLS), not ESMTPSA (RFC 3848).
    expect(stored.added).toMatch(/\n\tby mail\.lab\.test \(Postfix\) with ESMTPS id \w+\n\tfor <bob@lab\.test>;/);
    expect(replyTo(t, '.')).toBe(`250 2.0.0 Ok: queued as ${stored.queueId}`);
  });
});

describe('AUTH on the MX port', () => {
  it('SMTP Lens: auth.not-offered (Postfix offers no AUTH here), so no credentials are sent', async () => {
    const t = await lens(pf, 'mx', 'starttls', { auth: { user: pf.user, secret: pf.password } });
    expect(findingIds(t)).toEqual(['auth.not-offered']);
    expect(sent(t).some((l) => l.startsWith('AUTH'))).toBe(false);
  });

  it('swaks agrees: "Host did not advertise authentication", exit 28', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'mx', [
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
    expect(s.code, s.out).toBe(28);
    expect(s.out).toContain('*** Host did not advertise authentication');
  });
});
