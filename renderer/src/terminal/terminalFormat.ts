import {
  challengeText,
  eventWords,
  replyReading,
  replyTone,
  sendTone,
  type Tone,
} from '../../../shared/presentation/eventWords';
import type { TranscriptEvent } from '../../../shared/transcript';
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
const dim = (text: string) => color(2, text);

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

/** One transcript event as terminal text (with CRLF), coloured by its tone. Every reply gets
 * its reading under it: the terminal is where people learn what each code means. */
export function formatEvent(e: TranscriptEvent): string {
  switch (e.type) {
    case 'send':
      return `${color(TONE_COLOR[sendTone(e)], `C: ${e.line}`)}\r\n`;
    case 'reply': {
      const lines = e.lines.map((l) => color(TONE_COLOR[replyTone(e.code)], `S: ${l}`));
      const challenge = challengeText(e);
      return (
        [...lines, dim(`   ↳ ${replyReading(e)}`), ...(challenge ? [dim(`     ${challenge}`)] : [])].join('\r\n') +
        '\r\n'
      );
    }
    default: {
      const words = eventWords(e);
      return `${color(TONE_COLOR[words.tone], `${e.type === 'error' ? '**' : '=='} ${words.text}`)}\r\n`;
    }
  }
}
