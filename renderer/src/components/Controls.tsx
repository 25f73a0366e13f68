import { useEffect, useState } from 'react';
import { progressWithClock, progressWords } from '../../../shared/presentation/eventWords';
import { ABORT_KEY_LABEL } from '../state/commands';
import type { SessionView } from '../state/sessionStore';
import { PlayIcon, StepIcon, StopIcon } from './icons';
import { UntrustedText } from './UntrustedText';

interface Props {
  view: SessionView;
  onRun(): void;
  onStep(): void;
  onAbort(): void;
}

/** How often the wait clock moves: often enough that a second is never skipped. */
const TICK_MS = 250;

/** What is happening right now, from the last event, with how long the wait has lasted and
 * the deadline that ends it: shown while connecting or waiting. */
function useProgressText(view: SessionView): string | null {
  const busy = view.activity !== 'idle';
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setNow(performance.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [busy]);
  if (!busy) return null;
  const last = view.events.at(-1);
  if (!view.timeouts || !view.tlsMode) return progressWords(last);
  return progressWithClock(last, {
    elapsedMs: Math.max(0, now - view.waitingSince),
    timeouts: view.timeouts,
    tlsMode: view.tlsMode,
  });
}

export function Controls({ view, onRun, onStep, onAbort }: Props) {
  const busy = view.activity !== 'idle';
  const progress = useProgressText(view);
  const next = view.snapshot?.next;
  return (
    <div className="controls">
      <div className="buttons">
        <button
          type="button"
          data-testid="run"
          className="primary"
          onClick={onRun}
          disabled={busy}
          title="Run the whole session (Ctrl+Enter)"
        >
          <PlayIcon /> Run
        </button>
        <button type="button" data-testid="step" onClick={onStep} disabled={busy} title="One exchange at a time (F10)">
          <StepIcon /> Step
        </button>
        <button
          type="button"
          data-testid="abort"
          onClick={onAbort}
          disabled={!view.sessionId || view.snapshot?.finished !== false}
          title={`Stop now (${ABORT_KEY_LABEL})`}
          aria-keyshortcuts="Control+."
        >
          <StopIcon /> Abort
        </button>
      </div>
      <p className="shortcuts muted" data-testid="shortcuts">
        <kbd>Ctrl+Enter</kbd> runs · <kbd>F10</kbd> steps · <kbd>{ABORT_KEY_LABEL}</kbd> aborts
      </p>
      {progress && (
        <p className="progress" role="status" data-testid="progress">
          <span className="spinner" aria-hidden="true" /> <UntrustedText text={progress} />
        </p>
      )}
      {!progress && next && view.sessionId && view.source === 'form' && (
        <div className="next-step" data-testid="next-step">
          <div>
            <strong>Next:</strong> {next.label}
            {next.line && (
              <code className="next-line">
                <UntrustedText text={next.line} />
              </code>
            )}
          </div>
          <p>{next.why}</p>
        </div>
      )}
      {view.error && (
        <p className="error-banner" role="alert">
          <UntrustedText text={view.error} />
        </p>
      )}
    </div>
  );
}
