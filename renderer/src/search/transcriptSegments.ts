// The transcript's searchable text, from its rows rather than from the page: the list draws
// only the rows in view (@tanstack/react-virtual), so the DOM never holds the whole session.
// Each row's segments are what TranscriptView shows for it, through the same door as the
// page (shared/untrustedText.ts: escapes visible, long lines cut), so an offset here is an
// offset in the row's drawn text. Times and durations are left out: "250" is a reply code,
// not the 250.3 ms beside it.
import { cutForDisplay, displayText } from '../../../shared/untrustedText';
import type { TranscriptRow } from '../state/transcriptRows';
import { findMatches, type TextMatch, type TextSegment } from './textMatch';

/** Room for a row's parts in a position (a reply has far fewer lines than this). */
const ROW_SPAN = 2 ** 20;

/** The id TranscriptView puts on the element that draws this part (`data-seg`): "t12:r0" is
 * row 12's first reply line; s = sent line, r = reply line, a = the reading, x = an info row. */
export const segmentId = (rowKey: number, part: string): string => `t${rowKey}:${part}`;

/** The row key in a transcript segment id, or null for any other id. */
export function rowKeyOf(seg: string): number | null {
  const m = /^t(\d+):/.exec(seg);
  return m ? Number(m[1]) : null;
}

/** A line as the page draws it: controls as visible escapes, cut at the display limit. */
const shown = (text: string): string => displayText(cutForDisplay(text).text);

/** The client lines a row draws: a message's final "." is drawn as "(end of message)". */
export function sentLinesShown(row: TranscriptRow): readonly string[] {
  return row.isMessage ? row.sent.filter((l, i) => i < row.sent.length - 1 || l !== '.') : row.sent;
}

const segmentCache = new WeakMap<TranscriptRow, readonly TextSegment[]>();

/** The parts of one row, in the order they are drawn. Rows are values (a changed row is a new
 * object), so each is worked out once. */
export function rowSegments(row: TranscriptRow): readonly TextSegment[] {
  const cached = segmentCache.get(row);
  if (cached) return cached;
  const parts: [string, string][] = [];
  if (row.kind === 'exchange') {
    sentLinesShown(row).forEach((line, i) => {
      parts.push([`s${i}`, line]);
    });
    row.reply?.lines.forEach((line, i) => {
      parts.push([`r${i}`, line]);
    });
    if (row.reading) parts.push(['a', row.reading]);
  } else {
    parts.push(['x', row.text]);
  }
  const base = row.key * ROW_SPAN;
  const segments = parts.map(([part, text], i) => ({ id: segmentId(row.key, part), text: shown(text), pos: base + i }));
  segmentCache.set(row, segments);
  return segments;
}

const matchCache = new WeakMap<TranscriptRow, { needle: string; caseSensitive: boolean; matches: TextMatch[] }>();

/** Every match in the rows, in order. A streaming session makes new rows and leaves the old
 * ones as they were, so only new or changed rows are searched again. */
export function transcriptMatches(
  rows: readonly TranscriptRow[],
  needle: string | null,
  caseSensitive: boolean,
): TextMatch[] {
  if (!needle) return [];
  const out: TextMatch[] = [];
  for (const row of rows) {
    let hit = matchCache.get(row);
    if (!hit || hit.needle !== needle || hit.caseSensitive !== caseSensitive) {
      hit = { needle, caseSensitive, matches: findMatches(rowSegments(row), needle, caseSensitive) };
      matchCache.set(row, hit);
    }
    for (const m of hit.matches) out.push(m);
  }
  return out;
}

/** The index of the row with this key (keys grow down the list), or -1. */
export function rowIndexOfKey(rows: readonly TranscriptRow[], key: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = rows[mid].key;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
