import { APP_VERSION } from '../../shared/appInfo';
import {
  type Finding,
  STAGES,
  TRANSCRIPT_SCHEMA,
  type Outcome,
  type Stage,
  type StoppedAt,
  type Transcript,
  type TranscriptEvent,
} from '../../shared/transcript';
import { proxyLabel } from '../../shared/proxyUrl';
import type { Conversation } from './conversation';
import type { Recorder } from './recorder';
import { annotateFindings, newAnnotationCache } from './replyAnnotation';
import { deriveFindings } from './findings/deriveFindings';
import { EventIndex } from './findings/eventIndex';

/** The stage a session set out to reach: --quit-after, or else as far as its options go. */
export function goalStage(c: Conversation): Stage {
  const { opts } = c;
  if (opts.quitAfter) return opts.quitAfter === 'connect' ? 'banner' : opts.quitAfter;
  if (opts.to?.length) return 'data';
  if (opts.auth) return 'auth';
  if (opts.tls === 'starttls' || opts.tls === 'implicit') return 'tls';
  return 'ehlo';
}

/** How far the session got. QUIT only counts as progress once the goal was reached: a
 * session refused at AUTH that then says QUIT politely still stopped at AUTH. */
function outcome(c: Conversation, hasError: boolean, events: readonly TranscriptEvent[]): Outcome {
  const reached = c.progress.reached;
  const goalReached = reached.includes(goalStage(c));
  const counted = STAGES.filter((s) => reached.includes(s) && (s !== 'quit' || goalReached));
  const ok = goalReached && !hasError;
  const stage = counted.at(-1) ?? 'dns';
  const stopped = ok || stage === 'quit' ? undefined : stoppedAt(events);
  return stopped ? { ok, stage, stopped } : { ok, stage };
}

/** Notes of SMTP Lens ending the transaction itself, for a reason an extension gives. */
const ENDED_BY_NOTE: Partial<Record<string, string>> = {
  'pipelining-broken': 'PIPELINING_BROKEN',
  'smtputf8-not-offered': 'SMTPUTF8_NOT_OFFERED',
  '8bitmime-not-offered': '8BITMIME_NOT_OFFERED',
  'requiretls-unavailable': 'REQUIRETLS_UNAVAILABLE',
};

/** What stopped a session short: its last error, or else the last reply that refused. The stage
 * reached is the one before, so without this a refused RCPT reads as "stopped after MAIL". */
function stoppedAt(events: readonly TranscriptEvent[]): StoppedAt | undefined {
  // The user's Stop is a note, and whatever failed after it only followed from it.
  const aborted = events.find((e) => e.type === 'note' && e.code === 'aborted');
  if (aborted?.type === 'note') return { stage: aborted.stage ?? 'connect', error: 'ABORTED' };
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'error' && e.code !== 'CLOSED_BY_CLIENT') return { stage: e.stage, error: e.code };
    // SMTP Lens ended the session itself rather than send credentials (authPolicy.ts).
    if (e.type === 'note' && (e.code === 'auth-withheld-unverified' || e.code === 'auth-withheld-plaintext'))
      return {
        stage: 'auth',
        error: e.code === 'auth-withheld-unverified' ? 'AUTH_WITHHELD_UNVERIFIED' : 'AUTH_WITHHELD_PLAINTEXT',
      };
    const ended = e.type === 'note' && e.code ? ENDED_BY_NOTE[e.code] : undefined;
    if (ended && e.type === 'note') return { stage: e.stage ?? 'mail', error: ended };
    if (e.type === 'reply' && e.code !== null && e.code >= 400 && e.stage !== 'quit')
      return { stage: e.stage, reply: e.code };
  }
  return undefined;
}

/**
 * Builds a session's transcript. The findings, and the events annotated with them, are
 * derived once per change: they are kept until another event is recorded or the TLS facts
 * grow (the chain verdict and its download come after their event).
 */
export class TranscriptBuilder {
  private cached: { key: string; findings: Finding[]; events: TranscriptEvent[] } | null = null;
  private readonly annotated = newAnnotationCache();
  /** Grows with the session, so the rules visit only the events they judge (eventIndex.ts). */
  private index = new EventIndex();

  constructor(
    private readonly c: Conversation,
    private readonly recorder: Recorder,
  ) {}

  /** The findings so far, derived at most once per change. */
  findings(): { findings: Finding[]; events: TranscriptEvent[] } {
    const { c, recorder } = this;
    const key = `${recorder.events.length}/${c.tls ? 1 : 0}/${c.tls?.aiaFetch ? 1 : 0}`;
    if (this.cached?.key === key) return this.cached;
    const { opts } = c;
    const recorded = recorder.events.slice();
    // Findings are worded for the port's role: a practice scenario on 2527 that plays an MX
    // is explained as port 25. The transcript keeps the real port.
    const target = {
      host: opts.host,
      port: opts.portRole ?? opts.port,
      tls: opts.tls,
      servername: opts.servername ?? null,
    };
    this.index = this.index.extend(recorded);
    const findings = deriveFindings(
      { target, events: recorded, tls: c.tls, startedAt: recorder.startedAt.toISOString() },
      this.index,
    );
    // Every reply carries what it means and which findings it produced.
    this.cached = { key, findings, events: annotateFindings(recorded, findings, this.annotated) };
    return this.cached;
  }

  transcript(): Transcript {
    const { c, recorder } = this;
    const { opts } = c;
    const { findings, events } = this.findings();
    return {
      schema: TRANSCRIPT_SCHEMA,
      app: { name: 'smtp-lens', version: APP_VERSION },
      target: {
        host: opts.host,
        port: opts.port,
        tls: opts.tls,
        servername: opts.servername ?? null,
        ...(c.route.proxy ? { proxy: proxyLabel(c.route.proxy) } : {}),
      },
      startedAt: recorder.startedAt.toISOString(),
      events,
      tls: c.tls,
      findings,
      outcome: outcome(
        c,
        findings.some((f) => f.severity === 'error'),
        events,
      ),
    };
  }
}
