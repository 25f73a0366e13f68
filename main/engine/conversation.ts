import { greetingsOf, identifyServer } from '../../shared/knowledge/serverIdentity';
import type { NoteCode } from '../../shared/noteCodes';
import type { ReplyEvent, Stage, TlsInfo } from '../../shared/transcript';
import type { WireLine } from './auth';
import { annotateReply } from './replyAnnotation';
import { ms } from './durationWords';
import type { Recorder } from './recorder';
import { type Route, routeFor } from './route';
import type { SessionDeadline } from './sessionDeadline';
import type { Failure, ReadOutcome, SmtpConnection } from './smtpConnection';
import type { SessionOptions, Timeouts } from './sessionOptions';

/** Where the conversation stands. The planner reads it to decide the next exchange. */
export interface Progress {
  connected: boolean;
  closed: boolean;
  /** EHLO (or HELO) succeeded since the last TLS start. */
  greeted: boolean;
  /** EHLO was refused with 500/502: fall back to HELO (RFC 5321 §4.1.4). */
  heloNeeded: boolean;
  /** Keywords of the latest EHLO reply, upper-cased ("STARTTLS", "AUTH PLAIN LOGIN", ...). */
  capabilities: string[];
  tlsActive: boolean;
  starttlsTried: boolean;
  authTried: boolean;
  /** --vrfy was asked (RFC 5321 §3.5.1), whatever the answer. */
  vrfyTried: boolean;
  mailTried: boolean;
  rcptNext: number;
  rcptAccepted: number;
  dataTried: boolean;
  messageSent: boolean;
  quitSent: boolean;
  /** Something failed; the session only says QUIT now. */
  ending: boolean;
  /** What the server waits for: a command, message lines after 354 until ".", or a SASL
   * response after 334 (RFC 5321 §4.1.1.4, RFC 4954 §4). */
  expects: 'command' | 'data' | 'sasl';
  /** `auto` mode already tried a TLS handshake on this port, and it failed. */
  tlsHandshakeFailed: boolean;
  /** Stages completed successfully, in order. */
  reached: Stage[];
}

export function initialProgress(): Progress {
  return {
    connected: false,
    closed: false,
    greeted: false,
    heloNeeded: false,
    capabilities: [],
    tlsActive: false,
    starttlsTried: false,
    authTried: false,
    vrfyTried: false,
    mailTried: false,
    rcptNext: 0,
    rcptAccepted: 0,
    dataTried: false,
    messageSent: false,
    quitSent: false,
    ending: false,
    expects: 'command',
    tlsHandshakeFailed: false,
    reached: [],
  };
}

/** What every step works with: the options, the connection and the transcript. */
export class Conversation {
  conn: SmtpConnection | null = null;
  tls: TlsInfo | null = null;
  /** The message built from --header, --body and --attach, once it is (messageBuilder.ts). */
  composed: string | null = null;
  /** The last failure recorded (TIMEOUT, CLOSED, ...). */
  lastFailure: Failure | null = null;
  readonly progress = initialProgress();

  /** Aborts on the user's Stop and when the session's deadline runs out. */
  readonly signal: AbortSignal;
  /** Where every connection of the session leaves from, and through which proxy. */
  readonly route: Route;

  constructor(
    readonly opts: SessionOptions,
    readonly timeouts: Timeouts,
    readonly recorder: Recorder,
    stop: AbortSignal,
    readonly deadline: SessionDeadline,
  ) {
    this.signal = AbortSignal.any([stop, deadline.signal]);
    this.route = routeFor(opts);
  }

  note(stage: Stage, text: string, code?: NoteCode, data?: Record<string, string>): void {
    this.recorder.record({ type: 'note', stage, text, ...(code ? { code } : {}), ...(data ? { data } : {}) });
  }

  reach(stage: Stage): void {
    if (!this.progress.reached.includes(stage)) this.progress.reached.push(stage);
  }

  /** Writes one command line. Only `logged` is recorded: secrets stop here. */
  send(stage: Stage, line: WireLine | string, extra: { body?: true } = {}): void {
    const wire = typeof line === 'string' ? { raw: line, logged: line, redacted: false } : line;
    this.recorder.record({
      type: 'send',
      stage,
      line: wire.logged,
      ...(wire.redacted ? { redacted: true } : {}),
      ...extra,
    });
    this.conn?.write(`${wire.raw}\r\n`);
  }

  /** Reads one reply and records it. On silence, garbage or a closed connection it records
   * what happened, ends the session and returns null: errors are values, never throws. */
  async reply(stage: Stage, timeoutMs: number): Promise<ReplyEvent | null> {
    if (!this.conn) return null;
    return this.recordOutcome(stage, await this.conn.readReply(timeoutMs, this.signal));
  }

  recordOutcome(stage: Stage, outcome: ReadOutcome): ReplyEvent | null {
    if (outcome.ok) {
      const { reply } = outcome;
      const event: Omit<ReplyEvent, 't'> = {
        type: 'reply',
        stage,
        code: reply.code,
        enhanced: reply.enhanced,
        lines: reply.lines,
      };
      if (reply.malformed) event.malformed = reply.malformed;
      if (reply.bareLf) event.bareLf = true;
      if (reply.longLine) event.longLine = reply.longLine;
      const annotation = annotateReply(reply.code, reply.enhanced, reply.lines, this.serverNamed(), stage);
      if (annotation) event.annotation = annotation;
      const index = this.recorder.record(event);
      if (reply.malformed) {
        this.fail(stage, { code: 'PROTOCOL', message: `the server's reply is not valid SMTP: ${reply.malformed}` });
        return null;
      }
      return this.recorder.events[index] as ReplyEvent;
    }
    this.fail(stage, outcome.failure);
    return null;
  }

  /** Records a failure with whatever had arrived of the reply, and closes the connection. */
  fail(stage: Stage, failure: Failure): void {
    const recorded = this.recordFailure(stage, failure);
    this.close(['CLOSED', 'ECONNRESET', 'EPIPE'].includes(recorded.code) ? 'server' : 'client');
  }

  /** Records what had arrived of the reply and the failure (or the user's Stop); returns the
   * failure as recorded. The connection is left as it is. */
  recordFailure(stage: Stage, given: Failure): Failure {
    const failure = this.explain(given);
    this.lastFailure = failure;
    const partial = failure.partial;
    if (partial?.lines.length) {
      const annotation = annotateReply(partial.code, partial.enhanced, partial.lines, this.serverNamed(), stage);
      this.recorder.record({
        type: 'reply',
        stage,
        code: partial.code,
        enhanced: partial.enhanced,
        lines: partial.lines,
        incomplete: true,
        ...(annotation ? { annotation } : {}),
      });
    }
    if (failure.code === 'ABORTED') this.noteAborted(stage);
    else
      this.recorder.record({
        type: 'error',
        stage,
        code: failure.code,
        message: failure.message,
        ...(failure.deadline ? { deadline: failure.deadline } : {}),
      });
    return failure;
  }

  /** The product the server has named in its greeting so far (for vendor readings). */
  private serverNamed(): string | null {
    return identifyServer(greetingsOf(this.recorder.events));
  }

  private abortNoted = false;
  /** The user's Stop, said once: by the wait it ended, or else by the Stop itself. */
  noteAborted(stage: Stage = this.progress.reached.at(-1) ?? 'connect'): void {
    if (this.abortNoted) return;
    this.abortNoted = true;
    this.recorder.record({ type: 'note', stage, text: 'Stopped by the user.', code: 'aborted' });
  }

  /** A wait ends ABORTED for the user's Stop or for the session's deadline: say which. */
  private explain(failure: Failure): Failure {
    if (failure.code !== 'ABORTED' || !this.deadline.expired) return failure;
    return {
      code: 'TIMEOUT',
      deadline: 'session',
      message: `the session did not finish within ${ms(this.timeouts.session)}, its overall deadline: the server took too long over its steps`,
      partial: failure.partial ?? null,
    };
  }

  close(by: 'client' | 'server'): void {
    const p = this.progress;
    p.ending = true;
    if (p.closed) return;
    p.closed = true;
    if (this.conn) {
      if (by === 'client') this.conn.close();
      else this.conn.destroy();
      this.recorder.record({ type: 'close', by });
    }
  }
}
