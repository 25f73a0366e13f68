import { enhancedCodeSummary, enhancedCodeTitle } from '../../shared/knowledge/enhancedStatusCodes';
import { describeReplyCode, replyCodeTitle } from '../../shared/knowledge/replyCodes';
import { greetingsOf, identifyServer } from '../../shared/knowledge/serverIdentity';
import { matchServerSignature } from '../../shared/knowledge/serverSignatures';
import { bounceReason, replyTextOf } from '../../shared/knowledge/bounceReason';
import type { Finding, ReplyAnnotation, Stage, TranscriptEvent } from '../../shared/transcript';
import { replyLineText } from './replyReader';

/** RFC 4954 §4: a 334 carries a base64 challenge; LOGIN's say "Username:" and "Password:". */
function decodeChallenge(lines: string[]): string | undefined {
  const text = replyLineText(lines[0] ?? '').trim();
  if (!text || !/^[A-Za-z0-9+/]+=*$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^[\x20-\x7e\t\r\n]*$/.test(decoded) ? decoded : undefined;
}

/**
 * What the knowledge catalog says about a reply, attached to the reply event when it is
 * recorded: the meaning of the code and of the enhanced code, and the known server text it
 * matched (failures only: a 250 says nothing a signature could add). The findings it produced
 * are added when the transcript is built (annotateFindings), because findings are derived
 * from the whole session.
 */
export function annotateReply(
  code: number | null,
  enhanced: string | null,
  lines: string[],
  server: string | null = null,
  stage: Stage | null = null,
): ReplyAnnotation | undefined {
  if (code === null) return undefined;
  const annotation: ReplyAnnotation = { code: describeReplyCode(code), codeTitle: replyCodeTitle(code) };
  if (enhanced) {
    // "5.7.1 Delivery not authorized, message refused: <meaning>"; an unregistered detail is
    // described by its class and subject (RFC 3463 §2).
    const meaning = enhancedCodeSummary(enhanced);
    const title = enhancedCodeTitle(enhanced);
    if (meaning) annotation.enhanced = meaning;
    if (title) annotation.enhancedTitle = title;
  }
  if (code >= 400) {
    const signature = matchServerSignature(code, enhanced, lines.join('\n'), server);
    if (signature) {
      annotation.signature = signature.label;
      annotation.signatureId = signature.id;
    }
    const reading = bounceReason({ code, enhanced, text: replyTextOf(lines), stage });
    annotation.reason = reading.reason;
    annotation.reasonBasis = reading.basis;
  }
  if (code === 334) {
    const challenge = decodeChallenge(lines);
    if (challenge !== undefined) annotation.challenge = challenge;
  }
  return annotation;
}

/** The last call's events, kept so that the next call for a session that grew redoes only
 * what changed: a session stepped 1,000 times would otherwise copy every earlier reply at
 * every step. */
export interface AnnotationCache {
  recorded: readonly TranscriptEvent[];
  annotated: TranscriptEvent[];
  idsAt: Map<number, string[]>;
}

export const newAnnotationCache = (): AnnotationCache => ({ recorded: [], annotated: [], idsAt: new Map() });

const NO_IDS: readonly string[] = [];
const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** The cache holds a shorter copy of the same log: the recorder only appends. */
function continues(cache: AnnotationCache, events: readonly TranscriptEvent[]): boolean {
  const n = cache.recorded.length;
  return n <= events.length && (n === 0 || cache.recorded[n - 1] === events[n - 1]);
}

/**
 * The events with every reply annotated, including the ids of the findings it produced.
 * Replies are copied, never changed in place: the recorder's log stays as it was recorded.
 * With a `cache`, only new events and the replies whose findings changed are annotated.
 */
export function annotateFindings(
  events: readonly TranscriptEvent[],
  findings: readonly Finding[],
  cache?: AnnotationCache,
): TranscriptEvent[] {
  const idsAt = new Map<number, string[]>();
  for (const f of findings) if (f.event !== null) idsAt.set(f.event, [...(idsAt.get(f.event) ?? []), f.id]);
  const annotate = (index: number): TranscriptEvent => {
    const e = events[index];
    if (e.type !== 'reply') return e;
    const server = e.annotation ? null : identifyServer(greetingsOf(events, index));
    // The engine annotates a reply's meaning as it records it (conversation.ts), so this
    // runs annotateReply only for events recorded without one.
    const annotation: ReplyAnnotation = {
      ...(e.annotation ?? annotateReply(e.code, e.enhanced, e.lines, server, e.stage)),
      findings: idsAt.get(index) ?? [],
    };
    return { ...e, annotation };
  };
  const previous = cache && continues(cache, events) ? cache : null;
  // A copy: the previous call's array belongs to the transcript it was returned in.
  const out = previous ? previous.annotated.slice() : [];
  const from = out.length;
  if (previous)
    for (const index of new Set([...previous.idsAt.keys(), ...idsAt.keys()]))
      if (index < from && !sameIds(previous.idsAt.get(index) ?? NO_IDS, idsAt.get(index) ?? NO_IDS))
        out[index] = annotate(index);
  for (let i = from; i < events.length; i++) out.push(annotate(i));
  if (cache) Object.assign(cache, { recorded: events, annotated: out, idsAt });
  return out;
}
