// The waterfall laid out as a scene: one row per stage, the label on the left, the bar on a
// shared time axis, the duration on the right; a slow stage gets a tinted row, an outlined bar
// and its likely reason in words under it.
import { formatMs, oneLine, sansWidth, truncate } from './diagramText';
import { severityPath } from './glyphs';
import type { Scene, SceneNode } from './scene';
import type { StageKind } from './slowStages';
import type { Waterfall, WaterfallStage } from './waterfallModel';

export const WATERFALL_WIDTH = 780;
const LABEL_X = 28;
const BAR_X0 = 220;
const BAR_X1 = 690;
const DURATION_X = 768;
const AXIS_Y = 52;
const ROW = 32;
const REASON_LINE = 14;
const MIN_BAR = 2;
/** How wide a pause between steps is drawn, however long it was. */
const PAUSE_WIDTH = 12;

export interface WaterfallLayoutOptions {
  /** Past this many stages the middle ones are left out (one row says how many). */
  maxRows?: number;
}

export const DEFAULT_MAX_WATERFALL_ROWS = 300;

const BAR_CLASS: Record<StageKind, string> = {
  dns: 'sl-bar-net',
  connect: 'sl-bar-net',
  greeting: 'sl-bar-wait',
  tls: 'sl-bar-tls',
  auth: 'sl-bar-auth',
  'data-transfer': 'sl-bar-data',
  'end-of-data': 'sl-bar-data',
  ehlo: 'sl-bar-cmd',
  starttls: 'sl-bar-cmd',
  mail: 'sl-bar-cmd',
  rcpt: 'sl-bar-cmd',
  data: 'sl-bar-cmd',
  quit: 'sl-bar-cmd',
  command: 'sl-bar-cmd',
};

/** A round step for the axis: 1, 2 or 5 times a power of ten, giving at most `max` ticks. */
export function tickStep(span: number, max = 6): number {
  if (span <= 0) return 1;
  const raw = span / max;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}

/** Word-wraps to lines of at most `width` characters. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text).split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const REASON_CHARS = Math.floor((DURATION_X - BAR_X0) / sansWidth('x', 11));

function stageRow(
  stage: WaterfallStage,
  y: number,
  scale: (t: number) => number,
  isLongest: boolean,
): { node: SceneNode; height: number } {
  const failed = stage.outcome === 'failed';
  // Under the bar: why it is slow, or what went wrong when it never finished.
  const reason = stage.slow
    ? wrapWords(`Slow: ${stage.slow}.`, REASON_CHARS)
    : failed
      ? wrapWords(stage.detail, REASON_CHARS)
      : [];
  const height = ROW + reason.length * REASON_LINE + (reason.length ? 4 : 0);
  const x = scale(stage.start);
  const width = Math.max(MIN_BAR, scale(stage.end) - x);
  const barCls = `${failed ? 'sl-bar-failed' : BAR_CLASS[stage.kind]}${stage.slow ? ' sl-bar-slow' : ''}`;
  const detail = stage.outcome === 'pending' ? 'waiting…' : stage.detail;
  const children: SceneNode[] = [
    {
      type: 'rect',
      cls: stage.slow ? 'sl-row-slow' : 'sl-hit',
      x: 4,
      y: y + 1,
      width: WATERFALL_WIDTH - 8,
      height: height - 2,
      rx: 4,
    },
    {
      type: 'text',
      cls: 'sl-text',
      x: LABEL_X,
      y: y + 14,
      spans: [{ text: truncate(oneLine(stage.label), 30), cls: stage.slow ? 'sl-strong' : undefined }],
    },
    {
      type: 'text',
      cls: failed ? 'sl-mono-small sl-error' : 'sl-mono-small',
      x: LABEL_X,
      y: y + 27,
      spans: [{ text: failed ? 'failed' : truncate(oneLine(detail), 28) }],
    },
    { type: 'rect', cls: barCls, x, y: y + 9, width, height: 14, rx: 2 },
    {
      type: 'text',
      cls: isLongest || stage.slow ? 'sl-mono sl-strong' : 'sl-mono',
      x: DURATION_X,
      y: y + 20,
      anchor: 'end',
      spans: [{ text: stage.outcome === 'pending' ? `${formatMs(stage.duration)}…` : formatMs(stage.duration) }],
    },
  ];
  if (stage.slow) children.push({ type: 'path', cls: 'sl-warning', d: severityPath('warning', 15, y + 10) });
  else if (stage.severity || failed)
    children.push({
      type: 'path',
      cls: `sl-${stage.severity ?? 'error'}`,
      d: severityPath(stage.severity ?? 'error', 15, y + 10),
    });
  reason.forEach((line, n) => {
    children.push({
      type: 'text',
      cls: stage.slow ? 'sl-small sl-warning' : 'sl-small sl-error',
      x: BAR_X0,
      y: y + ROW + 8 + n * REASON_LINE,
      spans: [{ text: line }],
    });
  });
  const data: Record<string, string> = {
    kind: 'stage',
    stage: stage.kind,
    event: String(stage.event),
    outcome: stage.outcome,
  };
  if (stage.slow) data.slow = 'true';
  if (isLongest) data.longest = 'true';
  if (stage.findingIds.length) data['finding-ids'] = stage.findingIds.join(' ');
  if (stage.severity) data.severity = stage.severity;
  const tooltip = [
    `${stage.label}: ${formatMs(stage.duration)} (${formatMs(stage.start)} → ${formatMs(stage.end)})`,
    stage.detail,
    stage.slow ? `Slow: ${stage.slow}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    node: { type: 'g', cls: `sl-item sl-stage${stage.slow ? ' sl-stage-slow' : ''}`, data, tooltip, children },
    height,
  };
}

/** A tick per round step of the time with the server: with pauses left out, the axis counts
 * only that time, and each tick is placed past the pauses before it. */
function axis(waterfall: Waterfall, scale: (t: number) => number, bottom: number): SceneNode[] {
  const step = tickStep(waterfall.activeMs);
  const nodes: SceneNode[] = [{ type: 'line', cls: 'sl-axis', x1: BAR_X0, y1: AXIS_Y, x2: BAR_X1, y2: AXIS_Y }];
  // Time with the server k → session time t: add the pauses that began before it.
  const timeAt = (k: number) => {
    let t = waterfall.start + k;
    for (const p of waterfall.pauses) if (p.start < t) t += p.duration;
    return t;
  };
  for (let k = 0, n = 0; k <= waterfall.activeMs + step / 1000 && n < 20; k += step, n++) {
    const x = scale(timeAt(k));
    nodes.push({ type: 'line', cls: 'sl-grid', x1: x, y1: AXIS_Y, x2: x, y2: bottom });
    nodes.push({
      type: 'text',
      cls: 'sl-time',
      x,
      y: AXIS_Y - 6,
      anchor: 'middle',
      spans: [{ text: k === 0 ? '0' : formatMs(k) }],
    });
  }
  return nodes;
}

const LEGEND: [string, string][] = [
  ['sl-bar-net', 'network'],
  ['sl-bar-wait', 'server greeting'],
  ['sl-bar-tls', 'TLS'],
  ['sl-bar-cmd', 'command'],
  ['sl-bar-auth', 'login'],
  ['sl-bar-data', 'message'],
];

/** What the colours mean, and what the gaps between bars are. */
function legend(y: number, pauses: number): SceneNode[] {
  let x = LABEL_X - 16;
  const nodes: SceneNode[] = [];
  for (const [cls, name] of LEGEND) {
    nodes.push({ type: 'rect', cls, x, y: y - 9, width: 12, height: 10, rx: 2 });
    nodes.push({ type: 'text', cls: 'sl-small', x: x + 16, y, spans: [{ text: name }] });
    x += 16 + sansWidth(name, 11) * 1.15 + 18;
  }
  nodes.push({
    type: 'text',
    cls: 'sl-small',
    x: LABEL_X - 16,
    y: y + 17,
    spans: [
      {
        text: 'Gaps between bars: time SMTP Lens spent itself, for example checking the certificate after the handshake.',
      },
    ],
  });
  if (pauses)
    nodes.push({
      type: 'text',
      cls: 'sl-small',
      x: LABEL_X - 16,
      y: y + 34,
      spans: [
        {
          text: `Dashed bands: ${pauses === 1 ? 'a pause' : `${pauses} pauses`} between steps, the client's time, drawn narrow and left out of the axis.`,
        },
      ],
    });
  return nodes;
}

/** The axis position of a time, with each pause drawn PAUSE_WIDTH wide whatever it lasted:
 * a user's 20 s of thinking between steps would otherwise squeeze every real bar to a sliver. */
function pausedScale(waterfall: Waterfall): (t: number) => number {
  const { pauses } = waterfall;
  const active = Math.max(waterfall.activeMs, 0.001);
  const perMs = (BAR_X1 - BAR_X0 - pauses.length * PAUSE_WIDTH) / active;
  return (t: number) => {
    let x = BAR_X0;
    let from = waterfall.start;
    for (const p of pauses) {
      if (t <= p.start) break;
      x += (p.start - from) * perMs;
      if (t < p.end) return x + (PAUSE_WIDTH * (t - p.start)) / p.duration;
      x += PAUSE_WIDTH;
      from = p.end;
    }
    return x + (t - from) * perMs;
  };
}

/** Each pause as a dashed band across the rows, so nobody reads it as the server's time. */
function pauseMarks(waterfall: Waterfall, scale: (t: number) => number, bottom: number): SceneNode[] {
  return waterfall.pauses.map((p) => ({
    type: 'rect',
    cls: 'sl-pause',
    x: scale(p.start),
    y: AXIS_Y,
    width: PAUSE_WIDTH,
    height: bottom - AXIS_Y,
    title: `A pause of ${formatMs(p.duration)} between steps: the client's time, left out of the scale`,
  }));
}

export function layoutWaterfall(waterfall: Waterfall, options: WaterfallLayoutOptions = {}): Scene {
  const span = Math.max(waterfall.end - waterfall.start, 0.001);
  const scale = waterfall.pauses.length
    ? pausedScale(waterfall)
    : (t: number) => BAR_X0 + ((t - waterfall.start) / span) * (BAR_X1 - BAR_X0);
  const max = options.maxRows ?? DEFAULT_MAX_WATERFALL_ROWS;
  const { stages } = waterfall;
  const head = stages.length > max ? Math.ceil(max / 2) : stages.length;
  const tailFrom = stages.length > max ? stages.length - (max - head) : stages.length;
  const rows: SceneNode[] = [];
  let y = AXIS_Y + 6;
  stages.forEach((stage, n) => {
    if (n >= head && n < tailFrom) {
      if (n === head) {
        rows.push({
          type: 'text',
          cls: 'sl-small',
          x: LABEL_X,
          y: y + 18,
          spans: [
            {
              text: `… ${(tailFrom - head).toLocaleString('en-US')} more stages are not drawn here; the transcript shows them all …`,
            },
          ],
        });
        y += ROW;
      }
      return;
    }
    const row = stageRow(stage, y, scale, n === waterfall.longest);
    rows.push(row.node);
    y += row.height;
  });
  if (!stages.length) {
    rows.push({ type: 'text', cls: 'sl-small', x: LABEL_X, y: y + 18, spans: [{ text: 'No timed stage yet.' }] });
    y += ROW;
  }
  const legendY = y + 22;
  const height = Math.ceil(legendY + (waterfall.pauses.length ? 45 : 28));
  const longest = stages[waterfall.longest];
  const slow = stages.filter((s) => s.slow).length;
  const total = formatMs(waterfall.end - waterfall.start);
  const paused = waterfall.pauses.length
    ? `${formatMs(waterfall.activeMs)} with the server, ${formatMs(waterfall.end - waterfall.start - waterfall.activeMs)} of pauses between steps (total ${total})`
    : `total ${total}`;
  const summary = `${paused}${longest ? ` · longest: ${longest.label} (${formatMs(longest.duration)})` : ''}${slow ? ` · ${slow} slow` : ''}`;
  return {
    testId: 'waterfall',
    width: WATERFALL_WIDTH,
    height,
    label: `Timing waterfall of the SMTP session: ${stages.length} stage${stages.length === 1 ? '' : 's'}, ${summary}.`,
    children: [
      { type: 'rect', cls: 'sl-bg', x: 0, y: 0, width: WATERFALL_WIDTH, height },
      {
        type: 'text',
        cls: 'sl-title',
        x: LABEL_X - 16,
        y: 22,
        spans: [{ text: 'Where the time went' }, { text: `  ${summary}`, cls: 'sl-small' }],
      },
      ...axis(waterfall, scale, y),
      ...pauseMarks(waterfall, scale, y),
      ...rows,
      ...legend(legendY, waterfall.pauses.length),
    ],
  };
}
