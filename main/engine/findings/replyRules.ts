import { authenticatedBefore, commandFor, replyText, tlsEstablishedIndex } from '../../../shared/sessionFacts';
import type { ReplyEvent, TranscriptEvent } from '../../../shared/transcript';
import { matchServerSignature } from '../../../shared/knowledge/serverSignatures';
import type { RawFinding, Rule, RuleInput } from './rule';

interface ReplyContext {
  reply: ReplyEvent;
  index: number;
  text: string;
  command: string;
  tlsUp: boolean;
  authenticated: boolean;
  port: number;
}

const VERB = /^\s*(\S+)(?:\s+(FROM|TO):)?/i;
/** "<bob@example.org>" from "RCPT TO:<bob@example.org>". */
const addressOf = (command: string) => /<([^>]*)>/.exec(command)?.[1] ?? '';

/** The wording for a relay refusal depends on why the client was refused (issue #4). */
function relayVariant(ctx: ReplyContext): string {
  if (ctx.authenticated) return 'after-auth';
  return ctx.port === 25 ? 'no-auth-port25' : 'no-auth';
}

/** Generic reading of a reply by stage, code and enhanced code (RFC 5321 §4.2, RFC 3463),
 * for servers no signature knows. */
function genericFinding(ctx: ReplyContext): string | null {
  const { reply, text } = ctx;
  const code = reply.code ?? 0;
  const enhanced = reply.enhanced ?? '';
  const stage = reply.stage;
  if (code < 400) return null;
  if (stage === 'banner') return 'smtp.banner-rejected';
  if (stage === 'ehlo') return code === 500 || code === 502 ? null : 'smtp.ehlo-rejected';
  if (stage === 'tls') return 'tls.starttls-failed';
  if (code === 530 && (/tls|ssl|encrypt/i.test(text) || (enhanced === '5.7.0' && !ctx.tlsUp && !/auth/i.test(text)))) return 'tls.encryption-required';
  if (code === 530 || enhanced === '5.7.57') return 'auth.required';
  if (code === 538) return 'auth.encryption-required';
  if (stage === 'auth') {
    if (code === 504) return 'auth.mechanism-unsupported';
    return code === 454 ? 'smtp.temporary-failure' : 'auth.failed';
  }
  if (/gr[ae]y ?list/i.test(text)) return 'smtp.greylisted';
  if (code === 421 || /too many (connections|messages|recipients)|rate limit/i.test(text)) return 'smtp.rate-limited';
  if (/relay/i.test(text) && (stage === 'rcpt' || code >= 500)) return 'smtp.relay-denied';
  if (code === 552 || enhanced === '5.3.4' || enhanced === '5.2.3') return 'smtp.message-too-large';
  if (enhanced === '5.1.1' || enhanced === '5.1.10' || /user unknown|no such user|unknown user|mailbox unavailable/i.test(text)) {
    return 'smtp.recipient-unknown';
  }
  if (stage === 'mail' && code >= 500) return 'smtp.sender-rejected';
  if (code < 500) return 'smtp.temporary-failure';
  return 'smtp.policy-rejected';
}

function findingFor(ctx: ReplyContext): RawFinding | null {
  const signature = matchServerSignature(ctx.reply.code, ctx.reply.enhanced, ctx.text);
  const id = signature?.findingId ?? genericFinding(ctx);
  if (!id) return null;
  const vars: Record<string, string> = { reply: ctx.reply.lines.join(' ').slice(0, 300), command: ctx.command.split(/\s/)[0] ?? '' };
  if (ctx.reply.stage === 'rcpt') vars.recipient = addressOf(ctx.command);
  if (ctx.reply.stage === 'mail') vars.sender = addressOf(ctx.command);
  if (signature?.advice) vars.advice = signature.advice;
  if (signature) vars.signature = signature.label;
  const finding: RawFinding = { id, event: ctx.index, vars };
  if (id === 'smtp.relay-denied') finding.variant = relayVariant(ctx);
  return finding;
}

function contextOf(input: RuleInput, reply: ReplyEvent, index: number, tlsAt: number): ReplyContext {
  const command = commandFor(input.events, index)?.line ?? '';
  return {
    reply,
    index,
    text: replyText(reply),
    command: VERB.test(command) ? command : '',
    tlsUp: tlsAt !== -1 && index > tlsAt,
    authenticated: authenticatedBefore(input.events, index),
    port: input.target.port,
  };
}

/** One finding per failed reply that means something (a 4xx or 5xx, except the EHLO refusal
 * that leads to HELO and replies already reported as malformed). */
export const replyRules: Rule = (input) => {
  const tlsAt = tlsEstablishedIndex(input.events);
  const found: RawFinding[] = [];
  input.events.forEach((e: TranscriptEvent, index) => {
    if (e.type !== 'reply' || e.code === null || e.code < 400 || e.malformed) return;
    if (e.stage === 'quit') return;
    const finding = findingFor(contextOf(input, e, index, tlsAt));
    if (finding) found.push(finding);
  });
  return found;
};
