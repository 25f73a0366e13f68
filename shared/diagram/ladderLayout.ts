// The ladder model laid out as a scene: lane headers, a legend, the lanes themselves (thin
// while plaintext, thick and tinted once TLS is up), then the items top to bottom.
import { oneLine, truncate } from './diagramText';
import { lockPath } from './glyphs';
import {
  BOTTOM_PADDING,
  CLIENT_X,
  HEADER_HEIGHT,
  HEADER_TOP,
  ITEMS_TOP,
  LADDER_WIDTH,
  LANE_BOX_WIDTH,
  MID_X,
  SERVER_X,
  TIME_X,
} from './ladderGeometry';
import type { Ladder, LadderItem } from './ladderModel';
import { drawItem } from './ladderShapes';
import type { Scene, SceneNode } from './scene';

export interface LadderLayoutOptions {
  /** Past this many items the middle is left out (one marker says how much): a 100,000-event
   * manual session would otherwise be a picture kilometres tall. The transcript has it all. */
  maxItems?: number;
}

export const DEFAULT_MAX_LADDER_ITEMS = 600;

/** What each kind of item is, for tests and for the app's click handling (data-kind). */
function kindOf(item: LadderItem): string {
  return item.kind === 'arrow' ? item.role : item.kind;
}

function dataOf(item: LadderItem): Record<string, string> {
  const data: Record<string, string> = { kind: kindOf(item) };
  if (item.events.length) data.event = String(item.events[0]);
  if (item.findings.length) data['finding-ids'] = item.findings.map((f) => f.id).join(' ');
  if (item.severity) data.severity = item.severity;
  if (item.kind === 'arrow' && item.encrypted) data.encrypted = 'true';
  if (item.kind === 'phase') data.phase = item.phase;
  return data;
}

function tooltipOf(item: LadderItem): string | undefined {
  const findings = item.findings.map((f) => `${f.severity}: ${f.title} [${f.id}]`);
  let main: string | undefined;
  if (item.kind === 'arrow')
    main = [`${item.label} ${item.text}`.trim(), ...item.details.map((d) => d.text)].join('\n');
  else if (item.kind === 'tls') main = item.failed ?? `${item.protocol ?? ''} ${item.cipher ?? ''}`.trim();
  else if (item.kind === 'note' || item.kind === 'no-reply') main = item.kind === 'note' ? item.text : item.reason;
  else if (item.kind === 'connect') main = item.failure ?? undefined;
  const all = [main, ...findings].filter((s): s is string => Boolean(s));
  return all.length ? all.join('\n') : undefined;
}

function header(x: number, title: string, subtitle: string): SceneNode[] {
  return [
    {
      type: 'rect',
      cls: 'sl-lane-box',
      x: x - LANE_BOX_WIDTH / 2,
      y: HEADER_TOP,
      width: LANE_BOX_WIDTH,
      height: HEADER_HEIGHT,
      rx: 6,
    },
    { type: 'text', cls: 'sl-text sl-strong', x, y: HEADER_TOP + 15, anchor: 'middle', spans: [{ text: title }] },
    {
      type: 'text',
      cls: 'sl-small',
      x,
      y: HEADER_TOP + 29,
      anchor: 'middle',
      spans: [{ text: truncate(oneLine(subtitle), 26) }],
    },
  ];
}

function legend(): SceneNode[] {
  const y = HEADER_TOP + HEADER_HEIGHT + 22;
  const x = MID_X - 250;
  return [
    { type: 'text', cls: 'sl-time', x: TIME_X, y, anchor: 'end', spans: [{ text: 'time' }] },
    { type: 'line', cls: 'sl-send sl-plain', x1: x, y1: y - 4, x2: x + 34, y2: y - 4 },
    { type: 'text', cls: 'sl-small', x: x + 40, y, spans: [{ text: 'plaintext: anyone on the path can read it' }] },
    { type: 'line', cls: 'sl-send', x1: x + 290, y1: y - 4, x2: x + 324, y2: y - 4 },
    { type: 'path', cls: 'sl-lock', d: lockPath(x + 330, y - 11) },
    { type: 'text', cls: 'sl-small', x: x + 346, y, spans: [{ text: 'encrypted (TLS)' }] },
  ];
}

/** Leaves out the middle of a very long ladder, keeping its start and its end. */
function elide(items: readonly LadderItem[], max: number): LadderItem[] {
  if (items.length <= max) return [...items];
  const head = Math.ceil(max / 2);
  const tail = max - head;
  const left = items.length - head - tail;
  const gap: LadderItem = {
    kind: 'note',
    tone: 'info',
    text: `… ${left.toLocaleString('en-US')} more steps are not drawn here; the transcript shows them all …`,
    events: [],
    t: items[head].t,
    findings: [],
    severity: null,
  };
  return [...items.slice(0, head), gap, ...items.slice(items.length - tail)];
}

export function layoutLadder(ladder: Ladder, options: LadderLayoutOptions = {}): Scene {
  const items = elide(ladder.items, options.maxItems ?? DEFAULT_MAX_LADDER_ITEMS);
  const drawn: SceneNode[] = [];
  /** Spans of the lanes that are inside TLS: [from y, to y]. */
  const zones: [number, number][] = [];
  let zoneStart: number | null = null;
  let y = ITEMS_TOP;
  for (const item of items) {
    const { nodes, height } = drawItem(item, y);
    drawn.push({
      type: 'g',
      cls: `sl-item sl-item-${kindOf(item)}`,
      data: dataOf(item),
      tooltip: tooltipOf(item),
      children: nodes,
    });
    if (item.kind === 'tls' && item.failed === null && item.tEnd !== null) zoneStart = y + 48;
    if ((item.kind === 'close' || (item.kind === 'connect' && zoneStart !== null)) && zoneStart !== null) {
      zones.push([zoneStart, y + 12]);
      zoneStart = null;
    }
    y += height;
  }
  if (zoneStart !== null) zones.push([zoneStart, y]);
  const laneTop = HEADER_TOP + HEADER_HEIGHT;
  const background: SceneNode[] = [
    { type: 'rect', cls: 'sl-bg', x: 0, y: 0, width: LADDER_WIDTH, height: y + BOTTOM_PADDING },
    ...zones.map(
      ([from, to]): SceneNode => ({
        type: 'rect',
        cls: 'sl-encrypted-zone',
        x: CLIENT_X,
        y: from,
        width: SERVER_X - CLIENT_X,
        height: to - from,
      }),
    ),
    { type: 'line', cls: 'sl-lane', x1: CLIENT_X, y1: laneTop, x2: CLIENT_X, y2: y },
    { type: 'line', cls: 'sl-lane', x1: SERVER_X, y1: laneTop, x2: SERVER_X, y2: y },
    ...zones.flatMap(([from, to]): SceneNode[] => [
      { type: 'line', cls: 'sl-lane-tls', x1: CLIENT_X, y1: from, x2: CLIENT_X, y2: to },
      { type: 'line', cls: 'sl-lane-tls', x1: SERVER_X, y1: from, x2: SERVER_X, y2: to },
    ]),
    ...header(CLIENT_X, 'Client', ladder.client),
    ...header(SERVER_X, 'Server', ladder.server),
    ...legend(),
  ];
  const commands = ladder.items.filter((i) => i.kind === 'arrow' && i.role !== 'reply').length;
  return {
    testId: 'ladder',
    width: LADDER_WIDTH,
    height: Math.ceil(y + BOTTOM_PADDING),
    label: `Ladder diagram of the SMTP session with ${ladder.server}: ${commands} command${commands === 1 ? '' : 's'} from the client on the left, the server's replies from the right.`,
    children: [...background, ...drawn],
  };
}
