// What a scripted hostile server says, decided by a seeded PRNG so any failing session can be
// replayed from its seed. The vocabulary mixes valid and invalid reply grammar, random bytes,
// drips, floods, early closes and terminal control characters.

import { pick, type Random } from '../helpers/seededRandom';
const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Text a terminal would obey: screen clears, OSC title and clipboard, hidden text, cursor
 * moves with a faked reply, C1 CSI, NUL/BEL/BS, bidi overrides and zero-width characters. */
const CONTROL_SNIPPETS = [
  '\x1b[2J',
  '\x1b]0;pwned\x07',
  '\x1b]52;c;ZXZpbA==\x07',
  '\x1b[8mhidden\x1b[0m',
  '\x1b[1A\x1b[2K250 2.1.5 Ok',
  '\x9b2J',
  '\x00',
  '\x07',
  '\x08\x08\x08',
  'BIDI\u202Eevil',
  '\u2066iso\u2069',
  '\u200Bzw\u200D',
  '\r',
  '\u2028',
  '\x7f',
];

function textWithControls(r: Random): string {
  const parts = ['mail.fuzz.test', 'ESMTP', 'Ok'];
  for (let i = int(r, 1, 3); i > 0; i--) parts.splice(int(r, 0, parts.length), 0, pick(r, CONTROL_SNIPPETS));
  return parts.join(' ');
}

const CODES = [
  220, 221, 235, 250, 251, 334, 354, 421, 450, 451, 452, 454, 500, 501, 502, 503, 530, 534, 535, 538, 550, 552, 553,
  554,
];

function randomBytes(r: Random, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

/** One thing the server does at a point in the dialogue. */
export type Action =
  | { kind: 'reply'; bytes: Buffer }
  | { kind: 'drip'; bytes: Buffer; everyMs: number; forever: boolean }
  | { kind: 'flood'; line: string; totalBytes: number }
  | { kind: 'close'; destroy: boolean }
  | { kind: 'silence' };

/** A well-formed reply (RFC 5321 §4.2), one or several lines, with the expected code usually. */
function validReply(r: Random, expected: number, usual: number): string {
  const code = r() < usual ? expected : pick(r, CODES);
  const lines = int(r, 1, r() < 0.1 ? 40 : 4);
  const words = [
    'mail.fuzz.test',
    'PIPELINING',
    'SIZE 10240000',
    'STARTTLS',
    'AUTH PLAIN LOGIN',
    '8BITMIME',
    'SMTPUTF8',
    'CHUNKING',
    'Ok',
  ];
  const out: string[] = [];
  for (let i = 0; i < lines; i++)
    out.push(`${code}${i === lines - 1 ? ' ' : '-'}${r() < 0.15 ? textWithControls(r) : pick(r, words)}`);
  return `${out.join('\r\n')}\r\n`;
}

/** Broken grammar: no code, a code that changes mid-reply, a reply that never ends, bare LF
 * or CR line ends, an over-long line, a lone digit, UTF-8 garbage. */
function invalidReply(r: Random, expected: number): string {
  switch (int(r, 0, 7)) {
    case 0:
      return 'hello there\r\n';
    case 1:
      return `${expected}-first\r\n${expected === 250 ? 550 : 250} second\r\n`;
    case 2:
      return `${expected}-never ends\r\n`;
    case 3:
      return `${expected} bare LF\n`;
    case 4:
      return `${expected} bare CR\r${expected} more\r\n`;
    case 5:
      return `${expected} ${'x'.repeat(int(r, 600, 90_000))}\r\n`;
    case 6:
      return `2\r\n`;
    default:
      return `${expected} \xff\xfe\xc3\x28 broken UTF-8\r\n`;
  }
}

/** What the server does where it owes a reply with `expected` as the normal code. */
export function actionFor(r: Random, expected: number): Action {
  // Mostly a normal answer, so that sessions get deep enough for every stage to meet trouble.
  if (r() < 0.6) return { kind: 'reply', bytes: Buffer.from(validReply(r, expected, 0.9), 'latin1') };
  const roll = r();
  if (roll < 0.5) return { kind: 'reply', bytes: Buffer.from(validReply(r, expected, 0.6), 'latin1') };
  if (roll < 0.62) return { kind: 'reply', bytes: Buffer.from(invalidReply(r, expected), 'latin1') };
  if (roll < 0.7) return { kind: 'reply', bytes: Buffer.from(`${expected} ${textWithControls(r)}\r\n`) };
  if (roll < 0.75) return { kind: 'reply', bytes: randomBytes(r, int(r, 1, 2000)) };
  if (roll < 0.82) {
    const forever = r() < 0.4;
    return {
      kind: 'drip',
      bytes: Buffer.from(forever ? `${expected}-drip\r\n` : validReply(r, expected, 0.9)),
      everyMs: int(r, 5, 60),
      forever,
    };
  }
  if (roll < 0.87)
    return {
      kind: 'flood',
      line: r() < 0.5 ? `${expected}-flood\r\n` : `${expected} flood\r\n`,
      totalBytes: int(r, 64 * 1024, 3 * 1024 * 1024),
    };
  if (roll < 0.94) return { kind: 'close', destroy: r() < 0.5 };
  return { kind: 'silence' };
}

/** How the server behaves after agreeing to STARTTLS (RFC 3207 §4): a real handshake, bytes
 * that are not TLS, or a close. */
export type TlsBehaviour = 'handshake' | 'garbage' | 'close';

export function tlsBehaviour(r: Random): TlsBehaviour {
  const roll = r();
  return roll < 0.7 ? 'handshake' : roll < 0.9 ? 'garbage' : 'close';
}

export function garbage(r: Random): Buffer {
  // Sometimes a plausible TLS record header with nonsense inside, sometimes plain noise.
  const body = randomBytes(r, int(r, 1, 4000));
  return r() < 0.5
    ? Buffer.concat([Buffer.from([0x16, 0x03, 0x03, (body.length >> 8) & 0xff, body.length & 0xff]), body])
    : body;
}
