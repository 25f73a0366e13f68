// What History's filter reads in a saved session besides its target and worst finding: every
// finding's id and title, and what the server said (each distinct reply line). Worked out once
// when a session is saved or first indexed, and kept in the history index beside its summary
// (main/app/historyStore.ts), so filtering a thousand sessions reads no transcript file.
import type { Transcript } from './transcript';

/** At most this much text per session: a thousand sessions stay a small index. */
export const SEARCH_TEXT_LIMIT = 4096;
/** A reply line longer than this is kept cut: the start of a line is what people search for. */
const LINE_LIMIT = 300;

/** The session's words for the filter, lower case, one per line: findings first, then the
 * replies in the order they came, each line once. Past the limit, shorter lines still fit. */
export function historySearchText(t: Transcript): string {
  const said = new Set<string>();
  for (const f of t.findings) {
    said.add(f.id);
    said.add(f.title);
  }
  for (const e of t.events) {
    if (e.type !== 'reply') continue;
    for (const line of e.lines) said.add(line.slice(0, LINE_LIMIT));
  }
  let out = '';
  for (const s of said) {
    if (out.length + s.length + 1 > SEARCH_TEXT_LIMIT) continue;
    out += `${s}\n`;
  }
  return out.toLowerCase();
}
