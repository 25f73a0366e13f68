import { describeReplyCode } from '../../../shared/knowledge/replyCodes';
import { enhancedCodeSummary } from '../../../shared/knowledge/enhancedStatusCodes';
import type { ReplyEvent, TranscriptEvent } from '../../../shared/transcript';
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

function replyColor(reply: ReplyEvent): number {
  if (reply.code === null || reply.code >= 500) return 31;
  if (reply.code >= 400) return 33;
  if (reply.code >= 300) return 36;
  return 32;
}

/** The meaning of a reply on the line under it: what the code and the enhanced code say. */
export function replyAnnotation(reply: ReplyEvent): string {
  if (reply.code === null) return reply.malformed ?? 'not a valid SMTP reply';
  const parts = [`${reply.code}: ${reply.annotation?.code ?? describeReplyCode(reply.code)}`];
  const enhanced = reply.enhanced ? enhancedCodeSummary(reply.enhanced) : null;
  if (enhanced) parts.push(`${reply.enhanced}: ${enhanced}`);
  if (reply.annotation?.challenge !== undefined) parts.push(`challenge: "${reply.annotation.challenge}"`);
  return parts.join(' · ');
}

/** One transcript event as terminal text (with CRLF), coloured by direction and reply class. */
export function formatEvent(e: TranscriptEvent): string {
  switch (e.type) {
    case 'send':
      return `${e.body ? dim(`C: ${e.line}`) : color(36, `C: ${e.line}`)}\r\n`;
    case 'reply':
      return (
        e.lines.map((l) => color(replyColor(e), `S: ${l}`)).join('\r\n') +
        '\r\n' +
        dim(`   ↳ ${replyAnnotation(e)}`) +
        '\r\n'
      );
    case 'tls-start':
      return `${color(33, `== TLS handshake (${e.mode === 'implicit' ? 'implicit TLS' : 'STARTTLS'})…`)}\r\n`;
    case 'tls-established':
      return `${color(33, `== Encrypted from here on: ${e.protocol}, ${e.cipher}`)}\r\n`;
    case 'error':
      return `${color(31, `** ${e.message}`)}\r\n`;
    case 'note':
      return `${dim(`== ${e.text}`)}\r\n`;
    case 'connect':
      return `${dim(`== Connecting to ${e.address} port ${e.port}…`)}\r\n`;
    case 'connected':
      return `${dim('== Connected.')}\r\n`;
    case 'close':
      return `${dim(e.by === 'server' ? '== The server closed the connection.' : '== Connection closed.')}\r\n`;
    case 'dns':
      return `${dim(
        e.error
          ? `== DNS lookup failed: ${e.error}`
          : `== ${e.host} is ${e.addresses.map((a) => a.address).join(', ')}`,
      )}\r\n`;
  }
}
