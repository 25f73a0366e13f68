// Log lines as Postfix, Exim and Sendmail write them, to one result per failed recipient.
// The shapes follow each MTA's own logging code: Postfix's smtp(8)/local(8) delivery status
// and smtpd(8)'s NOQUEUE reject, Exim's "**"/"==" main-log lines (spec. ch. 52), Sendmail's
// dsn=/stat= (sendmail/deliver.c).
import { describe, expect, it } from 'vitest';
import { explainLogLines } from '../../main/engine/explain/logLines';

const pick = (text: string) =>
  explainLogLines(text).map((r) => [r.recipient, r.reason, r.permanent, r.status, r.replyCode, r.command, r.remoteMta]);

describe('log lines', () => {
  it('Postfix: bounced, deferred, a full local mailbox, a NOQUEUE reject and an expired message', () => {
    const log = [
      'Dec  3 12:00:01 mx1 postfix/smtp[4321]: 4F1A2B3C4D: to=<bob@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))',
      'Dec  3 12:00:02 mx1 postfix/smtp[4322]: 5A1B2C3D4E: to=<carol@example.net>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.2]:25: Connection timed out)',
      'Dec  3 12:00:03 mx1 postfix/local[999]: 6B1C2D3E4F: to=<dave@lab.test>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=5.2.2, status=bounced (cannot update mailbox /var/mail/dave for user dave. error writing message: File too large)',
      'Dec  3 12:00:04 mx1 postfix/smtpd[555]: NOQUEUE: reject: RCPT from unknown[192.0.2.10]: 554 5.7.1 <bob@example.net>: Relay access denied; from=<spam@example.org> to=<bob@example.net> proto=ESMTP helo=<x>',
      'Dec  3 12:00:05 mx1 postfix/qmgr[123]: 7C1D2E3F4A: from=<alice@lab.test>, status=expired, returned to sender',
      'Dec  3 12:00:06 mx1 postfix/smtp[4323]: 8D1E2F3A4B: to=<erin@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABC)',
    ].join('\n');
    expect(pick(log)).toEqual([
      ['bob@example.com', 'userunknown', true, '5.1.1', 550, 'rcpt', 'mx.example.com'],
      ['carol@example.net', 'networkerror', false, '4.4.1', null, null, null],
      ['dave@lab.test', 'mailboxfull', true, '5.2.2', null, null, null],
      ['bob@example.net', 'norelaying', true, '5.7.1', 554, 'rcpt', null],
      [null, 'expired', true, '4.4.7', null, null, null],
    ]);
    expect(explainLogLines(log)[0].reportingMta).toBe('mx1');
  });

  it('Exim: a bounce, a deferral after RCPT and a rejected RCPT', () => {
    const log = [
      '2026-12-03 12:00:01 1tXyZ-000123-AB ** bob@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<bob@example.com>: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown',
      '2026-12-03 12:00:02 1tXyZ-000124-AB == carol@example.net R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [192.0.2.2]: SMTP error from remote mail server after RCPT TO:<carol@example.net>: 451 4.7.1 Greylisted, please try again later',
      '2026-12-03 12:00:03 H=(helo.example) [192.0.2.10] F=<spam@example.org> rejected RCPT <bob@example.net>: relay not permitted',
    ].join('\n');
    expect(pick(log)).toEqual([
      ['bob@example.com', 'userunknown', true, '5.1.1', 550, 'rcpt', 'mx.example.com'],
      ['carol@example.net', 'blocked', false, '4.7.1', 451, 'rcpt', 'mx.example.net'],
      ['bob@example.net', 'norelaying', true, null, 550, 'rcpt', null],
    ]);
  });

  it('Sendmail: dsn= and stat=, a success skipped', () => {
    const log = [
      'Dec  3 12:00:01 mx1 sendmail[777]: 4B3CXYZ: to=<bob@example.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120000, relay=mx.example.com. [192.0.2.1], dsn=5.1.1, stat=User unknown',
      'Dec  3 12:00:02 mx1 sendmail[778]: 4B3CXZA: to=<carol@example.net>, delay=00:00:05, mailer=esmtp, pri=120000, relay=mx.example.net. [192.0.2.2], dsn=4.0.0, stat=Deferred: Connection refused by mx.example.net.',
      'Dec  3 12:00:03 mx1 sendmail[779]: 4B3CXZB: to=<erin@example.com>, delay=00:00:01, mailer=esmtp, relay=mx.example.com. [192.0.2.1], dsn=2.0.0, stat=Sent (OK)',
    ].join('\n');
    expect(pick(log)).toEqual([
      ['bob@example.com', 'userunknown', true, '5.1.1', null, null, 'mx.example.com'],
      ['carol@example.net', 'networkerror', false, '4.0.0', null, null, 'mx.example.net'],
    ]);
  });

  it('hostile input: control characters, a 1 MB line and lines that are not failures give nothing or a bounded result', () => {
    expect(explainLogLines('hello\n\u0000\u001b[31m\nnot a log line at all')).toEqual([]);
    const long = `Dec  3 12:00:01 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 550 5.1.1 ${'a'.repeat(1 << 20)}; from=<a@b.c> to=<d@e.f>`;
    expect(explainLogLines(long)).toEqual([]);
  });
});
