// Facts derived from a transcript's events. The engine's findings rules, the UI's EHLO view
// and the exporters all need them, so they are computed here, once, from the events alone.
import type { ReplyEvent, SendEvent, TranscriptEvent } from './transcript';

export interface EhloReply {
  index: number;
  /** Keywords after the greeting line, as sent ("STARTTLS", "AUTH PLAIN LOGIN", ...). */
  capabilities: string[];
}

export interface EhloLists {
  beforeTls: EhloReply | null;
  afterTls: EhloReply | null;
}

const textOf = (line: string) => line.replace(/^\d{3}[ -]?/, '');

/** The command each reply answers: the most recent non-body send before it; or, after a
 * pipelined batch (RFC 2920: replies come in the order of the commands), the batch's command
 * in the reply's place. */
export function commandFor(events: readonly TranscriptEvent[], replyIndex: number): SendEvent | null {
  let repliesBetween = 0;
  let i = replyIndex - 1;
  for (; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'reply') repliesBetween++;
    else if (e.type === 'send' && !e.body) break;
  }
  const last = events[i];
  if (last?.type !== 'send') return null;
  if (!last.pipelined) return repliesBetween === 0 ? last : null;
  let first = i;
  while (first > 0) {
    const e = events[first - 1];
    if (e.type !== 'send' || !e.pipelined) break;
    first--;
  }
  const command = events[first + repliesBetween];
  return first + repliesBetween <= i && command?.type === 'send' ? command : null;
}

/** The TLS a session's handshake used: STARTTLS or implicit, from its `tls-start` event or
 * from a plaintext probe that found the port speaking TLS (connectStep.ts); null when the
 * session never tried a handshake. */
export function handshakeModeOf(events: readonly TranscriptEvent[]): 'starttls' | 'implicit' | null {
  const start = events.findLast((e) => e.type === 'tls-start');
  if (start?.type === 'tls-start') return start.mode;
  return events.some((e) => e.type === 'note' && e.code === 'implicit-tls-confirmed') ? 'implicit' : null;
}

export function tlsEstablishedIndex(events: readonly TranscriptEvent[]): number {
  return events.findIndex((e) => e.type === 'tls-established');
}

/** The capability list a reply carries: a complete 2xx answer to EHLO (RFC 5321 §4.1.1.1);
 * null for any other event. A reply cut off (by a deadline or a close) is not the list. */
export function ehloReplyAt(events: readonly TranscriptEvent[], index: number): EhloReply | null {
  const e = events[index];
  if (e?.type !== 'reply' || e.code === null || e.code < 200 || e.code >= 300 || e.incomplete) return null;
  const cmd = commandFor(events, index);
  if (!cmd || !/^EHLO\b/i.test(cmd.line)) return null;
  return { index, capabilities: e.lines.slice(1).map(textOf).filter(Boolean) };
}

/** The EHLO capability lists before and after TLS (RFC 3207 §4.2: they may differ; the latest
 * on each side of the handshake is the one in force). */
export function ehloLists(events: readonly TranscriptEvent[]): EhloLists {
  const tlsAt = tlsEstablishedIndex(events);
  const lists: EhloLists = { beforeTls: null, afterTls: null };
  for (let index = 0; index < events.length; index++) {
    const entry = ehloReplyAt(events, index);
    if (!entry) continue;
    if (tlsAt !== -1 && index > tlsAt) lists.afterTls = entry;
    else lists.beforeTls = entry;
  }
  return lists;
}

/** AUTH mechanisms in a capability list: "AUTH PLAIN LOGIN" or the old "AUTH=PLAIN LOGIN". */
export function authMechanisms(capabilities: readonly string[]): string[] {
  const line = capabilities.find((cap) => /^AUTH[ =]/i.test(cap));
  return line ? line.slice(5).trim().toUpperCase().split(/\s+/).filter(Boolean) : [];
}

export function hasCapability(capabilities: readonly string[], keyword: string): boolean {
  return capabilities.some((cap) => cap.toUpperCase().split(/[ =]/)[0] === keyword);
}

export function replyText(reply: ReplyEvent): string {
  return reply.lines.map(textOf).join(' ');
}
