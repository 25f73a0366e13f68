// RFC 3030 CHUNKING: the message goes in BDAT chunks of a stated octet count, the last one
// marked LAST. Nothing is dot-stuffed and no line ends are looked at: the server reads exactly
// the octets announced. Each chunk is answered before the next is sent.
import type { Conversation } from './conversation';
import { offers } from './envelope';
import { AFTER_REPLY } from './replyEffects';

/** How many message lines the transcript keeps across all chunks (as for DATA). */
const MAX_RECORDED_LINES = 500;

/** The message as it travels: lines ended by CRLF (RFC 5322 §2.1), nothing else changed. */
function messageBytes(message: string): Buffer {
  const text = message.replace(/\r?\n$/, '');
  return Buffer.from(text === '' ? '' : `${text.split(/\r?\n/).join('\r\n')}\r\n`, 'utf8');
}

function recordChunkLines(c: Conversation, chunk: Buffer, recorded: { lines: number }): void {
  const lines = chunk.toString('utf8').replace(/\r\n$/, '').split('\r\n');
  for (const line of lines) {
    if (recorded.lines++ >= MAX_RECORDED_LINES) return;
    c.recorder.record({ type: 'send', stage: 'data', line, body: true });
  }
}

export async function sendInChunks(c: Conversation, message: string): Promise<void> {
  const bytes = messageBytes(message);
  const size = c.opts.bdatChunk ?? Math.max(bytes.length, 1);
  const count = Math.max(1, Math.ceil(bytes.length / size));
  c.note(
    'data',
    `CHUNKING (RFC 3030): ${bytes.length} octets in ${count === 1 ? 'one BDAT chunk' : `${count} BDAT chunks of up to ${size} octets`}, no dot-stuffing and no final ".".`,
    'bdat-chunks',
    { octets: String(bytes.length), chunks: String(count) },
  );
  const recorded = { lines: 0 };
  for (let i = 0; i < count; i++) {
    const chunk = bytes.subarray(i * size, (i + 1) * size);
    const last = i === count - 1;
    const line = `BDAT ${chunk.length}${last ? ' LAST' : ''}`;
    c.recorder.record({ type: 'send', stage: 'data', line });
    recordChunkLines(c, chunk, recorded);
    c.conn?.write(Buffer.concat([Buffer.from(`${line}\r\n`), chunk]));
    const reply = await c.reply('data', last ? c.timeouts.dataEnd : c.timeouts.command);
    if (!reply) {
      c.progress.ending = true;
      return;
    }
    const ok = reply.code !== null && reply.code >= 200 && reply.code < 300;
    if (!ok) {
      if (reply.code !== null && reply.code >= 500)
        c.note('data', `The server refused ${line}: "${reply.lines[0] ?? ''}".`, 'bdat-refused', {
          command: line,
          reply: reply.lines[0] ?? '',
          offered: offers(c, 'CHUNKING') ? 'yes' : 'no',
        });
      // RFC 3030 §2: a refused chunk ends the transaction; the rest is not sent.
      c.progress.ending = true;
      return;
    }
    if (last && !AFTER_REPLY.message(c, reply)) c.progress.ending = true;
  }
  if (recorded.lines > MAX_RECORDED_LINES)
    c.note('data', `… ${recorded.lines - MAX_RECORDED_LINES} more message lines sent (not shown).`);
}
