import type { Finding, ReplyEvent, Transcript } from '../../shared/transcript';
import { runAuth } from './authStep';
import { runConnect } from './connectStep';
import { Conversation, type Progress } from './conversation';
import { TranscriptBuilder } from './transcriptBuilder';
import { ManualDriver } from './manualDriver';
import { planNext, type PlannedStep } from './planner';
import { Recorder, type EventListener } from './recorder';
import { SessionDeadline } from './sessionDeadline';
import { STEP_TABLE } from './stepTable';
import { resolveTimeouts, type Credentials, type SessionOptions } from './sessionOptions';

/**
 * One SMTP session against one server. It can be driven three ways:
 * - `step()`: one exchange at a time, for the UI's Step button and for training;
 * - `run()`: to the end;
 * - `send(line)`: by hand, from the terminal.
 * `abort()` stops it at any moment. Whatever happens, `transcript()` returns every event
 * recorded so far, with the findings derived from them.
 * Each wait has its stage's deadline, and the steps together have the session's (`Timeouts.session`).
 * Lines typed in the terminal have only their reply's: the user is there and decides.
 */
export class SmtpSession {
  readonly recorder = new Recorder();
  private readonly controller = new AbortController();
  private readonly deadline: SessionDeadline;
  private readonly c: Conversation;
  private readonly manual: ManualDriver;
  private readonly builder: TranscriptBuilder;
  /** Steps run one after another even if callers overlap (a Step click during Run). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly options: SessionOptions) {
    const timeouts = resolveTimeouts(options.timeout);
    this.deadline = new SessionDeadline(timeouts.session);
    this.c = new Conversation(options, timeouts, this.recorder, this.controller.signal, this.deadline);
    this.manual = new ManualDriver(this.c);
    this.builder = new TranscriptBuilder(this.c, this.recorder);
  }

  /** The exchange `step()` would run next, or null when the session is over. */
  peek(): PlannedStep | null {
    return this.controller.signal.aborted ? null : planNext(this.c.progress, this.options);
  }

  /** The exact line the next step will send (credentials redacted), for Step mode. */
  previewLine(next: PlannedStep): string | null {
    return STEP_TABLE[next.kind].line(this.c, next);
  }

  get finished(): boolean {
    return this.peek() === null;
  }

  subscribe(listener: EventListener): () => void {
    return this.recorder.subscribe(listener);
  }

  /** Runs the next exchange; resolves with what was run, or null if nothing was left. */
  step(): Promise<PlannedStep | null> {
    return this.enqueue(async () => {
      const next = this.peek();
      if (!next) return next;
      this.deadline.start();
      try {
        await STEP_TABLE[next.kind].run(this.c, next);
      } finally {
        this.deadline.stop();
      }
      return next;
    });
  }

  /** Runs to the end. The transcript is built only when asked for (`transcript()`). */
  async run(): Promise<void> {
    while (await this.step());
  }

  /** Sends a line typed by hand and waits for the reply (none while sending message lines). */
  send(line: string): Promise<ReplyEvent | null> {
    return this.enqueue(async () => {
      if (!this.c.progress.connected && !this.c.progress.closed) await runConnect(this.c);
      return this.manual.send(line);
    });
  }

  /** AUTH from the terminal: the user typed AUTH PLAIN/LOGIN and was prompted for credentials. */
  authenticate(creds: Credentials): Promise<void> {
    return this.enqueue(() => runAuth(this.c, creds));
  }

  /** Octets received from the server and not yet read as replies. Bounded: reading stops
   * while too much waits (smtpConnection.ts PAUSE_READING_AT). */
  get bufferedOctets(): number {
    return this.c.conn?.bufferedOctets ?? 0;
  }

  /** Capabilities of the latest EHLO, for tab completion in the terminal. */
  get capabilities(): readonly string[] {
    return this.c.progress.capabilities;
  }

  abort(): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort();
    // A wait in progress has said so by now; between steps nothing was waiting to.
    this.c.noteAborted();
    this.c.conn?.destroy();
  }

  /** Every event recorded so far, with the findings derived from them (once per change). */
  transcript(): Transcript {
    return this.builder.transcript();
  }

  /** The findings so far: derived once per change, so asking often costs nothing. */
  findings(): Finding[] {
    return this.builder.findings().findings;
  }

  /** What the server waits for next: a command, message lines, or a SASL response. */
  get expects(): Progress['expects'] {
    return this.c.progress.expects;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** Runs a whole session: the CLI's `probe`. */
export async function probe(options: SessionOptions): Promise<Transcript> {
  const session = new SmtpSession(options);
  await session.run();
  return session.transcript();
}
