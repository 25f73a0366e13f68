import type { NoteCode } from '../../../shared/noteCodes';
import { type EhloLists, ehloReplyAt } from '../../../shared/sessionFacts';
import type { NoteEvent, TranscriptEvent } from '../../../shared/transcript';
import { hasUnsafeChars } from '../../../shared/untrustedText';

/**
 * Where the events the findings rules judge are. The rules run again after every step of a
 * session (a trainee may type 1,000 commands), so they visit only the events of the kinds
 * they look at, never every event; and the index grows with the session: `extend` reads only
 * the events recorded since its last call (the recorder is append-only). Positions are
 * ascending everywhere.
 */
export class EventIndex {
  /** The events indexed so far (the latest array given: the rules read this one). */
  events: readonly TranscriptEvent[] = [];
  /** The first `tls-established`, the first greeting, the first 235 to AUTH; -1 until seen. */
  tlsEstablished = -1;
  banner = -1;
  authenticated = -1;
  /** The first reply with a bare LF, and the first with an over-long line (RFC 5321 §4.5.3.1.5). */
  bareLf = -1;
  longLine = -1;
  readonly errors: number[] = [];
  readonly dnsFailures: number[] = [];
  readonly malformedReplies: number[] = [];
  /** Replies with a 4xx or 5xx code. */
  readonly failedReplies: number[] = [];
  /** Replies holding a terminal control or bidi character. */
  readonly unsafeReplies: number[] = [];
  readonly tlsStarts: number[] = [];
  /** Notes with a code, in order, and the same by code. */
  readonly codedNotes: number[] = [];
  private readonly notesByCode = new Map<string, number[]>();
  /** The EHLO lists before and after TLS, as `ehloLists` (shared/sessionFacts.ts) finds them. */
  ehlo: EhloLists = { beforeTls: null, afterTls: null };

  static of(events: readonly TranscriptEvent[]): EventIndex {
    return new EventIndex().extend(events);
  }

  /** Indexes the events after those already seen. Anything but a longer copy of the same
   * log (another session's events) starts a new index. */
  extend(events: readonly TranscriptEvent[]): EventIndex {
    const seen = this.events.length;
    if (seen > events.length || (seen > 0 && events[seen - 1] !== this.events[seen - 1])) return EventIndex.of(events);
    this.events = events;
    for (let i = seen; i < events.length; i++) this.add(events, i);
    return this;
  }

  notesWith(code: NoteCode): readonly number[] {
    return this.notesByCode.get(code) ?? [];
  }

  /** The first note with this code, or undefined. */
  firstNote(code: NoteCode): { note: NoteEvent; index: number } | undefined {
    const index = this.notesWith(code)[0];
    return index === undefined ? undefined : { note: this.events[index] as NoteEvent, index };
  }

  private add(events: readonly TranscriptEvent[], i: number): void {
    const e = events[i];
    switch (e.type) {
      case 'error':
        this.errors.push(i);
        return;
      case 'dns':
        if (e.error) this.dnsFailures.push(i);
        return;
      case 'tls-start':
        this.tlsStarts.push(i);
        return;
      case 'tls-established':
        if (this.tlsEstablished === -1) this.tlsEstablished = i;
        return;
      case 'note': {
        if (!e.code) return;
        this.codedNotes.push(i);
        const list = this.notesByCode.get(e.code);
        if (list) list.push(i);
        else this.notesByCode.set(e.code, [i]);
        return;
      }
      case 'reply':
        this.addReply(events, i);
        return;
      default:
        return;
    }
  }

  private addReply(events: readonly TranscriptEvent[], i: number): void {
    const e = events[i];
    if (e.type !== 'reply') return;
    if (e.stage === 'banner' && this.banner === -1) this.banner = i;
    if (e.stage === 'auth' && e.code === 235 && this.authenticated === -1) this.authenticated = i;
    if (e.bareLf && this.bareLf === -1) this.bareLf = i;
    if (e.longLine && this.longLine === -1) this.longLine = i;
    if (e.malformed) this.malformedReplies.push(i);
    if (e.code !== null && e.code >= 400) this.failedReplies.push(i);
    if (e.lines.some(hasUnsafeChars)) this.unsafeReplies.push(i);
    const entry = ehloReplyAt(events, i);
    if (!entry) return;
    // The first tls-established is already indexed if it came before this reply. A new
    // object: a context built at an earlier step keeps the lists it saw.
    this.ehlo =
      this.tlsEstablished !== -1 && i > this.tlsEstablished
        ? { ...this.ehlo, afterTls: entry }
        : { ...this.ehlo, beforeTls: entry };
  }
}
