// Turns the server's byte stream into SMTP replies. Replies are assembled line by line, never
// by TCP read: one read may hold half a line or three replies (RFC 5321 §4.2, §4.5.3.1.5).

/** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF. Longer lines are
 * accepted but flagged; past HARD_LINE_LIMIT we stop reading, so a hostile peer cannot make us
 * buffer without bound. Real servers stay far below 4 KB. */
export const RFC_REPLY_LINE_LIMIT = 512;
export const HARD_LINE_LIMIT = 8 * 1024;
/** No real server sends more; an EHLO reply has a few dozen lines at most. */
export const MAX_REPLY_LINES = 1000;
/** One reply, all its lines together. A large EHLO reply is a few KB. */
export const MAX_REPLY_OCTETS = 1024 * 1024;
/** Complete replies nobody has asked for yet (a server talking out of turn, or flooding while
 * a Step waits for the user). The connection stops reading long before this (smtpConnection.ts);
 * this is the hard stop if the peer gets past that. */
export const MAX_QUEUED_OCTETS = 1024 * 1024;

export interface ParsedReply {
  code: number | null;
  enhanced: string | null;
  lines: string[];
  /** Why the reply is not valid SMTP, if it isn't. */
  malformed?: string;
  /** The server ended a line with LF alone instead of CRLF (RFC 5321 §2.3.8). */
  bareLf?: boolean;
  /** Length in octets of the longest line, when it exceeds RFC_REPLY_LINE_LIMIT. */
  longLine?: number;
  /** Octets this reply took on the wire. */
  octets: number;
}

// RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39, then SP, "-" or the end of the line.
const REPLY_LINE = /^([2-5][0-5][0-9])([ -]|$)/;
// RFC 3463 §2 / RFC 2034 §4: class.subject.detail at the start of the text.
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?= |$)/;

export function parseEnhancedCode(text: string): string | null {
  const m = ENHANCED.exec(text);
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : null;
}

/** The text after "250-" or "250 " on a reply line. */
export function replyLineText(line: string): string {
  return REPLY_LINE.test(line) ? line.slice(4) : line;
}

interface LineInfo {
  text: string;
  octets: number;
  bareLf: boolean;
}

export class ReplyReader {
  private buffer: Buffer = Buffer.alloc(0);
  private current: LineInfo[] = [];
  private readonly ready: ParsedReply[] = [];
  /** Octets of the lines of the reply being assembled (not counting `buffer`). */
  private currentOctets = 0;
  /** Octets of the complete replies in `ready`. */
  private readyOctets = 0;
  /** Set when the peer broke a hard limit; no further input is accepted. */
  overflow: string | null = null;

  /** Complete replies received and not yet taken, in octets. */
  get queuedOctets(): number {
    return this.readyOctets;
  }

  /** Everything held: queued replies, the reply being assembled and an unfinished line. */
  get bufferedOctets(): number {
    return this.readyOctets + this.currentOctets + this.buffer.length;
  }

  feed(chunk: Buffer): void {
    if (this.overflow) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (let nl = this.buffer.indexOf(0x0a); nl !== -1; nl = this.buffer.indexOf(0x0a)) {
      if (nl + 1 > HARD_LINE_LIMIT) return this.refuse(`a reply line longer than ${HARD_LINE_LIMIT} octets`);
      const bareLf = nl === 0 || this.buffer[nl - 1] !== 0x0d;
      const end = bareLf ? nl : nl - 1;
      const line: LineInfo = { text: this.buffer.toString('utf8', 0, end), octets: nl + 1, bareLf };
      this.buffer = this.buffer.subarray(nl + 1);
      this.acceptLine(line);
      if (this.overflow) return;
    }
    if (this.buffer.length > HARD_LINE_LIMIT)
      return this.refuse(`a reply line longer than ${HARD_LINE_LIMIT} octets with no line end`);
    if (this.currentOctets + this.buffer.length > MAX_REPLY_OCTETS)
      this.refuse(`a reply longer than ${MAX_REPLY_OCTETS} octets (1 MiB)`);
  }

  /** The next complete reply, if one has arrived. */
  take(): ParsedReply | null {
    const reply = this.ready.shift() ?? null;
    if (reply) this.readyOctets -= reply.octets;
    return reply;
  }

  /** Lines of a multi-line reply that has not finished, plus any unterminated text. */
  partial(): ParsedReply | null {
    const lines = this.current.map((l) => l.text);
    if (this.buffer.length) lines.push(this.buffer.toString('utf8'));
    if (!lines.length) return null;
    const first = REPLY_LINE.exec(lines[0]);
    return {
      code: first ? Number(first[1]) : null,
      enhanced: first ? parseEnhancedCode(lines[0].slice(4)) : null,
      lines,
      octets: this.currentOctets + this.buffer.length,
    };
  }

  /** Removes and returns everything received but not yet consumed (RFC 3207 §4.2: before the
   * TLS handshake the client must discard it, because it was not protected by TLS). */
  drain(): string {
    const parts = [...this.ready.map((r) => `${r.lines.join('\r\n')}\r\n`)];
    this.ready.length = 0;
    const partial = this.partial();
    if (partial) parts.push(partial.lines.join('\r\n'));
    this.current = [];
    this.buffer = Buffer.alloc(0);
    this.readyOctets = 0;
    this.currentOctets = 0;
    return parts.join('');
  }

  /** Stops accepting input and lets go of everything held, so the memory a hostile peer made
   * us use is released at once; the session then ends with OVERFLOW. */
  private refuse(why: string): void {
    this.overflow = why;
    this.drain();
  }

  private acceptLine(line: LineInfo): void {
    const m = REPLY_LINE.exec(line.text);
    if (!m) {
      // Not a reply line at all. If we were inside a multi-line reply, it ends here, broken.
      if (this.current.length)
        this.finish(`a line that is not a reply line: ${JSON.stringify(line.text.slice(0, 80))}`, [line]);
      else this.push([line], null, null, 'not an SMTP reply line (a reply starts with a three-digit code)');
      return;
    }
    const code = Number(m[1]);
    if (this.current.length) {
      const firstCode = Number(this.current[0].text.slice(0, 3));
      if (code !== firstCode) {
        this.finish(`the reply code changed from ${firstCode} to ${code} within one multi-line reply`, [line]);
        return;
      }
    }
    this.current.push(line);
    this.currentOctets += line.octets;
    if (m[2] === '-') {
      if (this.current.length >= MAX_REPLY_LINES) this.refuse(`a reply with more than ${MAX_REPLY_LINES} lines`);
      else if (this.currentOctets > MAX_REPLY_OCTETS)
        this.refuse(`a reply longer than ${MAX_REPLY_OCTETS} octets (1 MiB)`);
      return;
    }
    this.finish(undefined, []);
  }

  private finish(malformed: string | undefined, extra: LineInfo[]): void {
    const lines = [...this.current, ...extra];
    this.current = [];
    this.currentOctets = 0;
    const first = lines[0].text;
    this.push(lines, Number(first.slice(0, 3)), parseEnhancedCode(first.slice(4)), malformed);
  }

  private push(lines: LineInfo[], code: number | null, enhanced: string | null, malformed?: string): void {
    const longest = Math.max(...lines.map((l) => l.octets));
    const reply: ParsedReply = {
      code,
      enhanced,
      lines: lines.map((l) => l.text),
      octets: lines.reduce((n, l) => n + l.octets, 0),
    };
    if (malformed) reply.malformed = malformed;
    if (lines.some((l) => l.bareLf)) reply.bareLf = true;
    if (longest > RFC_REPLY_LINE_LIMIT) reply.longLine = longest;
    this.ready.push(reply);
    this.readyOctets += reply.octets;
    if (this.readyOctets > MAX_QUEUED_OCTETS)
      this.refuse(`more than ${MAX_QUEUED_OCTETS} octets (1 MiB) of replies that no command asked for`);
  }
}
