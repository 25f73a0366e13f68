// Turns the event stream into the rows the transcript shows: one row per exchange (what the
// client sent and what the server answered), and one row per thing SMTP Lens did or saw.
// Built incrementally as events arrive, so 100,000 events never mean 100,000² work.
import { challengeText, eventWords, isFailedReply, replyReading } from '../../../shared/presentation/eventWords';
import type { ReplyEvent, Stage, TranscriptEvent } from '../../../shared/transcript';

export type RowKind = 'exchange' | 'info' | 'tls' | 'error';

export interface TranscriptRow {
  readonly key: number;
  readonly kind: RowKind;
  readonly t: number;
  readonly stage: Stage | null;
  /** Client lines (a message's body is cut to BODY_LINES_SHOWN). */
  readonly sent: readonly string[];
  readonly sentMore: number;
  readonly redacted: boolean;
  /** The message content after DATA, with its final ".". */
  readonly isMessage: boolean;
  readonly reply: ReplyEvent | null;
  /** The line under the reply (shared/presentation/eventWords.ts), or null. */
  readonly reading: string | null;
  /** Index of the first and last event in this row. */
  readonly first: number;
  readonly last: number;
  readonly encrypted: boolean;
  /** For info, tls and error rows. */
  readonly text: string;
  readonly durationMs: number | null;
  /** Estimated height in pixels, from the line count; the list measures the drawn row. */
  readonly height: number;
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

/** The rows of one session. A value: `append` and `trimTo` return a new one and leave this one
 * as it was, and a row object, once shown, never changes (a changed row is a new object). */
export class TranscriptRows {
  static readonly EMPTY = new TranscriptRows([], [], -1, false, 0, 0, []);

  private constructor(
    readonly rows: readonly TranscriptRow[],
    /** rowOf[eventIndex - base] = index in rows. */
    private readonly rowOf: readonly number[],
    /** The exchange row waiting for its reply, by index in rows. */
    private readonly open: number,
    private readonly encrypted: boolean,
    private readonly nextKey: number,
    /** Events dropped from the front to cap memory. */
    readonly base: number,
    /** Rows of pipelined commands still waiting for their replies, oldest first (RFC 2920:
     * the replies come in the commands' order). */
    private readonly pending: readonly number[],
  ) {}

  /** These rows with events `from`, `from + 1`, … added. */
  append(events: readonly TranscriptEvent[], from: number): TranscriptRows {
    if (!events.length) return this;
    const draft = new Draft(this.rows, this.rowOf, this.open, this.encrypted, this.nextKey, this.base, this.pending);
    events.forEach((e, i) => {
      draft.add(e, from + i);
    });
    return new TranscriptRows(
      draft.rows,
      draft.rowOf,
      draft.open,
      draft.encrypted,
      draft.nextKey,
      this.base,
      draft.pending,
    );
  }

  rowIndexOfEvent(eventIndex: number): number {
    return this.rowOf[eventIndex - this.base] ?? -1;
  }

  /** The oldest rows dropped, so that at most `keep` of `totalEvents` events stay represented. */
  trimTo(keep: number, totalEvents: number): TranscriptRows {
    const cut = totalEvents - keep;
    if (cut <= this.base) return this;
    let drop = 0;
    while (drop < this.rows.length - 1 && this.rows[drop].last < cut) drop++;
    if (!drop) return this;
    const newBase = this.rows[drop].first;
    return new TranscriptRows(
      this.rows.slice(drop),
      this.rowOf.slice(newBase - this.base).map((r) => r - drop),
      Math.max(-1, this.open - drop),
      this.encrypted,
      this.nextKey,
      newBase,
      this.pending.map((r) => r - drop).filter((r) => r >= 0),
    );
  }
}

/** One batch being added: works on copies, so the value it started from stays as it was. */
class Draft {
  readonly rows: TranscriptRow[];
  readonly rowOf: number[];
  readonly pending: number[];

  constructor(
    rows: readonly TranscriptRow[],
    rowOf: readonly number[],
    public open: number,
    public encrypted: boolean,
    public nextKey: number,
    private readonly base: number,
    pending: readonly number[],
  ) {
    this.rows = rows.slice();
    this.rowOf = rowOf.slice();
    this.pending = pending.slice();
  }

  add(e: TranscriptEvent, index: number): void {
    if (e.type === 'connect' || e.type === 'close') this.encrypted = false;
    if (e.type === 'send') return this.addSend(e, index);
    if (e.type === 'reply') return this.addReply(e, index);
    const { kind, text } = describeInfo(e);
    this.push(this.newRow(kind, e, index, { text, stage: 'stage' in e ? (e.stage ?? null) : null }));
    if (e.type === 'tls-established') this.encrypted = true;
  }

  private newRow(kind: RowKind, e: TranscriptEvent, index: number, extra: Partial<TranscriptRow> = {}): TranscriptRow {
    const row: TranscriptRow = {
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
    return { ...row, height: rowHeight(row) };
  }

  private push(row: TranscriptRow): number {
    this.rows.push(row);
    const at = this.rows.length - 1;
    this.rowOf[row.first - this.base] = at;
    return at;
  }

  /** Event `index` added to the open row, as a new row object in its place. */
  private extendOpen(index: number, change: Partial<TranscriptRow>): void {
    const row = { ...this.rows[this.open], ...change, last: index };
    this.rows[this.open] = { ...row, height: rowHeight(row) };
    this.rowOf[index - this.base] = this.open;
  }

  private addSend(e: Extract<TranscriptEvent, { type: 'send' }>, index: number): void {
    const openRow = this.rows[this.open];
    const inMessage = openRow?.isMessage === true && !openRow.reply;
    if (e.body || (e.line === '.' && inMessage)) {
      if (!inMessage) this.open = this.push(this.newRow('exchange', e, index, { stage: 'data', isMessage: true }));
      const row = this.rows[this.open];
      const shown = row.sent.length < BODY_LINES_SHOWN || e.line === '.';
      this.extendOpen(index, shown ? { sent: [...row.sent, e.line] } : { sentMore: row.sentMore + 1 });
      return;
    }
    this.open = this.push(
      this.newRow('exchange', e, index, { stage: e.stage, sent: [e.line], redacted: Boolean(e.redacted) }),
    );
    if (e.pipelined) this.pending.push(this.open);
    else this.pending.length = 0;
  }

  private addReply(e: ReplyEvent, index: number): void {
    // A pipelined batch: the reply belongs to the oldest command still waiting, not the last.
    const waiting = this.pending.shift();
    if (waiting !== undefined && !this.rows[waiting]?.reply) this.open = waiting;
    const openRow = this.rows[this.open];
    if (openRow && !openRow.reply) {
      this.extendOpen(index, {
        reply: e,
        reading: readingOf(e),
        durationMs: Math.round((e.t - openRow.t) * 10) / 10,
      });
    } else {
      this.push(this.newRow('exchange', e, index, { stage: e.stage, reply: e, reading: readingOf(e) }));
    }
    this.open = this.pending[0] ?? -1;
  }
}
