// The drawing both diagrams are laid out into: a small tree of SVG primitives with final
// coordinates. It is the contract between the layout (pure, shared) and whoever draws it:
// sceneSvg.ts serialises it to an SVG string for exports and the CLI, and the renderer maps
// the same nodes one-to-one onto React elements, so the app and the export cannot drift.
import { presentationOf, type ClassStyle } from './diagramTheme';

export interface TextSpan {
  text: string;
  /** Extra classes for this span only (bold verb, coloured reply code). */
  cls?: string;
}

export type SceneNode =
  | {
      type: 'g';
      cls?: string;
      /** Rendered as data-* attributes: `{ event: '12', 'finding-ids': 'smtp.relay-denied' }`. */
      data?: Record<string, string>;
      /** Shown as a native tooltip (<title>): the full, untruncated text. */
      tooltip?: string;
      children: SceneNode[];
    }
  | { type: 'line'; cls: string; x1: number; y1: number; x2: number; y2: number }
  | { type: 'rect'; cls: string; x: number; y: number; width: number; height: number; rx?: number }
  | { type: 'path'; cls: string; d: string }
  | { type: 'text'; cls: string; x: number; y: number; anchor?: 'start' | 'middle' | 'end'; spans: TextSpan[] };

export interface Scene {
  /** 'ladder' or 'waterfall': the root's data-testid, which tests and the app look for. */
  testId: string;
  width: number;
  height: number;
  /** Accessible name of the picture (aria-label and <title>). */
  label: string;
  children: SceneNode[];
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The attributes of a primitive: its geometry, its class, and the light theme's presentation
 * attributes (see diagramTheme.ts for why both). Names are SVG's own (kebab-case); React
 * wants camelCase for the presentation ones, see `reactAttributeName`.
 */
export function nodeAttributes(node: Exclude<SceneNode, { type: 'g' }>): Record<string, string> {
  const attrs: Record<string, string> = {};
  switch (node.type) {
    case 'line':
      Object.assign(attrs, { x1: round(node.x1), y1: round(node.y1), x2: round(node.x2), y2: round(node.y2) });
      break;
    case 'rect':
      Object.assign(attrs, {
        x: round(node.x),
        y: round(node.y),
        width: round(Math.max(0, node.width)),
        height: round(Math.max(0, node.height)),
      });
      if (node.rx) attrs.rx = String(node.rx);
      break;
    case 'path':
      attrs.d = node.d;
      break;
    case 'text':
      Object.assign(attrs, { x: round(node.x), y: round(node.y) });
      if (node.anchor && node.anchor !== 'start') attrs['text-anchor'] = node.anchor;
      break;
  }
  for (const key of Object.keys(attrs)) attrs[key] = String(attrs[key]);
  attrs.class = node.cls;
  return { ...attrs, ...presentationAttributes(node.cls) };
}

/** Presentation attributes of a text span's own classes (on a <tspan>). */
export function spanAttributes(span: TextSpan): Record<string, string> {
  return span.cls ? { class: span.cls, ...presentationAttributes(span.cls) } : {};
}

function styleAttributes(style: ClassStyle): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(style)) if (value !== undefined) out[key] = String(value);
  return out;
}

/** The presentation attributes of each class list, worked out once: a diagram has thousands
 * of nodes and a dozen class lists. Callers copy them (spread), never change them. */
const classAttributes = new Map<string, Record<string, string>>();

function presentationAttributes(classes: string): Record<string, string> {
  let attrs = classAttributes.get(classes);
  if (!attrs) {
    attrs = styleAttributes(presentationOf(classes));
    classAttributes.set(classes, attrs);
  }
  return attrs;
}

/** React spells SVG attributes in camelCase (`stroke-width` → `strokeWidth`, class → className). */
export function reactAttributeName(name: string): string {
  if (name === 'class') return 'className';
  if (name.startsWith('data-')) return name;
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
