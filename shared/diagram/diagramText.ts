// Text helpers for the diagrams. No DOM here: shared/ runs in Node (CLI, exports) and in the
// renderer alike, so widths are estimated from character counts, which is exact enough
// because every piece of wire text is drawn in a monospace font.
import { displayText } from '../untrustedText';

/** Width of one character of the monospace font at 1px font size. DejaVu Sans Mono, Menlo,
 * Consolas and Liberation Mono are all 0.6 em wide, which is why the diagrams draw wire text
 * in monospace: its width is known without measuring. */
export const MONO_EM = 0.6;
/** Average width of a proportional sans-serif character, with some slack for capitals. */
export const SANS_EM = 0.56;

export function monoWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * MONO_EM;
}

export function sansWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * SANS_EM;
}

/** Cuts text to at most `max` characters (code points, so no surrogate pair is split),
 * ending with an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * Word-wraps text: the first line at most `first` characters, the others at most `rest`, and
 * no more than `maxLines` lines (the last one ends with an ellipsis if text was left over).
 * A word longer than a line is cut, so a 500-character token cannot push the layout wide.
 */
export function wrapChars(text: string, first: number, rest: number, maxLines: number): string[] {
  const lines: string[] = [];
  const words = text.split(' ');
  while (words.length && lines.length < maxLines) {
    const width = lines.length ? rest : first;
    let line = '';
    while (words.length) {
      const word = words[0];
      const candidate = line ? `${line} ${word}` : word;
      if ([...candidate].length <= width) {
        line = candidate;
        words.shift();
      } else if (!line) {
        const chars = [...word];
        line = chars.slice(0, width).join('');
        words[0] = chars.slice(width).join('');
        break;
      } else break;
    }
    lines.push(line);
  }
  if (words.length && lines.length)
    lines[lines.length - 1] = truncate(
      `${lines[lines.length - 1]} ${words.join(' ')}`,
      lines.length === 1 ? first : rest,
    );
  return lines;
}

/** A duration as people read it: "0.4 ms", "12 ms", "1.61 s", "31.2 s". */
export function formatMs(ms: number): string {
  if (ms < 0) ms = 0;
  // Each bound is where the rounded value would need the next unit: 999.6 ms reads "1.00 s".
  if (ms < 9.95) return `${ms.toFixed(1)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 9_995) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 99_950) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000)} s`;
}

const XML_SPECIAL = /[&<>"']/g;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for SVG/XML content and attribute values. Server banners and reply texts are
 * attacker-controlled: they may hold `<script>`, quotes or `]]>`, and control characters that
 * XML 1.0 forbids outright (an SVG with a raw \x00 does not even parse), so those, and bidi
 * controls that would reorder the drawn text, become visible escapes such as `\x00`.
 */
export function escapeXml(text: string): string {
  // Line ends are ours (multi-line tooltips); any other control or bidi character inside a
  // line came from the server and becomes a visible escape (shared/untrustedText.ts).
  const shown = text.includes('\n') ? text.split('\n').map(displayText).join('\n') : displayText(text);
  // One pass, and none at all for the attribute values that are plain numbers and names.
  return shown.search(XML_SPECIAL) === -1 ? shown : shown.replace(XML_SPECIAL, (c) => XML_ENTITY[c]!);
}

/** Line breaks inside one drawn line would be lost by SVG: our own become spaces, and a CR
 * or TAB the server sent is shown as its escape. */
export function oneLine(text: string): string {
  return displayText(text.replace(/\n+/g, ' '));
}
