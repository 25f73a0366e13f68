import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import { isFailedReply, replyTone } from '../../../shared/presentation/eventWords';
import type { Finding } from '../../../shared/transcript';
import type { SessionView } from '../state/sessionStore';
import { LINE_HEIGHT, type TranscriptRow } from '../state/transcriptRows';
import { LockIcon } from './icons';
import { UntrustedText, untrustedAttr } from './UntrustedText';

interface Props {
  view: SessionView;
  /** Scroll to and highlight the row holding this event. `nonce` repeats a request. */
  focus: { event: number; nonce: number } | null;
  onSelectFinding(finding: Finding): void;
}

/** Rows drawn beyond the visible area, so fast scrolling does not show blanks. */
const OVERSCAN_ROWS = 20;
const NONE: readonly Finding[] = [];

/** Each reply tone's class in the stylesheet (.r2 to .r5, by the code's first digit). */
const TONE_CLASS = { ok: 'r2', more: 'r3', temp: 'r4', perm: 'r5' } as const;

/** One row, placed at `top` and measured once drawn, so wrapped readings are never cut. */
const Row = memo(function Row({
  index,
  measure,
  row,
  top,
  findings,
  highlighted,
  onSelectFinding,
}: {
  index: number;
  measure(el: Element | null): void;
  row: TranscriptRow;
  top: number;
  findings: readonly Finding[];
  highlighted: boolean;
  onSelectFinding(f: Finding): void;
}) {
  const worst =
    findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning') ?? findings[0];
  const classes = [
    't-row',
    row.kind,
    row.encrypted ? 'encrypted' : '',
    worst ? `has-${worst.severity}` : '',
    highlighted ? 'highlighted' : '',
  ];
  return (
    <div
      ref={measure}
      data-index={index}
      className={classes.join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="transcript-row"
      data-stage={row.stage ?? undefined}
      data-first-event={row.first}
      data-finding-ids={findings.map((f) => f.id).join(' ') || undefined}
    >
      <span className="time">{row.t.toFixed(1)} ms</span>
      <span className="lock">{row.encrypted ? <LockIcon title="Inside TLS: encrypted" /> : null}</span>
      {row.kind === 'exchange' ? (
        <>
          <div className="client" title="Client → server">
            {(row.isMessage ? row.sent.filter((l, i) => i < row.sent.length - 1 || l !== '.') : row.sent).map(
              (line, i) => (
                <div key={i} className={row.redacted && /\[redacted\]/.test(line) ? 'line redacted' : 'line'}>
                  {row.sent.length || row.reply ? <span className="dir">C: </span> : null}
                  {line === '' ? '\u00a0' : <UntrustedText text={line} />}
                </div>
              ),
            )}
            {row.sentMore > 0 && <div className="line more">… {row.sentMore} more message lines</div>}
            {row.isMessage && row.sent.at(-1) === '.' && (
              <div className="line">
                <span className="dir">C: </span>. <span className="muted">(end of message)</span>
              </div>
            )}
            {!row.sent.length && row.reply && <div className="line muted">(server speaks first)</div>}
          </div>
          <div className={`server ${row.reply ? TONE_CLASS[replyTone(row.reply.code)] : ''}`} title="Server → client">
            {row.reply?.lines.map((line, i) => (
              <div key={i} className="line">
                <span className="dir">S: </span>
                <UntrustedText text={line} />
              </div>
            ))}
            {row.reading && (
              <div className="line annotation" title={untrustedAttr(row.reading)}>
                {row.reply && isFailedReply(row.reply) ? '↳ ' : ''}
                <UntrustedText text={row.reading} />
              </div>
            )}
            {!row.reply && <div className="line muted">…</div>}
          </div>
          <span className="duration">{row.durationMs !== null ? `${row.durationMs} ms` : ''}</span>
        </>
      ) : (
        <div className="info-text">
          <UntrustedText text={row.text} />
        </div>
      )}
      {findings.length > 0 && (
        <div className="badges">
          {findings.map((f) => (
            <button
              type="button"
              key={f.id}
              className={`badge ${f.severity}`}
              onClick={() => onSelectFinding(f)}
              title={f.title}
            >
              {f.severity === 'error' ? '✖' : f.severity === 'warning' ? '▲' : '●'} {f.id}
            </button>
          ))}
        </div>
      )}
    </div>
  );
});

export function TranscriptView({ view, focus, onSelectFinding }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const rows = view.rows.rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    // A first guess from the line count (plus a line for badges); each drawn row is measured.
    estimateSize: (i) => rows[i].height + (view.rowFindings.has(rows[i].key) ? LINE_HEIGHT + 4 : 0),
    getItemKey: (i) => rows[i].key,
    overscan: OVERSCAN_ROWS,
  });

  useLayoutEffect(() => {
    if (stickToBottom.current && rows.length) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, virtualizer]);

  const highlightedRow = focus ? view.rows.rowIndexOfEvent(focus.event) : -1;
  useEffect(() => {
    if (highlightedRow < 0) return;
    stickToBottom.current = false;
    virtualizer.scrollToIndex(highlightedRow, { align: 'center' });
  }, [focus?.nonce, highlightedRow, virtualizer]);

  return (
    <div
      className="transcript"
      data-testid="transcript"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        stickToBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
      }}
    >
      {rows.length === 0 ? (
        <div className="empty-state">
          <h2>No session yet</h2>
          <p>
            Press <strong>Run</strong> to hold a whole SMTP session, or <strong>Step</strong> to go one exchange at a
            time. With the settings as they are, SMTP Lens talks to its built-in practice server.
          </p>
          <p>
            Pick a scenario under <strong>Practice</strong> to see a failure happen and be explained.
          </p>
        </div>
      ) : (
        <div className="t-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {view.rows.base > 0 && <div className="trimmed">Earlier events were dropped to keep memory bounded.</div>}
          {virtualizer.getVirtualItems().map((item) => (
            <Row
              key={item.key}
              index={item.index}
              measure={virtualizer.measureElement}
              row={rows[item.index]}
              top={item.start}
              findings={view.rowFindings.get(rows[item.index].key) ?? NONE}
              highlighted={item.index === highlightedRow}
              onSelectFinding={onSelectFinding}
            />
          ))}
        </div>
      )}
    </div>
  );
}
