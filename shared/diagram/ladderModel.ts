// The ladder diagram as data: what a trainer draws on a whiteboard. Client on the left,
// server on the right, one arrow per command and per reply, the TLS handshake as a band, and
// phase separators where the conversation starts something new. Built from the events alone,
// so it works for every session source: a finished run, a session being stepped (it simply
// ends with a command still awaiting its reply), the manual terminal, an opened file.
import type { Finding, Severity, Target, TlsStartEvent, TranscriptEvent } from '../transcript';
import {
  capabilitiesOf,
  commandLabel,
  dnsServerNote,
  replyLabel,
  type ArrowDetail,
  type ArrowLabel,
} from './ladderLabels';
import { PHASES, type PhaseId } from './ladderPhases';

export type { ArrowDetail } from './ladderLabels';
export type { PhaseId } from './ladderPhases';

export interface FindingRef {
  id: string;
  severity: Severity;
  title: string;
}

interface ItemBase {
  /** Indexes of the events this item draws, ascending; the first is the one to select. */
  events: number[];
  /** When it happened (ms since start): the first event's time. */
  t: number;
  /** Findings whose event is one of `events`. */
  findings: FindingRef[];
  /** The worst of their severities. */
  severity: Severity | null;
}

export interface ArrowItem extends ItemBase {
  kind: 'arrow';
  /** A command, a reply, or a whole message body collapsed into one arrow. */
  role: 'command' | 'reply' | 'message';
  from: 'client' | 'server';
  /** Bold: the verb ("EHLO"), the code ("554 5.7.1"), or "message". */
  label: string;
  /** The rest of the line, untruncated: the layout shortens it and keeps it whole in a tooltip. */
  text: string;
  details: ArrowDetail[];
  /** The reply code, for colouring (null for commands and malformed replies). */
  code: number | null;
  /** Sent or received inside TLS. */
  encrypted: boolean;
  /** The line had credentials replaced at the source. */
  redacted: boolean;
  /** A command (or message) still waiting for its reply: the session is being stepped. */
  awaiting: boolean;
  /** For a reply: time since the command it answers. */
  durationMs: number | null;
  /** A command sent in a pipelined batch (RFC 2920), or the reply to one. */
  pipelined: boolean;
}

export interface TlsItem extends ItemBase {
  kind: 'tls';
  mode: TlsStartEvent['mode'];
  servername: string | null;
  /** When the handshake finished or failed; null while it is running. */
  tEnd: number | null;
  protocol: string | null;
  cipher: string | null;
  group: string | null;
  /** Why it failed, when it did. */
  failed: string | null;
}

export interface PhaseItem extends ItemBase {
  kind: 'phase';
  phase: PhaseId;
  title: string;
  hint: string;
}

export interface ConnectItem extends ItemBase {
  kind: 'connect';
  address: string;
  port: number;
  /** The proxy the connection goes through, when it does. */
  via: string | null;
  state: 'opening' | 'open' | 'failed';
  failure: string | null;
}

/** A command (or the greeting) that never got an answer: drawn as a broken arrow. */
export interface NoReplyItem extends ItemBase {
  kind: 'no-reply';
  what: 'reply' | 'greeting';
  reason: string;
  encrypted: boolean;
}

export interface NoteItem extends ItemBase {
  kind: 'note';
  tone: 'info' | 'error';
  text: string;
}

export interface CloseItem extends ItemBase {
  kind: 'close';
  by: 'client' | 'server';
}

export type LadderItem = ArrowItem | TlsItem | PhaseItem | ConnectItem | NoReplyItem | NoteItem | CloseItem;

export interface Ladder {
  /** Who is on each lane: "SMTP Lens", and the server's "host:port". */
  client: string;
  server: string;
  items: LadderItem[];
}

export interface LadderInput {
  events: readonly TranscriptEvent[];
  findings?: readonly Finding[];
  /** Names the server lane; without it the first connect event does. */
  target?: Pick<Target, 'host' | 'port'> | null;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function worstSeverity(findings: readonly { severity: Severity }[]): Severity | null {
  return findings.reduce<Severity | null>(
    (worst, f) => (!worst || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst] ? f.severity : worst),
    null,
  );
}

const HELLO = /^(EHLO|HELO|LHLO)$/;

/** Builds the ladder in one pass over the events (O(n), so a growing session can rebuild it
 * on every step). */
class LadderBuilder {
  readonly items: LadderItem[] = [];
  /** itemOf[event index] = the item that draws it, for attaching findings. */
  readonly itemOf: LadderItem[] = [];
  /** Commands sent and not yet answered, oldest first (pipelined commands queue up). */
  private pending: { arrow: ArrowItem; sentAt: number }[] = [];
  private message: ArrowItem | null = null;
  private messageLines = 0;
  private after354 = false;
  private encrypted = false;
  private connected = false;
  private greeted = false;
  private tlsOpen: TlsItem | null = null;
  private afterStarttls = false;
  private phasesSeen = new Set<PhaseId>();
  private connections = 0;
  private capabilitiesBeforeTls: string[] | null = null;
  private lastDns: NoteItem | null = null;
  private lastConnect: ConnectItem | null = null;
  private batch: { first: ArrowItem; count: number } | null = null;

  add(e: TranscriptEvent, i: number): void {
    switch (e.type) {
      case 'dns':
        this.startConnection(e.t);
        this.lastDns = this.push({
          kind: 'note',
          tone: e.error ? 'error' : 'info',
          text: e.error
            ? `DNS: ${e.host} does not resolve (${e.error})`
            : `DNS: ${e.host} → ${e.addresses.map((a) => a.address).join(', ')}${dnsServerNote(e)}`,
          ...this.base(e.t, i),
        });
        return;
      case 'connect':
        this.startConnection(e.t);
        this.lastConnect = this.push({
          kind: 'connect',
          address: e.address,
          port: e.port,
          via: e.via ?? null,
          state: 'opening',
          failure: null,
          ...this.base(e.t, i),
        });
        return;
      case 'connected':
        this.connected = true;
        if (this.lastConnect) {
          this.lastConnect.state = 'open';
          this.attach(this.lastConnect, i);
        }
        return;
      case 'send':
        return this.addSend(e, i);
      case 'reply':
        return this.addReply(e, i);
      case 'tls-start':
        if (e.mode === 'implicit') this.phase('implicit-tls', e.t);
        this.tlsOpen = this.push({
          kind: 'tls',
          mode: e.mode,
          servername: e.servername,
          tEnd: null,
          protocol: null,
          cipher: null,
          group: null,
          failed: null,
          ...this.base(e.t, i),
        });
        return;
      case 'tls-established':
        if (this.tlsOpen) {
          Object.assign(this.tlsOpen, { tEnd: e.t, protocol: e.protocol, cipher: e.cipher, group: e.group });
          this.attach(this.tlsOpen, i);
          this.afterStarttls = this.tlsOpen.mode === 'starttls';
          this.tlsOpen = null;
        }
        this.encrypted = true;
        return;
      case 'note':
        // Notes sent while the message is being written ("… 300 more lines not shown") belong to it.
        if (this.message) {
          this.message.details.push({ text: e.text, tone: 'muted' });
          this.attach(this.message, i);
          return;
        }
        this.push({ kind: 'note', tone: 'info', text: e.text, ...this.base(e.t, i) });
        return;
      case 'error':
        return this.addError(e, i);
      case 'close':
        this.unanswered('reply', 'the connection closed before the reply', e.t, i);
        this.push({ kind: 'close', by: e.by, ...this.base(e.t, i) });
        this.encrypted = false;
        this.connected = false;
        return;
    }
  }

  /** Commands never answered: one broken arrow for all of them. */
  private unanswered(what: NoReplyItem['what'], reason: string, t: number, i: number): boolean {
    if (what === 'reply' && !this.pending.length && !this.message) return false;
    this.closeMessage();
    for (const cmd of this.pending) cmd.arrow.awaiting = false;
    this.pending = [];
    this.push({ kind: 'no-reply', what, reason, encrypted: this.encrypted, ...this.base(t, i) });
    return true;
  }

  private addError(e: Extract<TranscriptEvent, { type: 'error' }>, i: number): void {
    const text = `${e.message} [${e.code}]`;
    if (e.stage === 'dns' && this.lastDns && this.lastDns.tone === 'error') return this.attach(this.lastDns, i);
    if ((e.stage === 'connect' || e.stage === 'proxy') && this.lastConnect?.state === 'opening') {
      Object.assign(this.lastConnect, { state: 'failed', failure: text });
      return this.attach(this.lastConnect, i);
    }
    if (this.tlsOpen) {
      this.tlsOpen.failed = text;
      this.tlsOpen.tEnd = e.t;
      this.attach(this.tlsOpen, i);
      this.tlsOpen = null;
      return;
    }
    // The engine's own message often says "no reply ..." already; do not say it twice.
    const said = /^no (reply|greeting|answer)/i.test(e.message);
    if (this.unanswered('reply', said ? text : `no reply: ${text}`, e.t, i)) return;
    if (this.connected && !this.greeted && e.stage === 'banner') {
      this.unanswered('greeting', said ? text : `no greeting: ${text}`, e.t, i);
      return;
    }
    this.push({ kind: 'note', tone: 'error', text, ...this.base(e.t, i) });
  }

  private addSend(e: Extract<TranscriptEvent, { type: 'send' }>, i: number): void {
    // RFC 5321 §4.1.1.4: after 354, lines are message content until a line with only ".".
    if (e.body || (e.line === '.' && (this.message || this.after354))) {
      if (!this.message) {
        this.message = this.push(this.arrow(e.t, i, 'message', 'client', { label: 'message', text: '', details: [] }));
        this.messageLines = 0;
      } else this.attach(this.message, i);
      if (e.body) {
        this.messageLines++;
        const subject = /^Subject:\s*(.*)$/i.exec(e.line);
        if (subject && !this.message.details.some((d) => d.text.startsWith('Subject:')))
          this.message.details.unshift({ text: `Subject: ${subject[1]}`, tone: 'muted' });
      }
      this.message.text = `${this.messageLines} line${this.messageLines === 1 ? '' : 's'}`;
      if (e.line === '.' && !e.body) this.closeMessage(e.t);
      return;
    }
    this.after354 = false;
    const label = commandLabel(e.line, Boolean(e.redacted));
    const verb = label.label;
    if (this.afterStarttls) {
      this.phase('after-tls', e.t, HELLO.test(verb) ? undefined : 'After TLS (the client should say EHLO again first)');
      this.afterStarttls = false;
    } else if (HELLO.test(verb)) this.phase('hello', e.t);
    if (verb === 'STARTTLS') this.phase('starttls', e.t);
    if (verb === 'AUTH') this.phase('auth', e.t);
    if (verb === 'MAIL') this.phase('mail', e.t);
    if (verb === 'QUIT') this.phase('quit', e.t);
    const arrow = this.push(this.arrow(e.t, i, 'command', 'client', label));
    arrow.redacted = Boolean(e.redacted);
    arrow.awaiting = true;
    this.joinBatch(arrow, Boolean(e.pipelined));
    this.pending.push({ arrow, sentAt: e.t });
  }

  /** Pipelined commands are one write: the first arrow of the batch says how many went. */
  private joinBatch(arrow: ArrowItem, pipelined: boolean): void {
    if (!pipelined) {
      this.batch = null;
      return;
    }
    arrow.pipelined = true;
    if (!this.batch) {
      this.batch = { first: arrow, count: 0 };
      arrow.details.push({ text: '', tone: 'muted' });
    }
    this.batch.count++;
    const note = this.batch.first.details.at(-1);
    if (note) note.text = `pipelined: ${this.batch.count} commands in one write (RFC 2920)`;
  }

  /** Ends the message block; `endedAt` is when the final "." went out, if it did. */
  private closeMessage(endedAt: number | null = null): void {
    if (!this.message) return;
    if (endedAt !== null) {
      this.message.text += ', then "." (end of data)';
      this.message.awaiting = true;
      this.pending.push({ arrow: this.message, sentAt: endedAt });
    }
    this.message = null;
    this.after354 = false;
  }

  private addReply(e: Extract<TranscriptEvent, { type: 'reply' }>, i: number): void {
    const answered = this.pending.shift() ?? null;
    const command = answered?.arrow ?? null;
    if (command) command.awaiting = false;
    if (e.stage === 'banner') this.greeted = true;
    this.after354 = e.code === 354;
    const verb = command?.role === 'command' ? command.label : null;
    const label = replyLabel(e, verb, this.encrypted ? this.capabilitiesBeforeTls : null);
    if (verb && HELLO.test(verb) && !this.encrypted && e.code !== null && e.code < 300)
      this.capabilitiesBeforeTls = capabilitiesOf(e);
    const arrow = this.push(this.arrow(e.t, i, 'reply', 'server', label));
    arrow.code = e.code;
    arrow.durationMs = answered ? Math.round((e.t - answered.sentAt) * 10) / 10 : null;
    // In a pipelined batch the reply is not next to its command: name the command it answers.
    if (command?.pipelined) {
      arrow.pipelined = true;
      arrow.details.unshift({ text: `answers ${command.label} ${command.text}`.trim(), tone: 'muted' });
    }
  }

  private startConnection(t: number): void {
    if (this.connected || this.lastConnect?.state === 'opening') return;
    // A DNS lookup followed by its connect is one connection; so is every retried address.
    if (this.items.at(-1)?.kind === 'note' && this.items.at(-1) === this.lastDns) return;
    if (this.items.at(-1)?.kind === 'connect') return;
    this.connections++;
    this.phasesSeen.clear();
    this.greeted = false;
    this.capabilitiesBeforeTls = null;
    this.afterStarttls = false;
    this.phase('connect', t, this.connections > 1 ? 'New connection' : undefined);
  }

  private phase(phase: PhaseId, t: number, title?: string): void {
    if (this.phasesSeen.has(phase)) return;
    this.phasesSeen.add(phase);
    this.items.push({
      kind: 'phase',
      phase,
      title: title ?? PHASES[phase].title,
      hint: PHASES[phase].hint,
      events: [],
      t,
      findings: [],
      severity: null,
    });
  }

  private base(t: number, i: number): ItemBase {
    return { events: [i], t, findings: [], severity: null };
  }

  /** A new arrow, as one object literal: object spreads cost more than the rest of the ladder
   * together on a 100,000-event session. */
  private arrow(t: number, i: number, role: ArrowItem['role'], from: ArrowItem['from'], label: ArrowLabel): ArrowItem {
    return {
      kind: 'arrow',
      role,
      from,
      code: null,
      encrypted: this.encrypted,
      redacted: false,
      awaiting: false,
      durationMs: null,
      pipelined: false,
      events: [i],
      t,
      findings: [],
      severity: null,
      label: label.label,
      text: label.text,
      details: label.details,
    };
  }

  private push<T extends LadderItem>(item: T): T {
    this.items.push(item);
    for (const i of item.events) this.itemOf[i] = item;
    return item;
  }

  private attach(item: LadderItem, i: number): void {
    item.events.push(i);
    this.itemOf[i] = item;
  }
}

/** The ladder of a session. Findings attach to the item that draws their event; findings of
 * the session as a whole (event null) are left to the findings panel. */
export function buildLadder(input: LadderInput): Ladder {
  const builder = new LadderBuilder();
  input.events.forEach((e, i) => {
    builder.add(e, i);
  });
  for (const f of input.findings ?? []) {
    const item = f.event === null ? undefined : builder.itemOf[f.event];
    if (!item || item.findings.some((x) => x.id === f.id)) continue;
    item.findings.push({ id: f.id, severity: f.severity, title: f.title });
    item.severity = worstSeverity(item.findings);
  }
  const first = input.events.find((e) => e.type === 'connect');
  const server = input.target
    ? `${input.target.host}:${input.target.port}`
    : first?.type === 'connect'
      ? `${first.address}:${first.port}`
      : 'server';
  return { client: 'SMTP Lens', server, items: builder.items };
}
