import type { FindingId } from '../../../shared/findings/catalog';
import type { Severity, Target, TlsInfo, TranscriptEvent } from '../../../shared/transcript';
import type { EventIndex } from './eventIndex';

/** What a rule reports: the catalog turns it into words (shared/findings/catalog.ts). */
export interface RawFinding {
  id: FindingId;
  /** The event it belongs to, or null for the session as a whole. */
  event: number | null;
  vars?: Record<string, string>;
  variant?: string;
  /** Context notes (keys of CONTEXT_NOTES in shared/findings/catalogNotes.ts) added to the explanation. */
  notes?: string[];
  /** Overrides the catalog's severity when context changes the stakes. */
  severity?: Severity;
}

export interface RuleInput {
  target: Target;
  events: readonly TranscriptEvent[];
  tls: TlsInfo | null;
  /** ISO time the session started: certificate dates are judged as of then. */
  startedAt: string;
}

/** What a rule is given: the input, and where in its events each kind of event is. */
export interface IndexedInput extends RuleInput {
  index: EventIndex;
}

export type Rule = (input: IndexedInput) => RawFinding[];

/** "12.3" for 12_300 ms. */
export function seconds(ms: number): string {
  return (Math.round(ms / 100) / 10).toString();
}
