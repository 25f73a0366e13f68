// The catalog's words for an explained failure: the finding the same reply produces in a live
// session (readReply, the live classifier), with its title, explanation, fix and RFCs, and the
// vendor's own reading when the text is one a known server writes (serverSignatures.ts). Where
// no reply was given (a timeout, an expired queue), the reason's own meaning and fix stand in.
import type { ExplainFacts, ExplainResult } from '../../../shared/explain';
import { bannerWording } from '../findings/contextWording';
import { materialize } from '../findings/deriveFindings';
import { REASON_FIXES } from '../../../shared/knowledge/bounceFixes';
import { BOUNCE_REASONS } from '../../../shared/knowledge/bounceReason';
import { readReply } from '../../../shared/knowledge/replyClassifier';
import { identifyServer } from '../../../shared/knowledge/serverIdentity';

export function withFinding(f: ExplainFacts): ExplainResult {
  const reading = f.replyCode
    ? readReply({
        code: f.replyCode,
        enhanced: f.status,
        text: f.diagnostic,
        stage: f.command,
        // The host that refused names its vendor as a greeting would ("….outlook.com"); where
        // the notice names none, the server that wrote it refused it itself (Exchange's NDR).
        server: identifyServer([f.remoteMta ?? f.reportingMta ?? '', f.diagnostic]),
      })
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
      vendorReading: null,
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
  // Worded as the live session words it (materialize adds the vendor's advice to the fix),
  // the greeting's one finding by what its text says.
  const text = materialize({
    id,
    event: null,
    vars,
    variant: id === 'smtp.banner-rejected' ? bannerWording(reading).variant : undefined,
  });
  // With no address anywhere, "The recipient {recipient}" would say "the recipient" twice.
  const once = (t: string) => t.replace(/\b(the recipient) the recipient\b/gi, '$1');
  return {
    ...f,
    findingId: id,
    title: once(text.title),
    explanation: once(text.explanation),
    fix: once(text.fix),
    refs: text.refs,
    vendorReading: reading?.signature?.label ?? null,
  };
}
