// `smtp-lens explain` as a user runs it: a log excerpt, a pasted reply, a bounce file, several
// files as JSON, and input it cannot explain.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const file = (name: string, text: string) => {
  const p = path.join(tmpdir(), name);
  writeFileSync(p, text);
  return p;
};

const POSTFIX_LOG =
  'Dec  3 12:00:01 mx1 postfix/smtp[4321]: 4F1A2B3C4D: to=<bob@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))\n';

const BOUNCE = [
  'From: MAILER-DAEMON@mx1.lab.test',
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
  '',
  '--B',
  'Content-Type: text/plain',
  '',
  '<carol@example.net>: host mx.example.net[192.0.2.2] said: 552 5.2.2 Mailbox full (in reply to end of DATA command)',
  '--B',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx1.lab.test',
  '',
  'Final-Recipient: rfc822; carol@example.net',
  'Action: failed',
  'Status: 5.2.2',
  'Remote-MTA: dns; mx.example.net',
  'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full',
  '--B--',
  '',
].join('\n');

describe('smtp-lens explain', () => {
  it('a Postfix log line: the recipient, the reason, who refused what, and the probe to run next', async () => {
    const r = await runCli(['explain', file('explain-postfix.log', POSTFIX_LOG)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(': a mail log excerpt, 1 result\n');
    expect(r.stdout).toContain('  bob@example.com · userunknown · permanent: the sender will not retry\n');
    expect(r.stdout).toContain('    The recipient bob@example.com does not exist here  [smtp.recipient-unknown]\n');
    expect(r.stdout).toContain('    No such mailbox at the recipient domain (RFC 3463 5.1.1).\n');
    expect(r.stdout).toContain('    Fix: Check the spelling. If the mailbox should exist, check the server:');
    expect(r.stdout).toContain(
      '    mx.example.com refused RCPT TO: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table\n',
    );
    expect(r.stdout).toContain(
      '    Next: smtp-lens probe mx.example.com --port 25 --to bob@example.com --quit-after rcpt\n',
    );
  });

  it('a reply pasted on standard input', async () => {
    const r = await runCli(['explain'], {
      stdin: '421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to user complaints\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '-: SMTP replies, 1 result\n  (no recipient named) · blocked · temporary: the sender keeps retrying\n',
    );
  });

  it('a bounce and a log as JSON: one smtp-lens/explain@1 object per file', async () => {
    const r = await runCli([
      'explain',
      '--json',
      file('explain-bounce.eml', BOUNCE),
      file('explain-postfix.log', POSTFIX_LOG),
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      schema: string;
      kind: string;
      results: { recipient: string; reason: string; command: string | null }[];
    }[];
    expect(out.map((e) => [e.schema, e.kind, e.results.map((x) => [x.recipient, x.reason, x.command])])).toEqual([
      ['smtp-lens/explain@1', 'bounce', [['carol@example.net', 'mailboxfull', 'data']]],
      ['smtp-lens/explain@1', 'log', [['bob@example.com', 'userunknown', 'rcpt']]],
    ]);
  });

  it('input it cannot explain, and a file that is not there: said, exit 1', async () => {
    const r = await runCli(['explain', file('explain-lunch.txt', 'see you at noon\n'), '/nonexistent/bounce.eml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'explain-lunch.txt: nothing SMTP Lens can explain: not a bounce, a mail log or an SMTP reply',
    );
    expect(r.stderr).toContain('smtp-lens: /nonexistent/bounce.eml: cannot read it (ENOENT)');
  });

  it('--format md and html for a ticket: the same card, what the server sent escaped', async () => {
    // A hostile reply: markup, a Markdown link and a terminal escape in the server's words.
    const hostile = POSTFIX_LOG.replace(
      'User unknown in virtual mailbox table',
      'User unknown <script>alert(1)</script> [click](http://evil.example) \u001b[2J',
    );
    const md = await runCli(['explain', file('explain-hostile.log', hostile), '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### bob@example.com: userunknown');
    expect(md.stdout).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md.stdout).toContain('\\[click\\](http://evil.example)');
    expect(md.stdout).not.toContain('\u001b');
    expect(md.stdout).toContain(
      'Next: `smtp-lens probe mx.example.com --port 25 --to bob@example.com --quit-after rcpt`',
    );

    const html = await runCli(['explain', file('explain-hostile.log', hostile), '--format', 'html']);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).toContain('Content-Security-Policy" content="default-src \'none\'');
    expect(html.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.stdout).not.toContain('<script>');
    expect(html.stdout).not.toContain('\u001b');

    const text = await runCli(['explain', file('explain-hostile.log', hostile)]);
    expect(text.stdout).not.toContain('\u001b');
    expect(text.stdout).toContain('User unknown <script>alert(1)</script>');
  });

  it('an unknown --format is a usage error', async () => {
    const r = await runCli(['explain', '--format', 'pdf', file('explain-log.log', POSTFIX_LOG)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be text, md, html or json, not "pdf"');
  });
});
