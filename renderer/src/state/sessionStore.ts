// The session the window is showing: its events (capped), the rows built from them, and the
// latest snapshot from main. Events arrive in batches and are trimmed on insert, so memory
// stays bounded however long a session runs. The view is a value: every change makes a new
// one, and nothing once handed to React is changed in place.
import { useSyncExternalStore } from 'react';
import type { SessionRequest, SessionSnapshot, StepPreview } from '../../../shared/ipc';
import type { Finding, TlsAudit, Transcript, TranscriptEvent } from '../../../shared/transcript';
import { resolveTimeouts, type Timeouts } from '../../../shared/timeouts';
import { api } from '../bridge/api';
import { TranscriptRows } from './transcriptRows';

/** The most events the window keeps; older rows are dropped (with a note at the top). */
export const MAX_KEPT_EVENTS = 200_000;

export type Activity = 'idle' | 'running' | 'stepping' | 'sending';

export interface SessionView {
  readonly version: number;
  readonly sessionId: string | null;
  /** Where the session came from: the form, the terminal, or an opened transcript. */
  readonly source: 'form' | 'terminal' | 'file' | null;
  readonly events: readonly TranscriptEvent[];
  /** Absolute index of events[0]. */
  readonly base: number;
  readonly rows: TranscriptRows;
  readonly snapshot: SessionSnapshot | null;
  /** The findings so far: they arrive with each batch of events, and with each snapshot. */
  readonly findings: readonly Finding[];
  /** The findings under each row, by row key: linked once here, when rows or findings change. */
  readonly rowFindings: ReadonlyMap<number, readonly Finding[]>;
  readonly activity: Activity;
  readonly error: string | null;
  /** For a transcript opened from a file: the whole thing, read-only. */
  readonly opened: Transcript | null;
  /** Absolute index of the first event the last Step recorded (Learn mode explains them). */
  readonly stepFrom: number | null;
  /** The deadlines of the session the form started, and its TLS mode: shown while it waits. */
  readonly timeouts: Timeouts | null;
  readonly tlsMode: SessionRequest['tls'] | null;
  /** When (performance.now()) the window last heard from the session, or began to wait. */
  readonly waitingSince: number;
  /** The TLS audit of this session (the Certificates tab's "TLS audit", or an opened file's). */
  readonly tlsAudit: TlsAudit | null;
  /** A TLS audit of this session is running in main; its notes arrive as events. */
  readonly auditing: boolean;
  /** Why the last audit could not run, in words. */
  readonly auditError: string | null;
}

/** Each finding that names an event, under the row that shows it. */
function linkFindings(rows: TranscriptRows, findings: readonly Finding[]): Map<number, Finding[]> {
  const byRow = new Map<number, Finding[]>();
  for (const f of findings) {
    const row = f.event === null ? undefined : rows.rows[rows.rowIndexOfEvent(f.event)];
    if (row) byRow.set(row.key, [...(byRow.get(row.key) ?? []), f]);
  }
  return byRow;
}

type Listener = () => void;

class SessionStore {
  private view: SessionView = this.empty();
  private readonly listeners = new Set<Listener>();

  constructor() {
    api.onSessionEvents(({ sessionId, from, events, findings }) => {
      if (sessionId !== this.view.sessionId) return;
      this.append(from, events, findings);
    });
  }

  get current(): SessionView {
    return this.view;
  }

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.view;

  /** A new session that runs, or takes its first step, at once: one round trip. The id is
   * chosen here, so its events and a Stop click are matched while it runs. */
  async start(request: SessionRequest, source: 'form' | 'terminal', then: 'run' | 'step'): Promise<boolean> {
    this.leave();
    const sessionId = crypto.randomUUID();
    const activity = then === 'run' ? 'running' : 'stepping';
    this.view = {
      ...this.empty(),
      source,
      sessionId,
      activity,
      timeouts: resolveTimeouts(request.timeoutMs),
      tlsMode: request.tls,
      waitingSince: performance.now(),
      ...(then === 'step' ? { stepFrom: 0 } : {}),
    };
    this.changed();
    const result = await api.startSession(sessionId, request, then);
    if (!result.ok) {
      this.fail(result.message);
      return false;
    }
    this.update({ snapshot: result.value, findings: result.value.findings, activity: 'idle' });
    return true;
  }

  async run(): Promise<void> {
    await this.act('running', (id) => api.run(id));
  }

  async step(): Promise<void> {
    if (this.view.activity !== 'idle') return;
    this.update({ stepFrom: this.view.base + this.view.events.length });
    await this.act('stepping', (id) => api.step(id));
  }

  async abort(): Promise<void> {
    const id = this.view.sessionId;
    if (!id) return;
    const result = await api.abort(id);
    if (result.ok) this.update({ snapshot: result.value, findings: result.value.findings });
  }

  /** Audits the finished session's TLS in main. Stop is `abort`, as for the session itself. */
  async audit(): Promise<void> {
    const id = this.view.sessionId;
    if (!id || this.view.source === 'file' || this.view.auditing || this.view.activity !== 'idle') return;
    this.update({ auditing: true, auditError: null });
    const result = await api.tlsAudit(id);
    // Another session took the window meanwhile: this answer is not for what is shown.
    if (this.view.sessionId !== id) return;
    if (!result.ok) return this.update({ auditing: false, auditError: result.message });
    this.update({ auditing: false, tlsAudit: result.value });
  }

  async send(line: string) {
    const id = this.view.sessionId;
    if (!id) return null;
    this.update({ activity: 'sending' });
    const result = await api.send(id, line);
    if (!result.ok) {
      this.fail(result.message);
      return null;
    }
    this.update({ snapshot: result.value.snapshot, findings: result.value.snapshot.findings, activity: 'idle' });
    return result.value.reply;
  }

  async authenticate(user: string, secret: string, mechanism: 'PLAIN' | 'LOGIN' | 'CRAM-MD5') {
    await this.act('sending', (id) => api.authenticate(id, user, secret, mechanism));
  }

  /** Shows a transcript from a file: read-only, no live session. */
  open(transcript: Transcript): void {
    this.leave();
    this.view = { ...this.empty(), source: 'file', opened: transcript, tlsAudit: transcript.tlsAudit ?? null };
    this.append(0, transcript.events);
    this.update({
      findings: transcript.findings,
      snapshot: {
        sessionId: 'file',
        next: null,
        finished: true,
        eventCount: transcript.events.length,
        expects: 'command',
        findings: transcript.findings,
        tls: transcript.tls,
        outcome: transcript.outcome,
        capabilities: [],
      },
    });
  }

  clear(): void {
    this.leave();
    this.view = this.empty();
    this.changed();
  }

  next(): StepPreview | null {
    return this.view.snapshot?.next ?? null;
  }

  /** The window moves on from this session: its running audit has no one left to show it to. */
  private leave(): void {
    if (this.view.auditing && this.view.sessionId) void api.abort(this.view.sessionId);
  }

  private async act(activity: Activity, call: (id: string) => ReturnType<typeof api.step>): Promise<void> {
    const id = this.view.sessionId;
    if (!id || this.view.activity !== 'idle') return;
    this.update({ activity, waitingSince: performance.now() });
    const result = await call(id);
    if (!result.ok) return this.fail(result.message);
    this.update({ snapshot: result.value, findings: result.value.findings, activity: 'idle' });
  }

  private append(from: number, batch: readonly TranscriptEvent[], findings?: readonly Finding[]): void {
    const v = this.view;
    const expected = v.base + v.events.length;
    // Batches arrive in order; anything already held is skipped.
    const fresh = batch.slice(Math.max(0, expected - from));
    let events = fresh.length ? v.events.concat(fresh) : v.events;
    let rows = v.rows.append(fresh, expected);
    let base = v.base;
    if (events.length > MAX_KEPT_EVENTS) {
      rows = rows.trimTo(MAX_KEPT_EVENTS * 0.9, base + events.length);
      events = events.slice(rows.base - base);
      base = rows.base;
    }
    this.update({
      events,
      rows,
      base,
      ...(findings ? { findings } : {}),
      ...(fresh.length ? { waitingSince: performance.now() } : {}),
    });
  }

  private fail(message: string): void {
    this.update({ error: message, activity: 'idle' });
  }

  private update(patch: Partial<SessionView>): void {
    const next = { ...this.view, ...patch };
    const relink = next.rows !== this.view.rows || next.findings !== this.view.findings;
    this.view = relink ? { ...next, rowFindings: linkFindings(next.rows, next.findings) } : next;
    this.changed();
  }

  private changed(): void {
    this.view = { ...this.view, version: this.view.version + 1 };
    for (const l of this.listeners) l();
  }

  private empty(): SessionView {
    return {
      version: 0,
      sessionId: null,
      source: null,
      events: [],
      base: 0,
      rows: TranscriptRows.EMPTY,
      snapshot: null,
      findings: [],
      rowFindings: new Map(),
      activity: 'idle',
      error: null,
      opened: null,
      stepFrom: null,
      timeouts: null,
      tlsMode: null,
      waitingSince: 0,
      tlsAudit: null,
      auditing: false,
      auditError: null,
    };
  }
}

export const sessionStore = new SessionStore();

export function useSession(): SessionView {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot);
}
