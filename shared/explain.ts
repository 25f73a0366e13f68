// What `smtp-lens explain` (and the app's Explain tab) found in a bounce, a log or a reply:
// one result per failed recipient. Schema `smtp-lens/explain@1`.
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
  /** The catalog finding the same reply gives in a live session, with its words; null when
   * the text is not a reply a session could meet (a connection that timed out). */
  findingId: string | null;
  title: string;
  explanation: string;
  fix: string;
  refs: string[];
}

/** What the parsers find; the catalog's words are added by one function for all of them. */
export type ExplainFacts = Omit<ExplainResult, 'findingId' | 'title' | 'explanation' | 'fix' | 'refs'>;
