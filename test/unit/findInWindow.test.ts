// Find (Ctrl+F) as data: events → the transcript's rows → the text each row shows → matches;
// next and previous wrapping; and the current match kept while the session goes on.
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../shared/transcript';
import { TranscriptRows } from '../../renderer/src/state/transcriptRows';
import {
  countLabel,
  findMatches,
  foldCase,
  keepPlace,
  needleOf,
  occurrences,
  placeOf,
  stepIndex,
  type TextMatch,
} from '../../renderer/src/search/textMatch';
import { rowIndexOfKey, rowKeyOf, rowSegments, transcriptMatches } from '../../renderer/src/search/transcriptSegments';

const session: TranscriptEvent[] = [
  { t: 0, type: 'connect', address: '127.0.0.1', port: 25 },
  { t: 250, type: 'reply', stage: 'banner', code: 220, enhanced: null, lines: ['220 mx.example ESMTP Postfix'] },
  { t: 251, type: 'send', stage: 'ehlo', line: 'EHLO client.example' },
  {
    t: 252,
    type: 'reply',
    stage: 'ehlo',
    code: 250,
    enhanced: null,
    lines: ['250-mx.example', '250-PIPELINING', '250 STARTTLS'],
  },
  { t: 253, type: 'send', stage: 'mail', line: 'MAIL FROM:<a@client.example>' },
  { t: 254, type: 'reply', stage: 'mail', code: 250, enhanced: '2.1.0', lines: ['250 2.1.0 Ok'] },
];

const rcpt = (i: number, reply: string): TranscriptEvent[] => [
  { t: 300 + i, type: 'send', stage: 'rcpt', line: `RCPT TO:<user${i}@example.org>` },
  { t: 300.5 + i, type: 'reply', stage: 'rcpt', code: 250, enhanced: '2.1.5', lines: [reply] },
];

const rowsOf = (events: TranscriptEvent[]) => TranscriptRows.EMPTY.append(events, 0);
const find = (rows: TranscriptRows, query: string, caseSensitive = false) =>
  transcriptMatches(rows.rows, needleOf(query, caseSensitive), caseSensitive);
/** Each match as the text it covers and the row it is in. */
const shown = (rows: TranscriptRows, matches: readonly TextMatch[]) =>
  matches.map((m) => {
    const row = rows.rows[rowIndexOfKey(rows.rows, rowKeyOf(m.seg)!)];
    const seg = rowSegments(row).find((s) => s.id === m.seg)!;
    return `${row.first}:${seg.text.slice(m.start, m.end)}`;
  });

describe('the text a transcript row shows, as segments', () => {
  it('an exchange is its command, each reply line and the reading; an info row its words', () => {
    const rows = rowsOf(session);
    const ehlo = rows.rows.find((r) => r.sent[0] === 'EHLO client.example')!;
    expect(rowSegments(ehlo).map((s) => [s.id.split(':')[1], s.text])).toEqual([
      ['s0', 'EHLO client.example'],
      ['r0', '250-mx.example'],
      ['r1', '250-PIPELINING'],
      ['r2', '250 STARTTLS'],
    ]);
    const connect = rows.rows[0];
    expect(rowSegments(connect)).toHaveLength(1);
    expect(rowSegments(connect)[0].text).toMatch(/127\.0\.0\.1/);
    // Positions grow down the list, so a place can be compared across updates.
    const all = rows.rows.flatMap((r) => rowSegments(r).map((s) => s.pos));
    expect(all).toEqual([...all].sort((a, b) => a - b));
  });

  it('says a reply the way the page does: a control character as its visible escape', () => {
    const rows = rowsOf([
      { t: 0, type: 'reply', stage: 'banner', code: 220, enhanced: null, lines: ['220 evil\u001b[2Jhost ready'] },
    ]);
    expect(rowSegments(rows.rows[0])[0].text).toBe('220 evil\\x1b[2Jhost ready');
    expect(shown(rows, find(rows, 'x1b[2jhost'))).toEqual(['0:x1b[2Jhost']);
  });

  it('a reading under a failed reply is searched; times and durations are not', () => {
    const rows = rowsOf([
      { t: 0, type: 'send', stage: 'rcpt', line: 'RCPT TO:<x@example.org>' },
      { t: 250, type: 'reply', stage: 'rcpt', code: 550, enhanced: '5.1.1', lines: ['550 5.1.1 User unknown'] },
    ]);
    const parts = rowSegments(rows.rows[0]);
    expect(parts.map((s) => s.id.split(':')[1])).toEqual(['s0', 'r0', 'a']);
    expect(parts[2].text.length).toBeGreaterThan(10);
    // The reply arrived at 250 ms: that number is not a match.
    expect(find(rows, '250')).toEqual([]);
  });
});

describe('matching', () => {
  it('is case-insensitive unless asked, and counts like a browser (no overlaps)', () => {
    const rows = rowsOf(session);
    expect(shown(rows, find(rows, 'starttls'))).toEqual(['2:STARTTLS']);
    expect(find(rows, 'starttls', true)).toEqual([]);
    expect(shown(rows, find(rows, 'STARTTLS', true))).toEqual(['2:STARTTLS']);
    // "250" in three EHLO lines and the MAIL reply; not in the greeting's time (250 ms).
    expect(shown(rows, find(rows, '250'))).toEqual(['2:250', '2:250', '2:250', '4:250']);
    expect(occurrences('aaaa', 'aa', true)).toEqual([0, 2]);
    expect(find(rows, '')).toEqual([]);
  });

  it('folds case without moving offsets, even for letters whose lower case is longer', () => {
    expect(foldCase('İSTANBUL mx')).toHaveLength('İSTANBUL mx'.length);
    const segments = [{ id: 'a', pos: 0, text: 'İstanbul MX.example' }];
    const [m] = findMatches(segments, needleOf('mx', false), false);
    expect(segments[0].text.slice(m.start, m.end)).toBe('MX');
  });

  it('next and previous wrap at either end', () => {
    expect(stepIndex(0, 3, 1)).toBe(1);
    expect(stepIndex(2, 3, 1)).toBe(0);
    expect(stepIndex(0, 3, -1)).toBe(2);
    expect(stepIndex(-1, 3, 1)).toBe(0);
    expect(stepIndex(-1, 3, -1)).toBe(2);
    expect(stepIndex(0, 0, 1)).toBe(-1);
  });

  it('says where it is in words', () => {
    expect(countLabel('250', 2, 17)).toBe('3 of 17');
    expect(countLabel('250', -1, 0)).toBe('No matches');
    expect(countLabel('', -1, 0)).toBe('');
  });
});

describe('keeping its place', () => {
  it('while rows stream in, the current match stays current and the count grows', () => {
    let rows = rowsOf(session);
    let matches = find(rows, '250');
    const index = 2; // the third: "250 STARTTLS"
    const place = placeOf(matches[index]);
    // A running session appends; the open row's reply arrives later, as a new row object.
    for (let i = 0; i < 5; i++) {
      rows = rows.append(rcpt(i, `250 2.1.5 Ok ${i}`).slice(0, 1), rows.rows.at(-1)!.last + 1);
      rows = rows.append(rcpt(i, `250 2.1.5 Ok ${i}`).slice(1), rows.rows.at(-1)!.last + 1);
    }
    matches = find(rows, '250');
    expect(matches).toHaveLength(4 + 5);
    const kept = keepPlace(place, matches);
    expect(kept).toBe(index);
    expect(shown(rows, [matches[kept]])).toEqual(['2:250']);
    expect(matches[kept].seg).toBe(place.seg);
  });

  it('when the oldest rows are dropped, it is the same match under a smaller number', () => {
    const events = [...session, ...rcpt(0, '250 Ok 0'), ...rcpt(1, '250 Ok 1'), ...rcpt(2, '250 Ok 2')];
    let rows = rowsOf(events);
    const before = find(rows, '250 ok');
    const place = placeOf(before[2]); // "250 Ok 2", the third
    rows = rows.trimTo(4, events.length);
    const after = find(rows, '250 ok');
    expect(after).toHaveLength(2);
    const kept = keepPlace(place, after);
    expect(kept).toBe(1);
    expect(after[kept].seg).toBe(place.seg);
  });

  it('a longer query keeps a match that still fits, else goes to the next one after it, wrapping', () => {
    const rows = rowsOf([...session, ...rcpt(0, '250 2.1.5 Ok 0')]);
    const first = find(rows, '25');
    // "port 25" in the connect row, three in the EHLO list, then the MAIL reply's.
    expect(shown(rows, first)).toEqual(['0:25', '2:25', '2:25', '2:25', '4:25', '6:25']);
    const place = placeOf(first[4]);
    const longer = find(rows, '250');
    expect(keepPlace(place, longer)).toBe(3);
    expect(shown(rows, [longer[3]])).toEqual(['4:250']);
    // A query the place does not fit goes on from it: "example" is in the greeting and EHLO
    // before the place, and next in the MAIL command.
    const other = find(rows, 'example');
    expect(shown(rows, [other[keepPlace(placeOf(first[3]), other)]])).toEqual(['4:example']);
    // Nothing at or after the place: back to the first.
    const early = find(rows, 'esmtp');
    expect(keepPlace(place, early)).toBe(0);
    expect(keepPlace(place, [])).toBe(-1);
    expect(keepPlace(null, first)).toBe(0);
  });
});
