// Catalog texts (findings' explanation and fix) carry two bits of formatting, the same the UI
// shows (renderer FormattedText): `backticks` mark configuration snippets, and lines indented
// by two spaces are aligned tables (the EHLO lists side by side). Markdown and HTML exports
// split them here and render each part their own way; the text inside comes partly from the
// server, so each serializer still escapes every part.
import { isPreformatted } from '../findings/catalog';

export interface TextBlock {
  /** An aligned table: show it monospaced, as it is. */
  preformatted: boolean;
  lines: string[];
}

export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const line of text.split('\n')) {
    const preformatted = isPreformatted(line);
    const last = blocks.at(-1);
    const content = preformatted ? line.slice(2) : line;
    if (last && last.preformatted === preformatted) last.lines.push(content);
    else blocks.push({ preformatted, lines: [content] });
  }
  return blocks;
}

/** Prose split at backticks: odd parts are code. An unpaired backtick stays literal text. */
export function inlineParts(text: string): { code: boolean; text: string }[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [{ code: false, text }];
  return parts.map((part, i) => ({ code: i % 2 === 1, text: part })).filter((p) => p.text !== '');
}
