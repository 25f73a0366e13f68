// Reading what Postfix's virtual(8) delivered. Per virtual(8), each message in the mbox file
// gets a "From sender time_stamp" line and Return-Path:, X-Original-To: and Delivered-To:
// headers in front, ">" before body lines that begin with "From ", and one empty line at the
// end. Lines end in LF, not CRLF. The Received: header that follows is smtpd's.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Delivery is asynchronous (queue manager, then virtual), so wait for the message. */
export async function waitForMessage(mbox: string, marker: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(mbox)) {
      // mbox entries start at a line beginning with "From "; virtual(8) quotes such lines in bodies.
      const entry = readFileSync(mbox, 'latin1')
        .split(/\n(?=From )/)
        .find((e) => e.includes(marker));
      if (entry) return entry.endsWith('\n') ? entry : `${entry}\n`;
    }
    if (Date.now() > deadline) throw new Error(`no message with ${marker} in ${mbox} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** A line of the instance's maillog, once it is written (for what was not delivered to a
 * mailbox, such as mail that discard(8) threw away). */
export async function waitForLogLine(maillog: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = existsSync(maillog)
      ? readFileSync(maillog, 'utf8')
          .split('\n')
          .find((l) => pattern.test(l))
      : undefined;
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in ${maillog} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** What the message must look like in the mailbox after the headers Postfix adds: the bytes
 * the client meant (after dot-unstuffing, RFC 5321 §4.5.2), with LF line ends, then the
 * empty line virtual(8) appends. */
export function storedForm(message: string): string {
  return `${message.replace(/\r\n/g, '\n').replace(/\n?$/, '\n')}\n`;
}

export interface DeliveredMessage {
  /** Everything Postfix put in front of the client's message. */
  added: string;
  /** The rest of the entry, to compare byte for byte with storedForm(message). */
  content: string;
  queueId: string | null;
}

/** Splits an mbox entry at the first line of the client's own message. */
export function splitEntry(entry: string, firstLine: string): DeliveredMessage {
  const at = entry.indexOf(`\n${firstLine}\n`);
  if (at === -1) throw new Error(`"${firstLine}" not found in:\n${entry}`);
  const added = entry.slice(0, at + 1);
  return {
    added,
    content: entry.slice(at + 1),
    queueId: /\n\tby \S+ \(Postfix\) with \S+ id (\w+)\n/.exec(added)?.[1] ?? null,
  };
}
