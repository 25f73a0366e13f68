import { randomBytes } from 'node:crypto';

/** RFC 5322 §3.3 date-time, e.g. "Fri, 27 Nov 2026 17:40:00 +0000". */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** The message sent when recipients are given without one: a real RFC 5322 message with the
 * headers spam filters expect, so it is judged like ordinary mail. */
export function defaultTestMessage(opts: {
  from: string;
  to: string[];
  ehloName: string;
  target: string;
  version: string;
  now?: Date;
}): string {
  const now = opts.now ?? new Date();
  const domain = opts.ehloName.replace(/^\[|\]$/g, '') || 'localhost';
  return [
    `Date: ${rfc5322Date(now)}`,
    `From: <${opts.from}>`,
    `To: ${opts.to.map((r) => `<${r}>`).join(', ')}`,
    'Subject: SMTP Lens test message',
    `Message-ID: <${randomBytes(12).toString('hex')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    `X-Mailer: SMTP Lens ${opts.version}`,
    '',
    'This is a test message sent by SMTP Lens to check that mail is accepted.',
    `It was sent to ${opts.target} at ${now.toISOString()}.`,
  ].join('\r\n');
}

/**
 * The message as it goes on the wire after DATA: CRLF line ends, every line that starts
 * with "." doubled (RFC 5321 §4.5.2), ending with CRLF "." CRLF.
 */
export function dotStuff(message: string): string[] {
  const text = message.replace(/\r?\n$/, '');
  const lines = text === '' ? [] : text.split(/\r?\n/);
  return lines.map((line) => (line.startsWith('.') ? `.${line}` : line));
}
