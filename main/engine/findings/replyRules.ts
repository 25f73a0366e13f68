import { readReply } from '../../../shared/knowledge/replyClassifier';
import { greetingsOf, identifyServer } from '../../../shared/knowledge/serverIdentity';
import { commandFor } from '../../../shared/sessionFacts';
import type { ReplyEvent } from '../../../shared/transcript';
import { inContext } from './contextWording';
import type { IndexedInput, RawFinding, Rule, RuleInput } from './rule';
import { sessionContext } from './sessionContext';

/** The finding one failed reply produces, worded for the session's context. */
export function replyFinding(input: IndexedInput, reply: ReplyEvent, index: number): RawFinding | null {
  const ctx = sessionContext(input, index);
  const reading = readReply({
    code: reply.code,
    enhanced: reply.enhanced,
    text: reply.lines.join('\n'),
    stage: reply.stage,
    verb: ctx.verb,
    tlsUp: ctx.tlsUp,
    server: identifyServer(greetingsOf(input.events, index)),
  });
  if (!reading.findingId) return null;
  const text = reply.lines.join(' ').slice(0, 300);
  const vars: Record<string, string> = { reply: text, detail: `"${text}"` };
  if (reading.signature?.advice) vars.advice = reading.signature.advice;
  if (reading.signature) vars.signature = reading.signature.label;
  return inContext({ id: reading.findingId, event: index, vars }, ctx, reading);
}

/** The smuggling probe sent bare line endings on purpose, and the server refused them: the
 * probe's own finding (sec.smuggling-not-accepted) reports that reply. */
function refusedProbe(events: RuleInput['events'], index: number): boolean {
  const next = events[index + 1];
  return next?.type === 'note' && next.code === 'smuggling-rejected';
}

/** In a pipelined batch (RFC 2920) the commands after a refused MAIL, and DATA after every
 * RCPT was refused, are refused because of it: the server says so once more, nothing new. */
function consequenceInBatch(events: RuleInput['events'], index: number): boolean {
  const command = commandFor(events, index);
  if (!command?.pipelined) return false;
  const verb = command.line.split(' ')[0]?.toUpperCase();
  if (verb === 'MAIL') return false;
  const earlier: { verb: string; code: number | null }[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'send' && !e.pipelined) break;
    if (e.type !== 'reply') continue;
    const answered = commandFor(events, i);
    if (!answered?.pipelined) break;
    earlier.push({ verb: answered.line.split(' ')[0]?.toUpperCase() ?? '', code: e.code });
  }
  const refused = (code: number | null) => code === null || code >= 400;
  if (earlier.some((r) => r.verb === 'MAIL' && refused(r.code))) return true;
  const rcpts = earlier.filter((r) => r.verb === 'RCPT');
  return verb === 'DATA' && rcpts.length > 0 && rcpts.every((r) => refused(r.code));
}

/** One finding per failed reply that means something: a 4xx or 5xx, except the EHLO refusal
 * that leads to HELO (RFC 5321 §4.1.4), replies to QUIT, replies already reported as
 * malformed (networkRules), a refusal the smuggling probe provoked, and the consequences of a
 * refusal within a pipelined batch. */
export const replyRules: Rule = (input) => {
  const found: RawFinding[] = [];
  for (const index of input.index.failedReplies) {
    const e = input.events[index];
    if (e.type !== 'reply' || e.code === null || e.code < 400 || e.malformed || e.stage === 'quit') continue;
    if (refusedProbe(input.events, index) || consequenceInBatch(input.events, index)) continue;
    // VRFY or EXPN switched off (500, 502) is a server's choice, not a problem (RFC 5321 §7.3).
    if ((e.code === 500 || e.code === 502) && /^(VRFY|EXPN)\b/i.test(commandFor(input.events, index)?.line ?? ''))
      continue;
    const finding = replyFinding(input, e, index);
    if (finding) found.push(finding);
  }
  return found;
};
