import { randomUUID } from 'node:crypto';
import type { LabService } from './labService';
import { EventBatcher } from './eventBatcher';
import type { IpcEvents, SessionRequest, SessionSnapshot } from '../../shared/ipc';
import type { ReplyEvent, Transcript } from '../../shared/transcript';
import type { KnownSecret } from '../../shared/export/secretGuard';
import { SmtpSession } from '../engine/session';
import { optionsFromRequest, type AuthMechanism, type SessionOptions } from '../engine/sessionOptions';

interface Entry {
  session: SmtpSession;
  batcher: EventBatcher;
  unsubscribe: () => void;
  /** Credentials given for this session, so an export or a history file can be checked for them. */
  secrets: KnownSecret[];
  /** Events in the transcript last handed to onFinished (0: never). */
  reported: number;
}

/** Called when a session's snapshot says finished (again, if it recorded more since). */
export type FinishedListener = (sessionId: string, transcript: Transcript, secrets: readonly KnownSecret[]) => void;

/** At most this many sessions live per window; the oldest finished ones are dropped. */
const MAX_SESSIONS = 20;

/**
 * The sessions of one window (or one browser tab of the web bridge). Sessions belong to the
 * client that created them, and their events go back to that client only.
 */
export class SessionService {
  private readonly sessions = new Map<string, Entry>();
  /** Sessions still being set up (their options are read first): a Stop that comes meanwhile
   * is kept, and the session is stopped the moment it exists, instead of being lost. */
  private readonly starting = new Map<string, { stop: boolean; ready: Promise<void> }>();

  constructor(
    private readonly emit: <E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) => void,
    private readonly lab: LabService,
    private readonly onFinished?: FinishedListener,
  ) {}

  async create(request: SessionRequest, sessionId: string = randomUUID()): Promise<SessionSnapshot> {
    if (this.sessions.has(sessionId))
      throw Object.assign(new Error(`session ${sessionId} exists`), { code: 'SESSION_EXISTS' });
    let ready: () => void = () => undefined;
    const pending = { stop: false, ready: new Promise<void>((resolve) => (ready = resolve)) };
    this.starting.set(sessionId, pending);
    let options: SessionOptions;
    try {
      options = await this.toOptions(request);
    } finally {
      this.starting.delete(sessionId);
      ready();
    }
    const session = new SmtpSession(options);
    // Each batch carries the findings so far (derived once per change), so the window shows
    // them as the session runs, not only when a step ends.
    const batcher = new EventBatcher((from, events) =>
      this.emit('session:events', { sessionId, from, events, findings: session.findings() }),
    );
    const unsubscribe = session.subscribe((event, index) => batcher.push(event, index));
    const secrets = request.auth ? [{ user: request.auth.user, secret: request.auth.secret }] : [];
    this.sessions.set(sessionId, { session, batcher, unsubscribe, secrets, reported: 0 });
    if (pending.stop) session.abort();
    this.prune();
    return this.snapshot(sessionId);
  }

  /** Create and run (or take the first step) in one call. */
  async start(sessionId: string, request: SessionRequest, mode: 'run' | 'step'): Promise<SessionSnapshot> {
    await this.create(request, sessionId);
    return mode === 'run' ? this.run(sessionId) : this.step(sessionId);
  }

  async step(sessionId: string): Promise<SessionSnapshot> {
    await this.get(sessionId).session.step();
    return this.snapshot(sessionId);
  }

  async run(sessionId: string): Promise<SessionSnapshot> {
    await this.get(sessionId).session.run();
    return this.snapshot(sessionId);
  }

  async abort(sessionId: string): Promise<SessionSnapshot> {
    const pending = this.starting.get(sessionId);
    if (pending) {
      pending.stop = true;
      await pending.ready;
    }
    this.get(sessionId).session.abort();
    return this.snapshot(sessionId);
  }

  async send(sessionId: string, line: string): Promise<{ reply: ReplyEvent | null; snapshot: SessionSnapshot }> {
    const reply = await this.get(sessionId).session.send(line);
    return { reply, snapshot: this.snapshot(sessionId) };
  }

  async authenticate(
    sessionId: string,
    user: string,
    secret: string,
    mechanism?: AuthMechanism,
  ): Promise<SessionSnapshot> {
    this.get(sessionId).secrets.push({ user, secret });
    await this.get(sessionId).session.authenticate({ user, secret, ...(mechanism ? { mechanism } : {}) });
    return this.snapshot(sessionId);
  }

  transcript(sessionId: string): Transcript {
    return this.get(sessionId).session.transcript();
  }

  knownSecrets(sessionId: string): readonly KnownSecret[] {
    return this.get(sessionId).secrets;
  }

  /** The transcript so far, for error values; null when the session is unknown. */
  transcriptOrNull(sessionId: string | undefined): Transcript | null {
    const entry = sessionId ? this.sessions.get(sessionId) : undefined;
    return entry ? entry.session.transcript() : null;
  }

  dispose(): void {
    for (const entry of this.sessions.values()) {
      entry.unsubscribe();
      entry.session.abort();
    }
    this.sessions.clear();
  }

  private snapshot(sessionId: string): SessionSnapshot {
    const entry = this.get(sessionId);
    const { session, batcher } = entry;
    // Events first, so the renderer has every row a finding may point at.
    batcher.flush();
    const t = session.transcript();
    const next = session.peek();
    if (next === null && t.events.length > entry.reported) {
      entry.reported = t.events.length;
      this.onFinished?.(sessionId, t, entry.secrets);
    }
    return {
      sessionId,
      next: next
        ? { kind: next.kind, stage: next.stage, label: next.label, why: next.why, line: session.previewLine(next) }
        : null,
      finished: next === null,
      eventCount: t.events.length,
      expects: session.expects,
      findings: t.findings,
      tls: t.tls,
      outcome: t.outcome,
      capabilities: [...session.capabilities],
    };
  }

  private get(sessionId: string): Entry {
    const entry = this.sessions.get(sessionId);
    if (!entry) throw Object.assign(new Error(`no session ${sessionId}`), { code: 'NO_SESSION' });
    return entry;
  }

  private prune(): void {
    for (const [id, entry] of this.sessions) {
      if (this.sessions.size <= MAX_SESSIONS) break;
      if (entry.session.finished) {
        entry.unsubscribe();
        this.sessions.delete(id);
      }
    }
  }

  private async toOptions(r: SessionRequest): Promise<SessionOptions> {
    return optionsFromRequest(r, r.trustLabCa ? await this.lab.rootCaPem() : undefined);
  }
}
