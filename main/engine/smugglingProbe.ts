// The SMTP smuggling probe (a security probe: only when asked for). The message goes
// out without its end; then, one at a time, non-standard end-of-data sequences follow, each
// with a pause to listen. A reply during a pause means the server took that sequence as the
// end of the data, which RFC 5321 §4.1.1.4 allows only for <CR><LF>.<CR><LF>. Nothing is ever
// sent after a sequence the server accepted, so no second message is smuggled for real.
import type { ReplyEvent } from '../../shared/transcript';
import type { Conversation } from './conversation';

export interface SmugglingSequence {
  /** As people write it, and as findings quote it. */
  name: string;
  bytes: string;
}

/** The sequences of the 2023 SMTP smuggling research: LF alone, and CR alone, taken for CR LF. */
export const SMUGGLING_SEQUENCES: readonly SmugglingSequence[] = [
  { name: '<LF>.<LF>', bytes: '\n.\n' },
  { name: '<LF>.<CR><LF>', bytes: '\n.\r\n' },
  { name: '<CR><LF>.<LF>', bytes: '\r\n.\n' },
  { name: '<CR>.<CR><LF>', bytes: '\r.\r\n' },
];

/** How long to listen after each sequence. A server that ended the data answers at once, as it
 * does to the real end; the pause only has to outlast a round trip and a queue write. */
export function smugglingPause(c: Conversation): number {
  return Math.min(c.timeouts.command, 2_000);
}

/** Words a server uses when it refuses a message for its line endings (Postfix's
 * "bare <LF> received", Exim's and Sendmail's "bare LF/CR" wording). */
const LINE_ENDING_REFUSAL = /bare\s*<?(LF|CR|newline|line ?feed)|line ending|<CR>|<LF>/i;

/** The probe's label lines are ordinary message text: a reader of the delivered message (or of
 * the transcript) sees which sequence came where. */
const label = (i: number, s: SmugglingSequence) =>
  `SMTP Lens smuggling probe ${i + 1}/${SMUGGLING_SEQUENCES.length}: ${s.name} follows`;

/**
 * Writes the dot-stuffed message lines and then the probe. Returns the reply that ended the
 * data (to a non-standard sequence or to the real end), or null when the session failed.
 */
export async function sendWithSmugglingProbe(c: Conversation, lines: string[]): Promise<ReplyEvent | null> {
  const pause = smugglingPause(c);
  c.note(
    'data',
    `Security probe (asked for): after the message, ${SMUGGLING_SEQUENCES.length} non-standard end-of-data sequences follow, each with a ` +
      `${pause / 1000} s pause. Only <CR><LF>.<CR><LF> ends the data (RFC 5321 §4.1.1.4); a server that answers during a pause took the sequence before it as the end.`,
    'smuggling-probe',
  );
  c.conn?.write(lines.join('\r\n'));
  for (const [i, sequence] of SMUGGLING_SEQUENCES.entries()) {
    const line = label(i, sequence);
    c.conn?.write(`\r\n${line}${sequence.bytes}`);
    c.recorder.record({ type: 'send', stage: 'data', line, body: true });
    c.note('data', `Sent ${sequence.name}, then listened for ${pause / 1000} s.`, 'smuggling-sent', {
      sequence: sequence.name,
    });
    const outcome = await c.conn!.readReply(pause, c.signal);
    if (!outcome.ok && outcome.failure.code === 'TIMEOUT') continue;
    const reply = c.recordOutcome('data', outcome);
    if (reply) judgeEarlyReply(c, reply, sequence);
    return reply;
  }
  c.conn?.write('\r\n.\r\n');
  c.recorder.record({ type: 'send', stage: 'data', line: '.' });
  const reply = await c.reply('data', c.timeouts.dataEnd);
  if (reply) judgeFinalReply(c, reply);
  return reply;
}

/** A reply before the real end: the server ended the data at this sequence. Even a refusal
 * means that whatever followed would have been read as commands, unless it names the line
 * endings themselves as the reason. */
function judgeEarlyReply(c: Conversation, reply: ReplyEvent, sequence: SmugglingSequence): void {
  const data = {
    sequence: sequence.name,
    reply: reply.lines.join(' ').slice(0, 200),
    count: String(SMUGGLING_SEQUENCES.length),
  };
  const accepted = reply.code !== null && reply.code < 400;
  if (!accepted && LINE_ENDING_REFUSAL.test(data.reply)) {
    c.note(
      'data',
      `The server refused the message as soon as it saw ${sequence.name}, because of its bare line endings: strict handling, which is what stops SMTP smuggling.`,
      'smuggling-rejected',
      data,
    );
    return;
  }
  const verdict = accepted
    ? 'and accepted the message before it'
    : 'and refused the message, but anything sent after it would now be read as commands';
  c.note(
    'data',
    `The server answered right after ${sequence.name}: it took that as the end of the data ${verdict}.`,
    'smuggling-accepted',
    data,
  );
}

function judgeFinalReply(c: Conversation, reply: ReplyEvent): void {
  const count = String(SMUGGLING_SEQUENCES.length);
  const text = reply.lines.join(' ').slice(0, 200);
  if (reply.code !== null && reply.code < 400) {
    c.note(
      'data',
      `None of the ${count} non-standard sequences ended the data; only <CR><LF>.<CR><LF> did, as RFC 5321 §4.1.1.4 requires.`,
      'smuggling-ignored',
      { count },
    );
  } else if (LINE_ENDING_REFUSAL.test(text)) {
    c.note(
      'data',
      'The server refused the message because of the bare line endings the probe sent: strict handling, which is what stops SMTP smuggling.',
      'smuggling-rejected',
      { count, reply: text },
    );
  } else {
    c.note(
      'data',
      `None of the ${count} non-standard sequences ended the data, but the message was refused for another reason (see the reply).`,
      'smuggling-ignored',
      { count },
    );
  }
}
