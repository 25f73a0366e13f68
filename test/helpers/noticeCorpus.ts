// Free-form non-delivery notices, as vendors really write them, each with where its shape and
// words come from. Addresses, hosts and IPs are the documentation ones (RFC 2606, RFC 5737);
// the wording, the layout and the replies are the vendors'. `expected` is what an admin reading
// the notice would conclude.
import type { ExplainResult } from '../../shared/explain';

export interface Notice {
  vendor: string;
  source: string;
  /** A whole message (headers, blank line, body), or a body pasted alone. */
  text: string;
  expected: Partial<ExplainResult>;
}

const message = (headers: string[], body: string) =>
  `${headers.join('\n')}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n${body}`;

export const NOTICES: Notice[] = [
  {
    vendor: 'Exchange Online',
    source:
      'Microsoft Learn, "Email non-delivery reports and SMTP errors in Exchange Online" (NDR layout, "Diagnostic information for administrators"), and its 5.1.10 entry',
    text: message(
      [
        'From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.onmicrosoft.com>',
        'To: alice@contoso.com',
        'Subject: Undeliverable: Quarterly report',
        'Date: Thu, 3 Dec 2026 10:00:00 +0000',
        'Content-Language: en-US',
      ],
      `Your message to bob@fabrikam.com couldn't be delivered.
bob wasn't found at fabrikam.com.

alice      Office 365      bob
Action Required            Recipient

Unknown To address

How to Fix It
The address may be misspelled or may not exist. Try one or more of the following:
- Retype the recipient's address, then resend the message.

Diagnostic information for administrators:

Generating server: BY2PR01MB1234.prod.exchangelabs.com

bob@fabrikam.com
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

Original message headers:

Received: from BY2PR01MB1234.prod.exchangelabs.com by BY2PR01MB1234.prod.exchangelabs.com; Thu, 3 Dec 2026 10:00:00 +0000
Subject: Quarterly report
`,
    ),
    expected: {
      recipient: 'bob@fabrikam.com',
      reason: 'userunknown',
      permanent: true,
      status: '5.1.10',
      replyCode: 550,
      reportingMta: 'BY2PR01MB1234.prod.exchangelabs.com',
      diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    },
  },
  {
    vendor: 'Exchange Online (DMARC)',
    source:
      'Microsoft Learn, Exchange Online NDR table (5.7.509 "Access denied, sending domain [$SenderDomain] does not pass DMARC verification"), and "Anti-spam message headers in Microsoft 365" (Authentication-Results: spf= dkim= dmarc= compauth=)',
    text: message(
      [
        'From: postmaster@outlook.com',
        'To: alice@example.com',
        'Subject: Undeliverable: invoice',
        'Content-Language: en-US',
      ],
      `Delivery has failed to these recipients or groups:

bob@outlook.com
Your message wasn't delivered because the recipient's email provider rejected it.

Diagnostic information for administrators:

Generating server: DM6NAM11HT123.mail.protection.outlook.com

bob@outlook.com
Remote Server returned '550 5.7.509 Access denied, sending domain [EXAMPLE.COM] does not pass DMARC verification and has a DMARC policy of reject.'

Original message headers:

Authentication-Results: spf=fail (sender IP is 192.0.2.10) smtp.mailfrom=example.com; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=example.com;compauth=fail reason=000
Subject: invoice
`,
    ),
    expected: {
      recipient: 'bob@outlook.com',
      reason: 'policyviolation',
      permanent: true,
      status: '5.7.509',
      senderDomain: 'example.com',
    },
  },
  {
    vendor: 'Exchange 2010 (on premises)',
    source:
      'sisimai/go-sisimai lhost/via-exchange2007.go, the comments quoting real Exchange notices ("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##")',
    text: `Delivery has failed to these recipients or groups:

kijitora@example.jp
The e-mail address you entered couldn't be found.

Diagnostic information for administrators:

Generating server: mta2.neko.example.jp

kijitora@example.jp
#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##

Original message headers:

Subject: Nyaan
`,
    expected: {
      recipient: 'kijitora@example.jp',
      reason: 'userunknown',
      status: '5.1.1',
      reportingMta: 'mta2.neko.example.jp',
    },
  },
  {
    vendor: 'Gmail',
    source:
      'sisimai/go-sisimai lhost/via-gmail.go, the comments quoting real Gmail notices ("Technical details of permanent failure")',
    text: message(
      [
        'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        'To: alice@gmail.com',
        'Subject: Delivery Status Notification (Failure)',
      ],
      `This is an automatically generated Delivery Status Notification

Delivery to the following recipient failed permanently:

     userunknown@example.jp

Technical details of permanent failure:
Google tried to deliver your message, but it was rejected by the server for the recipient domain example.jp by mx.example.jp. [192.0.2.59].

The error that the other server returned was:
550 5.1.1 <userunknown@example.jp>... User Unknown

----- Original message -----

Subject: hello
`,
    ),
    expected: {
      recipient: 'userunknown@example.jp',
      reason: 'userunknown',
      permanent: true,
      status: '5.1.1',
      remoteMta: 'mx.example.jp',
    },
  },
  {
    vendor: 'Gmail (delayed)',
    source:
      'sisimai/go-sisimai lhost/via-gmail.go, the comment quoting a real "THIS IS A WARNING MESSAGE ONLY" notice with "Message will be retried for 2 more day(s)"',
    text: message(
      [
        'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        'To: alice@gmail.com',
        'Subject: Delivery Status Notification (Delay)',
      ],
      `This is an automatically generated Delivery Status Notification

THIS IS A WARNING MESSAGE ONLY.

YOU DO NOT NEED TO RESEND YOUR MESSAGE.

Delivery to the following recipient has been delayed:

     mailboxfull@example.jp

Message will be retried for 2 more day(s)

Technical details of temporary failure:
Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 450 450 4.2.2 <mailboxfull@example.jp>... Mailbox Full (state 14).
`,
    ),
    expected: {
      recipient: 'mailboxfull@example.jp',
      reason: 'mailboxfull',
      permanent: false,
      status: '4.2.2',
      replyCode: 450,
      command: 'rcpt',
      retry: 'for 2 more day(s)',
      diagnostic: '450 4.2.2 <mailboxfull@example.jp>... Mailbox Full',
    },
  },
  {
    vendor: 'Gmail (today)',
    source:
      'Google Workspace Admin Help, "SMTP error reference" (550 5.1.1 "The email account that you tried to reach does not exist"), in the "Address not found" notice of Gmail Help "Fix bounced or rejected emails"',
    text: `Address not found

Your message wasn't delivered to bob@example.org because the address couldn't be found, or is unable to receive mail.

The response from the remote server was:
550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser a1si123456qkb.12 - gsmtp
`,
    expected: { recipient: 'bob@example.org', reason: 'userunknown', permanent: true, status: '5.1.1', replyCode: 550 },
  },
  {
    vendor: 'Yahoo',
    source:
      'sisimai/go-sisimai lhost/via-qmail.go (Yahoo\'s "Sorry, we were unable to deliver your message to the following address" and its "[RCPT_TO]" marker)',
    text: message(
      ['From: MAILER-DAEMON@yahoo.com', 'To: alice@yahoo.com', 'Subject: Failure Notice'],
      `Sorry, we were unable to deliver your message to the following address.

<kijitora@example.jp>:
Remote host said: 550 5.1.1 <kijitora@example.jp>... User Unknown [RCPT_TO]

--- Below this line is a copy of the message.

Subject: hello
`,
    ),
    expected: { recipient: 'kijitora@example.jp', reason: 'userunknown', command: 'rcpt', status: '5.1.1' },
  },
  {
    vendor: 'qmail',
    source: 'qmail-1.03 qmail-send.c and qmail-remote.c strings, as quoted in sisimai/go-sisimai lhost/via-qmail.go',
    text: message(
      ['From: MAILER-DAEMON@mx.example.net', 'To: alice@example.net', 'Subject: failure notice'],
      `Hi. This is the qmail-send program at mx.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<kijitora@example.jp>:
192.0.2.153 does not like recipient.
Remote host said: 550 5.1.1 <kijitora@example.jp>... User Unknown
Giving up on 192.0.2.153.

--- Below this line is a copy of the message.

Subject: hello
`,
    ),
    expected: {
      recipient: 'kijitora@example.jp',
      reason: 'userunknown',
      command: 'rcpt',
      remoteMta: '192.0.2.153',
      reportingMta: 'mx.example.net',
      diagnostic: '550 5.1.1 <kijitora@example.jp>... User Unknown',
    },
  },
  {
    vendor: 'qmail (no such host)',
    source: 'qmail-1.03 qmail-remote.c: "Sorry, I couldn\'t find any host named " … "(#5.1.2)"',
    text: `Hi. This is the qmail-send program at mx.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<bob@example.invalid>:
Sorry, I couldn't find any host named example.invalid. (#5.1.2)
`,
    expected: { recipient: 'bob@example.invalid', reason: 'hostunknown', status: '5.1.2', permanent: true },
  },
  {
    vendor: 'qmail (expired)',
    source: 'qmail-1.03 qmail-send.c: "I\'m not going to try again; this message has been in the queue too long."',
    text: `Hi. This is the qmail-send program at mx.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<bob@example.org>:
Connected to 192.0.2.7 but connection died. (#4.4.2)
I'm not going to try again; this message has been in the queue too long.
`,
    expected: { recipient: 'bob@example.org', reason: 'expired', permanent: true },
  },
  {
    vendor: 'Exim',
    source:
      'Exim\'s bounce text ("This message was created automatically by mail delivery software", exim4 src/deliver.c), as quoted in sisimai/go-sisimai lhost/via-exim.go',
    text: message(
      [
        'From: Mail Delivery System <Mailer-Daemon@mx.example.net>',
        'To: alice@example.net',
        'Subject: Mail delivery failed: returning message to sender',
        'Auto-Submitted: auto-replied',
      ],
      `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  kijitora@example.jp
    host mx.example.jp [192.0.2.153]
    SMTP error from remote mail server after RCPT TO:<kijitora@example.jp>:
    550 5.1.1 <kijitora@example.jp>... User Unknown

------ This is a copy of the message, including all the headers. ------

Subject: hello
`,
    ),
    expected: {
      recipient: 'kijitora@example.jp',
      reason: 'userunknown',
      command: 'rcpt',
      remoteMta: 'mx.example.jp',
      permanent: true,
    },
  },
  {
    vendor: 'Exim (delayed)',
    source:
      'Exim\'s delay warning (exim4 "warn_message_file" default text: "Delivery attempts will continue for some time")',
    text: message(
      [
        'From: Mail Delivery System <Mailer-Daemon@mx.example.net>',
        'To: alice@example.net',
        'Subject: Warning: message 1vABCD-000123-4x delayed 24 hours',
      ],
      `This message was created automatically by mail delivery software.
A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on mx.example.net.

The address to which the message has not yet been delivered is:

  bob@example.org
    host mx.example.org [192.0.2.7]
    Delay reason: SMTP error from remote mail server after RCPT TO:<bob@example.org>:
    451 4.7.1 <bob@example.org>: Recipient address rejected: Greylisted, try again later

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered. Eventually the mail delivery software will give up,
and when that happens, the message will be returned to you.
`,
    ),
    expected: {
      recipient: 'bob@example.org',
      reason: 'blocked',
      permanent: false,
      command: 'rcpt',
      remoteMta: 'mx.example.org',
      retry: 'for some time',
    },
  },
  {
    vendor: 'Sendmail',
    source:
      'Sendmail 8 returned-mail notice ("----- The following addresses had permanent fatal errors -----", the session transcript), as quoted in sisimai/go-sisimai lhost/via-sendmail.go',
    text: message(
      [
        'From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>',
        'To: alice@example.net',
        'Subject: Returned mail: see transcript for details',
      ],
      `The original message was received at Thu, 3 Dec 2026 10:00:00 +0900
from localhost [127.0.0.1]

   ----- The following addresses had permanent fatal errors -----
<kijitora@example.jp>
    (reason: 550 5.1.1 <kijitora@example.jp>... User Unknown)

   ----- Transcript of session follows -----
... while talking to mx.example.jp.:
>>> RCPT To:<kijitora@example.jp>
<<< 550 5.1.1 <kijitora@example.jp>... User Unknown
550 5.1.1 <kijitora@example.jp>... User Unknown
`,
    ),
    expected: {
      recipient: 'kijitora@example.jp',
      reason: 'userunknown',
      remoteMta: 'mx.example.jp',
      command: 'rcpt',
      diagnostic: '550 5.1.1 <kijitora@example.jp>... User Unknown',
    },
  },
  {
    vendor: 'Zoho',
    source:
      'sisimai/go-sisimai lhost/via-zoho.go, the comments quoting real Zoho notices ("Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1")',
    text: message(
      [
        'From: mailer-daemon@mail.zoho.com',
        'To: alice@zoho.com',
        'Subject: Undelivered Mail Returned to Sender',
        'X-ZohoMail: Si CHF_MF_NL SS_10',
      ],
      `This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.

kijitora@example.co.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <kijitora@example.co.jp>... User Unknown
`,
    ),
    expected: { recipient: 'kijitora@example.co.jp', reason: 'userunknown', status: '5.1.1', replyCode: 550 },
  },
  {
    vendor: 'Zoho (unreachable)',
    source:
      'sisimai/go-sisimai lhost/via-zoho.go ("[Status: Error, Address: <…>, ResponseCode 421, , Host not reachable.]")',
    text: message(
      ['From: mailer-daemon@mail.zoho.com', 'To: alice@zoho.com', 'Subject: Undelivered Mail Returned to Sender'],
      `This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.

[Status: Error, Address: <kijitora@6kaku.example.co.jp>, ResponseCode 421, , Host not reachable.]
`,
    ),
    expected: { recipient: 'kijitora@6kaku.example.co.jp', reason: 'expired', permanent: true, replyCode: 421 },
  },
  {
    vendor: 'Mimecast',
    source:
      'sisimai/go-sisimai lhost/via-mimecast.go, the comments quoting real Mimecast notices ("[Postmaster] Email Delivery Failure", "-- " lines)',
    text: message(
      [
        'From: Postmaster <postmaster@example.org>',
        'To: alice@example.com',
        'Subject: [Postmaster] Email Delivery Failure',
      ],
      `An email that you attempted to send to the following address could not be delivered:
-- sabineko@neko.ef.example.org

The problem appears to be :
-- Recipient email address is possibly incorrect

Additional information follows :
-- 5.4.1 Recipient address rejected: Access denied.
`,
    ),
    expected: { recipient: 'sabineko@neko.ef.example.org', reason: 'userunknown', status: '5.4.1', permanent: true },
  },
  {
    vendor: 'iCloud',
    source:
      'Apple Support HT204137, "iCloud Mail server error codes" ("554 5.7.1 [CS01] Message rejected due to local policy"), as a Postfix sender quotes it in its notice',
    text: `This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<bob@icloud.com>: host mx01.mail.icloud.com[17.57.154.6] said: 554 5.7.1
    [CS01] Message rejected due to local policy. Please visit
    https://support.apple.com/en-us/HT204137 (in reply to end of DATA command)
`,
    expected: {
      recipient: 'bob@icloud.com',
      reason: 'policyviolation',
      remoteMta: 'mx01.mail.icloud.com',
      command: 'data',
      reportingMta: 'mx.example.net',
    },
  },
  {
    vendor: 'Outlook.com (blocklist)',
    source:
      'Microsoft, Outlook.com postmaster "Troubleshooting" (550 5.7.1 "… part of their network is on our block list (S3150)"), quoted by an Exim sender',
    text: `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  bob@outlook.com
    host outlook-com.olc.protection.outlook.com [192.0.2.33]
    SMTP error from remote mail server after RCPT TO:<bob@outlook.com>:
    550 5.7.1 Unfortunately, messages from [198.51.100.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.
`,
    expected: {
      recipient: 'bob@outlook.com',
      reason: 'blocked',
      remoteMta: 'outlook-com.olc.protection.outlook.com',
      command: 'rcpt',
      // The host names its vendor, so Microsoft's own reading of the text is stated as fact.
      vendorReading: 'Outlook.com: network on block list',
    },
  },
];
