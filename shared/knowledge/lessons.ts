// Learn mode: what one step of a session showed, in a trainee's words. Built from the events
// the step recorded, with the meanings from the catalog, so the window and any other face
// explain a step the same way.
import { describeEhloKeyword } from './ehloKeywords';
import { enhancedCodeSummary } from './enhancedStatusCodes';
import { describeReplyCode } from './replyCodes';
import { commandFor, ehloLists } from '../sessionFacts';
import type { ReplyEvent, TranscriptEvent } from '../transcript';

export interface LessonExchange {
  /** What the client sent (redacted as recorded), or null when the server spoke first. */
  sent: string | null;
  reply: ReplyEvent;
  /** The reply's code and enhanced code in words. */
  meaning: string;
  /** For an EHLO reply: each keyword with its meaning. */
  keywords: { keyword: string; meaning: string }[];
}

export interface Lesson {
  exchanges: LessonExchange[];
  /** What changed with this step: encryption started, state was forgotten, the session ended... */
  changes: string[];
}

/** X.0.0 carries only the class (RFC 3463 §3.1): on a success that is the ordinary code, and a
 * registry title ("Other undefined status") would only puzzle a trainee. */
const CLASS_ONLY: Record<string, string> = {
  '2': 'says only "success"; servers use it for an ordinary OK.',
  '4': 'says only "temporary failure"; the text after it is the explanation.',
  '5': 'says only "permanent failure"; the text after it is the explanation.',
};

function enhancedMeaning(enhanced: string): string | null {
  const classOnly = /^([245])\.0\.0$/.exec(enhanced);
  if (classOnly) return `${enhanced} ${CLASS_ONLY[classOnly[1]]}`;
  return enhancedCodeSummary(enhanced);
}

function replyMeaning(reply: ReplyEvent): string {
  if (reply.code === null) return `This is not a valid SMTP reply${reply.malformed ? `: ${reply.malformed}` : ''}.`;
  const parts = [`${reply.code}: ${describeReplyCode(reply.code)}`];
  const enhanced = reply.enhanced ? enhancedMeaning(reply.enhanced) : null;
  if (enhanced) parts.push(enhanced);
  return parts.join(' ');
}

function isEhloReply(events: readonly TranscriptEvent[], index: number): boolean {
  return /^EHLO\b/i.test(commandFor(events, index)?.line ?? '');
}

/** What changed: the things a trainee should notice in this step. */
function changesIn(events: readonly TranscriptEvent[], from: number): string[] {
  const changes: string[] = [];
  const tlsAt = events.findIndex((e) => e.type === 'tls-established');
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'tls-established') {
      changes.push(
        `The TLS handshake finished (${e.protocol}). Everything from here on is encrypted: nobody on the path can read or change it.`,
      );
    } else if (e.type === 'reply' && isEhloReply(events, i) && tlsAt !== -1 && i > tlsAt && e.code === 250) {
      const { beforeTls, afterTls } = ehloLists(events);
      const before = new Set((beforeTls?.capabilities ?? []).map((c) => c.toUpperCase()));
      const added = (afterTls?.capabilities ?? []).filter((c) => !before.has(c.toUpperCase()));
      changes.push(
        'The server forgot the EHLO from before TLS (RFC 3207 §4.2: anything said in plaintext might have been tampered with), so the client said EHLO again and got a fresh list.' +
          (added.length ? ` New in this list: ${added.join(', ')}.` : ''),
      );
    } else if (e.type === 'reply' && e.code === 235) {
      changes.push('Authenticated: the server now knows who is sending, and will relay mail for this account.');
    } else if (e.type === 'reply' && e.code === 354) {
      changes.push('The server is ready for the message itself. It ends with a line holding a single dot.');
    } else if (e.type === 'reply' && e.stage === 'data' && e.code === 250) {
      changes.push('The server accepted the message and took responsibility for delivering it ("queued").');
    } else if (e.type === 'reply' && e.code !== null && e.code >= 400) {
      changes.push(
        `The server refused (${e.code >= 500 ? 'permanently' : 'for now, try again later'}): see the findings for what it means and how to fix it.`,
      );
    } else if (e.type === 'note' && e.code?.startsWith('auth-withheld')) {
      changes.push(e.text);
    } else if (e.type === 'error') {
      changes.push(`Something went wrong: ${e.message}.`);
    } else if (e.type === 'close') {
      changes.push(
        e.by === 'server' ? 'The server closed the connection.' : 'The session is over; the connection is closed.',
      );
    }
  }
  return changes;
}

/** The lesson of the events recorded from index `from` on (one step's worth). */
export function lessonFor(events: readonly TranscriptEvent[], from: number): Lesson {
  const exchanges: LessonExchange[] = [];
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    if (e.type !== 'reply') continue;
    const cmd = commandFor(events, i);
    const keywords =
      isEhloReply(events, i) && e.code === 250
        ? e.lines
            .slice(1)
            .map((l) => describeEhloKeyword(l.slice(4)))
            .map((d) => ({ keyword: [d.keyword, ...d.params].join(' '), meaning: d.meaning }))
        : [];
    const sent = cmd ? (cmd.line === '.' ? 'the message, ended by "."' : cmd.line) : null;
    exchanges.push({ sent, reply: e, meaning: replyMeaning(e), keywords });
  }
  return { exchanges, changes: changesIn(events, from) };
}
