import { wrap } from '../../../shared/export/wrap';
import { chainSummary, describeVerdict } from '../../../shared/knowledge/tlsVerdict';
import {
  challengeText,
  eventWords,
  replyReading,
  replyTone,
  sendTone,
  type Tone,
} from '../../../shared/presentation/eventWords';
import type { TlsInfo, TranscriptEvent } from '../../../shared/transcript';
import { cutForDisplay, terminalText } from '../../../shared/untrustedText';

/** A control character the server sent, shown as its escape in reverse video. */
const reverse = (text: string) => `\x1b[7m${text}\x1b[27m`;
/** Every text here can hold what the server sent: xterm would obey its escape sequences
 * (clear the screen, move the cursor over a refusal), so they are escaped, and a huge line is
 * cut, before our own colour is added. */
const safe = (text: string) => {
  const { text: shown, omitted } = cutForDisplay(text);
  return (
    terminalText(shown, reverse) +
    (omitted ? ` … (${omitted} more characters; the exported transcript has them all)` : '')
  );
};
const color = (code: number, text: string) => `\x1b[${code}m${safe(text)}\x1b[0m`;

/** Each tone's ANSI colour. */
const TONE_COLOR: Record<Tone, number> = {
  client: 36,
  body: 2,
  ok: 32,
  more: 36,
  temp: 33,
  perm: 31,
  info: 2,
  tls: 33,
  error: 31,
};

/** Our own sentences, broken between words to fit the terminal, each further line indented
 * under the first: xterm would otherwise cut a word at the edge ("STA" / "RTTLS"). Lines the
 * server sent are never re-broken: they are shown as they came. */
function wrapped(first: string, text: string, cols: number, code: number): string {
  // Two columns spare: xterm's own wrap starts in the last one.
  const width = Math.max(20, cols - 2 - first.length);
  const indent = ' '.repeat(first.length);
  return `${wrap(text, width)
    .map((line, i) => color(code, `${i === 0 ? first : indent}${line}`))
    .join('\r\n')}\r\n`;
}

/** A line of SMTP Lens's own (a hint, a refusal), wrapped and coloured. */
export function formatNotice(text: string, cols: number, tone: Tone = 'info'): string {
  return wrapped('', text, cols, TONE_COLOR[tone]);
}

/** The certificate verdict, at the handshake: what the TLS is worth, before anything is sent
 * over it. */
export function formatVerdict(tls: TlsInfo, cols: number): string {
  const verdict = describeVerdict(tls);
  return (
    wrapped(verdict.ok ? '✓ Certificate ' : '✗ Certificate ', verdict.text, cols, verdict.ok ? 32 : 31) +
    wrapped('  ', `Chain as sent: ${chainSummary(tls)}`, cols, 2)
  );
}

/** One transcript event as terminal text (with CRLF), coloured by its tone. Every reply gets
 * its reading under it: the terminal is where people learn what each code means. */
export function formatEvent(e: TranscriptEvent, cols = 80): string {
  switch (e.type) {
    case 'send':
      return `${color(TONE_COLOR[sendTone(e)], `C: ${e.line}`)}\r\n`;
    case 'reply': {
      const lines = e.lines.map((l) => `${color(TONE_COLOR[replyTone(e.code)], `S: ${l}`)}\r\n`).join('');
      const challenge = challengeText(e);
      return (
        lines + wrapped('   ↳ ', replyReading(e), cols, 2) + (challenge ? wrapped('     ', challenge, cols, 2) : '')
      );
    }
    default: {
      const words = eventWords(e);
      return wrapped(e.type === 'error' ? '** ' : '== ', words.text, cols, TONE_COLOR[words.tone]);
    }
  }
}
