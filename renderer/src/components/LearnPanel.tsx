import { lessonFor } from '../../../shared/knowledge/lessons';
import type { LabScenarioView } from '../../../shared/ipc';
import type { SessionView } from '../state/sessionStore';
import { FormattedText } from './formatText';
import { UntrustedText } from './UntrustedText';

interface Props {
  view: SessionView;
  scenario: LabScenarioView | undefined;
}

/**
 * Learn mode: beside the transcript, what the step just did and meant, what changed, and
 * what comes next and why. At the end, what went wrong and how an admin would fix it.
 */
export function LearnPanel({ view, scenario }: Props) {
  const next = view.snapshot?.next ?? null;
  const finished = view.snapshot?.finished ?? false;
  const from = view.stepFrom === null ? null : Math.max(0, view.stepFrom - view.base);
  const lesson = from === null ? null : lessonFor(view.events, from);
  const errors = view.findings.filter((f) => f.severity !== 'info');

  return (
    <section className="learn" aria-label="Learn" data-testid="learn-panel">
      <h2>Learn</h2>
      {!view.sessionId && (
        <p className="muted">
          Press <strong>Step</strong>: each press runs one exchange, and this panel explains what was said, what it
          means and what changed.
          {scenario && ` This scenario: ${scenario.notice}`}
        </p>
      )}
      {lesson && (lesson.exchanges.length > 0 || lesson.changes.length > 0) && (
        <div className="learn-block" data-testid="learn-last-step">
          <h3>What just happened</h3>
          {lesson.changes.length > 0 && (
            <ul className="learn-changes" data-testid="learn-changes">
              {lesson.changes.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          )}
          {lesson.exchanges.map((x, i) => (
            <div key={i} className="learn-exchange">
              {x.sent !== null ? (
                <p>
                  The client sent <code>{x.sent}</code>; the server answered <code>{x.reply.lines[0]}</code>
                  {x.reply.lines.length > 1 ? ` and ${x.reply.lines.length - 1} more lines` : ''}.
                </p>
              ) : (
                <p>
                  The server spoke first:{' '}
                  <code>
                    <UntrustedText text={x.reply.lines[0] ?? ''} />
                  </code>
                  .
                </p>
              )}
              <p className="muted">{x.meaning}</p>
              {x.keywords.length > 0 && (
                <dl className="learn-keywords" data-testid="learn-keywords">
                  {x.keywords.map((k) => (
                    <div key={k.keyword}>
                      <dt>
                        <code>
                          <UntrustedText text={k.keyword} />
                        </code>
                      </dt>
                      <dd>{k.meaning}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </div>
          ))}
        </div>
      )}
      {next && !finished && view.sessionId && (
        <div className="learn-block" data-testid="learn-next">
          <h3>Next: {next.label}</h3>
          {next.line && (
            <p>
              The client will send{' '}
              <code>
                <UntrustedText text={next.line} />
              </code>
              .
            </p>
          )}
          <p>{next.why}</p>
        </div>
      )}
      {finished && (
        <div className="learn-block" data-testid="learn-summary">
          <h3>Summary</h3>
          {errors.length === 0 ? (
            <p>The session did what it should: nothing to fix.</p>
          ) : (
            <ul>
              {errors.map((f, i) => (
                <li key={i}>
                  <strong>{f.title}.</strong> <FormattedText text={f.fix} />
                </li>
              ))}
            </ul>
          )}
          {scenario?.explainFix && (
            <p>
              <strong>On a real server: </strong>
              <FormattedText text={scenario.explainFix} />
            </p>
          )}
        </div>
      )}
    </section>
  );
}
