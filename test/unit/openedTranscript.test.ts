// The window checks an opened file with a fast test of each event before the schema
// (renderer/src/state/openedTranscript.ts). A file is hostile input: whatever it is, the window
// must give exactly the answer, and the sentence, that the shared schema check gives.
import { describe, expect, it } from 'vitest';
import { parseOpenedTranscript } from '../../renderer/src/state/openedTranscript';
import { parseTranscriptJson } from '../../shared/transcriptSchema';
import { pick, seededRandom, type Random } from '../helpers/seededRandom';
import { starttlsTranscript } from './exportFixture';

type Json = Record<string, unknown>;

/** Values of every JSON type, and the edge cases the schema cares about. */
const ODD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  1e308,
  '',
  'x',
  'x'.repeat(701),
  [],
  ['a'],
  [1],
  {},
  { a: 'b' },
  { a: 1 },
  'reply',
  'client',
  'starttls',
  'banner',
  'session',
];
const FIELDS = [
  't',
  'type',
  'stage',
  'line',
  'lines',
  'code',
  'enhanced',
  'annotation',
  'data',
  'text',
  'port',
  'address',
  'via',
  'url',
  'mode',
  'servername',
  'by',
  'deadline',
  'redacted',
  'body',
  'pipelined',
  'incomplete',
  'bareLf',
  'longLine',
  'malformed',
  'findings',
  'protocol',
  'cipher',
  'group',
  'localPort',
  'tcpMs',
  'hopMs',
  'unknownField',
];

/** One random change to one event, or to what it holds. */
function mutate(random: Random, events: Json[]): void {
  const event = pick(random, events);
  if (!event || typeof event !== 'object') return;
  const field = pick(random, FIELDS);
  const roll = random();
  if (roll < 0.35) event[field] = pick(random, ODD_VALUES);
  else if (roll < 0.55) delete event[field];
  else if (roll < 0.7 && event.annotation && typeof event.annotation === 'object')
    (event.annotation as Json)[pick(random, ['code', 'findings', 'signature', 'extra'])] = pick(random, ODD_VALUES);
  else if (roll < 0.8) event.data = { [pick(random, ['a', '__proto__', 'code'])]: pick(random, ODD_VALUES) };
  else if (roll < 0.9) events.splice(Math.floor(random() * events.length), 0, pick(random, ODD_VALUES) as Json);
  else {
    // Deep nesting, past the schema's depth limit.
    let deep: unknown = 'x';
    for (let i = 0; i < 80; i++) deep = [deep];
    event[field] = deep;
  }
}

const sameAnswer = (text: string) => {
  const shared = parseTranscriptJson(text);
  const opened = parseOpenedTranscript(text);
  expect(opened.ok, text.slice(0, 400)).toBe(shared.ok);
  if (!shared.ok && !opened.ok) expect(opened.problem).toBe(shared.problem);
  return shared.ok;
};

describe('a transcript file opened in the window', () => {
  it('gets the same answer with any one field of any event set to any odd value, or removed', () => {
    const base = starttlsTranscript() as unknown as Json;
    const events = base.events as Json[];
    let accepted = 0;
    let cases = 0;
    for (const [i, event] of events.entries())
      for (const field of FIELDS)
        for (const value of [...ODD_VALUES, undefined]) {
          const changed = { ...event, [field]: value };
          if (value === undefined) delete changed[field];
          const t = { ...base, events: events.map((e, j) => (j === i ? changed : e)) };
          cases++;
          if (sameAnswer(JSON.stringify(t))) accepted++;
        }
    expect(cases).toBeGreaterThan(5_000);
    expect(accepted).toBeGreaterThan(cases / 10);
    expect(accepted).toBeLessThan(cases);
  });

  it('gets the shared check’s answer, and sentence, for 1,000 transcripts altered at random', () => {
    const random = seededRandom(21);
    const base = JSON.stringify(starttlsTranscript());
    let accepted = 0;
    for (let i = 0; i < 1_000; i++) {
      const t = JSON.parse(base) as Json;
      const events = t.events as Json[];
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) mutate(random, events);
      if (sameAnswer(JSON.stringify(t))) accepted++;
    }
    // Both kinds of answer were asked for: a fast path that refused everything would fail here.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(900);
  });

  it('gets the same answer for what is not a transcript at all', () => {
    for (const text of ['', 'null', '[]', '{}', '{"schema":"smtp-lens/transcript@1"}', '\ufeff{', '{"events":[]}'])
      sameAnswer(text);
  });
});
