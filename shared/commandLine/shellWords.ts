// POSIX shell words, both ways: a command line to paste into a terminal (sh, bash, zsh), and a
// pasted one read back. shell-quote splits the words (quotes, escapes, $VAR, operators); this file
// only finds what it does not know: where the command ends, a here-document after it, $(…) and
// `…`, a `#` inside a word (a comment starts only at a word's start, POSIX XCU §2.3), and an
// unclosed quote, which shell-quote would accept silently.
import { parse } from 'shell-quote';

/** One word of a command line: literal text, a variable the shell expands (`"$SMTP_PASSWORD"`),
 * or text the shell computes when it runs (`$(pass show smtp)`, `pre$X`), kept as written. */
export type Word = string | { env: string } | { shell: string };

/** Words that need no quoting. Anything else is single-quoted: inside '…' nothing is special
 * but the quote itself, written '\'' (POSIX XCU §2.2.2). */
const SAFE = /^[\w@%+=:,./-]+$/;

export function shellWord(word: Word): string {
  if (typeof word !== 'string') return 'env' in word ? `"$${word.env}"` : word.shell;
  return word !== '' && SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The delimiter of a here-document holding `text`: one that is not a line of it. */
function delimiterFor(text: string): string {
  const lines = new Set(text.split('\n'));
  let name = 'SMTP_LENS_MESSAGE';
  for (let i = 1; lines.has(name); i++) name = `SMTP_LENS_MESSAGE_${i}`;
  return name;
}

/** The words as one line, and the standard input as a quoted here-document after it (nothing in
 * it is expanded). The line the here-document adds at the end is taken off again when read. */
export function shellLine(words: readonly Word[], stdin?: string): string {
  const line = words.map(shellWord).join(' ');
  if (stdin === undefined) return line;
  const end = delimiterFor(stdin);
  return `${line} <<'${end}'\n${stdin}\n${end}`;
}

export type ReadWords = { words: Word[]; stdin: string | null; notes: string[] } | { problem: string };

const ENV = '\u0000';
const RUN = '\u0001';
const RUN_VAR = '__SMTP_LENS_RUN_';

interface Scanned {
  /** The command, rewritten for shell-quote. */
  command: string;
  /** What each $(…) or `…` said, by its index. */
  runs: string[];
  heredoc: { delimiter: string; stripTabs: boolean } | null;
  /** Where the text after the command starts. */
  rest: number;
}

/** The end of a `$(…)` whose parenthesis is at `from`, with nested parentheses; -1 if none. */
function closingParen(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The here-document's delimiter after `<<` or `<<-`: a word, maybe quoted. */
function heredocWord(text: string, at: number): { delimiter: string; end: number } | null {
  const m = /^[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|([A-Za-z0-9_.-]+))/.exec(text.slice(at));
  if (!m) return null;
  return { delimiter: m[1] ?? m[2] ?? m[3] ?? '', end: at + m[0].length };
}

function scan(text: string): Scanned | { problem: string } {
  let out = '';
  const runs: string[] = [];
  let heredoc: Scanned['heredoc'] = null;
  let quote: "'" | '"' | null = null;
  let quoteAt = 0;
  let wordStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      out += c;
      continue;
    }
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        i++; // a line continuation: the two characters go (POSIX XCU §2.2.1)
        continue;
      }
      out += c + (next ?? '');
      i++;
      wordStart = false;
      continue;
    }
    if ((c === '$' && text[i + 1] === '(') || c === '`') {
      const end = c === '`' ? text.indexOf('`', i + 1) : closingParen(text, i + 1);
      if (end < 0) return { problem: `${c === '`' ? 'a `' : '$('} is not closed` };
      runs.push(text.slice(i, end + 1));
      out += `\${${RUN_VAR}${runs.length - 1}}`;
      i = end;
      wordStart = false;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      out += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      quoteAt = i;
      out += c;
      wordStart = false;
      continue;
    }
    if (c === '\n') return { command: out, runs, heredoc, rest: i + 1 };
    if (c === '#' && !wordStart) {
      out += '\\#';
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      const stripTabs = text[i + 2] === '-';
      const word = heredocWord(text, i + (stripTabs ? 3 : 2));
      if (!word) return { problem: 'a here-document (<<) has no delimiter word' };
      heredoc = { delimiter: word.delimiter, stripTabs };
      i = word.end - 1;
      wordStart = true;
      continue;
    }
    out += c;
    wordStart = /[\s|&;()<>]/.test(c);
  }
  if (quote)
    return { problem: `the ${quote === "'" ? 'single' : 'double'} quote at character ${quoteAt + 1} is not closed` };
  return { command: out, runs, heredoc, rest: text.length };
}

/** Typographic quotes and dashes, as word processors and web pages turn them: read as ASCII. */
function plainQuotes(text: string): { text: string; changed: boolean } {
  const plain = text
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/(^|\s)[\u2013\u2014](?=[A-Za-z])/g, '$1--');
  return { text: plain, changed: plain !== text };
}

/** The words of one pasted word: literal, one variable, or shell text kept as written. */
function toWord(value: string, runs: string[]): Word {
  if (!value.includes(ENV) && !value.includes(RUN)) return value;
  const whole = new RegExp(`^${ENV}([^${ENV}]*)${ENV}$`).exec(value);
  if (whole) return { env: whole[1] as string };
  const shell = value
    .replace(new RegExp(`${ENV}([^${ENV}]*)${ENV}`, 'g'), (_, name: string) => `$${name}`)
    .replace(new RegExp(`${RUN}(\\d+)${RUN}`, 'g'), (_, i: string) => runs[Number(i)] ?? '');
  return { shell };
}

const CONTROL = new Set(['|', '||', '&&', ';', ';;', '&', '|&', '(', ')']);

/**
 * Reads one command line as a POSIX shell would split it: its words, the standard input a
 * here-document gives it, and notes on what was not read (a second command, a pipe, a
 * redirection). A line that cannot be read (an unclosed quote) gets a problem, in words.
 */
export function readShellWords(pasted: string): ReadWords {
  const notes: string[] = [];
  const plain = plainQuotes(pasted.replace(/\r\n?/g, '\n').replace(/^\s*\$\s+/, ''));
  if (plain.changed) notes.push('Typographic quotes or dashes were read as plain ASCII ones.');
  const text = plain.text;
  const scanned = scan(text);
  if ('problem' in scanned) return scanned;
  let rest = text.slice(scanned.rest);
  let stdin: string | null = null;
  if (scanned.heredoc) {
    const { delimiter, stripTabs } = scanned.heredoc;
    const lines = rest.split('\n');
    const body = stripTabs ? lines.map((l) => l.replace(/^\t+/, '')) : lines;
    const end = body.indexOf(delimiter);
    if (end < 0) return { problem: `the here-document has no closing ${delimiter} line` };
    stdin = body.slice(0, end).join('\n');
    rest = lines.slice(end + 1).join('\n');
  }
  const env = (key: string) =>
    key.startsWith(RUN_VAR) ? `${RUN}${key.slice(RUN_VAR.length)}${RUN}` : `${ENV}${key}${ENV}`;
  const entries = parse(scanned.command, env);
  const words: Word[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (typeof entry === 'string') words.push(toWord(entry, scanned.runs));
    else if ('comment' in entry) break;
    else if (entry.op === 'glob') words.push(entry.pattern);
    else if (CONTROL.has(entry.op)) {
      notes.push(`Only the first command was read: what follows "${entry.op}" was not.`);
      break;
    } else {
      // A redirection (> file, 2>&1, < file): where the output goes is the shell's business.
      const last = words.at(-1);
      if (entry.op.startsWith('>') && typeof last === 'string' && /^\d$/.test(last)) words.pop();
      i++;
    }
  }
  if (rest.trim()) notes.push('Only the first command was read: the lines after it were not.');
  return { words, stdin, notes };
}
