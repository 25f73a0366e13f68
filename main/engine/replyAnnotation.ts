import type { ReplyAnnotation } from '../../shared/transcript';
import { replyLineText } from './replyReader';

/** RFC 4954 §4: a 334 carries a base64 challenge; LOGIN's say "Username:" and "Password:". */
function decodeChallenge(lines: string[]): string | undefined {
  const text = replyLineText(lines[0] ?? '').trim();
  if (!text || !/^[A-Za-z0-9+/]+=*$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^[\x20-\x7e\t\r\n]*$/.test(decoded) ? decoded : undefined;
}

/** What the catalog can say about a reply, attached to the reply event when it is recorded. */
export function annotateReply(code: number | null, _enhanced: string | null, lines: string[]): ReplyAnnotation | undefined {
  if (code === 334) {
    const challenge = decodeChallenge(lines);
    return challenge === undefined ? undefined : { challenge };
  }
  return undefined;
}
