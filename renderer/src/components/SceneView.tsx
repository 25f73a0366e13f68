import { type CSSProperties, createElement, type MouseEvent, type ReactNode } from 'react';
import {
  DIAGRAM_CSS,
  ROOT_CLASS,
  nodeAttributes,
  reactAttributeName,
  spanAttributes,
  type Scene,
  type SceneNode,
} from '../../../shared/diagram';

const MAX_SCALE = 1.6;

/** SVG attribute names (kebab-case, class) as React props. */
function props(attrs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attrs)) out[reactAttributeName(name)] = value;
  return out;
}

function draw(node: SceneNode, key: number, selectedEvent: number | null): ReactNode {
  if (node.type === 'g') {
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(node.data ?? {})) data[`data-${k}`] = v;
    const selected = selectedEvent !== null && node.data?.event === String(selectedEvent);
    const className = [node.cls, selected ? 'sl-selected' : ''].filter(Boolean).join(' ') || undefined;
    return (
      <g key={key} className={className} {...data}>
        {node.tooltip && <title>{node.tooltip}</title>}
        {node.children.map((c, i) => draw(c, i, selectedEvent))}
      </g>
    );
  }
  if (node.type === 'text') {
    return (
      <text key={key} {...props(nodeAttributes(node))} xmlSpace="preserve">
        {node.spans.map((s, i) =>
          Object.keys(spanAttributes(s)).length ? (
            <tspan key={i} {...props(spanAttributes(s))}>
              {s.text}
            </tspan>
          ) : (
            s.text
          ),
        )}
      </text>
    );
  }
  return createElement(node.type, { key, ...props(nodeAttributes(node)) });
}

interface Props {
  scene: Scene;
  selectedEvent: number | null;
  /** A click on a drawn step: its event and the findings it produced. */
  onSelect(event: number, findingIds: string[]): void;
}

/** Draws a diagram scene (shared/diagram) as React SVG: the same shapes as the export. */
export function SceneView({ scene, selectedEvent, onSelect }: Props) {
  const click = (e: MouseEvent<SVGSVGElement>) => {
    const target = (e.target as Element).closest('[data-event]');
    if (!target) return;
    const event = Number(target.getAttribute('data-event'));
    const ids = (target.getAttribute('data-finding-ids') ?? '').split(' ').filter(Boolean);
    if (Number.isInteger(event)) onSelect(event, ids);
  };
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a pointer shortcut; from the keyboard, the same step is reached through the transcript rows and the findings
    <svg
      xmlns="http://www.w3.org/2000/svg"
      className={ROOT_CLASS}
      data-testid={scene.testId}
      width={scene.width}
      height={scene.height}
      viewBox={`0 0 ${scene.width} ${scene.height}`}
      // Scales with the window up to 1.6× its drawn size, so a large screen or a projector shows
      // it larger without making a short session absurdly tall.
      style={{ '--scene-max-width': `${scene.width * MAX_SCALE}px` } as CSSProperties}
      role="img"
      aria-label={scene.label}
      onClick={click}
    >
      <title>{scene.label}</title>
      <style>{DIAGRAM_CSS}</style>
      {scene.children.map((c, i) => draw(c, i, selectedEvent))}
    </svg>
  );
}
