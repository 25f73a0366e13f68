// What a server sent when a TLS record was expected. A TLS server answers a ClientHello with
// a handshake record (content type 22, RFC 8446 §5.1); anything that reads as text means the
// port speaks something else, and saying *what* it speaks is the useful diagnosis.

export type ServerSpoke =
  | { kind: 'tls' }
  /** A plaintext SMTP reply: a greeting, or an error for the "command" our ClientHello looked like. */
  | { kind: 'smtp'; firstLine: string }
  | { kind: 'other'; protocol: string; firstLine: string }
  | { kind: 'unknown' };

/** Protocols whose first words give them away (the same ones networkRules names at the banner). */
const OTHER_PROTOCOLS: [RegExp, string][] = [
  [/^HTTP\/\d/i, 'HTTP (a web server)'],
  [/^<(!doctype|html)/i, 'HTML (a web server)'],
  [/^SSH-\d/, 'SSH'],
  [/^(\+OK|-ERR)/, 'POP3 (mail retrieval, not sending)'],
  [/^\* (OK|PREAUTH|BYE)/, 'IMAP (mail retrieval, not sending)'],
];

/** The first line, printable: control bytes shown as "·". */
export function firstLineOf(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  const end = text.search(/\r?\n/);
  return (end === -1 ? text : text.slice(0, end)).replace(/[^\x20-\x7e]/g, '·').slice(0, 100);
}

export function whatServerSpoke(bytes: Buffer): ServerSpoke {
  if (bytes.length === 0) return { kind: 'unknown' };
  // 20..23 are the TLS record content types; 0x80 starts an SSLv2-format record.
  if ((bytes[0] >= 20 && bytes[0] <= 23) || bytes[0] === 0x80) return { kind: 'tls' };
  const firstLine = firstLineOf(bytes);
  // RFC 5321 §4.2: a reply is three digits, then a space or a hyphen.
  if (/^[2-5]\d\d([ -]|$)/.test(firstLine)) return { kind: 'smtp', firstLine };
  const other = OTHER_PROTOCOLS.find(([re]) => re.test(firstLine));
  return other ? { kind: 'other', protocol: other[1], firstLine } : { kind: 'unknown' };
}
