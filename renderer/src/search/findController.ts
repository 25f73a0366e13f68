// Find in the window (Ctrl+F, Cmd+F on macOS, Edit → Find in the desktop menu): one
// controller, a value for React beside it. It searches what the open tab shows and the panel
// beside it (the findings, Learn mode): the transcript in its rows (the list is virtualised),
// everything else in the text it draws. The current match is kept by what it is, so it stays
// current while a running session adds rows and the count grows.
import { useSyncExternalStore } from 'react';
import type { TranscriptRow } from '../state/transcriptRows';
import {
  clearHighlights,
  collectDomSegments,
  type DomSegment,
  elementSegment,
  paintHighlights,
  rangeOf,
  revealRange,
} from './domText';
import { findMatches, keepPlace, type MatchPlace, needleOf, placeOf, stepIndex, type TextMatch } from './textMatch';
import { rowKeyOf, transcriptMatches } from './transcriptSegments';

export interface FindState {
  readonly open: boolean;
  readonly query: string;
  readonly caseSensitive: boolean;
  readonly total: number;
  /** The current match, or -1. */
  readonly index: number;
  /** The transcript row holding the current match, by key (TranscriptView shows it whole). */
  readonly currentRow: number | null;
  /** A request to scroll the transcript to a row; `nonce` repeats it for the same row. */
  readonly reveal: { readonly row: number; readonly nonce: number } | null;
  /** Raised to put the focus in the bar's field (Ctrl+F again, with the bar open). */
  readonly focusNonce: number;
}

const INITIAL: FindState = {
  open: false,
  query: '',
  caseSensitive: false,
  total: 0,
  index: -1,
  currentRow: null,
  reveal: null,
  focusNonce: 0,
};

/** What is searched besides the transcript's rows: the open tab and the side panel. */
const SCOPES = '.center .tab-body, aside.right';
/** Where the transcript draws its parts, each with the id of its segment. */
const DATA_PARTS = '[data-search-source] [data-seg]';

type Dirty = 'data' | 'dom' | 'paint';

class FindController {
  private state: FindState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private rows: readonly TranscriptRow[] | null = null;
  private tab: string | null = null;
  private dataMatches: TextMatch[] = [];
  private dataBySeg = new Map<string, TextMatch[]>();
  private domSegments: DomSegment[] = [];
  private domMatches: TextMatch[] = [];
  private place: MatchPlace | null = null;
  /** Scroll the current match into view once it is drawn (it was moved to, not streamed past). */
  private pendingReveal = false;
  private readonly dirty = new Set<Dirty>();
  private frame = 0;
  private observer: MutationObserver | null = null;
  private returnTo: HTMLElement | null = null;

  get current(): FindState {
    return this.state;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.state;

  /** Opens the bar (or, open, puts the focus back in its field), remembering where the focus was. */
  open(): void {
    const active = document.activeElement;
    if (!this.state.open && active instanceof HTMLElement && !active.closest('search, [role="search"]'))
      this.returnTo = active;
    const wasOpen = this.state.open;
    this.set({ open: true, focusNonce: this.state.focusNonce + 1 });
    if (!wasOpen) {
      // The last query is kept, ready to run again; the search starts from the top.
      this.place = null;
      this.watch();
      this.search(true);
    }
  }

  /** Closes the bar, clears the highlights and gives the focus back where it was. */
  close(): void {
    if (!this.state.open) return;
    this.unwatch();
    clearHighlights();
    this.set({ open: false, reveal: null, currentRow: null });
    const back = this.returnTo;
    this.returnTo = null;
    if (back?.isConnected) back.focus({ preventScroll: true });
  }

  setQuery(query: string): void {
    this.set({ query });
    this.search(true);
  }

  setCaseSensitive(caseSensitive: boolean): void {
    this.set({ caseSensitive });
    this.search(true);
  }

  next(): void {
    this.move(1);
  }

  previous(): void {
    this.move(-1);
  }

  /** What the window shows: the tab, and the transcript's rows when the tab is the transcript.
   * A new tab starts from its first match; new rows (a running session) keep the current one. */
  setSource(tab: string, rows: readonly TranscriptRow[] | null): void {
    const tabChanged = tab !== this.tab;
    if (!tabChanged && rows === this.rows) return;
    this.tab = tab;
    this.rows = rows;
    if (!this.state.open) return;
    if (tabChanged) {
      this.place = null;
      // The new tab is drawn after this render: read it then.
      this.pendingReveal = true;
      this.schedule('data');
      this.schedule('dom');
    } else {
      this.schedule('data');
    }
  }

  private move(direction: 1 | -1): void {
    if (!this.state.open) return this.open();
    const all = this.all();
    const index = stepIndex(this.state.index, all.length, direction);
    if (index < 0) return;
    this.place = placeOf(all[index]);
    this.pendingReveal = true;
    this.publish(all, index, true);
    this.paint();
  }

  private all(): TextMatch[] {
    return this.domMatches.length ? this.dataMatches.concat(this.domMatches) : this.dataMatches;
  }

  /** Searches again now: the query changed, or the bar opened. */
  private search(reveal: boolean): void {
    if (!this.state.open) return;
    this.findInData();
    this.findInDom();
    this.settle(reveal);
  }

  private findInData(): void {
    const { query, caseSensitive } = this.state;
    this.dataMatches = this.rows ? transcriptMatches(this.rows, needleOf(query, caseSensitive), caseSensitive) : [];
    this.dataBySeg = new Map();
    for (const m of this.dataMatches) {
      const list = this.dataBySeg.get(m.seg);
      if (list) list.push(m);
      else this.dataBySeg.set(m.seg, [m]);
    }
  }

  private findInDom(): void {
    const { query, caseSensitive } = this.state;
    const needle = needleOf(query, caseSensitive);
    this.domSegments = needle ? collectDomSegments([...document.querySelectorAll(SCOPES)]) : [];
    this.domMatches = findMatches(this.domSegments, needle, caseSensitive);
  }

  /** The matches changed: find the current one again, then say so and paint. */
  private settle(reveal: boolean): void {
    const all = this.all();
    const index = keepPlace(this.place, all);
    if (index >= 0) this.place = placeOf(all[index]);
    if (reveal) this.pendingReveal = index >= 0;
    this.publish(all, index, reveal);
    this.paint();
  }

  private publish(all: readonly TextMatch[], index: number, reveal: boolean): void {
    const current = all[index];
    const currentRow = current ? rowKeyOf(current.seg) : null;
    const askScroll = reveal && currentRow !== null;
    this.set({
      total: all.length,
      index,
      currentRow,
      ...(askScroll ? { reveal: { row: currentRow, nonce: (this.state.reveal?.nonce ?? 0) + 1 } } : {}),
    });
  }

  /** Highlights every match that is drawn, and the current one over it. */
  private paint(): void {
    if (!this.state.open) return;
    const current = this.all()[this.state.index] ?? null;
    const ranges: Range[] = [];
    let currentRange: Range | null = null;
    if (this.dataBySeg.size) {
      for (const el of document.querySelectorAll<HTMLElement>(DATA_PARTS)) {
        const list = this.dataBySeg.get(el.dataset.seg ?? '');
        if (!list) continue;
        const seg = elementSegment(el);
        for (const m of list) {
          const r = rangeOf(seg, m);
          if (!r) continue;
          ranges.push(r);
          if (m === current) currentRange = r;
        }
      }
    }
    const byId = new Map(this.domSegments.map((s) => [s.id, s] as const));
    for (const m of this.domMatches) {
      const seg = byId.get(m.seg);
      const r = seg ? rangeOf(seg, m) : null;
      if (!r) continue;
      ranges.push(r);
      if (m === current) currentRange = r;
    }
    paintHighlights(ranges, currentRange);
    if (this.pendingReveal && currentRange) {
      this.pendingReveal = false;
      revealRange(currentRange);
    }
  }

  /** Coalesces work to one pass a frame: a stream of event batches, a scrolled list. */
  private schedule(kind: Dirty): void {
    this.dirty.add(kind);
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.state.open) return this.dirty.clear();
      const data = this.dirty.has('data');
      const dom = this.dirty.has('dom');
      this.dirty.clear();
      if (data) this.findInData();
      if (dom) this.findInDom();
      if (data || dom) this.settle(this.pendingReveal);
      else this.paint();
    });
  }

  /** Text drawn or changed anywhere searched: the transcript's rows only need painting again
   * (they are searched as data), anything else is read again. */
  private watch(): void {
    this.observer = new MutationObserver((records) => {
      const outside = records.some(
        (r) => !(r.target instanceof Element ? r.target : r.target.parentElement)?.closest('[data-search-source]'),
      );
      this.schedule(outside ? 'dom' : 'paint');
    });
    for (const el of document.querySelectorAll(SCOPES))
      this.observer.observe(el, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['hidden', 'open', 'class'],
      });
  }

  private unwatch(): void {
    this.observer?.disconnect();
    this.observer = null;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.dirty.clear();
  }

  private set(patch: Partial<FindState>): void {
    const next = { ...this.state, ...patch };
    const keys = Object.keys(patch) as (keyof FindState)[];
    if (keys.every((k) => next[k] === this.state[k])) return;
    this.state = next;
    for (const l of this.listeners) l();
  }
}

export const find = new FindController();

export function useFind(): FindState {
  return useSyncExternalStore(find.subscribe, find.getSnapshot);
}
