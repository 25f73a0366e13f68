// One drawing per kind of ladder item, each returning its nodes and the height it took.
// Coordinates are absolute; `y` is the top of the item's row.
import type { Severity } from '../transcript';
import { formatMs, monoWidth, oneLine, sansWidth, truncate, wrapChars } from './diagramText';
import { arrowHead, crossPath, lockPath, severityPath } from './glyphs';
import {
  ARROW_SLOPE,
  CLIENT_X,
  DETAIL_LINE,
  DETAIL_SIZE,
  FINDING_LINE,
  LABEL_SIZE,
  LADDER_WIDTH,
  MID_X,
  SERVER_X,
  TIME_X,
  charsBetweenLanes,
} from './ladderGeometry';
import type {
  ArrowItem,
  CloseItem,
  ConnectItem,
  FindingRef,
  LadderItem,
  NoReplyItem,
  NoteItem,
  PhaseItem,
  TlsItem,
} from './ladderModel';
import type { SceneNode, TextSpan } from './scene';

export interface Drawn {
  nodes: SceneNode[];
  height: number;
}

const LABEL_CHARS = charsBetweenLanes(LABEL_SIZE);
const DETAIL_CHARS = charsBetweenLanes(DETAIL_SIZE, 24);
/** Between the lines of a wrapped label. */
const LINE_GAP = 15;

const text = (
  cls: string,
  x: number,
  y: number,
  spans: TextSpan[] | string,
  anchor?: 'start' | 'middle' | 'end',
): SceneNode => ({
  type: 'text',
  cls,
  x,
  y,
  ...(anchor ? { anchor } : {}),
  spans: typeof spans === 'string' ? [{ text: spans }] : spans,
});

function timeLabel(t: number, y: number): SceneNode {
  return text('sl-time', TIME_X, y, t < 1000 ? `${t.toFixed(1)} ms` : `${(t / 1000).toFixed(3)} s`, 'end');
}

/** Finding titles under an item, each with its severity icon, centred between the lanes. */
function findingLines(findings: readonly FindingRef[], top: number): SceneNode[] {
  return findings.flatMap((f, n) => {
    const y = top + n * FINDING_LINE + 12;
    const title = truncate(oneLine(f.title), 70);
    const width = sansWidth(title, 11.5) + 16;
    const x = MID_X - width / 2;
    return [
      { type: 'path', cls: `sl-${f.severity}`, d: severityPath(f.severity, x + 5, y - 4) } as SceneNode,
      text(`sl-text sl-strong sl-${f.severity}`, x + 16, y, title),
    ];
  });
}

/** The tinted background of an item with a finding, and the invisible click target of every
 * selectable item. */
function backdrop(y: number, height: number, severity: Severity | null): SceneNode[] {
  const box = { x: CLIENT_X + 4, y: y + 1, width: SERVER_X - CLIENT_X - 8, height: height - 2, rx: 4 };
  const hit: SceneNode = { type: 'rect', cls: 'sl-hit', ...box };
  return severity ? [{ type: 'rect', cls: `sl-${severity}-bg`, ...box }, hit] : [hit];
}

function lineCls(item: ArrowItem | NoReplyItem, base: string): string {
  const dash = item.encrypted ? '' : ' sl-plain';
  return item.severity && item.kind === 'arrow' ? `${base}${dash} sl-${item.severity}-line` : `${base}${dash}`;
}

export function drawArrow(item: ArrowItem, y: number): Drawn {
  const fromClient = item.from === 'client';
  const label = oneLine(item.label);
  // Long server texts ("... Recipient address rejected: User unknown in virtual mailbox
  // table") carry their point at the end: wrap them onto up to two more lines.
  const [rest = '', ...more] = wrapChars(
    oneLine(item.text),
    Math.max(8, LABEL_CHARS - [...label].length - 1),
    LABEL_CHARS,
    3,
  );
  const labelY = y + 15;
  const lineY = y + 22 + more.length * LINE_GAP;
  const [x1, x2] = fromClient ? [CLIENT_X + 2, SERVER_X - 2] : [SERVER_X - 2, CLIENT_X + 2];
  const [y1, y2] = [lineY, lineY + ARROW_SLOPE];
  const kindCls = fromClient ? 'sl-send' : 'sl-reply';
  const codeCls = item.code === null ? 'sl-code-5' : `sl-code-${Math.floor(item.code / 100)}`;
  const labelCls = item.role === 'reply' ? codeCls : 'sl-verb';
  const spans: TextSpan[] = [{ text: label, cls: `${labelCls} sl-strong` }, ...(rest ? [{ text: ` ${rest}` }] : [])];
  const width = monoWidth(`${label}${rest ? ` ${rest}` : ''}`, LABEL_SIZE);
  const nodes: SceneNode[] = [text('sl-mono', MID_X, labelY, spans, 'middle')];
  more.forEach((line, n) => {
    nodes.push(text('sl-mono', MID_X, labelY + (n + 1) * LINE_GAP, line, 'middle'));
  });
  if (item.encrypted) nodes.push({ type: 'path', cls: 'sl-lock', d: lockPath(MID_X - width / 2 - 15, labelY - 11) });
  const headCls = item.severity ? `sl-${item.severity}-head` : `${kindCls}-head`;
  nodes.push({ type: 'line', cls: lineCls(item, kindCls), x1, y1, x2: x2 + (fromClient ? -6 : 6), y2 });
  nodes.push({ type: 'path', cls: headCls, d: arrowHead(x1, y1, x2, y2) });
  let bottom = y2 + 4;
  const details = [...item.details];
  if (item.awaiting)
    details.push({
      text: item.role === 'message' ? "waiting for the server's verdict…" : 'waiting for the reply…',
      tone: 'muted',
    });
  for (const d of details) {
    bottom += DETAIL_LINE;
    const cls =
      d.tone === 'new' ? 'sl-small sl-strong sl-code-2' : d.tone === 'error' ? 'sl-small sl-error' : 'sl-small';
    nodes.push(text(cls, MID_X, bottom - 2, truncate(oneLine(d.text), DETAIL_CHARS + 8), 'middle'));
  }
  nodes.push(...findingLines(item.findings, bottom));
  bottom += item.findings.length * FINDING_LINE;
  const height = bottom - y + 8;
  return { nodes: [...backdrop(y, height, item.severity), timeLabel(item.t, lineY + 4), ...nodes], height };
}

export function drawTls(item: TlsItem, y: number): Drawn {
  const top = y + 6;
  const bandHeight = 42;
  const failed = item.failed !== null;
  const nodes: SceneNode[] = [
    {
      type: 'rect',
      cls: `sl-tls-band${failed ? ' sl-error-bg' : ''}${item.severity ? ` sl-${item.severity}-line` : ''}`,
      x: CLIENT_X,
      y: top,
      width: SERVER_X - CLIENT_X,
      height: bandHeight,
      rx: 6,
    },
    timeLabel(item.t, top + 18),
  ];
  const how = item.mode === 'implicit' ? 'implicit TLS' : 'STARTTLS';
  const took = item.tEnd === null ? 'in progress…' : formatMs(item.tEnd - item.t);
  const head = failed ? `TLS handshake failed (${how}) · ${took}` : `TLS handshake (${how}) · ${took}`;
  // The lock (or the cross) sits at the band's left end, where the encrypted lane begins.
  nodes.push(
    failed
      ? { type: 'path', cls: 'sl-cross', d: crossPath(CLIENT_X + 18, top + 21) }
      : { type: 'path', cls: 'sl-lock', d: lockPath(CLIENT_X + 13, top + 14) },
  );
  nodes.push(text(failed ? 'sl-tls-text sl-error' : 'sl-tls-text', MID_X, top + 17, head, 'middle'));
  const facts = failed
    ? truncate(oneLine(item.failed ?? ''), 90)
    : [item.protocol, item.cipher, item.group, item.servername ? `SNI ${item.servername}` : 'no SNI']
        .filter(Boolean)
        .join(' · ');
  nodes.push(text(failed ? 'sl-small sl-error' : 'sl-small', MID_X, top + 33, facts, 'middle'));
  nodes.push(...findingLines(item.findings, top + bandHeight + 2));
  const height = bandHeight + 12 + item.findings.length * FINDING_LINE;
  const hit: SceneNode = {
    type: 'rect',
    cls: 'sl-hit',
    x: CLIENT_X,
    y: top,
    width: SERVER_X - CLIENT_X,
    height: height - 8,
    rx: 6,
  };
  return { nodes: [hit, ...nodes], height };
}

export function drawPhase(item: PhaseItem, y: number): Drawn {
  const lineY = y + 8;
  const title = oneLine(item.title);
  const room = Math.floor((LADDER_WIDTH - 16 - 20 - sansWidth(title, 11.5)) / (11 * 0.52));
  return {
    nodes: [
      { type: 'line', cls: 'sl-phase-line', x1: 8, y1: lineY, x2: LADDER_WIDTH - 8, y2: lineY },
      text('sl-phase-text', 12, lineY + 15, [
        { text: title },
        { text: `  ${truncate(item.hint, room)}`, cls: 'sl-small' },
      ]),
    ],
    height: 30,
  };
}

export function drawConnect(item: ConnectItem, y: number): Drawn {
  const failed = item.state === 'failed';
  const lineY = y + (failed ? 24 : 20);
  const nodes: SceneNode[] = [timeLabel(item.t, lineY + 4)];
  const via = item.via ? ` through ${item.via}` : '';
  const caption = failed
    ? `TCP connection to ${item.address} port ${item.port}${via} failed`
    : item.state === 'opening'
      ? `connecting to ${item.address} port ${item.port}${via}…`
      : `TCP connection opened to ${item.address} port ${item.port}${via}`;
  nodes.push(text(failed ? 'sl-small sl-error' : 'sl-small', MID_X, y + 13, caption, 'middle'));
  if (failed) {
    nodes.push({ type: 'line', cls: 'sl-broken', x1: CLIENT_X + 2, y1: lineY, x2: MID_X + 60, y2: lineY });
    nodes.push({ type: 'path', cls: 'sl-cross', d: crossPath(MID_X + 68, lineY) });
    nodes.push(text('sl-small sl-error', MID_X, lineY + 18, truncate(oneLine(item.failure ?? ''), 90), 'middle'));
  } else {
    // Both ways: the three-way handshake involves both sides before anyone says a word.
    nodes.push({
      type: 'line',
      cls: item.state === 'opening' ? 'sl-close sl-plain' : 'sl-close',
      x1: CLIENT_X + 8,
      y1: lineY,
      x2: SERVER_X - 8,
      y2: lineY,
    });
    nodes.push({ type: 'path', cls: 'sl-marker', d: arrowHead(CLIENT_X + 40, lineY, SERVER_X, lineY, 7, 3.5) });
    nodes.push({ type: 'path', cls: 'sl-marker', d: arrowHead(SERVER_X - 40, lineY, CLIENT_X, lineY, 7, 3.5) });
  }
  nodes.push(...findingLines(item.findings, lineY + (failed ? 22 : 2)));
  const height = (failed ? 54 : 30) + item.findings.length * FINDING_LINE;
  return { nodes: [...backdrop(y, height, item.severity), ...nodes], height };
}

export function drawNoReply(item: NoReplyItem, y: number): Drawn {
  const lineY = y + 22;
  const stubEnd = SERVER_X - (SERVER_X - CLIENT_X) * 0.42;
  const nodes: SceneNode[] = [
    timeLabel(item.t, lineY + 4),
    text('sl-text sl-strong sl-error', MID_X, y + 14, truncate(oneLine(item.reason), LABEL_CHARS + 10), 'middle'),
    { type: 'line', cls: 'sl-broken', x1: SERVER_X - 2, y1: lineY, x2: stubEnd, y2: lineY + ARROW_SLOPE / 2 },
    { type: 'path', cls: 'sl-cross', d: crossPath(stubEnd - 8, lineY + ARROW_SLOPE / 2) },
  ];
  nodes.push(...findingLines(item.findings, lineY + 12));
  const height = 42 + item.findings.length * FINDING_LINE;
  return { nodes: [...backdrop(y, height, item.severity ?? 'error'), ...nodes], height };
}

export function drawNote(item: NoteItem, y: number): Drawn {
  const error = item.tone === 'error';
  const baseline = y + 14;
  const nodes: SceneNode[] = [
    timeLabel(item.t, baseline),
    {
      type: 'path',
      cls: error ? 'sl-error' : 'sl-marker',
      d: severityPath(error ? 'error' : 'info', CLIENT_X, baseline - 4),
    },
    text(error ? 'sl-small sl-error' : 'sl-small', CLIENT_X + 12, baseline, truncate(oneLine(item.text), 100)),
  ];
  nodes.push(...findingLines(item.findings, baseline + 2));
  const height = 20 + item.findings.length * FINDING_LINE;
  return { nodes: [...backdrop(y, height, item.severity), ...nodes], height };
}

export function drawClose(item: CloseItem, y: number): Drawn {
  const lineY = y + 12;
  return {
    nodes: [
      timeLabel(item.t, lineY + 4),
      { type: 'line', cls: 'sl-close', x1: CLIENT_X - 14, y1: lineY, x2: CLIENT_X + 14, y2: lineY },
      { type: 'line', cls: 'sl-close', x1: SERVER_X - 14, y1: lineY, x2: SERVER_X + 14, y2: lineY },
      text(
        'sl-small',
        MID_X,
        lineY + 4,
        item.by === 'server' ? 'the server closed the connection' : 'connection closed',
        'middle',
      ),
    ],
    height: 26,
  };
}

export function drawItem(item: LadderItem, y: number): Drawn {
  switch (item.kind) {
    case 'arrow':
      return drawArrow(item, y);
    case 'tls':
      return drawTls(item, y);
    case 'phase':
      return drawPhase(item, y);
    case 'connect':
      return drawConnect(item, y);
    case 'no-reply':
      return drawNoReply(item, y);
    case 'note':
      return drawNote(item, y);
    case 'close':
      return drawClose(item, y);
  }
}
