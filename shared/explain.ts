// What `smtp-lens explain` (and the app's Explain tab) found in a bounce, a log or a reply:
// one result per failed recipient. Schema `smtp-lens/explain@1`.
import type { AuthResult } from './knowledge/authResults';
import type { BounceReason } from './knowledge/bounceReason';
import type { Stage } from './transcript';

export interface ExplainResult {
  recipient: string | null;
  reason: BounceReason;
  /** 'text' when the words named the reason, 'codes' when only the codes did. */
  reasonBasis: 'text' | 'codes';
  /** Permanent (5xx, or a DSN "failed"), or temporary and retried (4xx, "delayed"). */
  permanent: boolean;
  /** The enhanced status code (RFC 3463), e.g. "5.1.1". */
  status: string | null;
  replyCode: number | null;
  /** The remote server's own words. */
  diagnostic: string;
  /** The command the remote server refused, as a stage ('rcpt' for "in reply to RCPT TO"). */
  command: Stage | null;
  remoteMta: string | null;
  reportingMta: string | null;
  /** For a temporary failure, how long the sender keeps retrying, when the report says:
   * "until Fri, 5 Dec 2026 10:00:00 +0000" (Will-Retry-Until), "for 2 more day(s)". */
  retry: string | null;
  /** The SPF, DKIM, DMARC, ARC and compauth results the text quotes, in words. */
  authentication: AuthResult[];
  /** The sender's domain the receiver judged, when the text names it (header.from=…). */
  senderDomain: string | null;
  /** The catalog finding the same reply gives in a live session, with its words; null when
   * the text is not a reply a session could meet (a connection that timed out). */
  findingId: string | null;
  title: string;
  explanation: string;
  fix: string;
  refs: string[];
  /** The vendor's reading when the text is one a known server writes ("Outlook.com: network
   * on block list"); its advice is at the end of `fix`. */
  vendorReading: string | null;
}

/** What the parsers find; the catalog's words are added by one function for all of them. */
export type ExplainFacts = Omit<
  ExplainResult,
  'findingId' | 'title' | 'explanation' | 'fix' | 'refs' | 'vendorReading'
>;

/** Larger inputs are refused before parsing: no real bounce or log excerpt is this large, and
 * a mailbox export pasted by mistake must not fill the memory. */
export const MAX_EXPLAIN_BYTES = 10 << 20;

export type InputKind = 'bounce' | 'feedback' | 'auto-reply' | 'log' | 'reply' | 'unknown';

/** One input of `smtp-lens explain` and what was found in it. */
export interface ExplainedInput {
  schema: 'smtp-lens/explain@1';
  file: string;
  kind: InputKind;
  results: ExplainResult[];
}
