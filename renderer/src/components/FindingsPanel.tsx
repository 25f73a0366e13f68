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

export function FindingsPanel({ findings, outcome, finished, selected, onSelect, autoFound }: Props) {
  const sorted = bySeverity(findings);
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
        <ol>
          {sorted.map((f, i) => (
            <li key={`${f.id}-${f.event}-${i}`}>
              <article
                className={`finding ${f.severity}${selected && selected.id === f.id && selected.event === f.event ? ' selected' : ''}`}
                ref={(el) => {
                  if (el && selected && selected.id === f.id && selected.event === f.event)
                    el.scrollIntoView({ block: 'nearest' });
                }}
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
          ))}
        </ol>
      )}
    </section>
  );
}
