// The speed work of issue 21 (exports of a 100,000-event session) must not change a byte of
// any export: these hashes were taken from the renderers before it, on the bench's generated
// session and on one full of hostile text, pipelined replies, errors and findings.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs bench module, without types
import { bigTranscript } from '../../bench/export.mjs';
import { EXPORT_FORMAT_IDS, exportTranscript } from '../../shared/export/index';
import type { Transcript, TranscriptEvent } from '../../shared/transcript';

function hostile(): Transcript {
  const t = bigTranscript(400) as Transcript;
  const ev: TranscriptEvent[] = t.events;
  ev.splice(
    20,
    0,
    {
      t: 1,
      type: 'reply',
      stage: 'rcpt',
      code: 550,
      enhanced: '5.7.1',
      lines: ['550-5.7.1 \u202eevil\x1b[2J <b>&"\'', '550 5.7.1 tab\there \u200b zero ` ``` `x` | * _a_ #h'],
    },
    { t: 2, type: 'send', stage: 'rcpt', line: 'RCPT TO:<a@b> NOTIFY=NEVER', pipelined: true },
    { t: 2, type: 'send', stage: 'rcpt', line: 'RCPT TO:<c@d>', pipelined: true },
    { t: 3, type: 'reply', stage: 'rcpt', code: 250, enhanced: null, lines: ['250 ok'] },
    {
      t: 3,
      type: 'reply',
      stage: 'rcpt',
      code: 451,
      enhanced: '4.3.0',
      lines: ['451 4.3.0 later \ud800 lone'],
      incomplete: true,
    },
    { t: 4, type: 'note', stage: 'rcpt', text: 'a note with → arrow and \x07 bell hunter22' },
    { t: 5, type: 'error', stage: 'rcpt', code: 'TIMEOUT', message: 'no reply in time' },
    { t: 6, type: 'send', stage: 'data', line: 'Subject: hello <there>', body: true },
  );
  t.findings.push({
    id: 'x.general',
    severity: 'info',
    title: 'General <thing>',
    refs: [],
    event: null,
    explanation: 'Use `a|b` here.\n  COL1   COL2\n  a      b',
    fix: 'Do *it*.',
  });
  t.findings.push({
    id: 'x.evt',
    severity: 'error',
    title: 'On event',
    refs: ['RFC 1'],
    event: 20,
    explanation: 'bad',
    fix: 'fix',
  });
  return t;
}

const BEFORE: Record<string, string> = {
  'big text': '5f075d35563350c3 c6908b4b84611579',
  'big md': '0f50a62fa38b7295 800dba4f68dae08b',
  'big json': '8767fc81b33a0725 0cb8941a4cc025d2',
  'big html': '5f3cbac48c9582c2 a2fbcfa2b934602c',
  'hostile text': 'a2784bf2ed8ae0de e3ef169ccdeb5948',
  'hostile md': 'd45f07ef1aea521e 692f547cf798b828',
  'hostile json': '7ab34c959299741f 29a691f84dc95138',
  'hostile html': 'b5ec1670e50ff924 4551256455a4a5d8',
};

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const content = (t: Transcript, format: (typeof EXPORT_FORMAT_IDS)[number], options: object) => {
  const r = exportTranscript(t, format, options);
  if (!r.ok) throw new Error(r.message);
  return r.content;
};

describe('exports after the speed work', () => {
  it.each([
    ['big', () => bigTranscript(3000) as Transcript],
    ['hostile', hostile],
  ])('are byte for byte what they were (%s session)', (name, make) => {
    const t = make();
    for (const format of EXPORT_FORMAT_IDS) {
      const got = `${hash(content(t, format, { profile: 'anonymous' }))} ${hash(content(t, format, { color: true, width: 60 }))}`;
      expect(got, `${name} ${format}`).toBe(BEFORE[`${name} ${format}`]);
    }
  });
});
