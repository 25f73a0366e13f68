// One refused reply as `smtp-lens explain` reports it, from whichever text quoted it: a log
// line, a pasted reply. The reason is the live classifier's (bounceReason), the words the
// catalog's (withFinding).
import type { ExplainResult } from '../../../shared/explain';
import { authResultsIn, senderDomainIn } from '../../../shared/knowledge/authResults';
import { bounceReason, replyFactsOf } from '../../../shared/knowledge/bounceReason';
import type { Stage } from '../../../shared/transcript';
import { withFinding } from './explainFinding';

/** "(in reply to RCPT TO command)", "after RCPT TO:<…>", "after end of data": to a stage. */
export function stageOf(words: string): Stage | null {
  const w = words.toUpperCase();
  if (/RCPT/.test(w)) return 'rcpt';
  if (/MAIL FROM|MAIL\b/.test(w)) return 'mail';
  if (/END OF DATA|DATA|BDAT|\bMESSAGE\b/.test(w)) return 'data';
  if (/EHLO|HELO/.test(w)) return 'ehlo';
  if (/STARTTLS/.test(w)) return 'tls';
  if (/AUTH/.test(w)) return 'auth';
  if (/INITIAL PROTOCOL GREETING|GREETING|BANNER|CONNECT/.test(w)) return 'banner';
  return null;
}

/** One refused reply, wherever it was quoted, as a result with its reason and the catalog's words.
 * `diagnostic` is the reply as quoted; `shown` what to show of it, when that differs. */
export function explainReply(o: {
  recipient: string | null;
  diagnostic: string;
  command: Stage | null;
  remoteMta: string | null;
  reportingMta: string | null;
  status?: string | null;
  permanent?: boolean;
  shown?: string;
  /** The sender stopped retrying: whatever the reply, the reason is that the message expired. */
  gaveUp?: boolean;
  retry?: string | null;
  /** More of the report than the reply, where quoted authentication results may be. */
  context?: string;
}): ExplainResult {
  const facts = replyFactsOf(o.diagnostic, o.command);
  const status = o.status ?? facts.enhanced;
  const reading = o.gaveUp
    ? { reason: 'expired' as const, basis: 'codes' as const }
    : bounceReason({ ...facts, enhanced: status });
  const permanent = o.gaveUp || (o.permanent ?? (status ? status.startsWith('5') : (facts.code ?? 500) >= 500));
  return withFinding({
    recipient: o.recipient,
    reason: reading.reason,
    reasonBasis: reading.basis,
    permanent,
    status,
    replyCode: facts.code,
    diagnostic: o.shown ?? o.diagnostic,
    command: o.command,
    remoteMta: o.remoteMta,
    reportingMta: o.reportingMta,
    retry: o.retry ?? null,
    authentication: authResultsIn(`${o.diagnostic}\n${o.context ?? ''}`),
    senderDomain: senderDomainIn(`${o.diagnostic}\n${o.context ?? ''}`),
  });
}
