import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
const OVERSCAN_PX = 600;

/** Each reply tone's class in the stylesheet (.r2 to .r5, by the code's first digit). */
const TONE_CLASS = { ok: 'r2', more: 'r3', temp: 'r4', perm: 'r5' } as const;

function Row({
  row,
  top,
  height,
  findings,
  highlighted,
  onSelectFinding,
}: {
  row: TranscriptRow;
  top: number;
  height: number;
  findings: Finding[];
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
      className={classes.join(' ')}
      style={{ top, height }}
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
}

export function TranscriptView({ view, focus, onSelectFinding }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const stickToBottom = useRef(true);
  const rows = view.rows.rows;

  // Row tops from the known heights; recomputed when rows change (cheap: one pass).
  const findingsByRow = useMemo(() => {
    const map = new Map<number, Finding[]>();
    for (const f of view.findings) {
      if (f.event === null) continue;
      const r = view.rows.rowIndexOfEvent(f.event);
      if (r >= 0) map.set(r, [...(map.get(r) ?? []), f]);
    }
    return map;
  }, [view.snapshot, view.rows, view.version]);

  // Row tops from the known heights (a row with findings gets a line for its badges).
  const heightOf = (i: number) => rows[i].height + (findingsByRow.has(i) ? LINE_HEIGHT + 4 : 0);
  const tops = useMemo(() => {
    const out = new Array<number>(rows.length + 1);
    out[0] = 0;
    for (let i = 0; i < rows.length; i++) out[i + 1] = out[i] + heightOf(i);
    return out;
  }, [view.version, rows, findingsByRow]);
  const total = tops[rows.length] ?? 0;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = total;
  }, [total]);

  const highlightedRow = focus ? view.rows.rowIndexOfEvent(focus.event) : -1;
  useEffect(() => {
    const el = scroller.current;
    if (!el || highlightedRow < 0) return;
    stickToBottom.current = false;
    el.scrollTop = Math.max(0, tops[highlightedRow] - el.clientHeight / 3);
  }, [focus?.nonce, highlightedRow]);

  // Binary search for the first visible row.
  const from = Math.max(0, scrollTop - OVERSCAN_PX);
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid + 1] <= from) lo = mid + 1;
    else hi = mid;
  }
  const visible: number[] = [];
  for (let i = lo; i < rows.length && tops[i] < scrollTop + viewport + OVERSCAN_PX; i++) visible.push(i);

  return (
    <div
      className="transcript"
      data-testid="transcript"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        setScrollTop(el.scrollTop);
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
        <div className="t-canvas" style={{ height: total }}>
          {view.rows.base > 0 && <div className="trimmed">Earlier events were dropped to keep memory bounded.</div>}
          {visible.map((i) => (
            <Row
              key={rows[i].key}
              row={rows[i]}
              top={tops[i]}
              height={heightOf(i)}
              findings={findingsByRow.get(i) ?? []}
              highlighted={i === highlightedRow}
              onSelectFinding={onSelectFinding}
            />
          ))}
        </div>
      )}
    </div>
  );
}
