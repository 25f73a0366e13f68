// Every command the window answers, from the application menu or the keyboard, in one table:
// each is a call on a store, so a menu item and its shortcut can never do different things.
import { useEffect } from 'react';
import type { IpcEvents } from '../../../shared/ipc';
import { api } from '../bridge/api';
import { find } from '../search/findController';
import { sessionStore } from './sessionStore';
import { ui } from './uiStore';

type MenuCommand = IpcEvents['app:command']['command'];
type KeyCommand = 'run' | 'step' | 'abort' | 'dismiss';

/** The actions that need the window's own parts (the form, the practice picker). */
export interface WindowActions {
  run(): void;
  step(): void;
  focusPractice(): void;
}

/** The keys the window itself handles; the menu's accelerators live in main/electron/menu.ts. */
const KEYS: { command: KeyCommand | MenuCommand; matches(e: KeyboardEvent): boolean }[] = [
  { command: 'run', matches: (e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) },
  { command: 'step', matches: (e) => e.key === 'F10' },
  // Esc only closes what is open: a user reaching for it to leave a menu must not lose the
  // session. Stopping has its own chord, named on the Abort button.
  { command: 'abort', matches: (e) => e.key === '.' && (e.ctrlKey || e.metaKey) },
  { command: 'dismiss', matches: (e) => e.key === 'Escape' },
  // Find, as in a browser: Ctrl+F (Cmd+F), then F3 or Ctrl+G (Cmd+G) and the same with Shift.
  { command: 'find', matches: (e) => isChord(e, 'f') && !e.shiftKey },
  { command: 'find-previous', matches: (e) => (e.key === 'F3' || isChord(e, 'g')) && e.shiftKey },
  { command: 'find-next', matches: (e) => e.key === 'F3' || isChord(e, 'g') },
];

/** Ctrl or Cmd with a letter, whatever the layout makes of it (e.code is the key's place). */
function isChord(e: KeyboardEvent, letter: 'f' | 'g'): boolean {
  return (
    (e.ctrlKey || e.metaKey) && !e.altKey && (e.key.toLowerCase() === letter || e.code === `Key${letter.toUpperCase()}`)
  );
}

/** The chord that aborts, as the Abort button names it. */
export const ABORT_KEY_LABEL = 'Ctrl+.';

function commandTable(actions: WindowActions): Record<MenuCommand | KeyCommand, () => void> {
  return {
    'new-session': () => sessionStore.clear(),
    'open-transcript': () => ui.pickFile(),
    export: () => ui.setExportOpen(true),
    practice: () => actions.focusPractice(),
    run: () => actions.run(),
    step: () => actions.step(),
    abort: () => void sessionStore.abort(),
    find: () => find.open(),
    'find-next': () => find.next(),
    'find-previous': () => find.previous(),
    dismiss: () => {
      // Esc closes what is open, the menu first; it never stops a session.
      if (ui.current.exportOpen) ui.setExportOpen(false);
      else ui.setPresenting(false);
    },
  };
}

/** Wires the menu and the keyboard to the command table for as long as the window is shown. */
export function useCommands(actions: WindowActions): void {
  useEffect(() => {
    const table = commandTable(actions);
    const onKey = (e: KeyboardEvent) => {
      const key = KEYS.find((k) => k.matches(e));
      if (!key) return;
      if (key.command !== 'dismiss') e.preventDefault();
      table[key.command]();
    };
    window.addEventListener('keydown', onKey);
    const unsubscribe = api.onAppCommand(({ command }) => table[command]());
    return () => {
      window.removeEventListener('keydown', onKey);
      unsubscribe();
    };
  }, [actions]);
}
