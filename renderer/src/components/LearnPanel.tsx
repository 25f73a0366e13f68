import { useEffect, useMemo, useState } from 'react';
import { checkQuestions } from '../../../shared/knowledge/checkQuestions';
import { type Lesson, lessonFor } from '../../../shared/knowledge/lessons';
import type { LabScenarioView } from '../../../shared/ipc';
import type { SessionView } from '../state/sessionStore';
import type { TranscriptRow } from '../state/transcriptRows';
import { type StepFocus, ui } from '../state/uiStore';
import { FormattedText } from './formatText';
import { UntrustedText } from './UntrustedText';

interface Props {
  view: SessionView;
  scenario: LabScenarioView | undefined;
  focus: StepFocus | null;
  presenting: boolean;
  onStep(): void;
}

/** Auto-play paces, in seconds between steps: time for a room to read the panel. */
const PACES = [2, 4, 8, 15] as const;

/** The exchange rows a trainer can go back to: each one an exchange Learn mode explains. */
function exchangeRows(rows: readonly TranscriptRow[]): TranscriptRow[] {
  return rows.filter((r) => r.kind === 'exchange' && r.reply);
}

/** The lesson of one earlier row: its own events, as if it were the step just taken. */
function rowLesson(view: SessionView, row: TranscriptRow): Lesson {
  return lessonFor(view.events.slice(0, row.last + 1 - view.base), Math.max(0, row.first - view.base));
}

/** Going back and forth through the exchanges so far, and auto-play. */
function LearnControls({ view, focus, presenting, onStep }: Omit<Props, 'scenario'>) {
  const [playing, setPlaying] = useState(false);
  // Play on a finished session starts a new one; play stops when a session it ran ends.
  const [startedOn, setStartedOn] = useState<string | null>(null);
  const [pace, setPace] = useState<number>(4);
  const finished = view.snapshot?.finished ?? false;
  const busy = view.activity !== 'idle';
  // The rows only change when events arrive; a long session is filtered once per change.
  const rows = useMemo(() => exchangeRows(view.rows.rows), [view.rows]);
  // A pipelined command's row spans the later commands of its batch (its reply comes after
  // them), so the row that starts at the focused event is the one meant.
  const starting = focus ? rows.findIndex((r) => r.first === focus.event) : -1;
  const at = !focus
    ? rows.length
    : starting !== -1
      ? starting
      : rows.findIndex((r) => focus.event >= r.first && focus.event <= r.last);
  const goTo = (i: number) => {
    const row = rows[i];
    if (row && i < rows.length) ui.pointAt(row.first, 'auto');
    else ui.clearFocus();
  };

  // One step per `pace` seconds until the session ends or the trainer pauses.
  useEffect(() => {
    if (!playing) return;
    if (finished && view.sessionId !== startedOn) return setPlaying(false);
    if (busy) return;
    const timer = setTimeout(onStep, pace * 1000);
    return () => clearTimeout(timer);
  }, [playing, finished, busy, pace, onStep, view.sessionId, startedOn]);

  return (
    <div className="learn-controls" role="toolbar" aria-label="Learn mode controls">
      <button type="button" data-testid="learn-back" disabled={at <= 0} onClick={() => goTo(at - 1)}>
        ◀ Back
      </button>
      <button type="button" data-testid="learn-forward" disabled={!focus} onClick={() => goTo(at + 1)}>
        Forward ▶
      </button>
      <button
        type="button"
        data-testid="learn-play"
        aria-pressed={playing}
        onClick={() => {
          setStartedOn(finished ? view.sessionId : null);
          setPlaying(!playing);
        }}
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <label>
        every{' '}
        <select data-testid="learn-pace" value={pace} onChange={(e) => setPace(Number(e.target.value))}>
          {PACES.map((p) => (
            <option key={p} value={p}>
              {p} s
            </option>
          ))}
        </select>
      </label>
      {presenting && (
        <button type="button" data-testid="learn-step" disabled={busy || finished} onClick={onStep}>
          Step
        </button>
      )}
      <button
        type="button"
        data-testid="present"
        aria-pressed={presenting}
        onClick={() => ui.setPresenting(!presenting)}
        title="Large type, side panels folded away (Esc leaves)"
      >
        {presenting ? 'Leave presentation' : 'Present'}
      </button>
    </div>
  );
}

/**
 * Learn mode: beside the transcript, what the step just did and meant, what changed, and
 * what comes next and why. At the end, what went wrong and how an admin would fix it.
 */
export function LearnPanel({ view, scenario, focus, presenting, onStep }: Props) {
  const next = view.snapshot?.next ?? null;
  const finished = view.snapshot?.finished ?? false;
  // A row the user went back to (a click, or Back) is explained as if it were the step just taken.
  const rowAt = focus ? view.rows.rows[view.rows.rowIndexOfEvent(focus.event)] : undefined;
  const earlier = rowAt?.kind === 'exchange' && rowAt.reply ? rowAt : null;
  const from = view.stepFrom === null ? null : Math.max(0, view.stepFrom - view.base);
  const lesson = earlier ? rowLesson(view, earlier) : from === null ? null : lessonFor(view.events, from);
  const errors = view.findings.filter((f) => f.severity !== 'info');
  const questions = finished && !earlier ? checkQuestions(view.events) : [];

  return (
    <section className="learn" aria-label="Learn" data-testid="learn-panel">
      <h2>Learn</h2>
      <LearnControls view={view} focus={focus} presenting={presenting} onStep={onStep} />
      {!view.sessionId && (
        <p className="muted">
          Press <strong>Step</strong>: each press runs one exchange, and this panel explains what was said, what it
          means and what changed.
          {scenario && ` This scenario: ${scenario.notice}`}
        </p>
      )}
      {lesson && (lesson.exchanges.length > 0 || lesson.changes.length > 0) && (
        <div className="learn-block" data-testid="learn-last-step">
          <h3>{earlier ? `Looking back: the exchange at ${earlier.t.toFixed(1)} ms` : 'What just happened'}</h3>
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
      {next && !finished && view.sessionId && !earlier && (
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
      {finished && !earlier && (
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
      {questions.length > 0 && (
        <div className="learn-block" data-testid="learn-questions">
          <h3>Check questions</h3>
          {questions.map((q) => (
            <details key={q.question}>
              <summary>{q.question}</summary>
              <p>{q.answer}</p>
            </details>
          ))}
        </div>
      )}
    </section>
  );
}
