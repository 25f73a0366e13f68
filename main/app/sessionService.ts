import { randomUUID } from 'node:crypto';
import type { LabService } from './labService';
import { EventBatcher } from './eventBatcher';
import type { IpcEvents, SessionRequest, SessionSnapshot } from '../../shared/ipc';
import type { ReplyEvent, TlsAudit, Transcript } from '../../shared/transcript';
import type { KnownSecret } from '../../shared/export/secretGuard';
import { auditRefusal } from '../../shared/tlsAuditGate';
import { SmtpSession } from '../engine/session';
import { optionsFromRequest, type AuthMechanism, type SessionOptions } from '../engine/sessionOptions';
import { runTlsAudit, versionMapOf } from '../engine/tls/auditReport';

interface Entry {
  session: SmtpSession;
  batcher: EventBatcher;
  unsubscribe: () => void;
  /** Credentials given for this session, so an export or a history file can be checked for them. */
  secrets: KnownSecret[];
  /** Events in the transcript last handed to onFinished (0: never). */
  reported: number;
  /** The TLS audit running now (its Stop), and the last one that finished. */
  auditing: AbortController | null;
  audit: TlsAudit | null;
}

const refused = (code: string, message: string) => Object.assign(new Error(message), { code });

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
    this.sessions.set(sessionId, { session, batcher, unsubscribe, secrets, reported: 0, auditing: null, audit: null });
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
    const entry = this.get(sessionId);
    // A finished session has nothing left to stop but its TLS audit; the session itself stays
    // as it ended (no "stopped by the user" in a session that was not).
    if (entry.auditing) entry.auditing.abort();
    else entry.session.abort();
    return this.snapshot(sessionId);
  }

  /** Audits the TLS of a finished session on new connections (its host, port, SNI, EHLO name and
   * route). The audit's notes are the session's own events, so they reach the window as events
   * and the findings follow; the transcript carries the audit from then on. */
  async tlsAudit(sessionId: string): Promise<TlsAudit> {
    const entry = this.get(sessionId);
    if (entry.auditing)
      throw refused('AUDIT_RUNNING', 'A TLS audit of this session is already running: wait for it, or stop it.');
    const t = entry.session.transcript();
    const refusal = auditRefusal({ finished: entry.session.finished, tls: t.tls, events: t.events });
    if (refusal) throw refused(refusal.code, refusal.message);
    const controller = new AbortController();
    entry.auditing = controller;
    try {
      const result = await runTlsAudit(entry.session, { signal: controller.signal });
      if (!result) throw refused('NO_TLS', 'This session did not use TLS, so there is nothing to audit.');
      if (!controller.signal.aborted) {
        entry.audit = result;
        return result;
      }
      entry.session.recorder.record({
        type: 'note',
        stage: 'tls',
        text: 'TLS audit stopped by the user: what it had not asked yet, or asked and got no answer to, is not known.',
        code: 'tls-audit-stopped',
      });
      entry.audit = result; // the engine marks a stopped audit incomplete
      return result;
    } finally {
      entry.auditing = null;
      // The notes go out before the answer, and History keeps the session with its audit.
      if (this.sessions.get(sessionId) === entry) this.snapshot(sessionId);
    }
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
    return transcriptOf(this.get(sessionId));
  }

  knownSecrets(sessionId: string): readonly KnownSecret[] {
    return this.get(sessionId).secrets;
  }

  /** The transcript so far, for error values; null when the session is unknown. */
  transcriptOrNull(sessionId: string | undefined): Transcript | null {
    const entry = sessionId ? this.sessions.get(sessionId) : undefined;
    return entry ? transcriptOf(entry) : null;
  }

  dispose(): void {
    for (const entry of this.sessions.values()) {
      entry.unsubscribe();
      entry.auditing?.abort();
      entry.session.abort();
    }
    this.sessions.clear();
  }

  private snapshot(sessionId: string): SessionSnapshot {
    const entry = this.get(sessionId);
    const { session, batcher } = entry;
    // Events first, so the renderer has every row a finding may point at.
    batcher.flush();
    const t = transcriptOf(entry);
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
    if (!entry)
      throw refused(
        'NO_SESSION',
        `There is no session ${sessionId} in this window: it was never started here, or it was one of the oldest and was let go. Run it again.`,
      );
    return entry;
  }

  private prune(): void {
    for (const [id, entry] of this.sessions) {
      if (this.sessions.size <= MAX_SESSIONS) break;
      if (entry.session.finished && !entry.auditing) {
        entry.unsubscribe();
        this.sessions.delete(id);
      }
    }
  }

  private async toOptions(r: SessionRequest): Promise<SessionOptions> {
    return optionsFromRequest(r, r.trustLabCa ? await this.lab.rootCaPem() : undefined);
  }
}

/** The session's transcript, with its TLS audit once there is one: as `probe --tls-audit` writes it. */
function transcriptOf(entry: Entry): Transcript {
  const t = entry.session.transcript();
  return entry.audit ? { ...t, tlsVersions: versionMapOf(entry.audit), tlsAudit: entry.audit } : t;
}
