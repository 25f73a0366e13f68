import { readReply } from '../../../shared/knowledge/replyClassifier';
import { greetingsOf, identifyServer } from '../../../shared/knowledge/serverIdentity';
import type { ReplyEvent } from '../../../shared/transcript';
import { inContext } from './contextWording';
import type { RawFinding, Rule, RuleInput } from './rule';
import { sessionContext } from './sessionContext';

/** The finding one failed reply produces, worded for the session's context. */
export function replyFinding(input: RuleInput, reply: ReplyEvent, index: number): RawFinding | null {
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

/** One finding per failed reply that means something: a 4xx or 5xx, except the EHLO refusal
 * that leads to HELO (RFC 5321 §4.1.4), replies to QUIT, replies already reported as
 * malformed (networkRules), and a refusal the smuggling probe provoked. */
export const replyRules: Rule = (input) => {
  const found: RawFinding[] = [];
  input.events.forEach((e, index) => {
    if (e.type !== 'reply' || e.code === null || e.code < 400 || e.malformed || e.stage === 'quit') return;
    if (refusedProbe(input.events, index)) return;
    const finding = replyFinding(input, e, index);
    if (finding) found.push(finding);
  });
  return found;
};
