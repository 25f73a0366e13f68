// The one door for untrusted text. Everything a server sends, and everything in a transcript
// file someone opened, is shown through here: banners, replies, EHLO keywords, certificate
// fields, notes and findings that quote them. RFC 5321 §4.2 makes a reply's text printable
// US-ASCII (RFC 6531 allows UTF-8 under SMTPUTF8); a control character in it is either a
// broken server or an attack on whoever reads the transcript: a screen clear, an OSC title or
// clipboard write, hidden text, a cursor move that overwrites a refusal with a fake "250 Ok",
// or a bidi override that reorders what the eye reads. Such characters are never passed on
// and never deleted: each becomes a visible escape, so the reader sees that the server sent it.

/**
 * C0 controls (TAB, CR and LF included: a lone CR is a line break in CommonMark and a
 * carriage return in a terminal), DEL, C1 controls, the soft hyphen, the Arabic letter mark,
 * the Mongolian vowel separator, zero-width and bidi marks, embeddings, overrides and
 * isolates, U+2028/2029, invisible operators, the BOM, noncharacters, the invisible "tag"
 * characters (U+E0000–E007F) and lone surrogates.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufffe\uffff]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
/** Printable ASCII only: nearly every line of a session, and a test much faster than UNSAFE's
 * (a plain class V8 scans in a tight loop, no lookbehind), so it answers first. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function unsafe(text: string): boolean {
  return !PRINTABLE_ASCII.test(text) && UNSAFE.test(text);
}

const NAMED: Record<string, string> = { '\t': '\\t', '\r': '\\r', '\n': '\\n' };

/** `\x1b`, `\x9b`, `\t`, `\r`, `\n` below U+0100; `<U+202E>` above. */
export function visibleEscape(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

export function hasUnsafeChars(text: string): boolean {
  return unsafe(text);
}

/** The first unsafe character, as its visible escape, or null. */
export function firstUnsafe(text: string): string | null {
  const m = UNSAFE.exec(text);
  return m ? visibleEscape(m[0]) : null;
}

export interface TextPart {
  text: string;
  /** True for a visible escape that stands for a character the server sent. */
  escaped: boolean;
}

/** Text split into what can be shown as it is and the visible escapes between. */
export function untrustedParts(text: string): TextPart[] {
  if (!unsafe(text)) return [{ text, escaped: false }];
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(UNSAFE_ALL)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), escaped: false });
    const shown = visibleEscape(m[0]);
    const last = parts[parts.length - 1];
    // Runs of escapes (a whole ANSI sequence's controls) make one styled part.
    if (last?.escaped && at === m.index) last.text += shown;
    else parts.push({ text: shown, escaped: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), escaped: false });
  return parts;
}

/** Untrusted text with every unsafe character as its visible escape: for plain text, files,
 * Markdown and attribute values. Text without any is returned as it is. */
export function displayText(text: string): string {
  return unsafe(text) ? text.replace(UNSAFE_ALL, visibleEscape) : text;
}

/** The same, for a terminal: escapes get `style` (reverse video in a colour terminal). */
export function terminalText(text: string, style: (s: string) => string): string {
  if (!unsafe(text)) return text;
  return untrustedParts(text)
    .map((p) => (p.escaped ? style(p.text) : p.text))
    .join('');
}

/** The SGR sequences SMTP Lens itself writes (shared/export/palette.ts): colours, bold, dim,
 * reverse and their resets. Nothing else that starts with ESC is ours. */
const OWN_SGR = /\x1b\[(?:0|1|2|7|22|27|31|32|33|36|39)m/y;

/**
 * The last guard before a terminal: a whole rendered output with every unsafe character
 * escaped except line ends and SMTP Lens's own colour codes. Fields are escaped where they
 * are formatted; this catches any that were not, so that no server byte can move the cursor,
 * clear the screen or set the title.
 */
export function terminalSafe(output: string): string {
  if (!UNSAFE.test(output.replace(/\n/g, ''))) return output;
  let out = '';
  let at = 0;
  for (const m of output.matchAll(UNSAFE_ALL)) {
    const i = m.index;
    if (m[0] === '\n') continue;
    if (m[0] === '\x1b') {
      OWN_SGR.lastIndex = i;
      if (OWN_SGR.test(output)) continue;
    }
    out += output.slice(at, i) + visibleEscape(m[0]);
    at = i + m[0].length;
  }
  return out + output.slice(at);
}

/** Display lines longer than this are cut in the app's views; files keep the full text. */
export const DISPLAY_LINE_LIMIT = 2000;

/** A line cut for display, and how many characters were left out. */
export function cutForDisplay(text: string, limit = DISPLAY_LINE_LIMIT): { text: string; omitted: number } {
  if (text.length <= limit) return { text, omitted: 0 };
  // Never cut between the two halves of a surrogate pair (an emoji, say).
  const end = /[\ud800-\udbff]/.test(text[limit - 1] ?? '') ? limit - 1 : limit;
  return { text: text.slice(0, end), omitted: text.length - end };
}

/** JSON output with every unsafe character as a `\uXXXX` escape: the same text for any JSON
 * reader (JSON keeps exact text), but nothing a terminal would obey or reorder when it is
 * printed. JSON.stringify already escapes C0; C1, bidi and the rest it leaves raw. */
export function jsonSafe(json: string): string {
  // A raw LF can only be the layout of pretty-printed JSON: inside strings it is escaped.
  const toUnicodeEscape = (ch: string) =>
    ch === '\n' ? ch : [...ch].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  return UNSAFE.test(json) ? json.replace(UNSAFE_ALL, toUnicodeEscape) : json;
}
