// The reply knowledge base against real server texts: for each reply, the finding SMTP Lens
// reports and what its enhanced status code means, read the way the engine reads it
// (shared/knowledge/replyClassifier.ts: a known server text first, then the codes).

import { describe, expect, it } from 'vitest';
import { annotateReply } from '../../main/engine/replyAnnotation';
import { readReply } from '../../shared/knowledge/replyClassifier';
import type { Stage } from '../../shared/transcript';

/** Reply code and enhanced code from the first line, as the reply parser hands them over. */
function parse(reply: string): { code: number; enhanced: string | null } {
  const m = /^(\d{3})[ -](?:([245]\.\d{1,3}\.\d{1,3})(?=\s|$))?/.exec(reply);
  if (!m) throw new Error(`not a reply line: ${reply}`);
  return { code: Number(m[1]), enhanced: m[2] ?? null };
}

function read(reply: string, stage: Stage | null = null) {
  const { code, enhanced } = parse(reply);
  const reading = readReply({ code, enhanced, text: reply, stage });
  const annotation = annotateReply(code, enhanced, reply.split('\n'));
  return { reading, annotation };
}

// Every text of the issue's table (#4), exactly as written there, "..." included:
// [reply, finding id, enhanced-code title or null when the reply has no enhanced code].
const ISSUE_TABLE: [string, string, string | null][] = [
  ['554 5.7.1 <...>: Relay access denied', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  ['550 relay not permitted', 'smtp.relay-denied', null],
  ['550 5.7.1 Unable to relay', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  [
    '550 5.7.54 ... Unable to relay recipient in non-accepted domain',
    'smtp.relay-denied',
    'Security or policy status, unregistered detail',
  ],
  ['530 5.7.0 Must issue a STARTTLS command first', 'tls.encryption-required', 'Other or undefined security status'],
  ['535 5.7.8 Error: authentication failed: ...', 'auth.failed', 'Authentication credentials invalid'],
  ['535 Incorrect authentication data', 'auth.failed', null],
  ['535 5.7.3 Authentication unsuccessful', 'auth.failed', 'Security conversion required but not possible'],
  [
    '535 5.7.139 ... SmtpClientAuthentication is disabled for the Tenant',
    'auth.failed',
    'Security or policy status, unregistered detail',
  ],
  ['535-5.7.8 Username and Password not accepted', 'auth.failed', 'Authentication credentials invalid'],
  ['534-5.7.9 Application-specific password required', 'auth.failed', 'Authentication mechanism is too weak'],
  ['550 5.1.1 ... User unknown in virtual mailbox table', 'smtp.recipient-unknown', 'Bad destination mailbox address'],
  ['550 5.1.1 ... User unknown in local recipient table', 'smtp.recipient-unknown', 'Bad destination mailbox address'],
  ['421 ... too many connections', 'smtp.rate-limited', null],
  [
    '554 5.7.1 Service unavailable; Client host [...] blocked using ...',
    'smtp.policy-rejected',
    'Delivery not authorized, message refused',
  ],
  // A bare "450 4.2.0" says only "mailbox status, temporary": without the word greylisted it
  // cannot be told from any other temporary refusal, so it reads as one.
  ['450 4.2.0', 'smtp.temporary-failure', 'Other or undefined mailbox status'],
  ['450 4.2.0 ... greylisted', 'smtp.greylisted', 'Other or undefined mailbox status'],
  ['451 4.7.1 ... greylisted', 'smtp.greylisted', 'Delivery not authorized, message refused'],
  ['552 5.3.4', 'smtp.message-too-large', 'Message too big for system'],
  ['550 5.5.2 ... bare <LF> received', 'smtp.protocol-violation', 'Syntax error'],
  ['554 5.5.0 ... SMTP protocol synchronization', 'smtp.protocol-violation', 'Other or undefined protocol status'],
];

// Full texts as real servers send them (multi-line replies joined by \n).
const REAL_REPLIES: [string, string, string | null][] = [
  // Relay denied
  ['554 5.7.1 <bob@example.org>: Relay access denied', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  ['454 4.7.1 <bob@example.net>: Relay access denied', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  ['550 relay not permitted', 'smtp.relay-denied', null],
  ['550 5.7.1 Unable to relay', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  [
    '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain',
    'smtp.relay-denied',
    'Security or policy status, unregistered detail',
  ],
  ['550 5.7.1 <bob@example.net>... Relaying denied', 'smtp.relay-denied', 'Delivery not authorized, message refused'],
  [
    '550 5.7.1 <bob@example.net>... Relaying denied. Proper authentication required.',
    'smtp.relay-denied',
    'Delivery not authorized, message refused',
  ],
  // Encryption
  ['530 5.7.0 Must issue a STARTTLS command first', 'tls.encryption-required', 'Other or undefined security status'],
  ['454 4.7.0 TLS not available due to local problem', 'tls.starttls-failed', 'Other or undefined security status'],
  [
    '538 5.7.11 Encryption required for requested authentication mechanism',
    'auth.encryption-required',
    'Encryption required for requested authentication mechanism',
  ],
  // Bad password
  [
    '535 5.7.8 Error: authentication failed: authentication failure',
    'auth.failed',
    'Authentication credentials invalid',
  ],
  ['535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6', 'auth.failed', 'Authentication credentials invalid'],
  ['535 Incorrect authentication data', 'auth.failed', null],
  ['535 5.7.3 Authentication unsuccessful', 'auth.failed', 'Security conversion required but not possible'],
  [
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [SN6PR04CA0087.namprd04.prod.outlook.com]',
    'auth.failed',
    'Security or policy status, unregistered detail',
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
  [
    '530 5.7.57 Client not authenticated to send mail. [MW4PR03CA0123.namprd03.prod.outlook.com]',
    'auth.required',
    'Security or policy status, unregistered detail',
  ],
  [
    '530 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM',
    'auth.required',
    'Security or policy status, unregistered detail',
  ],
  ['530 5.7.1 Client was not authenticated', 'auth.required', 'Delivery not authorized, message refused'],
  [
    '530-5.7.0 Authentication Required. For more information, go to\n530 5.7.0  https://support.google.com/mail/?p=WantAuthError 98e67ed59e1d1-2ff4a9c1d2esm1234567a91.3 - gsmtp',
    'auth.required',
    'Other or undefined security status',
  ],
  [
    '553 5.7.1 <alice@example.com>: Sender address rejected: not logged in',
    'auth.required',
    'Delivery not authorized, message refused',
  ],
  ['503 5.5.1 Error: authentication not enabled', 'auth.not-offered', 'Invalid command'],
  ['503 AUTH command used when not advertised', 'auth.not-offered', null],
  // Unknown recipient
  [
    '550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
    'smtp.recipient-unknown',
    'Bad destination mailbox address',
  ],
  [
    '550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table',
    'smtp.recipient-unknown',
    'Bad destination mailbox address',
  ],
  [
    '550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in relay recipient table',
    'smtp.recipient-unknown',
    'Bad destination mailbox address',
  ],
  ['550 5.1.1 <nobody@example.org>... User unknown', 'smtp.recipient-unknown', 'Bad destination mailbox address'],
  ['550 Unrouteable address', 'smtp.recipient-unknown', null],
  [
    '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    'smtp.recipient-unknown',
    'Recipient address has null MX',
  ],
  [
    '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [CO1PEPF000044F0.namprd05.prod.outlook.com]',
    'smtp.recipient-unknown',
    'No answer from host',
  ],
  [
    '556 5.1.10 <bob@nullmx.example>: Recipient address rejected: Domain nullmx.example does not accept mail (nullMX)',
    'smtp.recipient-unknown',
    'Recipient address has null MX',
  ],
  [
    "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser 41be03b00d2f7-b6a2d3c4e5fsi1234567a12.345 - gsmtp",
    'smtp.recipient-unknown',
    'Bad destination mailbox address',
  ],
  // Sender refused
  [
    '553 5.1.8 <alice@no-such-domain.example>... Domain of sender address alice@no-such-domain.example does not exist',
    'smtp.sender-rejected',
    "Bad sender's system address",
  ],
  [
    '450 4.1.8 <alice@no-such-domain.example>: Sender address rejected: Domain not found',
    'smtp.sender-rejected',
    "Bad sender's system address",
  ],
  [
    '553 5.7.1 <ceo@example.com>: Sender address rejected: not owned by user alice',
    'smtp.sender-rejected',
    'Delivery not authorized, message refused',
  ],
  [
    '550 5.7.27 <alice@nullmx.example>: Sender address rejected: Domain nullmx.example does not accept mail (nullMX)',
    'smtp.sender-rejected',
    'Sender address has null MX',
  ],
  ['550 Sender verify failed', 'smtp.sender-rejected', null],
  [
    '554 5.2.252 SendAsDenied; alice@example.com not allowed to send as ceo@example.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied',
    'smtp.sender-rejected',
    'Mailbox status, unregistered detail',
  ],
  // HELO
  ['504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname', 'smtp.ehlo-rejected', 'Syntax error'],
  ['501 Syntactically invalid HELO argument(s)', 'smtp.ehlo-rejected', null],
  // Rate limits
  [
    '421 4.7.0 mx.example.org Error: too many connections from 192.0.2.10',
    'smtp.rate-limited',
    'Other or undefined security status',
  ],
  [
    '421 mx.example.org Too many concurrent SMTP connections from this IP address; please try again later.',
    'smtp.rate-limited',
    null,
  ],
  ['421 4.3.2 Connection rate limit exceeded.', 'smtp.rate-limited', 'System not accepting network messages'],
  ['452 4.5.3 Error: too many recipients', 'smtp.rate-limited', 'Too many recipients'],
  [
    '451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (S77719) [DM3NAM03FT018.eop-NAM03.prod.protection.outlook.com]',
    'smtp.rate-limited',
    'Security or policy status, unregistered detail',
  ],
  [
    '421-4.7.0 [192.0.2.10      15] Our system has detected an unusual rate of\n421-4.7.0 unsolicited mail originating from your IP address. To protect our\n421-4.7.0 users from spam, mail sent from your IP address has been temporarily\n421-4.7.0 rate limited. Please visit\n421 4.7.0  https://support.google.com/mail/?p=UnsolicitedRateLimitError 5b1f17b1804b1-43cf1234sm1234567f8.12 - gsmtp',
    'smtp.rate-limited',
    'Other or undefined security status',
  ],
  [
    '421 4.7.0 Try again later, closing connection. (EHLO) 5b1f17b1804b1-43cf1234sm1234567f8.12 - gsmtp',
    'smtp.rate-limited',
    'Other or undefined security status',
  ],
  // Blocklists and policy
  [
    '554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10',
    'smtp.policy-rejected',
    'Delivery not authorized, message refused',
  ],
  ['550 Rejected because 192.0.2.10 is in a black list at zen.spamhaus.org', 'smtp.policy-rejected', null],
  [
    '450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.10]',
    'smtp.policy-rejected',
    'Delivery not authorized, message refused',
  ],
  [
    '554 5.7.1 <unknown[192.0.2.10]>: Client host rejected: Access denied',
    'smtp.policy-rejected',
    'Delivery not authorized, message refused',
  ],
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
    'Security or policy status, unregistered detail',
  ],
  [
    '550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) [AM4PEPF00027A5F.eurprd04.prod.outlook.com]',
    'smtp.policy-rejected',
    'Security or policy status, unregistered detail',
  ],
  [
    '550 5.7.649 Access denied, banned sending IP [192.0.2.11]. To request removal from this list please visit https://sender.office.com/ and follow the directions.',
    'smtp.policy-rejected',
    'Security or policy status, unregistered detail',
  ],
  [
    "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM2PEPF0001C70F.eurprd05.prod.outlook.com]",
    'smtp.policy-rejected',
    'Delivery not authorized, message refused',
  ],
  [
    '550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)',
    'smtp.policy-rejected',
    'Security or policy status, unregistered detail',
  ],
  ['550 Administrative prohibition', 'smtp.policy-rejected', null],
  // Greylisting
  [
    '450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html',
    'smtp.greylisted',
    'Other or undefined mailbox status',
  ],
  ['451 4.7.1 Greylisted, please try again later', 'smtp.greylisted', 'Delivery not authorized, message refused'],
  [
    '451 4.7.1 Greylisting in action, please come back in 00:05:00',
    'smtp.greylisted',
    'Delivery not authorized, message refused',
  ],
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
  [
    '503 5.5.0 <bob@example.org>: Recipient address rejected: Improper use of SMTP command pipelining',
    'smtp.protocol-violation',
    'Other or undefined protocol status',
  ],
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
  [
    '451 4.7.0 Temporary server error. Please try again later. PRX4',
    'smtp.temporary-failure',
    'Other or undefined security status',
  ],
  ['454 4.7.0 Temporary authentication failure', 'smtp.temporary-failure', 'Other or undefined security status'],
];

describe('the issue table, texts exactly as written', () => {
  it.each(ISSUE_TABLE)('%s', (reply, findingId, title) => {
    const { reading, annotation } = read(reply);
    expect(reading.findingId).toBe(findingId);
    expect(annotation?.enhancedTitle ?? null).toBe(title);
    if (title) expect(annotation?.enhanced).toBeTruthy();
  });
});

describe('real server replies', () => {
  it('holds at least 40 real replies', () => {
    expect(REAL_REPLIES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(REAL_REPLIES)('%s', (reply, findingId, title) => {
    const { reading, annotation } = read(reply);
    expect(reading.findingId).toBe(findingId);
    expect(annotation?.enhancedTitle ?? null).toBe(title);
    // The annotation names the server text it recognised, the same one the finding used.
    expect(annotation?.signatureId ?? null).toBe(reading.signature?.id ?? null);
  });
});

describe('where a reply comes decides the finding', () => {
  it('a refusal instead of the greeting is smtp.banner-rejected; the text picks the reason', () => {
    const cases: [string, string | null][] = [
      ['421 4.7.0 mx.example.org Error: too many connections from 192.0.2.10', 'smtp.rate-limited'],
      [
        '554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org',
        'smtp.policy-rejected',
      ],
      ['421 4.3.2 Service shutting down', 'smtp.temporary-failure'],
      ['554 mx.example.org ESMTP not accepting messages', 'smtp.policy-rejected'],
    ];
    for (const [reply, reason] of cases) {
      expect(read(reply, 'banner').reading).toMatchObject({ findingId: 'smtp.banner-rejected', reason });
    }
  });

  it('500 or 502 to EHLO is the cue for HELO, not a finding; a refused HELO is', () => {
    const { code, enhanced } = parse('502 5.5.2 Error: command not recognized');
    expect(
      readReply({ code, enhanced, text: '502 5.5.2 Error: command not recognized', stage: 'ehlo', verb: 'EHLO' })
        .findingId,
    ).toBeNull();
    expect(
      readReply({ code, enhanced, text: '502 5.5.2 Error: command not recognized', stage: 'ehlo', verb: 'HELO' })
        .findingId,
    ).toBe('smtp.ehlo-rejected');
  });

  it('reads 538 as the AUTH mechanism needing TLS even in smtp-server\'s "Must issue a STARTTLS" words', () => {
    expect(read('538 5.7.0 Error: Must issue a STARTTLS command first').reading.findingId).toBe(
      'auth.encryption-required',
    );
  });

  it('reads the same words about the sender as a refused sender, not an unknown recipient', () => {
    expect(
      read('550 5.1.0 <a@example.org>: Sender address rejected: User unknown in virtual mailbox table').reading
        .findingId,
    ).toBe('smtp.sender-rejected');
  });

  it('reads replies to AUTH by their code when no text is known', () => {
    const auth = (reply: string) => read(reply, 'auth').reading.findingId;
    expect(auth('504 5.5.4 Unrecognized authentication type')).toBe('auth.mechanism-unsupported');
    expect(auth('500 5.5.1 Error: command not recognized')).toBe('auth.not-offered');
    expect(auth('454 4.7.0 Try again later')).toBe('smtp.temporary-failure');
    expect(auth('535 5.7.0 No')).toBe('auth.failed');
  });

  it('leaves successful replies alone', () => {
    expect(read('250 2.0.0 Ok: queued as 4Xyz', 'data').reading).toEqual({
      findingId: null,
      reason: null,
      signature: null,
    });
  });
});
