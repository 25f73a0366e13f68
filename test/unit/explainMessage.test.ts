// Bounce messages through mailparser to one result per recipient: a DSN in Postfix's shape
// (RFC 3464, as bounce(8) writes it), with LF, CRLF and CR line ends; and inputs that are not
// bounces: an ARF report (RFC 5965), an auto-reply (RFC 3834), a plain message, binary, empty
// and oversize input.
import { describe, expect, it } from 'vitest';
import { explainMessage, MAX_MESSAGE_BYTES } from '../../main/engine/explain/dsn';

const POSTFIX_DSN = `Return-Path: <>
From: MAILER-DAEMON@mx1.lab.test (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: alice@lab.test
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="B0UND"

This is a MIME-encapsulated message.

--B0UND
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx1.lab.test.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<bob@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1
    <bob@example.com>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)

<carol@example.net>: host mx.example.net[192.0.2.2] said: 552 5.2.2 Mailbox
    full (in reply to end of DATA command)

--B0UND
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.lab.test
X-Postfix-Queue-ID: 4F1A2B3C4D
Arrival-Date: Thu,  3 Dec 2026 12:00:00 +0000 (UTC)

Final-Recipient: rfc822; bob@example.com
Original-Recipient: rfc822;bob@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected:
    User unknown in virtual mailbox table

Final-Recipient: rfc822; carol@example.net
Action: failed
Status: 5.2.2
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

Final-Recipient: rfc822; dave@example.org
Action: failed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.example.org[192.0.2.3]:25: Connection
    timed out

--B0UND--
`;

const pick = (r: Awaited<ReturnType<typeof explainMessage>>) =>
  r.results.map((x) => [
    x.recipient,
    x.reason,
    x.permanent,
    x.status,
    x.replyCode,
    x.command,
    x.remoteMta,
    x.reportingMta,
  ]);

const EXPECTED = [
  ['bob@example.com', 'userunknown', true, '5.1.1', 550, 'rcpt', 'mx.example.com', 'mx1.lab.test'],
  ['carol@example.net', 'mailboxfull', true, '5.2.2', 552, 'data', 'mx.example.net', 'mx1.lab.test'],
  // Failed with a 4.x.x status: the sender retried until the queue lifetime ran out.
  ['dave@example.org', 'expired', true, '4.4.1', null, null, null, 'mx1.lab.test'],
];

describe('bounce messages', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    it(`a Postfix DSN with ${name} line ends: each recipient, its reason, the command refused and the MTAs`, async () => {
      const r = await explainMessage(Buffer.from(POSTFIX_DSN.replace(/\n/g, eol)));
      expect(r.kind).toBe('bounce');
      expect(pick(r)).toEqual(EXPECTED);
      // A bounce that gave up never says "try again later", whatever the live reading of 5.2.2 is.
      expect(r.results.map((x) => x.findingId)).toEqual(['smtp.recipient-unknown', null, null]);
      expect(r.results[1].title).toBe("The recipient's mailbox is over its quota (RFC 3463 4.2.2/5.2.2)");
      expect(r.results[0].diagnostic).toBe(
        '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
      );
    });
  }

  it('a delay notice: temporary, and until when the sender keeps trying (Will-Retry-Until, RFC 3464 §2.3.9)', async () => {
    // Postfix's delay warning (delay_warning_time): Action delayed, the retry limit given.
    const delayed = POSTFIX_DSN.replace(
      'Subject: Undelivered Mail Returned to Sender',
      'Subject: Delayed Mail (still being retried)',
    ).replace(
      'Final-Recipient: rfc822; dave@example.org\nAction: failed\nStatus: 4.4.1',
      'Final-Recipient: rfc822; dave@example.org\nAction: delayed\nStatus: 4.4.1\nWill-Retry-Until: Tue,  8 Dec 2026 12:00:00 +0000 (UTC)',
    );
    const dave = (await explainMessage(Buffer.from(delayed))).results.find((r) => r.recipient === 'dave@example.org');
    expect(dave).toMatchObject({
      permanent: false,
      reason: 'networkerror',
      retry: 'until Tue,  8 Dec 2026 12:00:00 +0000 (UTC)',
      diagnostic: 'connect to mx.example.org[192.0.2.3]:25: Connection timed out',
    });
  });

  it('a delivery-status part in base64', async () => {
    const [head, rest] = POSTFIX_DSN.split('Content-Type: message/delivery-status\n\n');
    const [body, tail] = rest.split('\n--B0UND--');
    const encoded = `${head}Content-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n${Buffer.from(body).toString('base64').replace(/.{76}/g, '$&\n')}\n--B0UND--${tail}`;
    expect(pick(await explainMessage(Buffer.from(encoded)))).toEqual(EXPECTED);
  });

  it('not bounces: an ARF report, an auto-reply, a plain message, binary and empty input', async () => {
    const arf =
      'From: abuse@example.net\nSubject: FW: spam\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report; boundary="F"\n\n--F\nContent-Type: text/plain\n\nThis is an abuse report.\n--F\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: SomeGenerator/1.0\nVersion: 1\n\n--F--\n';
    const vacation =
      'From: bob@example.com\nSubject: Out of Office: your message\nAuto-Submitted: auto-replied\n\nI am away until Monday.\n';
    const plain = 'From: alice@lab.test\nSubject: lunch?\n\nAt noon.\n';
    const kinds = [];
    for (const input of [arf, vacation, plain]) kinds.push((await explainMessage(Buffer.from(input))).kind);
    expect(kinds).toEqual(['feedback', 'auto-reply', 'message']);
    expect((await explainMessage(Buffer.from([0, 255, 1, 254, 0, 0, 7]))).results).toEqual([]);
    expect((await explainMessage(Buffer.alloc(0))).kind).toBe('message');
  });

  it('a 50 MB input is refused at once, in words', async () => {
    await expect(explainMessage(Buffer.alloc(50 << 20, 'a'))).rejects.toThrow(
      `the input is ${50 << 20} bytes, more than the ${MAX_MESSAGE_BYTES >> 20} MB a bounce can be`,
    );
  });
});
