// The catalog's words for an explained failure: the finding the same reply produces in a live
// session (readReply, the live classifier), with its title, explanation, fix and RFCs. Where
// no reply was given (a timeout, an expired queue), the reason's own meaning and fix stand in.
import type { ExplainFacts, ExplainResult } from '../../../shared/explain';
import { findingText } from '../../../shared/findings/catalog';
import { bannerWording } from '../findings/contextWording';
import { REASON_FIXES } from '../../../shared/knowledge/bounceFixes';
import { BOUNCE_REASONS } from '../../../shared/knowledge/bounceReason';
import { readReply } from '../../../shared/knowledge/replyClassifier';

export function withFinding(f: ExplainFacts): ExplainResult {
  const reading = f.replyCode
    ? readReply({ code: f.replyCode, enhanced: f.status, text: f.diagnostic, stage: f.command })
    : null;
  // A live session reads 5.2.2 as "try again later" (RFC 3463 §3.3: a full mailbox may clear);
  // a bounce that already gave up must not say that, so the reason's own words stand.
  const live = reading?.findingId ?? null;
  const id = live === 'smtp.temporary-failure' && f.permanent ? null : live;
  if (!id) {
    const meaning = BOUNCE_REASONS[f.reason];
    return {
      ...f,
      findingId: null,
      title: meaning[0].toUpperCase() + meaning.slice(1),
      explanation: f.diagnostic,
      ...REASON_FIXES[f.reason],
    };
  }
  const reply = f.diagnostic.slice(0, 300);
  const vars: Record<string, string> = {
    reply,
    detail: `"${reply}"`,
    recipient: f.recipient ?? /<([^<>\s]+@[^<>\s]+)>/.exec(reply)?.[1] ?? 'the recipient',
  };
  if (reading?.signature?.advice) vars.advice = reading.signature.advice;
  if (reading?.signature) vars.signature = reading.signature.label;
  // The greeting's one finding, worded as the live session words it.
  const text = findingText(id, vars, id === 'smtp.banner-rejected' ? bannerWording(reading).variant : undefined);
  // With no address anywhere, "The recipient {recipient}" would say "the recipient" twice.
  const once = (t: string) => t.replace(/\b(the recipient) the recipient\b/gi, '$1');
  return {
    ...f,
    findingId: id,
    title: once(text.title),
    explanation: once(text.explanation),
    fix: once(text.fix),
    refs: text.refs,
  };
}
