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
  | 'history';

export interface UiState {
  readonly tab: Tab;
  readonly learn: boolean;
  readonly selected: Finding | null;
  /** The step to scroll to and highlight; `nonce` repeats a request for the same step. */
  readonly focus: { event: number; nonce: number } | null;
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

const focusOn = (event: number) => ({ event, nonce: (state.focus?.nonce ?? 0) + 1 });

export const ui = {
  get current(): UiState {
    return state;
  },
  showTab: (tab: Tab) => set({ tab }),
  setLearn: (learn: boolean) => set({ learn }),
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
