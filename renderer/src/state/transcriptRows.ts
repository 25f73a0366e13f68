// Turns the event stream into the rows the transcript shows: one row per exchange (what the
// client sent and what the server answered), and one row per thing SMTP Lens did or saw.
// Built incrementally as events arrive, so 100,000 events never mean 100,000² work.
import { challengeText, eventWords, isFailedReply, replyReading } from '../../../shared/presentation/eventWords';
import type { ReplyEvent, Stage, TranscriptEvent } from '../../../shared/transcript';

export type RowKind = 'exchange' | 'info' | 'tls' | 'error';

export interface TranscriptRow {
  key: number;
  kind: RowKind;
  t: number;
  stage: Stage | null;
  /** Client lines (a message's body is cut to BODY_LINES_SHOWN). */
  sent: string[];
  sentMore: number;
  redacted: boolean;
  /** The message content after DATA, with its final ".". */
  isMessage: boolean;
  reply: ReplyEvent | null;
  /** The line under the reply (shared/presentation/eventWords.ts), or null. */
  reading: string | null;
  /** Index of the first and last event in this row. */
  first: number;
  last: number;
  encrypted: boolean;
  /** For info, tls and error rows. */
  text: string;
  durationMs: number | null;
  /** Row height in pixels, known from the content (monospace lines, no wrapping). */
  height: number;
}

export const LINE_HEIGHT = 18;
const PADDING = 12;
const BODY_LINES_SHOWN = 8;

function rowHeight(row: TranscriptRow): number {
  const sentLines = row.sent.length + (row.sentMore ? 1 : 0);
  const lines = Math.max(sentLines, row.reply?.lines.length ?? 0, 1);
  return PADDING + (lines + (row.reading ? 1 : 0)) * LINE_HEIGHT;
}

/** An info row's kind, from the event's tone (shared/presentation/eventWords.ts). */
function describeInfo(e: Exclude<TranscriptEvent, { type: 'send' | 'reply' }>): { kind: RowKind; text: string } {
  const { text, tone } = eventWords(e);
  return { kind: tone === 'tls' ? 'tls' : tone === 'error' ? 'error' : 'info', text };
}

/** The line under a reply: its reading when it failed, its decoded challenge for AUTH. */
function readingOf(reply: ReplyEvent): string | null {
  return isFailedReply(reply) ? replyReading(reply) : challengeText(reply);
}

export class RowBuilder {
  readonly rows: TranscriptRow[] = [];
  /** rowOf[eventIndex - base] = index in rows. */
  private rowOf: number[] = [];
  /** The exchange row waiting for its reply, by index in rows. */
  private open = -1;
  private encrypted = false;
  private nextKey = 0;
  /** Events dropped from the front to cap memory. */
  base = 0;

  add(e: TranscriptEvent, index: number): void {
    if (e.type === 'connect' || e.type === 'close') this.encrypted = false;
    if (e.type === 'send') return this.addSend(e, index);
    if (e.type === 'reply') return this.addReply(e, index);
    const { kind, text } = describeInfo(e);
    this.push(this.newRow(kind, e, index, { text, stage: 'stage' in e ? (e.stage ?? null) : null }));
    if (e.type === 'tls-established') this.encrypted = true;
  }

  rowIndexOfEvent(eventIndex: number): number {
    return this.rowOf[eventIndex - this.base] ?? -1;
  }

  /** Drops the oldest rows so that at most `keep` events stay represented. */
  trimTo(keep: number, totalEvents: number): number {
    const cut = totalEvents - keep;
    if (cut <= this.base) return 0;
    let drop = 0;
    while (drop < this.rows.length - 1 && this.rows[drop].last < cut) drop++;
    if (!drop) return 0;
    const newBase = this.rows[drop].first;
    this.rows.splice(0, drop);
    this.rowOf = this.rowOf.slice(newBase - this.base).map((r) => r - drop);
    this.open = Math.max(-1, this.open - drop);
    this.base = newBase;
    return drop;
  }

  private newRow(kind: RowKind, e: TranscriptEvent, index: number, extra: Partial<TranscriptRow> = {}): TranscriptRow {
    return {
      key: this.nextKey++,
      kind,
      t: e.t,
      stage: null,
      sent: [],
      sentMore: 0,
      redacted: false,
      isMessage: false,
      reply: null,
      reading: null,
      first: index,
      last: index,
      encrypted: this.encrypted,
      text: '',
      durationMs: null,
      height: 0,
      ...extra,
    };
  }

  private push(row: TranscriptRow): number {
    row.height = rowHeight(row);
    this.rows.push(row);
    const at = this.rows.length - 1;
    this.rowOf[row.first - this.base] = at;
    return at;
  }

  /** Adds event `index` to the open row. */
  private extendOpen(index: number, change: (row: TranscriptRow) => void): void {
    const row = this.rows[this.open];
    change(row);
    row.last = index;
    row.height = rowHeight(row);
    this.rowOf[index - this.base] = this.open;
  }

  private addSend(e: Extract<TranscriptEvent, { type: 'send' }>, index: number): void {
    const openRow = this.rows[this.open];
    const inMessage = openRow?.isMessage === true && !openRow.reply;
    if (e.body || (e.line === '.' && inMessage)) {
      if (!inMessage) this.open = this.push(this.newRow('exchange', e, index, { stage: 'data', isMessage: true }));
      this.extendOpen(index, (row) => {
        if (row.sent.length < BODY_LINES_SHOWN || e.line === '.') row.sent.push(e.line);
        else row.sentMore++;
      });
      return;
    }
    this.open = this.push(
      this.newRow('exchange', e, index, { stage: e.stage, sent: [e.line], redacted: Boolean(e.redacted) }),
    );
  }

  private addReply(e: ReplyEvent, index: number): void {
    const openRow = this.rows[this.open];
    if (openRow && !openRow.reply) {
      this.extendOpen(index, (row) => {
        row.reply = e;
        row.reading = readingOf(e);
        row.durationMs = Math.round((e.t - row.t) * 10) / 10;
      });
    } else {
      this.push(this.newRow('exchange', e, index, { stage: e.stage, reply: e, reading: readingOf(e) }));
    }
    this.open = -1;
  }
}
