// What the client's message shows about the client, read from the bytes it sent after DATA
// (dot-unstuffed by smtp-server, line endings as sent). Bounded: only the first MB is read.
const MAX_SCAN = 1 << 20;

export interface MessageFacts {
  octets: number;
  /** RFC 5322 §3.6 headers it lacks, of Date, From and Message-ID. */
  missing: string[];
  /** Octets above 127, sent without BODY=8BITMIME (RFC 6152 §3). */
  eightBitUndeclared: boolean;
  /** The longest line, when over 998 octets (RFC 5322 §2.1.1). */
  longLine: number | null;
  /** A LF without CR, or a CR without LF (RFC 5321 §2.3.8). */
  bareEnding: 'LF' | 'CR' | null;
}

export function messageFacts(raw: Buffer, bodyType: string): MessageFacts {
  const scan = raw.subarray(0, MAX_SCAN);
  const text = scan.toString('latin1');
  const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const names = new Set([...head.matchAll(/^([A-Za-z0-9-]+):/gm)].map((m) => m[1].toLowerCase()));
  const missing = ['Date', 'From', 'Message-ID'].filter((h) => !names.has(h.toLowerCase()));
  let longest = 0;
  for (const line of text.split(/\r?\n/)) longest = Math.max(longest, line.length);
  const bareEnding = /(^|[^\r])\n/.test(text) ? 'LF' : /\r(?!\n)/.test(text) ? 'CR' : null;
  return {
    octets: raw.length,
    missing,
    eightBitUndeclared: bodyType.toLowerCase() !== '8bitmime' && scan.some((b) => b > 0x7f),
    longLine: longest > 998 ? longest : null,
    bareEnding,
  };
}
