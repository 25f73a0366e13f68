// Learn mode's check questions: at the end of a session, a few short questions about what the
// class just watched, each with its answer. Drawn from the session's own events, so a question
// is only asked about something that happened in it.
import { commandFor, ehloLists } from '../sessionFacts';
import type { ReplyEvent, TranscriptEvent } from '../transcript';

export interface CheckQuestion {
  question: string;
  answer: string;
}

/** At most this many: a room answers three questions, not ten. */
const MAX_QUESTIONS = 4;

const hasAuth = (caps: readonly string[] | undefined) => (caps ?? []).some((c) => /^AUTH\b/i.test(c));

function firstRefusal(events: readonly TranscriptEvent[]): { reply: ReplyEvent; command: string } | null {
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type !== 'reply' || e.code === null || e.code < 400) continue;
    const previous = events[i - 1];
    const word = commandFor(events, i)?.line.split(/[\s:]/)[0]?.toUpperCase();
    const endOfData = (previous?.type === 'send' && previous.body) || word === '.';
    const command = endOfData ? 'the end of the message' : (word ?? 'the greeting');
    return { reply: e, command };
  }
  return null;
}

/** The questions this session can answer, most telling first. */
export function checkQuestions(events: readonly TranscriptEvent[]): CheckQuestion[] {
  const out: CheckQuestion[] = [];
  const { beforeTls, afterTls } = ehloLists(events);
  const sent = events.filter((e) => e.type === 'send');
  const tls = events.some((e) => e.type === 'tls-established');

  if (afterTls && hasAuth(afterTls.capabilities) && !hasAuth(beforeTls?.capabilities))
    out.push({
      question: 'Why did the second EHLO list AUTH when the first did not?',
      answer:
        'The server offers logins only inside TLS, so a password can never cross the network in clear. After STARTTLS the client must forget the first list and ask again (RFC 3207 §4.2), and the new list is the one that counts.',
    });
  else if (sent.some((e) => /^STARTTLS$/i.test(e.line)) && afterTls)
    out.push({
      question: 'Why did the client send EHLO a second time, after STARTTLS?',
      answer:
        'Everything said before TLS could have been changed by someone on the path, so both sides forget it and the client asks for the capability list again (RFC 3207 §4.2).',
    });

  if (sent.some((e) => /^AUTH\s+(PLAIN|LOGIN)\b/i.test(e.line)))
    out.push({
      question: 'The AUTH PLAIN line looks scrambled. Is the password encrypted?',
      answer: tls
        ? 'No. PLAIN only base64-encodes the user name and password, and anyone can decode base64. What protected them here was TLS, started before AUTH.'
        : 'No. PLAIN only base64-encodes the user name and password, and anyone can decode base64. This session had no TLS, so anyone on the path could read them.',
    });

  const refusal = firstRefusal(events);
  if (refusal) {
    const { reply, command } = refusal;
    const permanent = (reply.code ?? 0) >= 500;
    out.push({
      question: `The server answered ${reply.code} at ${command}. Will a sending server try again?`,
      answer: permanent
        ? `No. A reply starting with 5 is a permanent refusal (RFC 5321 §4.2.1): the sender bounces the message at once. Only a change on one side (the address, the login, the server's policy) makes it go through.`
        : `Yes. A reply starting with 4 is temporary (RFC 5321 §4.2.1): the sender keeps the message queued and retries, for days by default, before it bounces.`,
    });
  }

  if (sent.some((e) => e.body))
    out.push({
      question: 'How does the server know where the message ends?',
      answer:
        'The client ends it with a line holding only a dot. A line of the message that starts with a dot gets a second one in front ("dot-stuffing"), which the server removes (RFC 5321 §4.5.2).',
    });

  if (out.length < MAX_QUESTIONS && events.some((e) => e.type === 'reply' && e.code === 220 && e.stage === 'banner'))
    out.push({
      question: 'Who spoke first in this session, and what did it say?',
      answer:
        "The server: SMTP starts with the server's 220 greeting, and a client waits for it before it sends anything (RFC 5321 §3.1).",
    });

  return out.slice(0, MAX_QUESTIONS);
}
