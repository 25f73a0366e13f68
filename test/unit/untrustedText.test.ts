// The one door for server text: every character a terminal would obey or a reader would be
// fooled by becomes a visible escape; ordinary text, in any script, passes untouched.
import { describe, expect, it } from 'vitest';
import {
  cutForDisplay,
  displayText,
  firstUnsafe,
  jsonSafe,
  terminalSafe,
  terminalText,
  untrustedParts,
} from '../../shared/untrustedText';

/** What must never come out of the door. */
const RAW_UNSAFE = /[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;

describe('displayText', () => {
  it.each([
    ['ESC (screen clear)', '\x1b[2J', '\\x1b[2J'],
    ['OSC title', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
    ['OSC 52 clipboard', '\x1b]52;c;ZXZpbA==\x07', '\\x1b]52;c;ZXZpbA==\\x07'],
    ['hidden text', '\x1b[8mhidden\x1b[0m', '\\x1b[8mhidden\\x1b[0m'],
    ['cursor up + erase line', '554 no\x1b[1A\x1b[2K250 Ok', '554 no\\x1b[1A\\x1b[2K250 Ok'],
    ['C1 CSI', '\x9b2J', '\\x9b2J'],
    ['NUL, BEL, BS, DEL', 'a\x00b\x07c\x08d\x7f', 'a\\x00b\\x07c\\x08d\\x7f'],
    ['TAB, CR, LF', 'a\tb\rc\nd', 'a\\tb\\rc\\nd'],
    ['bidi override', 'BIDI\u202Eevil', 'BIDI<U+202E>evil'],
    ['bidi isolates and marks', '\u2066x\u2069\u200e\u200f\u061c', '<U+2066>x<U+2069><U+200E><U+200F><U+061C>'],
    ['zero-width and BOM', 'a\u200bb\u200dc\ufeffd\u2060e', 'a<U+200B>b<U+200D>c<U+FEFF>d<U+2060>e'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a<U+2028>b<U+2029>c'],
    ['soft hyphen', 'pay\u00adpal', 'pay\\xadpal'],
    ['tag characters', 'x\u{E0041}\u{E007F}', 'x<U+E0041><U+E007F>'],
    ['lone surrogate', 'a\ud800b', 'a<U+D800>b'],
  ])('%s', (_name, input, shown) => {
    expect(displayText(input)).toBe(shown);
    expect(displayText(input)).not.toMatch(RAW_UNSAFE);
  });

  it('leaves ordinary text alone, in any script and with emoji', () => {
    for (const text of [
      '250 2.0.0 Ok: queued as 4XYZ',
      'Grüße aus Köln, ß',
      '日本語のメール',
      'Привет',
      'مرحبا',
      'mail 📬 👍🏽',
      'x@xn--bcher-kva.example',
    ]) {
      expect(displayText(text)).toBe(text);
      expect(untrustedParts(text)).toEqual([{ text, escaped: false }]);
    }
  });

  it('marks the escapes as parts, one part for a run, so each face can style them', () => {
    expect(untrustedParts('a\x1b[2Jb\u202E')).toEqual([
      { text: 'a', escaped: false },
      { text: '\\x1b', escaped: true },
      { text: '[2Jb', escaped: false },
      { text: '<U+202E>', escaped: true },
    ]);
    expect(untrustedParts('\x00\x07')).toEqual([{ text: '\\x00\\x07', escaped: true }]);
    expect(firstUnsafe('ok \x9b then')).toBe('\\x9b');
    expect(firstUnsafe('ok')).toBeNull();
  });
});

describe('terminal output', () => {
  const reverse = (s: string) => `\x1b[7m${s}\x1b[27m`;

  it('styles escapes in a colour terminal, and the only ESC left is ours', () => {
    const out = terminalText('250 \x1b]0;t\x07 ok', reverse);
    expect(out).toBe('250 \x1b[7m\\x1b\x1b[27m]0;t\x1b[7m\\x07\x1b[27m ok');
    expect(out.replace(/\x1b\[(7|27)m/g, '')).not.toMatch(RAW_UNSAFE);
  });

  it('the last guard keeps line ends and our own colours, and escapes everything else', () => {
    const ours = '\x1b[31mred\x1b[39m \x1b[1mbold\x1b[22m\n';
    expect(terminalSafe(ours)).toBe(ours);
    expect(terminalSafe('a\x1b[2Jb\x1b[8mc\rd\u202E\n')).toBe('a\\x1b[2Jb\\x1b[8mc\\rd<U+202E>\n');
    expect(terminalSafe('\x1b]0;\x1b[31m')).toBe('\\x1b]0;\x1b[31m');
  });
});

describe('JSON output', () => {
  it('keeps the exact text for any JSON reader, with nothing a terminal would obey', () => {
    const value = { line: '250 BIDI\u202Eevil\x9b2J\u2028', esc: '\x1b[2J' };
    const json = jsonSafe(JSON.stringify(value, null, 2));
    expect(json.replace(/\n/g, '')).not.toMatch(RAW_UNSAFE);
    expect(json.split('\n').length).toBe(4);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('cutForDisplay', () => {
  it('cuts long lines, never inside a surrogate pair, and says how much is left out', () => {
    expect(cutForDisplay('x'.repeat(10), 4)).toEqual({ text: 'xxxx', omitted: 6 });
    expect(cutForDisplay('abc📬def', 4)).toEqual({ text: 'abc', omitted: 5 });
    expect(cutForDisplay('short')).toEqual({ text: 'short', omitted: 0 });
  });
});
