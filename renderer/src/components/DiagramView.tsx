import { useMemo } from 'react';
import { buildLadder, buildWaterfall, layoutLadder, layoutWaterfall } from '../../../shared/diagram';
import type { SessionView } from '../state/sessionStore';
import { SceneView } from './SceneView';

interface Props {
  view: SessionView;
  kind: 'ladder' | 'waterfall';
  selectedEvent: number | null;
  onSelect(event: number, findingIds: string[]): void;
}

const EMPTY = {
  ladder: {
    title: 'No conversation to draw yet',
    text: 'Run or Step a session: the client and the server appear as two lanes, every command and reply as an arrow, and a band where TLS starts.',
  },
  waterfall: {
    title: 'No timings yet',
    text: 'Run a session to see where the time went: DNS, connect, the wait for the greeting, each command, the TLS handshake and the end of data.',
  },
};

/** The ladder diagram or the timing waterfall of the session on screen. It grows as you step. */
export function DiagramView({ view, kind, selectedEvent, onSelect }: Props) {
  const scene = useMemo(() => {
    if (!view.events.length) return null;
    // Indices in the diagram are relative to the events the window still holds.
    const findings = view.findings
      .filter((f) => f.event === null || f.event >= view.base)
      .map((f) => ({ ...f, event: f.event === null ? null : f.event - view.base }));
    const input = { events: view.events, findings, target: view.opened?.target };
    return kind === 'ladder' ? layoutLadder(buildLadder(input)) : layoutWaterfall(buildWaterfall(input));
  }, [view.version, view.snapshot, kind]);

  if (!scene) {
    return (
      <div className="diagram empty-state">
        <h2>{EMPTY[kind].title}</h2>
        <p>{EMPTY[kind].text}</p>
      </div>
    );
  }
  return (
    <section
      className="diagram"
      data-testid={`${kind}-view`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling area must take the focus to be scrolled from the keyboard (WCAG 2.1.1)
      tabIndex={0}
      aria-label={kind === 'ladder' ? 'Ladder diagram' : 'Timing waterfall'}
    >
      <SceneView
        scene={scene}
        selectedEvent={selectedEvent === null ? null : selectedEvent - view.base}
        onSelect={(event, ids) => onSelect(event + view.base, ids)}
      />
    </section>
  );
}
