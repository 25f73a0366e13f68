// Where the seconds of a session went: one stage per step, on one time axis from the start
// (the DNS query, when there is one) to the close. The stages follow the events:
//   DNS         session start → dns
//   TCP connect connect → connected (or the connect error)
//   greeting    connected, or the implicit-TLS handshake's end → the 220 (the server speaks first)
//   TLS         tls-start → tls-established (or the handshake error)
//   a command   its send → its reply; AUTH is one stage from "AUTH ..." to its final reply,
//               334 challenges and redacted answers included
//   transfer    the 354 → the final "." (the client writing the message)
//   end of data the final "." → the verdict (the server checking the message)
// A stage with no ending event is 'failed' when the session went on without it (a timeout, a
// closed connection) and 'pending' while a session being stepped still waits for it.
import type { Finding, Severity, TranscriptEvent } from '../transcript';
import { dnsServerNote } from './ladderLabels';
import { worstSeverity } from './ladderModel';
import { slowReasons, type StageKind } from './slowStages';

export type { StageKind } from './slowStages';

export interface WaterfallStage {
  kind: StageKind;
  /** "TCP connect", "Wait for greeting", "RCPT TO", ... */
  label: string;
  /** What ended it: "250", "554 5.7.1", "no reply: ... [TIMEOUT]", an address. */
  detail: string;
  start: number;
  end: number;
  duration: number;
  /** The event to select in the transcript (the one that ended the stage, else the first). */
  event: number;
  /** Every event this stage spans. */
  events: number[];
  encrypted: boolean;
  code: number | null;
  outcome: 'ok' | 'rejected' | 'failed' | 'pending';
  /** Why it is unusually slow, in words (slowStages.ts), or null. */
  slow: string | null;
  findingIds: string[];
  severity: Severity | null;
}

/** A stretch with no stage open: nobody waited for the server. In a session taken step by
 * step, or typed, that is the user's time between steps. */
export interface Pause {
  start: number;
  end: number;
  duration: number;
}

export interface Waterfall {
  /** The axis: from 0 (the session's start) to the close, or the last event so far. */
  start: number;
  end: number;
  stages: WaterfallStage[];
  /** Index of the longest stage, or -1. */
  longest: number;
  /** Pauses of PAUSE_MS or more, in order: the layout draws each as a narrow break. */
  pauses: Pause[];
  /** The time not in a pause: what the server and the network took. */
  activeMs: number;
}

/** A gap this long between stages is a pause between steps, not work: Run sends the next
 * command within milliseconds of a reply. */
export const PAUSE_MS = 1000;

/** The gaps of PAUSE_MS or more that no stage covers, from `start` to `end`. */
function pausesOf(stages: readonly WaterfallStage[], start: number, end: number): Pause[] {
  const pauses: Pause[] = [];
  let covered = start;
  // Stages come sorted by start; a loop, as a 100,000-event session has as many stages.
  for (const s of stages) {
    if (s.start - covered >= PAUSE_MS) pauses.push({ start: covered, end: s.start, duration: s.start - covered });
    covered = Math.max(covered, s.end);
  }
  if (end - covered >= PAUSE_MS) pauses.push({ start: covered, end, duration: end - covered });
  return pauses;
}

const VERB_KIND: Record<string, StageKind> = {
  EHLO: 'ehlo',
  HELO: 'ehlo',
  LHLO: 'ehlo',
  STARTTLS: 'starttls',
  AUTH: 'auth',
  MAIL: 'mail',
  RCPT: 'rcpt',
  DATA: 'data',
  QUIT: 'quit',
};

/** "FROM:<a@b> SIZE=1" → "a@b SIZE=1": the address without its brackets, then any parameters. */
function envelopeAddress(rest: string): string {
  const text = rest.replace(/^(FROM|TO):\s*/i, '');
  if (text[0] !== '<') return text;
  const end = text.indexOf('>');
  return end === -1 ? text : text.slice(1, end) + text.slice(end + 1);
}

type Open = Omit<WaterfallStage, 'end' | 'duration' | 'slow' | 'findingIds' | 'severity' | 'outcome'>;

class WaterfallBuilder {
  readonly stages: WaterfallStage[] = [];
  private pending: Open[] = [];
  private connect: Open | null = null;
  private greeting: Open | null = null;
  private tls: Open | null = null;
  private auth: Open | null = null;
  private transfer: Open | null = null;
  private encrypted = false;
  private tlsDone = false;
  private lastT = 0;

  add(e: TranscriptEvent, i: number): void {
    const previousT = this.lastT;
    this.lastT = e.t;
    switch (e.type) {
      case 'dns':
        return this.finish(
          this.open(
            'dns',
            'DNS lookup',
            e.error ? `${e.host}: ${e.error}` : `${e.host}${dnsServerNote(e)}`,
            previousT,
            i,
          ),
          e.t,
          i,
          e.error ? 'failed' : 'ok',
        );
      case 'connect':
        this.connect = this.open(
          'connect',
          e.via ? 'TCP connect via proxy' : 'TCP connect',
          `${e.address} port ${e.port}${e.via ? ` through ${e.via}` : ''}`,
          e.t,
          i,
        );
        return;
      case 'connected':
        if (this.connect) this.finish(this.connect, e.t, i, 'ok');
        this.connect = null;
        this.greeting = this.open('greeting', 'Wait for greeting', '', e.t, i);
        return;
      case 'tls-start':
        // Implicit TLS: the greeting comes after the handshake, so its wait starts later.
        if (e.mode === 'implicit' && this.greeting) this.greeting = null;
        this.tls = this.open('tls', 'TLS handshake', e.mode === 'implicit' ? 'implicit TLS' : 'after STARTTLS', e.t, i);
        return;
      case 'tls-established':
        if (this.tls) this.finish(this.tls, e.t, i, 'ok', `${e.protocol}`);
        this.tls = null;
        this.encrypted = true;
        this.tlsDone = true;
        if (!this.stages.some((s) => s.kind === 'greeting') && !this.greeting)
          this.greeting = this.open('greeting', 'Wait for greeting', '', e.t, i);
        return;
      case 'send':
        return this.addSend(e, i);
      case 'reply':
        return this.addReply(e, i);
      case 'error':
        return this.fail(`${e.message} [${e.code}]`, e.t, i);
      case 'close':
        this.fail(e.by === 'server' ? 'the server closed the connection' : 'the connection closed', e.t, i);
        this.encrypted = false;
        return;
      default:
        return;
    }
  }

  /** Whatever is still open did not finish: it failed at time t. */
  private fail(why: string, t: number, i: number): void {
    for (const open of [this.connect, this.tls, this.greeting, this.auth, this.transfer, ...this.pending]) {
      if (open) this.finish(open, t, i, 'failed', why);
    }
    this.connect = this.tls = this.greeting = this.auth = this.transfer = null;
    this.pending = [];
  }

  private addSend(e: Extract<TranscriptEvent, { type: 'send' }>, i: number): void {
    if (e.body) {
      this.transfer ??= this.open('data-transfer', 'Message transfer', '', e.t, i);
      this.transfer.events.push(i);
      return;
    }
    if (e.line === '.' && this.transfer) {
      const lines = this.transfer.events.length - 1;
      this.finish(this.transfer, e.t, i, 'ok', `${lines} line${lines === 1 ? '' : 's'}`);
      this.transfer = null;
      this.pending.push(this.open('end-of-data', 'End of data → verdict', '', e.t, i));
      return;
    }
    if (this.auth) {
      this.auth.events.push(i);
      return;
    }
    const verb = (/^[A-Za-z]+/.exec(e.line)?.[0] ?? '').toUpperCase();
    const kind = VERB_KIND[verb] ?? 'command';
    const rest = e.line.slice(verb.length).trim();
    let label = verb || '(command)';
    if (kind === 'ehlo' && this.tlsDone) label = `${verb} again, in TLS`;
    if (kind === 'mail') label = 'MAIL FROM';
    if (kind === 'rcpt') label = 'RCPT TO';
    if (kind === 'auth') label = `AUTH ${rest.split(/\s+/)[0] ?? ''}`.trim();
    const detail = kind === 'mail' || kind === 'rcpt' ? envelopeAddress(rest) : '';
    const stage = this.open(kind, label, detail, e.t, i);
    if (kind === 'auth') this.auth = stage;
    else this.pending.push(stage);
  }

  private addReply(e: Extract<TranscriptEvent, { type: 'reply' }>, i: number): void {
    const outcome = e.code === null || e.code >= 400 ? 'rejected' : 'ok';
    const code = e.code === null ? 'malformed reply' : e.enhanced ? `${e.code} ${e.enhanced}` : String(e.code);
    if (this.greeting && e.stage === 'banner') {
      this.finish(this.greeting, e.t, i, outcome, code, e.code);
      this.greeting = null;
      return;
    }
    if (this.auth) {
      this.auth.events.push(i);
      // RFC 4954 §4: 334 is a challenge; the exchange goes on until any other code.
      if (e.code === 334) return;
      this.finish(this.auth, e.t, i, outcome, code, e.code);
      this.auth = null;
      return;
    }
    const stage = this.pending.shift();
    if (!stage) return;
    // The code first: it is what matters when the column cuts the line short.
    this.finish(stage, e.t, i, outcome, stage.detail ? `${code} · ${stage.detail}` : code, e.code);
  }

  private open(kind: StageKind, label: string, detail: string, start: number, i: number): Open {
    return { kind, label, detail, start, event: i, events: [i], encrypted: this.encrypted, code: null };
  }

  /** Closes a stage, with what ended it (`detail`, `code`) when that is new. One object
   * literal, not spreads: they cost more than the rest of the waterfall on a long session. */
  private finish(
    stage: Open,
    end: number,
    i: number,
    outcome: WaterfallStage['outcome'],
    detail = stage.detail,
    code = stage.code,
  ): void {
    this.stages.push({
      kind: stage.kind,
      label: stage.label,
      detail,
      start: stage.start,
      event: i,
      events: stage.events.at(-1) === i ? stage.events : [...stage.events, i],
      encrypted: stage.encrypted,
      code,
      end,
      duration: Math.max(0, Math.round((end - stage.start) * 10) / 10),
      outcome,
      slow: null,
      findingIds: [],
      severity: null,
    });
  }

  /** Stages still open when the events end: a session being stepped waits for them. */
  snapshot(): WaterfallStage[] {
    const open = [this.connect, this.tls, this.greeting, this.auth, this.transfer, ...this.pending].filter(
      (s): s is Open => s !== null,
    );
    const pending = open.map(
      (s): WaterfallStage => ({
        ...s,
        end: this.lastT,
        duration: Math.max(0, this.lastT - s.start),
        outcome: 'pending',
        slow: null,
        findingIds: [],
        severity: null,
      }),
    );
    return [...this.stages, ...pending].sort((a, b) => a.start - b.start || a.event - b.event);
  }
}

export interface WaterfallInput {
  events: readonly TranscriptEvent[];
  findings?: readonly Finding[];
}

export function buildWaterfall(input: WaterfallInput): Waterfall {
  const builder = new WaterfallBuilder();
  input.events.forEach((e, i) => {
    builder.add(e, i);
  });
  const stages = builder.snapshot();
  const reasons = slowReasons(stages);
  stages.forEach((s, n) => {
    s.slow = reasons[n];
  });
  // Each event's first stage, indexed once: searching every stage's events for every finding
  // is quadratic, and took a minute on a 100,000-event session with a finding per refused RCPT.
  const stageOf: WaterfallStage[] = [];
  for (const s of stages) for (const i of s.events) stageOf[i] ??= s;
  for (const f of input.findings ?? []) {
    const stage = f.event === null ? undefined : stageOf[f.event];
    if (!stage || stage.findingIds.includes(f.id)) continue;
    stage.findingIds.push(f.id);
    stage.severity = worstSeverity([...(stage.severity ? [{ severity: stage.severity }] : []), f]);
  }
  // A loop, not Math.max(...): a 100,000-event session would overflow the argument list.
  let end = input.events.at(-1)?.t ?? 0;
  for (const s of stages) end = Math.max(end, s.end);
  let longest = -1;
  stages.forEach((s, n) => {
    if (longest === -1 || s.duration > stages[longest].duration) longest = n;
  });
  const pauses = pausesOf(stages, 0, end);
  let paused = 0;
  for (const p of pauses) paused += p.duration;
  return { start: 0, end, stages, longest, pauses, activeMs: end - paused };
}
