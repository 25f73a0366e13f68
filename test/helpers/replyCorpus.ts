// Reply texts real servers send, each with where it is published and the reason it means.
// The bounce classifier's unit test reads every one, and the live-session test sends every one
// from a real server, so the two readings are proven to agree.
import type { BounceReason } from '../../shared/knowledge/bounceReason';
import type { Stage } from '../../shared/transcript';

export interface CorpusReply {
  source: string;
  /** The command it answered. */
  stage: Stage;
  reply: string;
  reason: BounceReason;
  basis?: 'text' | 'codes';
}

const MS_NDR = 'Microsoft Learn, "Email non-delivery reports and SMTP errors in Exchange Online"';
const GMAIL = 'Google Workspace Admin Help, "SMTP error reference"';
const YAHOO = 'Yahoo Sender Hub, "SMTP error codes"';
const POSTFIX = 'Postfix source (smtpd_check.c, local/, virtual/) and its documentation';

export const REPLY_CORPUS: readonly CorpusReply[] = [
  // Microsoft: Exchange Online, Outlook.com
  {
    source: MS_NDR,
    stage: 'rcpt',
    reply: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    reason: 'userunknown',
  },
  {
    source: MS_NDR,
    stage: 'rcpt',
    reply:
      '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [BN3NAM04FT012.eop-NAM04.prod.protection.outlook.com]',
    reason: 'userunknown',
  },
  {
    source: MS_NDR,
    stage: 'connect',
    reply:
      '550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/',
    reason: 'blocked',
  },
  {
    source: 'Microsoft, "Outlook.com postmaster: SMTP errors"',
    stage: 'rcpt',
    reply:
      "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
    reason: 'blocked',
  },
  {
    source: MS_NDR,
    stage: 'rcpt',
    reply: '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain',
    reason: 'norelaying',
  },
  {
    source: MS_NDR,
    stage: 'mail',
    reply: '530 5.7.57 Client not authenticated to send mail. [AM0PR01CA0011.eurprd01.prod.exchangelabs.com]',
    reason: 'securityerror',
  },
  {
    source: MS_NDR,
    stage: 'data',
    reply: '552 5.3.4 Message size exceeds fixed maximum message size',
    reason: 'mesgtoobig',
  },
  {
    source: MS_NDR,
    stage: 'data',
    reply: '550 5.7.515 Access denied, sending domain example.com does not meet the required authentication level.',
    reason: 'policyviolation',
  },
  {
    source: MS_NDR,
    stage: 'rcpt',
    reply: '452 4.3.1 Insufficient system resources',
    reason: 'systemfull',
    basis: 'codes',
  },
  // Gmail
  {
    source: GMAIL,
    stage: 'rcpt',
    reply:
      "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser",
    reason: 'userunknown',
  },
  {
    source: GMAIL,
    stage: 'rcpt',
    reply:
      '452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp',
    reason: 'mailboxfull',
  },
  {
    source: GMAIL,
    stage: 'data',
    reply:
      '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail\n550 5.7.26 requires all senders to authenticate with either SPF or DKIM.',
    reason: 'policyviolation',
  },
  {
    source: GMAIL,
    stage: 'data',
    reply:
      '421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating\n421 4.7.28 from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.',
    reason: 'toomanyconn',
  },
  {
    source: GMAIL,
    stage: 'data',
    reply:
      '550-5.7.1 Our system has detected that this message is likely unsolicited mail. To\n550 5.7.1 reduce the amount of spam sent to Gmail, this message has been blocked.',
    reason: 'spamdetected',
  },
  {
    source: GMAIL,
    stage: 'data',
    reply: '552-5.7.0 This message was blocked because its content presents a potential\n552 5.7.0 security issue.',
    reason: 'policyviolation',
  },
  {
    source: GMAIL,
    stage: 'data',
    reply: "552-5.2.3 Your message exceeded Google's message size limits.",
    reason: 'exceedlimit',
  },
  { source: GMAIL, stage: 'auth', reply: '535-5.7.8 Username and Password not accepted.', reason: 'securityerror' },
  { source: GMAIL, stage: 'mail', reply: '530 5.7.0 Must issue a STARTTLS command first.', reason: 'securityerror' },
  // Yahoo and AOL
  {
    source: YAHOO,
    stage: 'rcpt',
    reply:
      "554 delivery error: dd This user doesn't have a yahoo.com account (bob@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com",
    reason: 'userunknown',
  },
  {
    source: YAHOO,
    stage: 'connect',
    reply:
      '421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
    reason: 'blocked',
  },
  {
    source: YAHOO,
    stage: 'rcpt',
    reply: '552 1 Requested mail action aborted, mailbox not found',
    reason: 'userunknown',
  },
  // Apple iCloud
  {
    source: 'Apple Support, "iCloud Mail: postmaster information"',
    stage: 'connect',
    reply:
      '554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137',
    reason: 'policyviolation',
    basis: 'codes',
  },
  {
    source: 'Apple Support, "iCloud Mail: postmaster information"',
    stage: 'rcpt',
    reply: '550 5.1.1 <bob@icloud.com>: inactive email address',
    reason: 'suspend',
  },
  {
    source: 'Apple Support, "iCloud Mail: postmaster information"',
    stage: 'rcpt',
    reply: '552 5.2.2 <bob@icloud.com>: user is over quota',
    reason: 'mailboxfull',
  },
  // Zoho
  {
    source: 'Zoho Mail Help, "Email bounce reasons"',
    stage: 'rcpt',
    reply: '550 5.1.1 User does not exist - bob@zoho.com',
    reason: 'userunknown',
  },
  {
    source: 'Zoho Mail Help, "Email bounce reasons"',
    stage: 'rcpt',
    reply: '552 5.2.2 Mailbox size limit exceeded',
    reason: 'mailboxfull',
  },
  // qmail (qmail-smtpd.c) and Haraka (plugins/rcpt_to.in_host_list)
  {
    source: 'qmail-smtpd.c, err_nogateway()',
    stage: 'rcpt',
    reply: "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
    reason: 'norelaying',
  },
  {
    source: 'qmail-local / vpopmail "no mailbox" reply',
    stage: 'rcpt',
    reply: '511 sorry, no mailbox here by that name (#5.1.1)',
    reason: 'userunknown',
  },
  {
    source: 'qmail-smtpd.c, databytes',
    stage: 'data',
    reply: '552 sorry, that message size exceeds my databytes limit (#5.3.4)',
    reason: 'mesgtoobig',
  },
  {
    source: 'Haraka, plugins/rcpt_to.in_host_list',
    stage: 'rcpt',
    reply: '550 I cannot deliver mail for <bob@example.net>',
    reason: 'norelaying',
  },
  // Mimecast
  {
    source: 'Mimecast Knowledge Base, "SMTP error codes"',
    stage: 'rcpt',
    reply: '550 Rejected by header based Anti-Spoofing policy: bob@example.com',
    reason: 'policyviolation',
  },
  {
    source: 'Mimecast Knowledge Base, "SMTP error codes"',
    stage: 'rcpt',
    reply: '550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550',
    reason: 'userunknown',
  },
  {
    source: 'Mimecast Knowledge Base, "SMTP error codes"',
    stage: 'connect',
    reply: '421 Too many connections from IP 192.0.2.10',
    reason: 'toomanyconn',
  },
  {
    source: 'Mimecast Knowledge Base, "SMTP error codes"',
    stage: 'data',
    reply: '451 Internal resources are temporarily unavailable',
    reason: 'systemerror',
  },
  // Postfix, Exim, Sendmail, greylisting tools
  {
    source: POSTFIX,
    stage: 'rcpt',
    reply: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table',
    reason: 'userunknown',
  },
  { source: POSTFIX, stage: 'rcpt', reply: '554 5.7.1 <bob@example.net>: Relay access denied', reason: 'norelaying' },
  {
    source: POSTFIX,
    stage: 'rcpt',
    reply: '554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org',
    reason: 'blocked',
  },
  {
    source: POSTFIX,
    stage: 'rcpt',
    reply: '450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.10]',
    reason: 'blocked',
  },
  {
    source: POSTFIX,
    stage: 'mail',
    reply: '450 4.1.8 <bob@nowhere.invalid>: Sender address rejected: Domain not found',
    reason: 'rejected',
  },
  {
    source: POSTFIX,
    stage: 'rcpt',
    reply: '450 4.1.2 <bob@nowhere.invalid>: Recipient address rejected: Domain not found',
    reason: 'hostunknown',
  },
  { source: POSTFIX, stage: 'data', reply: '552 5.3.4 Message size exceeds fixed limit', reason: 'mesgtoobig' },
  { source: POSTFIX, stage: 'rcpt', reply: '452 4.3.1 Insufficient system storage', reason: 'systemfull' },
  {
    source: 'postgrey(8)',
    stage: 'rcpt',
    reply:
      '450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html',
    reason: 'blocked',
  },
  {
    source: 'Exim specification, "Verifying the sender"',
    stage: 'rcpt',
    reply: '550-Verification failed for <bob@nowhere.invalid>\n550-Unrouteable address\n550 Sender verify failed',
    reason: 'rejected',
  },
  {
    source: 'Exim specification, relay control',
    stage: 'rcpt',
    reply: '550 relay not permitted',
    reason: 'norelaying',
  },
  {
    source: 'Sendmail, "User unknown" (deliver.c)',
    stage: 'rcpt',
    reply: '550 5.1.1 <nobody@example.com>... User unknown',
    reason: 'userunknown',
  },
  {
    source: 'Sendmail, check_mail ruleset',
    stage: 'mail',
    reply: '553 5.1.8 <bob@nowhere.invalid>... Domain of sender address bob@nowhere.invalid does not exist',
    reason: 'rejected',
  },
  // Codes only: a text that says nothing specific.
  {
    source: 'RFC 5321 §4.2.3 (a bare code)',
    stage: 'rcpt',
    reply: '550 Requested action not taken',
    reason: 'userunknown',
    basis: 'codes',
  },
  {
    source: 'RFC 3463 §3.3 (5.2.1 mailbox disabled)',
    stage: 'rcpt',
    reply: '550 5.2.1 Requested action not taken',
    reason: 'suspend',
    basis: 'codes',
  },
  {
    source: 'RFC 5321 §4.2.3 (a bare code after DATA)',
    stage: 'data',
    reply: '554 Transaction failed',
    reason: 'filtered',
    basis: 'codes',
  },
];
