import { memo, startTransition, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { outcomeLabel } from '../../../shared/export/exportFacts';
import type { Finding, Outcome } from '../../../shared/transcript';
import { FormattedText } from './formatText';
import { UntrustedText } from './UntrustedText';

interface Props {
  findings: readonly Finding[];
  outcome: Outcome | null;
  finished: boolean;
  selected: Finding | null;
  onSelect(finding: Finding): void;
  /** What auto mode found out about the port, when it ran: said even when nothing is wrong. */
  autoFound?: 'implicit' | 'starttls' | null;
  /** Changes each time a finding is selected again (the step focus's nonce): the selected one
   * is brought into view once more, even when it was already the selected one. */
  reveal?: number;
  /** What the findings belong to (the session, or the opened transcript): a new one with very
   * many findings draws its first ones at once and the rest just after. */
  source?: unknown;
}

const AUTO_FOUND = {
  implicit:
    'Auto mode found implicit TLS: this port speaks TLS from the first byte, so clients must use "SSL/TLS" here, not STARTTLS.',
  starttls: 'Auto mode found a plain-text greeting and STARTTLS: clients should use "STARTTLS" on this port.',
} as const;

export const outcomeText = outcomeLabel;

const ORDER = { error: 0, warning: 1, info: 2 } as const;
const ICON = { error: '✖', warning: '▲', info: '●' } as const;

/** Worst first, then in the order the steps happened. */
export const bySeverity = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.event ?? 0) - (b.event ?? 0));

/** A finding as every panel shows it: title, why, the fix, its id and RFCs. */
export function FindingBody({ finding: f }: { finding: Finding }) {
  return (
    <>
      <h3>
        <span className="severity" role="img" aria-label={f.severity}>
          {ICON[f.severity]}
        </span>{' '}
        <UntrustedText text={f.title} />
      </h3>
      <p className="why">
        <FormattedText text={f.explanation} />
      </p>
      <p className="fix">
        <strong>Fix: </strong>
        <FormattedText text={f.fix} />
      </p>
      <footer>
        <code>{f.id}</code>
        {f.refs.length > 0 && <span className="refs">{f.refs.join(' · ')}</span>}
      </footer>
    </>
  );
}

/** More findings than this and those out of view are not laid out until scrolled to
 * (styles.css, `.findings ol.many`), and only this many are drawn in the frame that first shows
 * them (more than the panel has room for), the others in the next: a long session's thousands
 * would otherwise hold up its transcript's first frame by a third of a second. */
const MANY_FINDINGS = 50;

const isSelected = (f: Finding, selected: Finding | null) =>
  selected !== null && selected.id === f.id && selected.event === f.event;

/** One finding, drawn again only when it or its selection changes. */
const FindingItem = memo(function FindingItem({
  finding: f,
  selected,
  onSelect,
}: {
  finding: Finding;
  selected: boolean;
  onSelect(finding: Finding): void;
}) {
  return (
    <li>
      <article
        className={`finding ${f.severity}${selected ? ' selected' : ''}`}
        data-finding-id={f.id}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a finding is selected with Enter as well as a click; it holds headings and paragraphs, so it cannot be a <button>
        tabIndex={0}
        onClick={() => onSelect(f)}
        onKeyDown={(e) => e.key === 'Enter' && onSelect(f)}
        title="Show the step this belongs to"
      >
        <FindingBody finding={f} />
      </article>
    </li>
  );
});

/** Memoised: the transcript's keys (End on 100,000 rows) and scrolling re-render the window,
 * and thousands of findings must not be drawn again for them. */
export const FindingsPanel = memo(function FindingsPanel({
  findings,
  outcome,
  finished,
  selected,
  onSelect,
  autoFound,
  reveal,
  source = null,
}: Props) {
  const sorted = useMemo(() => bySeverity(findings), [findings]);
  // Each source in turn gets a number (only the one shown is held, never an old transcript);
  // once a source's findings are all drawn, more of them (a running session's) are drawn as
  // they come.
  const current = useRef({ source, n: 0 });
  if (current.current.source !== source) current.current = { source, n: current.current.n + 1 };
  const n = current.current.n;
  const [drawnWhole, setDrawnWhole] = useState(n);
  const all = drawnWhole === n || sorted.length <= MANY_FINDINGS;
  const shown = all ? sorted : sorted.slice(0, MANY_FINDINGS);
  useEffect(() => {
    if (all) return;
    const frame = requestAnimationFrame(() => startTransition(() => setDrawnWhole(n)));
    return () => cancelAnimationFrame(frame);
  }, [all, n]);
  const list = useRef<HTMLOListElement>(null);
  // The selected finding is scrolled to in the panel, as it is selected.
  useLayoutEffect(() => {
    if (selected) list.current?.querySelector('.finding.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected, reveal, sorted, all]);
  return (
    <section className="findings" aria-label="Findings" data-testid="findings">
      <header>
        <h2>Findings</h2>
        {outcome && finished && (
          <span className={outcome.ok ? 'outcome ok' : 'outcome failed'} data-testid="outcome">
            {outcomeText(outcome)}
          </span>
        )}
      </header>
      {sorted.length === 0 ? (
        <p className="empty-state small">
          {finished && outcome && !outcome.ok
            ? 'No findings in the steps that ran, but the session stopped before it finished (see above).'
            : finished
              ? `No problems found: every step did what it should.${autoFound ? ` ${AUTO_FOUND[autoFound]}` : ''}`
              : 'What goes wrong, and how to fix it, will be explained here.'}
        </p>
      ) : (
        <ol ref={list} className={sorted.length > MANY_FINDINGS ? 'many' : undefined}>
          {shown.map((f, i) => (
            <FindingItem
              key={`${f.id}-${f.event}-${i}`}
              finding={f}
              selected={isSelected(f, selected)}
              onSelect={onSelect}
            />
          ))}
        </ol>
      )}
    </section>
  );
});
