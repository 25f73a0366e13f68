// Line editing for the SMTP terminal. SMTP is line based, so the terminal edits a line
// locally (with history and completion) and sends it whole on Enter.

export interface EditorOutput {
  /** Bytes to write to the terminal to show the edit. */
  echo: string;
  /** A finished line, when Enter was pressed. */
  submitted?: string;
  /** Completion candidates to list, when Tab found several. */
  candidates?: string[];
  /** Input after the submitted line (a pasted block): handled once that line is answered. */
  rest?: string;
}

/** SMTP verbs every server knows (RFC 5321 §4.1), for Tab completion. */
const BASE_VERBS = ['EHLO ', 'HELO ', 'MAIL FROM:<', 'RCPT TO:<', 'DATA', 'RSET', 'NOOP', 'QUIT', 'HELP', 'VRFY '];

/** Verbs worth completing given what the server advertised in EHLO. */
export function completionsFor(capabilities: readonly string[]): string[] {
  const verbs = [...BASE_VERBS];
  for (const cap of capabilities) {
    const [keyword, ...params] = cap.toUpperCase().split(/[ =]/);
    if (keyword === 'STARTTLS') verbs.push('STARTTLS');
    if (keyword === 'AUTH') verbs.push(...params.filter(Boolean).map((m) => `AUTH ${m}`));
    if (keyword === 'BDAT' || keyword === 'CHUNKING') verbs.push('BDAT ');
    if (keyword === 'ETRN') verbs.push('ETRN ');
  }
  return [...new Set(verbs)];
}

export class LineEditor {
  line = '';
  /** Echo '*' instead of the characters (passwords). */
  masked = false;
  private readonly history: string[] = [];
  private historyAt = 0;

  constructor(private readonly completions: () => string[]) {}

  handle(data: string): EditorOutput {
    let echo = '';
    const result: EditorOutput = { echo: '' };
    for (let i = 0; i < data.length; i++) {
      const ch = data[i];
      if (data.startsWith('\x1b[A', i) || data.startsWith('\x1b[B', i)) {
        echo += this.recall(data[i + 2] === 'A' ? -1 : 1);
        i += 2;
      } else if (ch === '\r' || ch === '\n') {
        result.submitted = this.line;
        if (!this.masked && this.line.trim()) this.history.push(this.line);
        this.historyAt = this.history.length;
        this.line = '';
        const rest = data.slice(ch === '\r' && data[i + 1] === '\n' ? i + 2 : i + 1);
        if (rest) result.rest = rest;
        break;
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          echo += '\b \b';
        }
      } else if (ch === '\x03') {
        echo += '^C\r\n';
        this.line = '';
        result.submitted = undefined;
      } else if (ch === '\t') {
        const completed = this.complete();
        echo += completed.echo;
        if (completed.candidates) result.candidates = completed.candidates;
      } else if (ch === '\x1b') {
        // Other escape sequences (arrows left/right, function keys) are ignored.
        const end = data.slice(i).search(/[A-Za-z~]/);
        i += end === -1 ? data.length : end;
      } else if (ch >= ' ') {
        this.line += ch;
        echo += this.masked ? '*' : ch;
      }
    }
    result.echo = echo;
    return result;
  }

  private replaceLine(text: string): string {
    const erase = '\b \b'.repeat(this.line.length);
    this.line = text;
    return erase + text;
  }

  private recall(direction: number): string {
    if (this.masked || !this.history.length) return '';
    this.historyAt = Math.min(this.history.length, Math.max(0, this.historyAt + direction));
    return this.replaceLine(this.history[this.historyAt] ?? '');
  }

  private complete(): { echo: string; candidates?: string[] } {
    if (this.masked) return { echo: '' };
    const prefix = this.line.toUpperCase();
    const matches = this.completions().filter((c) => c.startsWith(prefix) && c !== prefix);
    if (matches.length === 1) return { echo: this.replaceLine(matches[0]) };
    if (matches.length > 1) {
      // Complete as far as all candidates agree.
      let common = matches[0];
      for (const m of matches) while (!m.startsWith(common)) common = common.slice(0, -1);
      return { echo: common.length > this.line.length ? this.replaceLine(common) : '', candidates: matches };
    }
    return { echo: '' };
  }
}
