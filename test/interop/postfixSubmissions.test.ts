// Implicit TLS (RFC 8314 "submissions", Postfix smtpd_tls_wrappermode=yes) on the
// real Postfix, and the wrong kind of TLS for a port, with swaks beside SMTP Lens.
import { beforeEach, describe, expect, it } from 'vitest';
import { banner, ehlo, finding, findingIds, lens, POSTFIX_BANNER, POSTFIX_EHLO, replyTo } from './lensSession';
import { waitForLogLine } from './mailbox';
import { findPostfix, requirePostfix, type PostfixInstance } from './postfixInstance';
import { requireSwaks, swaks, swaksReplies } from './referenceClients';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

const INSIDE_TLS = POSTFIX_EHLO.filter((k) => k !== 'STARTTLS').flatMap((k) =>
  k === 'ETRN' ? [k, 'AUTH PLAIN LOGIN'] : [k],
);

describe('submissions: TLS from the first byte, then AUTH', () => {
  it('SMTP Lens: the handshake comes before the banner, AUTH is offered inside TLS, relaying works once logged in', async () => {
    const t = await lens(pf, 'submissions', 'implicit', {
      auth: { user: pf.user, secret: pf.password },
      from: 'alice@lab.test',
      to: ['someone@example.org'],
    });
    const order = t.events
      .map((e) => (e.type === 'reply' && e.stage === 'banner' ? 'banner' : e.type))
      .filter((x) => x === 'tls-established' || x === 'banner');
    expect(order).toEqual(['tls-established', 'banner']);
    expect(t.tls).toMatchObject({ mode: 'implicit', verification: { ok: true } });
    expect(banner(t)).toBe(POSTFIX_BANNER);
    // With implicit TLS the only EHLO comes after the handshake: nothing is said in clear.
    expect(ehlo(t)).toEqual({ before: null, after: INSIDE_TLS });
    expect(replyTo(t, 'AUTH PLAIN')).toBe('235 2.7.0 Authentication successful');
    // A foreign recipient is accepted for a logged-in user; this instance hands it to
    // discard(8) (default_transport = discard), so nothing leaves the machine: the log says so.
    expect(replyTo(t, 'RCPT TO:<someone@example.org>')).toBe('250 2.1.5 Ok');
    const queueId = /^250 2\.0\.0 Ok: queued as (\w+)$/.exec(replyTo(t, '.') ?? '')?.[1];
    expect(queueId).toBeDefined();
    expect(findingIds(t)).toEqual([]);
    const line = await waitForLogLine(pf.maillog, new RegExp(`: ${queueId}: to=<someone@example\\.org>, `));
    expect(line).toMatch(
      / postfix\/discard\[\d+\]: \w+: to=<someone@example\.org>, relay=none, .*status=sent \(example\.org\)$/,
    );
  });

  it('swaks --tls-on-connect agrees: TLS first, the same banner and AUTH, the message accepted', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'submissions', [
      '--tls-on-connect',
      '--auth',
      'LOGIN',
      '--auth-user',
      pf.user,
      '--auth-password',
      pf.password,
      '--from',
      'alice@lab.test',
      '--to',
      'someone@example.org',
    ]);
    expect(s.code, s.out).toBe(0);
    const at = (re: RegExp) => s.lines.findIndex((l) => re.test(l));
    expect(at(/^=== TLS started with cipher TLSv1\.3/)).toBeLessThan(at(/^<~ +220 mail\.lab\.test ESMTP Postfix$/));
    expect(swaksReplies(s)).toEqual(
      expect.arrayContaining(['250-AUTH PLAIN LOGIN', '235 2.7.0 Authentication successful', '250 2.1.5 Ok']),
    );
  });

  it('SMTP Lens in auto mode finds out by itself that the port wants TLS first', async () => {
    const t = await lens(pf, 'submissions', 'auto', { quitAfter: 'ehlo' });
    expect(t.tls?.mode).toBe('implicit');
    expect(banner(t)).toBe(POSTFIX_BANNER);
    expect(findingIds(t)).toEqual([]);
  });
});

describe('the wrong kind of TLS for the port', () => {
  it('SMTP Lens: STARTTLS on the wrapper-mode port gives port.implicit-tls-expected', async () => {
    const t = await lens(pf, 'submissions', 'starttls', { timeout: 2_000 });
    expect(findingIds(t)).toContain('port.implicit-tls-expected');
    expect(finding(t, 'port.implicit-tls-expected').title).toBe(
      `Port ${pf.ports.submissions} speaks TLS from the first byte: use implicit TLS`,
    );
  });

  it('swaks on the same mistake only times out waiting for a banner', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'submissions', ['--tls', '--quit-after', 'TLS', '--timeout', '2']);
    expect(s.code, s.out).not.toBe(0);
    expect(s.out).toContain('<** Timeout (2 secs) waiting for server response');
    expect(s.out).not.toMatch(/implicit|tls-on-connect/i);
  });

  it('SMTP Lens: implicit TLS on the plaintext MX port gives port.plaintext-not-tls, quoting the Postfix banner it got', async () => {
    const t = await lens(pf, 'mx', 'implicit');
    expect(findingIds(t)).toEqual(['port.plaintext-not-tls']);
    expect(finding(t, 'port.plaintext-not-tls').explanation).toContain('220 mail.lab.test ESMTP Postfix');
  });

  it('swaks --tls-on-connect on the MX port only reports an OpenSSL error', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'mx', ['--tls-on-connect', '--quit-after', 'TLS']);
    expect(s.code, s.out).toBe(29);
    expect(s.out).toContain('wrong version number');
  });
});
