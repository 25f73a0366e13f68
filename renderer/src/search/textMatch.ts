// Find in the window, as data: text segments in, matches out, and the moves between them.
// Pure, so the same rules hold for the transcript (searched in its rows, not its DOM: the list
// is virtualised) and for the tabs searched in what they draw; no DOM type is used here.

/** One run of text as the window shows it, with an id that stays the same while it is shown
 * (a transcript row's key and part, or a DOM text node's number). */
export interface TextSegment {
  readonly id: string;
  readonly text: string;
  /** Where the segment comes in the window, comparable across updates: larger is later. */
  readonly pos: number;
}

/** One occurrence of the query: `text.slice(start, end)` of segment `seg`. */
export interface TextMatch {
  readonly seg: string;
  readonly pos: number;
  readonly start: number;
  readonly end: number;
}

/** The current match, remembered by what it is rather than by its number, so that it stays
 * current while new text arrives before or after it. */
export interface MatchPlace {
  readonly seg: string;
  readonly pos: number;
  readonly start: number;
}

/** Lower case that never changes a string's length, so offsets in the folded text are offsets
 * in the shown text ("İ" lowers to two code units; such characters are kept as they are). */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/** What the user typed, made ready to compare: null when there is nothing to look for. */
export function needleOf(query: string, caseSensitive: boolean): string | null {
  if (!query) return null;
  return caseSensitive ? query : foldCase(query);
}

/** The starts of `needle` in `text`, left to right, not overlapping (as browsers count). */
export function occurrences(text: string, needle: string, caseSensitive: boolean): number[] {
  if (!needle || text.length < needle.length) return [];
  const hay = caseSensitive ? text : foldCase(text);
  const starts: number[] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) starts.push(at);
  return starts;
}

/** Every match in the segments, in their order. */
export function findMatches(
  segments: readonly TextSegment[],
  needle: string | null,
  caseSensitive: boolean,
): TextMatch[] {
  if (!needle) return [];
  const out: TextMatch[] = [];
  for (const s of segments) {
    for (const start of occurrences(s.text, needle, caseSensitive))
      out.push({ seg: s.id, pos: s.pos, start, end: start + needle.length });
  }
  return out;
}

/** The next (+1) or previous (-1) match, wrapping at either end; -1 when there is none. */
export function stepIndex(index: number, total: number, direction: 1 | -1): number {
  if (total <= 0) return -1;
  if (index < 0) return direction === 1 ? 0 : total - 1;
  return (((index + direction) % total) + total) % total;
}

/** Where `place` is in a new list of matches: the same match if it is still there, else the
 * first one at or after where it was (the query changed, or its text did), wrapping to the
 * first; -1 for an empty list. Matches are in window order, so the search halves the list. */
export function keepPlace(place: MatchPlace | null, matches: readonly TextMatch[]): number {
  if (!matches.length) return -1;
  if (!place) return 0;
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = matches[mid];
    if (m.pos < place.pos || (m.pos === place.pos && m.start < place.start)) lo = mid + 1;
    else hi = mid;
  }
  // Positions of DOM text can repeat a transcript's or shift; the same segment wins when found.
  const same = matches[lo];
  if (same && same.seg === place.seg && same.start === place.start) return lo;
  const exact = matches.findIndex((m) => m.seg === place.seg && m.start === place.start);
  if (exact >= 0) return exact;
  return lo < matches.length ? lo : 0;
}

export const placeOf = (m: TextMatch): MatchPlace => ({ seg: m.seg, pos: m.pos, start: m.start });

/** "3 of 17", "No matches", or nothing before anything is typed. */
export function countLabel(query: string, index: number, total: number): string {
  if (!query) return '';
  if (total === 0) return 'No matches';
  if (index < 0) return `${total} ${total === 1 ? 'match' : 'matches'}`;
  return `${index + 1} of ${total}`;
}
