// The session history as the UI sees it: one entry per saved transcript, and the filter the
// list applies. Shared so the renderer can type the `history:*` channels and filter locally.
import { findingCounts, worstFinding } from './export/exportFacts';
import type { Severity, Stage, StoppedAt, TlsMode, Transcript } from './transcript';

export interface HistoryEntry {
  /** Stable id: the file's name without ".json". */
  id: string;
  /** Path inside the history folder, with "/" separators: "2026/11/<id>.json". */
  file: string;
  startedAt: string;
  host: string;
  port: number;
  tls: TlsMode;
  servername: string | null;
  ok: boolean;
  stage: Stage;
  /** Where and why it stopped short (see Outcome). */
  stopped?: StoppedAt;
  /** The first finding of the worst severity, or null when there is none. */
  worst: { id: string; severity: Severity; title: string } | null;
  counts: Record<Severity, number>;
  findingIds: string[];
  eventCount: number;
}

export interface HistoryFilter {
  /** Matches host, SNI name, port, finding ids and titles, and the replies' text
   * (case-insensitive; the text is shared/historySearch.ts's, kept in the history index). */
  text?: string;
  host?: string;
  outcome?: 'ok' | 'failed';
  /** Only sessions whose worst finding is at least this severe. */
  severity?: Severity;
  limit?: number;
  offset?: number;
}

/** A file in the history folder that is not a readable transcript: listed, never changed. */
export interface HistoryProblem {
  file: string;
  problem: string;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** Entries matching the filter, before limit/offset. */
  total: number;
  problems: HistoryProblem[];
}

export function historyEntry(t: Transcript, id: string, file: string): HistoryEntry {
  const worst = worstFinding(t.findings);
  return {
    id,
    file,
    startedAt: t.startedAt,
    host: t.target.host,
    port: t.target.port,
    tls: t.target.tls,
    servername: t.target.servername,
    ok: t.outcome.ok,
    stage: t.outcome.stage,
    ...(t.outcome.stopped ? { stopped: t.outcome.stopped } : {}),
    worst: worst ? { id: worst.id, severity: worst.severity, title: worst.title } : null,
    counts: findingCounts(t.findings),
    findingIds: [...new Set(t.findings.map((f) => f.id))],
    eventCount: t.events.length,
  };
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** `said`: the session's own words, lower case (historySearchText), when the caller has them. */
export function matchesFilter(e: HistoryEntry, f: HistoryFilter, said = ''): boolean {
  if (f.outcome && (f.outcome === 'ok') !== e.ok) return false;
  if (f.host && e.host.toLowerCase() !== f.host.toLowerCase() && e.servername?.toLowerCase() !== f.host.toLowerCase())
    return false;
  if (f.severity && (!e.worst || RANK[e.worst.severity] < RANK[f.severity])) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    const hay = [
      e.host,
      e.servername ?? '',
      String(e.port),
      `${e.host}:${e.port}`,
      e.stage,
      e.ok ? 'ok' : 'failed',
      ...e.findingIds,
      e.worst?.title ?? '',
    ];
    if (!hay.some((h) => h.toLowerCase().includes(needle)) && !said.includes(needle)) return false;
  }
  return true;
}

/** Newest first, then filtered and paged. */
export function filterHistory(
  entries: readonly HistoryEntry[],
  f: HistoryFilter = {},
  saidOf: (e: HistoryEntry) => string = () => '',
): { entries: HistoryEntry[]; total: number } {
  const matching = entries
    .filter((e) => matchesFilter(e, f, saidOf(e)))
    .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.id < b.id ? 1 : -1));
  const offset = f.offset ?? 0;
  return { entries: matching.slice(offset, offset + (f.limit ?? matching.length)), total: matching.length };
}
