import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { isFailedReply, replyTone } from '../../../shared/presentation/eventWords';
import type { Finding } from '../../../shared/transcript';
import { useFind } from '../search/findController';
import { rowIndexOfKey, segmentId, sentLinesShown } from '../search/transcriptSegments';
import type { SessionView } from '../state/sessionStore';
import { type StepFocus, ui } from '../state/uiStore';
import { LINE_HEIGHT, type TranscriptRow } from '../state/transcriptRows';
import { LockIcon } from './icons';
import { UntrustedText, untrustedAttr } from './UntrustedText';

interface Props {
  view: SessionView;
  /** Scroll to and highlight the row holding this event. `nonce` repeats a request. */
  focus: StepFocus | null;
  onSelectFinding(finding: Finding): void;
}

/** Rows drawn beyond the visible area, so fast scrolling does not show blanks. */
const OVERSCAN_ROWS = 20;
const NONE: readonly Finding[] = [];
/** What a drawn row adds to its lines' estimate (styles.css): its 1px bottom border, and for
 * a row with findings, the badges' line (4px above it, a 1px border round each badge). The
 * closer the guess, the fewer rows change size once measured, and a jump (End, a finding) lands
 * at once instead of being corrected frame after frame. */
const ROW_BORDER = 1;
const BADGES_HEIGHT = LINE_HEIGHT + 6;

/** Each reply tone's class in the stylesheet (.r2 to .r5, by the code's first digit). */
const TONE_CLASS = { ok: 'r2', more: 'r3', temp: 'r4', perm: 'r5' } as const;

/** "C:" or "S:", as on the wire in swaks and RFC 5321's examples. */
function Dir({ who }: { who: 'C' | 'S' }) {
  return <span className="dir">{who}: </span>;
}

/** One row, placed at `top` and measured once drawn, so wrapped readings are never cut. */
const Row = memo(function Row({
  index,
  measure,
  row,
  top,
  findings,
  highlighted,
  expanded,
  takeFocus,
  findCurrent,
  onSelectFinding,
  onToggle,
}: {
  index: number;
  measure(el: Element | null): void;
  row: TranscriptRow;
  top: number;
  findings: readonly Finding[];
  highlighted: boolean;
  expanded: boolean;
  takeFocus: boolean;
  /** It holds the current match of Find: shown whole, so the match is not cut off. */
  findCurrent: boolean;
  onSelectFinding(f: Finding): void;
  onToggle(row: TranscriptRow): void;
}) {
  const worst =
    findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning') ?? findings[0];
  const classes = [
    't-row',
    row.kind,
    row.encrypted ? 'encrypted' : '',
    worst ? `has-${worst.severity}` : '',
    highlighted ? 'highlighted' : '',
    expanded ? 'expanded' : '',
  ];
  // A click on the row opens it to its whole text (and points Learn mode at it); a click on a
  // badge, or the end of a text selection, is not one.
  const onClick = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('button') || window.getSelection()?.toString()) return;
    onToggle(row);
  };
  const sentText = row.sent.join('\n');
  const replyText = row.reply?.lines.join('\n') ?? '';
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the list's container takes the keys for every row (arrows, Enter, Space)
    <li
      data-index={index}
      ref={(el) => {
        measure(el);
        // The arrow keys move the focus with the highlight, so a screen reader reads the row.
        if (el && highlighted && takeFocus && !el.contains(document.activeElement)) el.focus({ preventScroll: true });
      }}
      tabIndex={-1}
      className={classes.join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      onClick={onClick}
      data-expanded={expanded || undefined}
      data-find-current={findCurrent || undefined}
      data-testid="transcript-row"
      data-stage={row.stage ?? undefined}
      data-first-event={row.first}
      data-finding-ids={findings.map((f) => f.id).join(' ') || undefined}
    >
      <span className="time">{row.t.toFixed(1)} ms</span>
      <span className="lock">{row.encrypted ? <LockIcon title="Inside TLS: encrypted" /> : null}</span>
      {row.kind === 'exchange' ? (
        <>
          {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of lines that were said, not a form's fieldset */}
          <div
            className="client"
            role="group"
            aria-label="Client sent"
            title={sentText ? untrustedAttr(sentText) : undefined}
          >
            {sentLinesShown(row).map((line, i) => (
              <div key={i} className={row.redacted && /\[redacted\]/.test(line) ? 'line redacted' : 'line'}>
                {row.sent.length || row.reply ? <Dir who="C" /> : null}
                {line === '' ? (
                  '\u00a0'
                ) : (
                  <span data-seg={segmentId(row.key, `s${i}`)}>
                    <UntrustedText text={line} />
                  </span>
                )}
              </div>
            ))}
            {row.sentMore > 0 && <div className="line more">… {row.sentMore} more message lines</div>}
            {row.isMessage && row.sent.at(-1) === '.' && (
              <div className="line">
                <Dir who="C" />. <span className="muted">(end of message)</span>
              </div>
            )}
            {!row.sent.length && row.reply && <div className="line muted">(server speaks first)</div>}
          </div>
          {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of lines that were said, not a form's fieldset */}
          <div
            className={`server ${row.reply ? TONE_CLASS[replyTone(row.reply.code)] : ''}`}
            role="group"
            aria-label="Server replied"
            title={replyText ? untrustedAttr(replyText) : undefined}
          >
            {row.reply?.lines.map((line, i) => (
              <div key={i} className="line">
                <Dir who="S" />
                <span data-seg={segmentId(row.key, `r${i}`)}>
                  <UntrustedText text={line} />
                </span>
              </div>
            ))}
            {row.reading && (
              <div className="line annotation" title={untrustedAttr(row.reading)}>
                {row.reply && isFailedReply(row.reply) ? '↳ ' : ''}
                <span data-seg={segmentId(row.key, 'a')}>
                  <UntrustedText text={row.reading} />
                </span>
              </div>
            )}
            {!row.reply && <div className="line muted">…</div>}
          </div>
          <span className="duration">{row.durationMs !== null ? `${row.durationMs} ms` : ''}</span>
        </>
      ) : (
        <div className="info-text" data-seg={segmentId(row.key, 'x')}>
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
    </li>
  );
});

export function TranscriptView({ view, focus, onSelectFinding }: Props) {
  const scroller = useRef<HTMLElement>(null);
  const stickToBottom = useRef(true);
  const rows = view.rows.rows;
  const rowFindings = view.rowFindings;
  // Both kept the same while the rows and their findings are: the list lays out all its rows
  // again (100,000 of them, for a long session) when the key function changes, so not on
  // every render; and it is that change that makes it take the new estimates.
  const getItemKey = useCallback((i: number) => rows[i].key, [rows, rowFindings]);
  // A first guess from the line count (plus a line for badges); each drawn row is measured.
  const estimateSize = useCallback(
    (i: number) => rows[i].height + ROW_BORDER + (rowFindings.has(rows[i].key) ? BADGES_HEIGHT : 0),
    [rows, rowFindings],
  );
  const getScrollElement = useCallback(() => scroller.current, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: OVERSCAN_ROWS,
  });

  useLayoutEffect(() => {
    if (stickToBottom.current && rows.length) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, virtualizer]);

  const highlightedRow = focus ? view.rows.rowIndexOfEvent(focus.event) : -1;
  useEffect(() => {
    if (highlightedRow < 0 || focus?.scroll === 'none') return;
    stickToBottom.current = false;
    virtualizer.scrollToIndex(highlightedRow, { align: focus?.scroll === 'auto' ? 'auto' : 'center' });
  }, [focus?.nonce, focus?.scroll, highlightedRow, virtualizer]);

  // Find searches the rows, not the page (most rows are not drawn): it asks for its current
  // match's row to be brought into view, and that row is shown whole.
  const found = useFind();
  useEffect(() => {
    if (!found.reveal) return;
    const index = rowIndexOfKey(rows, found.reveal.row);
    if (index < 0) return;
    stickToBottom.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [found.reveal?.nonce]);
  const findRow = found.open ? found.currentRow : null;

  // Rows opened to their whole text, by row key; a new session starts with none open.
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  useEffect(() => setExpanded(new Set()), [view.sessionId, view.opened]);
  // The same function on every render, so the rows that did not change are not drawn again.
  const toggle = useCallback((row: TranscriptRow) => {
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(row.key)) next.add(row.key);
      return next;
    });
    ui.pointAt(row.first, 'none');
  }, []);

  // The list from the keyboard: the arrows move the highlight from row to row, Enter or Space
  // opens the highlighted row, Home and End go to either end.
  const onKeyDown = (e: KeyboardEvent) => {
    if (!rows.length) return;
    const at = Math.max(highlightedRow, -1);
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[e.key];
    if (move !== undefined) {
      e.preventDefault();
      const row = rows[Math.min(Math.max(move, 0), rows.length - 1)];
      if (row) ui.pointAt(row.first, 'auto');
    } else if ((e.key === 'Enter' || e.key === ' ') && rows[at]) {
      e.preventDefault();
      toggle(rows[at]);
    }
  };

  return (
    <section
      className="transcript"
      data-testid="transcript"
      data-search-source="transcript"
      ref={scroller}
      aria-label="Session transcript: arrow keys move between exchanges, Enter opens one in full"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must take the focus to be scrolled and read from the keyboard (WCAG 2.1.1); the arrows move through its rows
      tabIndex={0}
      onKeyDown={onKeyDown}
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
        <ul className="t-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {view.rows.base > 0 && <li className="trimmed">Earlier events were dropped to keep memory bounded.</li>}
          {virtualizer.getVirtualItems().map((item) => (
            <Row
              key={item.key}
              index={item.index}
              measure={virtualizer.measureElement}
              row={rows[item.index]}
              top={item.start}
              findings={rowFindings.get(rows[item.index].key) ?? NONE}
              highlighted={item.index === highlightedRow}
              expanded={expanded.has(rows[item.index].key)}
              takeFocus={focus?.scroll === 'auto'}
              findCurrent={rows[item.index].key === findRow}
              onSelectFinding={onSelectFinding}
              onToggle={toggle}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
