// What the window shows around the session: the open tab, the selected finding and step,
// Learn mode, the problem banner and the export menu. A value, replaced on every change,
// with its actions beside it, so menu commands, shortcuts and clicks all go through the same
// calls.
import { useSyncExternalStore } from 'react';
import type { Finding } from '../../../shared/transcript';

export type Tab =
  | 'transcript'
  | 'ladder'
  | 'timing'
  | 'certificates'
  | 'capabilities'
  | 'terminal'
  | 'ports'
  | 'domain'
  | 'explain'
  | 'listen'
  | 'history';

export interface StepFocus {
  readonly event: number;
  readonly nonce: number;
  readonly scroll: 'center' | 'auto' | 'none';
}

export interface UiState {
  readonly tab: Tab;
  readonly learn: boolean;
  readonly selected: Finding | null;
  /** The step to highlight; `nonce` repeats a request for the same step. `scroll` says how the
   * transcript brings it into view: centred (from a finding), only if off-screen (the arrow keys)
   * or not at all (a click on the row itself). */
  readonly focus: StepFocus | null;
  /** Presentation mode: large type, the side panels folded away, for a room. */
  readonly presenting: boolean;
  readonly problem: string | null;
  readonly exportOpen: boolean;
  /** Raised to ask for the file picker: the Open button's own input answers it. */
  readonly pickFile: number;
}

const INITIAL: UiState = {
  tab: 'transcript',
  learn: false,
  selected: null,
  focus: null,
  presenting: false,
  problem: null,
  exportOpen: false,
  pickFile: 0,
};

let state = INITIAL;
const listeners = new Set<() => void>();

function set(patch: Partial<UiState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

const focusOn = (event: number, scroll: StepFocus['scroll'] = 'center'): StepFocus => ({
  event,
  nonce: (state.focus?.nonce ?? 0) + 1,
  scroll,
});

export const ui = {
  get current(): UiState {
    return state;
  },
  showTab: (tab: Tab) => set({ tab }),
  setLearn: (learn: boolean) => set({ learn, ...(learn ? {} : { presenting: false }) }),
  /** Presenting is a way of showing Learn mode, so it turns Learn mode on. */
  setPresenting: (presenting: boolean) => set({ presenting, ...(presenting ? { learn: true } : {}) }),
  /** Highlight a step the user pointed at in the transcript (a click or the arrow keys). */
  pointAt: (event: number, scroll: StepFocus['scroll']) => set({ selected: null, focus: focusOn(event, scroll) }),
  /** Back to the present: nothing highlighted, Learn mode explains the latest step. */
  clearFocus: () => set({ focus: null }),
  setProblem: (problem: string | null) => set({ problem }),
  setExportOpen: (exportOpen: boolean) => set({ exportOpen }),
  pickFile: () => set({ pickFile: state.pickFile + 1 }),
  /** Select a finding and its step; from the findings panel this also shows the transcript. */
  selectFinding(f: Finding, showTranscript = true): void {
    if (f.event === null) return set({ selected: f });
    set({ selected: f, focus: focusOn(f.event), ...(showTranscript ? { tab: 'transcript' as const } : {}) });
  },
  /** A click on a drawn step (ladder or timing bar): select its finding, or just the step. */
  selectStep(event: number, findings: readonly Finding[], findingIds: string[]): void {
    const finding = findings.find((f) => f.event === event && findingIds.includes(f.id));
    if (finding) ui.selectFinding(finding, false);
    else set({ selected: null, focus: focusOn(event) });
  },
  /** A new session from the form: nothing of the last one stays selected. */
  newSession: () => set({ problem: null, selected: null, tab: state.tab === 'terminal' ? 'transcript' : state.tab }),
  /** A transcript from a file, the history or a sweep, shown read-only. */
  showOpened: () => set({ selected: null, tab: 'transcript' }),
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useUi(): UiState {
  return useSyncExternalStore(subscribe, () => state);
}
