// Find in what a tab draws (the EHLO lists, the certificates, the findings, the diagrams,
// History…): its text nodes, read and never changed. The matches are painted with the CSS
// Custom Highlight API, which styles ranges of text without touching the DOM, so React's tree
// stays React's. The transcript is not read here (data-search-source): its list is virtualised,
// and it is searched in its rows (transcriptSegments.ts).
import type { TextMatch, TextSegment } from './textMatch';

/** DOM text comes after the transcript's rows in the window's order. */
const DOM_BASE = 2 ** 52;

/** What find never reads: text searched as data, its own bar, what is not on the screen
 * (screen-reader-only words, decorations, SVG titles, xterm's hidden helpers), and controls
 * whose text is not a text node anyone reads as part of the page. */
const SKIP = [
  '[data-search-source]',
  'search',
  '[role="search"]',
  '.sr-only',
  '[aria-hidden="true"]',
  'script',
  'style',
  'title',
  'select',
  'textarea',
  '.xterm-accessibility',
  '.xterm-helpers',
].join(', ');

/** Inline elements: text split among them is still one run ("Valid 2026-01-01 → 2027-01-01"
 * is several React text nodes); a block element starts a new one. */
const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'I',
  'KBD',
  'LABEL',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'tspan',
]);

/** A run of text nodes read as one text; `starts[i]` is where `nodes[i]` begins in it. */
export interface DomSegment extends TextSegment {
  readonly nodes: readonly Text[];
  readonly starts: readonly number[];
}

/** Text nodes keep their number while React keeps them, so the current match keeps its place. */
const ids = new WeakMap<Text, string>();
let nextId = 0;
function idOf(node: Text): string {
  let id = ids.get(node);
  if (!id) {
    id = `d${nextId++}`;
    ids.set(node, id);
  }
  return id;
}

function blockOf(node: Node, root: Element): Element {
  let el = node.parentElement ?? root;
  while (el !== root && INLINE.has(el.tagName) && el.parentElement) el = el.parentElement;
  return el;
}

/** Every run of shown text under the roots, in document order. */
export function collectDomSegments(roots: readonly Element[]): DomSegment[] {
  const out: DomSegment[] = [];
  for (const root of roots) {
    if (!root.checkVisibility({ visibilityProperty: true }) || root.matches(SKIP)) continue;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
        const el = node as Element;
        if (el.matches(SKIP) || !el.checkVisibility({ visibilityProperty: true })) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_SKIP;
      },
    });
    let block: Element | null = null;
    let run: { nodes: Text[]; starts: number[]; text: string } | null = null;
    const flush = () => {
      if (run?.text.trim())
        out.push({
          id: idOf(run.nodes[0]),
          pos: DOM_BASE + out.length,
          text: run.text,
          nodes: run.nodes,
          starts: run.starts,
        });
      run = null;
    };
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n as Text;
      if (!text.data) continue;
      const b = blockOf(text, root);
      if (!run || b !== block) {
        flush();
        block = b;
        run = { nodes: [], starts: [], text: '' };
      }
      run.nodes.push(text);
      run.starts.push(run.text.length);
      run.text += text.data;
    }
    flush();
  }
  return out;
}

/** The text nodes under one element, as a segment (a transcript part drawn with `data-seg`). */
export function elementSegment(el: Element): Pick<DomSegment, 'nodes' | 'starts'> {
  const nodes: Text[] = [];
  const starts: number[] = [];
  let length = 0;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    starts.push(length);
    length += (n as Text).data.length;
  }
  return { nodes, starts };
}

/** The node holding offset `at` (at the end of a node for an end offset). */
function locate(seg: Pick<DomSegment, 'nodes' | 'starts'>, at: number, isEnd: boolean): [Text, number] | null {
  for (let i = seg.nodes.length - 1; i >= 0; i--) {
    const start = seg.starts[i];
    if (isEnd ? at > start : at >= start) {
      const node = seg.nodes[i];
      return at - start <= node.data.length ? [node, at - start] : null;
    }
  }
  return null;
}

/** The DOM range of `match` in `seg`, or null when the text has changed under it. */
export function rangeOf(seg: Pick<DomSegment, 'nodes' | 'starts'>, match: TextMatch): Range | null {
  const from = locate(seg, match.start, false);
  const to = locate(seg, match.end, true);
  if (!from || !to) return null;
  const range = document.createRange();
  range.setStart(from[0], from[1]);
  range.setEnd(to[0], to[1]);
  return range;
}

const MATCHES = 'smtp-lens-find';
const CURRENT = 'smtp-lens-find-current';

/** Paints every match, and the current one over it (styles.css: ::highlight()). Without the
 * Highlight API (it is in Chromium since 105) the count and the scrolling still work. */
export function paintHighlights(ranges: readonly Range[], current: Range | null): void {
  if (typeof Highlight === 'undefined' || !CSS.highlights) return;
  const all = new Highlight();
  for (const r of ranges) all.add(r);
  const now = new Highlight();
  if (current) now.add(current);
  now.priority = 1;
  CSS.highlights.set(MATCHES, all);
  CSS.highlights.set(CURRENT, now);
}

export function clearHighlights(): void {
  if (typeof Highlight === 'undefined' || !CSS.highlights) return;
  CSS.highlights.delete(MATCHES);
  CSS.highlights.delete(CURRENT);
}

/** The nearest ancestor that scrolls, or null for the window. */
function scrollerOf(el: Element): Element | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if ((overflowY === 'auto' || overflowY === 'scroll') && p.scrollHeight > p.clientHeight) return p;
  }
  return null;
}

/** Brings a range into view, centred, unless it is already wholly in view. */
export function revealRange(range: Range): void {
  const el = range.startContainer.parentElement;
  if (!el) return;
  const rect = range.getBoundingClientRect();
  const scroller = scrollerOf(el);
  const view = scroller?.getBoundingClientRect() ?? { top: 0, left: 0, bottom: innerHeight, right: innerWidth };
  const inView =
    rect.top >= view.top && rect.bottom <= view.bottom && rect.left >= view.left && rect.right <= view.right;
  if (!inView) el.scrollIntoView({ block: 'center', inline: 'nearest' });
}
