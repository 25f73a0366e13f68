// RFC 2920: with PIPELINING offered, MAIL FROM, every RCPT TO and DATA go in one write, as real
// MTAs send them, and the replies are read in the order of the commands. A server that answers
// out of order, or leaves one unanswered, breaks every client that pipelines.
import type { ReplyEvent, Stage } from '../../shared/transcript';
import { commandLine, ensureMessage, envelopeOf } from './commandSteps';
import type { Conversation } from './conversation';
import { envelopeReady } from './envelope';
import { usesBdat } from './planner';
import { AFTER_REPLY } from './replyEffects';

type Kind = 'mail' | 'rcpt' | 'data';

interface Batched {
  kind: Kind;
  stage: Stage;
  line: string;
}

/** The batch as it will go on the wire; DATA ends it (RFC 2920 §3.1) unless the session
 * stops after RCPT or sends the message with BDAT. */
export function envelopeBatch(c: Conversation): Batched[] {
  const to = c.opts.to ?? [];
  const withData = c.opts.quitAfter !== 'rcpt' && !usesBdat(c.progress, c.opts);
  return [
    { kind: 'mail', stage: 'mail', line: commandLine.mail(c) },
    ...to.map((_, i): Batched => ({ kind: 'rcpt', stage: 'rcpt', line: commandLine.rcpt(c, i) })),
    ...(withData ? [{ kind: 'data', stage: 'data', line: 'DATA' } as Batched] : []),
  ];
}

/** A reply no server gives to that command: it belongs to another one of the batch. MAIL and
 * RCPT never get 354; DATA never gets a 2xx (RFC 5321 §4.3.2). */
function misplaced(kind: Kind, reply: ReplyEvent): boolean {
  if (reply.code === null) return false;
  return kind === 'data' ? reply.code >= 200 && reply.code < 300 : reply.code === 354;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const nth = (i: number) => ORDINALS[i] ?? `${i + 1}th`;

export async function runEnvelopeBatch(c: Conversation): Promise<void> {
  const p = c.progress;
  p.mailTried = true;
  await ensureMessage(c);
  if (!envelopeReady(c, envelopeOf(c))) {
    p.ending = true;
    return;
  }
  const batch = envelopeBatch(c);
  c.note(
    'mail',
    `PIPELINING (RFC 2920): ${batch.map((b) => b.line.split(' ')[0]).join(', ')} go in one write; the server must answer each, in this order.`,
    'pipelining-batch',
    { commands: String(batch.length) },
  );
  for (const b of batch) c.recorder.record({ type: 'send', stage: b.stage, line: b.line, pipelined: true });
  c.conn?.write(batch.map((b) => `${b.line}\r\n`).join(''));
  p.rcptNext = batch.filter((b) => b.kind === 'rcpt').length;
  p.dataTried = batch.at(-1)?.kind === 'data';

  let mailAccepted = false;
  for (const [i, b] of batch.entries()) {
    const reply = await c.reply(b.stage, c.timeouts.command);
    if (!reply) {
      if (i > 0 && c.lastFailure?.code === 'TIMEOUT')
        c.note(
          b.stage,
          `No reply to ${b.line.split(' ')[0]}, the ${nth(i)} command of the batch: ${i} of ${batch.length} replies came. The server lost a pipelined command.`,
          'pipelining-broken',
          { kind: 'missing', command: b.line, got: String(i), expected: String(batch.length) },
        );
      p.ending = true;
      return;
    }
    if (misplaced(b.kind, reply)) {
      c.note(
        b.stage,
        `"${reply.lines[0] ?? ''}" came where the reply to ${b.line.split(' ')[0]} belongs: the server answered the batch out of order, so no reply can be trusted to mean its command. SMTP Lens hangs up.`,
        'pipelining-broken',
        { kind: 'out-of-order', command: b.line, reply: reply.lines[0] ?? '' },
      );
      c.close('client');
      return;
    }
    if (b.kind === 'mail') mailAccepted = AFTER_REPLY.mail(c, reply);
    else if (b.kind === 'rcpt') AFTER_REPLY.rcpt(c, reply);
    else if (!AFTER_REPLY.data(c, reply)) p.ending = true;
  }
  if (!mailAccepted) p.ending = true;
  if (p.expects === 'data' && p.rcptAccepted === 0) await endEmptyData(c);
}

/** RFC 2920 §3.1: DATA was accepted although no recipient was. The client ends the data at
 * once with ".", so that no message is sent. */
async function endEmptyData(c: Conversation): Promise<void> {
  c.note(
    'data',
    'The server invited the message although it took no recipient: SMTP Lens ends it at once with "." (RFC 2920 §3.1), so nothing is delivered.',
  );
  c.progress.messageSent = true;
  c.send('data', '.');
  const reply = await c.reply('data', c.timeouts.dataEnd);
  if (reply) AFTER_REPLY.message(c, reply);
  c.progress.ending = true;
}
