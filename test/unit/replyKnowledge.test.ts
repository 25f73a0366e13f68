// What SMTP Lens says about real server replies: which finding a reply produces, what its
// enhanced status code means, and whether the catalog behind those words is complete.

import { describe, expect, it } from 'vitest';
import { FINDINGS, findingText, placeholdersIn } from '../../shared/findings/catalog';
import { ENHANCED_CODES, describeEnhancedCode } from '../../shared/knowledge/enhancedStatusCodes';
import { describeAuthMechanism, describeEhloKeyword } from '../../shared/knowledge/ehloKeywords';
import { REPLY_CODES, describeReplyCode, replyCodeInfo } from '../../shared/knowledge/replyCodes';
import { SERVER_SIGNATURES, matchServerSignature } from '../../shared/knowledge/serverSignatures';

/** Reply code and enhanced code from the first line, as the reply parser hands them over. */
function parse(reply: string): { code: number; enhanced: string | null } {
  const m = /^(\d{3})[ -](?:([245]\.\d{1,3}\.\d{1,3})\s)?/.exec(reply);
  if (!m) throw new Error(`not a reply line: ${reply}`);
  return { code: Number(m[1]), enhanced: m[2] ?? null };
}

// [reply as received (multi-line replies joined by \n), finding id, enhanced-code title or null]
const REAL_REPLIES: [string, string, string | null][] = [
  // Relay denied
  ['554 5.7.1 <bob@example.org>: Relay access denied', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  ['454 4.7.1 <bob@example.net>: Relay access denied', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  ['550 relay not permitted', 'smtp.relay-denied', null],
  ['550 5.7.1 Unable to relay', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  ['550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', 'smtp.relay-denied', null],
  ['550 5.7.1 <bob@example.net>... Relaying denied', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  ['550 5.7.1 <bob@example.net>... Relaying denied. Proper authentication required.', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  // Encryption
  ['530 5.7.0 Must issue a STARTTLS command first', 'tls.encryption-required', 'Other or undefined security status'],
  ['454 4.7.0 TLS not available due to local problem', 'tls.starttls-failed', 'Other or undefined security status'],
  ['538 5.7.11 Encryption required for requested authentication mechanism', 'auth.encryption-required', 'Encryption required for requested authentication mechanism'],
  // Bad password
  ['535 5.7.8 Error: authentication failed: authentication failure', 'auth.failed', 'Authentication credentials invalid'],
  ['535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6', 'auth.failed', 'Authentication credentials invalid'],
  ['535 Incorrect authentication data', 'auth.failed', null],
  ['535 5.7.3 Authentication unsuccessful', 'auth.failed', 'Security conversion required but not possible'],
  [
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [SN6PR04CA0087.namprd04.prod.outlook.com]',
    'auth.failed',
    null,
  ],
  [
    '535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials d2e1a72fcca58-7390f2d4bc4sm1234567b3a.2 - gsmtp',
    'auth.failed',
    'Authentication credentials invalid',
  ],
  [
    '534-5.7.9 Application-specific password required. For more information, go to\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor 6a1803df08f44-6e8f0c1d2b3sm123456d6.21 - gsmtp',
    'auth.failed',
    'Authentication mechanism is too weak',
  ],
  // Login needed
  ['530 5.7.57 Client not authenticated to send mail. [MW4PR03CA0123.namprd03.prod.outlook.com]', 'auth.required', null],
  ['530 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM', 'auth.required', null],
  ['530 5.7.1 Client was not authenticated', 'auth.required', 'Delivery not authorized, message refused'],
  [
    '530-5.7.0 Authentication Required. For more information, go to\n530 5.7.0  https://support.google.com/mail/?p=WantAuthError 98e67ed59e1d1-2ff4a9c1d2esm1234567a91.3 - gsmtp',
    'auth.required',
    'Other or undefined security status',
  ],
  ['553 5.7.1 <alice@example.com>: Sender address rejected: not logged in', 'auth.required', 'Delivery not authorized, message refused'],
  ['503 5.5.1 Error: authentication not enabled', 'auth.not-offered', 'Invalid command'],
  ['503 AUTH command used when not advertised', 'auth.not-offered', null],
  // Unknown recipient
  ['550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual mailbox table', 'smtp.recipient-unknown', 'Bad destination mailbox address'],
  ['550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table', 'smtp.recipient-unknown', 'Bad destination mailbox address'],
  ['550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in relay recipient table', 'smtp.recipient-unknown', 'Bad destination mailbox address'],
  ['550 5.1.1 <nobody@example.org>... User unknown', 'smtp.recipient-unknown', 'Bad destination mailbox address'],
  ['550 Unrouteable address', 'smtp.recipient-unknown', null],
  ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'smtp.recipient-unknown', 'Recipient address has null MX'],
  ['550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [CO1PEPF000044F0.namprd05.prod.outlook.com]', 'smtp.recipient-unknown', 'No answer from host'],
  ['556 5.1.10 <bob@nullmx.example>: Recipient address rejected: Domain nullmx.example does not accept mail (nullMX)', 'smtp.recipient-unknown', 'Recipient address has null MX'],
  [
    "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser 41be03b00d2f7-b6a2d3c4e5fsi1234567a12.345 - gsmtp",
    'smtp.recipient-unknown',
    'Bad destination mailbox address',
  ],
  // Sender refused
  ['553 5.1.8 <alice@no-such-domain.example>... Domain of sender address alice@no-such-domain.example does not exist', 'smtp.sender-rejected', "Bad sender's system address"],
  ['450 4.1.8 <alice@no-such-domain.example>: Sender address rejected: Domain not found', 'smtp.sender-rejected', "Bad sender's system address"],
  ['553 5.7.1 <ceo@example.com>: Sender address rejected: not owned by user alice', 'smtp.sender-rejected', 'Delivery not authorized, message refused'],
  ['550 5.7.27 <alice@nullmx.example>: Sender address rejected: Domain nullmx.example does not accept mail (nullMX)', 'smtp.sender-rejected', 'Sender address has null MX'],
  ['550 Sender verify failed', 'smtp.sender-rejected', null],
  [
    '554 5.2.252 SendAsDenied; alice@example.com not allowed to send as ceo@example.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied',
    'smtp.sender-rejected',
    null,
  ],
  // HELO
  ['504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname', 'smtp.ehlo-rejected', 'Syntax error'],
  ['501 Syntactically invalid HELO argument(s)', 'smtp.ehlo-rejected', null],
  // Rate limits
  ['421 4.7.0 mx.example.org Error: too many connections from 192.0.2.10', 'smtp.rate-limited', 'Other or undefined security status'],
  ['421 mx.example.org Too many concurrent SMTP connections from this IP address; please try again later.', 'smtp.rate-limited', null],
  ['421 4.3.2 Connection rate limit exceeded.', 'smtp.rate-limited', 'System not accepting network messages'],
  ['452 4.5.3 Error: too many recipients', 'smtp.rate-limited', 'Too many recipients'],
  ['451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (S77719) [DM3NAM03FT018.eop-NAM03.prod.protection.outlook.com]', 'smtp.rate-limited', null],
  [
    '421-4.7.0 [192.0.2.10      15] Our system has detected an unusual rate of\n421-4.7.0 unsolicited mail originating from your IP address. To protect our\n421-4.7.0 users from spam, mail sent from your IP address has been temporarily\n421-4.7.0 rate limited. Please visit\n421 4.7.0  https://support.google.com/mail/?p=UnsolicitedRateLimitError 5b1f17b1804b1-43cf1234sm1234567f8.12 - gsmtp',
    'smtp.rate-limited',
    'Other or undefined security status',
  ],
  ['421 4.7.0 Try again later, closing connection. (EHLO) 5b1f17b1804b1-43cf1234sm1234567f8.12 - gsmtp', 'smtp.rate-limited', 'Other or undefined security status'],
  // Blocklists and policy
  ['554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10', 'smtp.policy-rejected', 'Delivery not authorized, message refused'],
  ['550 Rejected because 192.0.2.10 is in a black list at zen.spamhaus.org', 'smtp.policy-rejected', null],
  ['450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.10]', 'smtp.policy-rejected', 'Delivery not authorized, message refused'],
  ['554 5.7.1 <unknown[192.0.2.10]>: Client host rejected: Access denied', 'smtp.policy-rejected', 'Delivery not authorized, message refused'],
  [
    '550 5.7.1 <bob@example.org>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=alice@example.com;ip=192.0.2.10;r=mx.example.org',
    'smtp.policy-rejected',
    'Delivery not authorized, message refused',
  ],
  [
    "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n550-5.7.26 DMARC policy. Please contact the administrator of example.com domain if\n550-5.7.26 this was a legitimate mail. To learn about the DMARC initiative, go to\n550 5.7.26  https://support.google.com/mail/?p=DmarcRejection 4fb4d7f45d1cf-5e5c1234sm1234567a12.3 - gsmtp",
    'smtp.policy-rejected',
    'Multiple authentication checks failed',
  ],
  [
    '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.\n550 5.7.26  https://support.google.com/mail/answer/81126#authentication 4fb4d7f45d1cf-5e5c1234sm1234567a12.4 - gsmtp',
    'smtp.policy-rejected',
    'Multiple authentication checks failed',
  ],
  [
    '550-5.7.25 [192.0.2.10] The IP address sending this message does not have a PTR record setup, or the\n550-5.7.25 corresponding forward DNS entry does not point to the sending IP. As a policy,\n550 5.7.25 Gmail does not accept messages from IPs with missing PTR records. - gsmtp',
    'smtp.policy-rejected',
    'Reverse DNS validation failed',
  ],
  [
    '550-5.7.1 [192.0.2.10      12] Our system has detected that this message is\n550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n550 5.7.1 this message has been blocked. - gsmtp',
    'smtp.policy-rejected',
    'Delivery not authorized, message refused',
  ],
  [
    '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7230) [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]',
    'smtp.policy-rejected',
    null,
  ],
  [
    '550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) [AM4PEPF00027A5F.eurprd04.prod.outlook.com]',
    'smtp.policy-rejected',
    null,
  ],
  ['550 5.7.649 Access denied, banned sending IP [192.0.2.11]. To request removal from this list please visit https://sender.office.com/ and follow the directions.', 'smtp.policy-rejected', null],
  [
    "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM2PEPF0001C70F.eurprd05.prod.outlook.com]",
    'smtp.policy-rejected',
    'Delivery not authorized, message refused',
  ],
  ['550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)', 'smtp.policy-rejected', null],
  ['550 Administrative prohibition', 'smtp.policy-rejected', null],
  // Greylisting
  ['450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html', 'smtp.greylisted', 'Other or undefined mailbox status'],
  ['451 4.7.1 Greylisted, please try again later', 'smtp.greylisted', 'Delivery not authorized, message refused'],
  ['451 4.7.1 Greylisting in action, please come back in 00:05:00', 'smtp.greylisted', 'Delivery not authorized, message refused'],
  // Size
  ['552 5.3.4 Message size exceeds fixed limit', 'smtp.message-too-large', 'Message too big for system'],
  ['552 5.3.4 Message size exceeds fixed maximum message size', 'smtp.message-too-large', 'Message too big for system'],
  ['552 Message size exceeds maximum permitted', 'smtp.message-too-large', null],
  [
    "552-5.2.3 Your message exceeded Google's message size limits. Please visit\n552-5.2.3 https://support.google.com/mail/?p=MaxSizeError to view our size\n552 5.2.3 guidelines. 5b1f17b1804b1-43cf1234sm1234567f8.99 - gsmtp",
    'smtp.message-too-large',
    'Message length exceeds administrative limit',
  ],
  // Protocol violations
  ['550 5.5.2 Error: bare <LF> received', 'smtp.protocol-violation', 'Syntax error'],
  ['521 5.5.2 mx.example.org Error: bare <LF> received', 'smtp.protocol-violation', 'Syntax error'],
  ['554 5.5.0 Error: SMTP protocol synchronization', 'smtp.protocol-violation', 'Other or undefined protocol status'],
  ['503 5.5.0 <bob@example.org>: Recipient address rejected: Improper use of SMTP command pipelining', 'smtp.protocol-violation', 'Other or undefined protocol status'],
  ['554 SMTP synchronization error', 'smtp.protocol-violation', null],
  ['550 5.5.1 Protocol error', 'smtp.protocol-violation', 'Invalid command'],
  // Temporary failures
  ['452 4.3.1 Insufficient system storage', 'smtp.temporary-failure', 'Mail system full'],
  ['452 4.3.1 Insufficient system resources', 'smtp.temporary-failure', 'Mail system full'],
  ['552 5.2.2 Mailbox full', 'smtp.temporary-failure', 'Mailbox full'],
  ['552 5.2.2 <bob@example.org> Quota exceeded (mailbox for user is full)', 'smtp.temporary-failure', 'Mailbox full'],
  [
    "452-4.2.2 The recipient's inbox is out of storage space. Please direct the\n452-4.2.2 recipient to\n452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp 5b1f17b1804b1-43cf1234sm1234567f8.7 - gsmtp",
    'smtp.temporary-failure',
    'Mailbox full',
  ],
  ['421 4.7.0 mx.example.org Error: too many errors', 'smtp.temporary-failure', 'Other or undefined security status'],
  ['421 4.3.2 Service shutting down', 'smtp.temporary-failure', 'System not accepting network messages'],
  ['452 4.4.5 Insufficient disk space; try again later', 'smtp.temporary-failure', 'Mail system congestion'],
  ['451 Temporary local problem - please try later', 'smtp.temporary-failure', null],
  ['451 4.7.0 Temporary server error. Please try again later. PRX4', 'smtp.temporary-failure', 'Other or undefined security status'],
  ['454 4.7.0 Temporary authentication failure', 'smtp.temporary-failure', 'Other or undefined security status'],
];

describe('real server replies', () => {
  it('covers at least 45 real replies', () => {
    expect(REAL_REPLIES.length).toBeGreaterThanOrEqual(45);
  });

  it.each(REAL_REPLIES)('%s', (reply, findingId, title) => {
    const { code, enhanced } = parse(reply);
    const sig = matchServerSignature(code, enhanced, reply);
    expect(sig?.findingId).toBe(findingId);
    expect(enhanced === null ? null : describeEnhancedCode(enhanced)?.title ?? null).toBe(title);
  });

  it('matches on the reply text alone, without the code prefix', () => {
    expect(matchServerSignature(554, '5.7.1', '<bob@example.org>: Relay access denied')?.id).toBe('postfix.relay-denied');
    expect(matchServerSignature(null, null, '250 2.0.0 Ok: queued as 4Xyz')).toBeNull();
  });
});

// DESIGN.md "Finding ids", plus the ids added with the catalog.
const DESIGN_IDS = [
  'net.dns-not-found', 'net.refused', 'net.timeout', 'net.unreachable', 'net.reset', 'net.closed-by-server',
  'port.implicit-tls-expected', 'port.plaintext-not-tls', 'port.not-smtp',
  'smtp.banner-rejected', 'smtp.banner-slow', 'smtp.ehlo-rejected',
  'tls.starttls-not-offered', 'tls.starttls-failed', 'tls.encryption-required', 'tls.plaintext-after-starttls',
  'tls.chain-incomplete', 'tls.hostname-mismatch', 'tls.cert-expired', 'tls.cert-not-yet-valid', 'tls.cert-expiring-soon',
  'tls.self-signed', 'tls.untrusted-root', 'tls.weak-protocol', 'tls.weak-key', 'tls.handshake-failed',
  'auth.not-offered', 'auth.offered-before-tls', 'auth.mechanism-unsupported', 'auth.failed', 'auth.required', 'auth.encryption-required',
  'smtp.relay-denied', 'smtp.sender-rejected', 'smtp.recipient-unknown', 'smtp.greylisted', 'smtp.rate-limited',
  'smtp.policy-rejected', 'smtp.message-too-large', 'smtp.temporary-failure', 'smtp.timeout', 'smtp.protocol-violation',
  'sec.starttls-injection', 'sec.smuggling-accepted',
  'auth.withheld', 'tls.weak-signature', 'smtp.line-too-long', 'smtp.bare-lf',
];

describe('findings catalog', () => {
  it.each(DESIGN_IDS)('%s has a complete entry', (id) => {
    const entry = FINDINGS[id];
    expect(entry).toBeDefined();
    expect(entry.id).toBe(id);
    for (const text of [entry.title, entry.explanation, entry.fix]) expect(text.trim()).not.toBe('');
    expect(entry.refs.length).toBeGreaterThan(0);
    expect(['error', 'warning', 'info']).toContain(entry.severity);
  });

  it('declares every placeholder it uses, in the entry and in each variant', () => {
    for (const entry of Object.values(FINDINGS)) {
      const texts = [entry, ...Object.values(entry.variants ?? {})].flatMap((t) => [t.title ?? '', t.explanation ?? '', t.fix ?? '']);
      for (const name of texts.flatMap(placeholdersIn)) expect(entry.vars, `${entry.id} uses {${name}}`).toContain(name);
    }
  });

  it('has the variants the engine asks for', () => {
    expect(FINDINGS['net.timeout'].variants?.port25).toBeDefined();
    expect(FINDINGS['tls.starttls-not-offered'].variants?.required?.severity).toBe('error');
    expect(FINDINGS['tls.starttls-not-offered'].variants?.opportunistic?.severity).toBe('warning');
    expect(FINDINGS['tls.hostname-mismatch'].variants?.ip).toBeDefined();
    for (const v of ['no-auth', 'no-auth-port25', 'after-auth']) expect(FINDINGS['smtp.relay-denied'].variants?.[v]).toBeDefined();
    expect(findingText('auth.withheld', { mechanism: 'PLAIN' }, 'plaintext').fix).toContain('--allow-plaintext-auth');
    expect(findingText('auth.withheld', { mechanism: 'PLAIN' }, 'unverified').fix).toContain('--allow-unverified-auth');
  });

  it('fills placeholders, falls back from variants, and stays readable without a value', () => {
    const t = findingText('smtp.relay-denied', { recipient: 'bob@example.net', reply: '554 5.7.1 <bob@example.net>: Relay access denied' }, 'no-auth');
    expect(t.title).toBe('Relay denied: you are not logged in');
    expect(t.explanation).toContain('bob@example.net');
    expect(t.refs).toEqual(FINDINGS['smtp.relay-denied'].refs);
    const missing = findingText('tls.chain-incomplete', { missingIssuer: 'R11' });
    expect(missing.explanation).not.toMatch(/\{|\(\s*\)/);
    expect(findingText('tls.starttls-not-offered', {}, 'required').severity).toBe('error');
    expect(findingText('tls.starttls-not-offered', {}, 'no-such-variant').title).toBe(FINDINGS['tls.starttls-not-offered'].title);
  });

  it('never calls port 465 deprecated', () => {
    const all = JSON.stringify(FINDINGS);
    expect(all).not.toMatch(/465[^.]*deprecated|deprecated[^.]*465/i);
  });

  it('maps every server signature to a catalog entry, with unique ids', () => {
    for (const sig of SERVER_SIGNATURES) expect(FINDINGS[sig.findingId], sig.id).toBeDefined();
    expect(new Set(SERVER_SIGNATURES.map((s) => s.id)).size).toBe(SERVER_SIGNATURES.length);
  });
});

describe('reply codes', () => {
  // Every code in RFC 5321 §4.2.3.
  const RFC5321 = [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555];
  const EXTRA = [235, 334, 432, 454, 521, 530, 534, 535, 538, 556];

  it.each([...RFC5321, ...EXTRA])('%i has its own meaning', (code) => {
    expect(replyCodeInfo(code)).not.toBeNull();
    expect(describeReplyCode(code)).toBe(replyCodeInfo(code)?.meaning);
  });

  it('has no duplicates', () => {
    expect(new Set(REPLY_CODES.map((r) => r.code)).size).toBe(REPLY_CODES.length);
  });

  it('falls back to the meaning of the digits for unknown codes', () => {
    expect(describeReplyCode(299)).toMatch(/^Success/);
    expect(describeReplyCode(457)).toMatch(/Temporary failure.*mail system/);
    expect(describeReplyCode(42)).toMatch(/Not a valid/);
  });
});

describe('enhanced status codes', () => {
  it('has no duplicate codes', () => {
    expect(new Set(ENHANCED_CODES.map((e) => e.code)).size).toBe(ENHANCED_CODES.length);
  });

  it('includes every registered X.7 detail, 0 to 30', () => {
    for (let d = 0; d <= 30; d++) expect(describeEnhancedCode(`5.7.${d}`)?.title, `5.7.${d}`).toBeTruthy();
  });

  it('includes the SMTPUTF8, null MX and AUTH codes', () => {
    for (const c of ['X.1.10', 'X.3.6', 'X.5.6', 'X.6.7', 'X.6.8', 'X.6.9', 'X.6.10', 'X.7.8', 'X.7.11', 'X.7.12']) {
      expect(ENHANCED_CODES.some((e) => e.code === c), c).toBe(true);
    }
  });

  it('describes an unregistered detail by its class and subject', () => {
    const d = describeEnhancedCode('5.7.99');
    expect(d).toMatchObject({ code: '5.7.99', title: null, meaning: null, ref: null });
    expect(d?.subject).toMatch(/Security or policy/);
    expect(d?.classMeaning).toMatch(/Permanent/);
  });

  it.each(['5.7', '6.1.1', '5.01.1', '5.7.1000', 'abc', ''])('rejects %j', (bad) => {
    expect(describeEnhancedCode(bad)).toBeNull();
  });
});

describe('EHLO keywords', () => {
  it('explains the SIZE number', () => {
    const d = describeEhloKeyword('250-SIZE 52428800');
    expect(d.keyword).toBe('SIZE');
    expect(d.params).toEqual(['52428800']);
    expect(d.meaning).toContain('52,428,800 bytes (about 50 MiB');
  });

  it('reads the old AUTH= form and rates each mechanism', () => {
    expect(describeEhloKeyword('250-AUTH=LOGIN PLAIN')).toMatchObject({ keyword: 'AUTH=', params: ['LOGIN', 'PLAIN'] });
    expect(describeEhloKeyword('250 AUTH PLAIN LOGIN CRAM-MD5').params).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
    expect(describeAuthMechanism('plain').safeInClear).toBe(false);
    expect(describeAuthMechanism('XOAUTH2').safeInClear).toBe(false);
    expect(describeAuthMechanism('SCRAM-SHA-256').safeInClear).toBe(true);
  });

  it('knows the product-specific keywords and falls back for unknown ones', () => {
    for (const k of ['XCLIENT', 'XFORWARD', 'X-EXPS GSSAPI NTLM', 'X-LINK2STATE', 'PIPELINING', 'CHUNKING', 'REQUIRETLS', 'LIMITS RCPTMAX=100']) {
      expect(describeEhloKeyword(k).meaning).not.toMatch(/does not know|private extension/);
    }
    expect(describeEhloKeyword('250-XFOO').meaning).toMatch(/private extension/);
  });
});
