import { type KeyboardEvent, useEffect, useRef } from 'react';
import { find, useFind } from '../search/findController';
import { countLabel } from '../search/textMatch';
import type { TranscriptRow } from '../state/transcriptRows';

interface Props {
  /** The open tab, by id and as its label says it. */
  tab: string;
  label: string;
  /** The transcript's rows when the open tab is the transcript (searched as data). */
  rows: readonly TranscriptRow[] | null;
}

function Chevron({ up }: { up: boolean }) {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" className="icon">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        d={up ? 'M3 10l5-5 5 5' : 'M3 6l5 5 5-5'}
      />
    </svg>
  );
}

/** The find bar: a search landmark (<search>, role "search") over the open tab. Enter and Shift+Enter (or F3 and
 * Shift+F3, anywhere) go to the next and previous match, Esc closes it and gives the focus
 * back; the count is announced as it changes. */
export function SearchBar({ tab, label, rows }: Props) {
  const state = useFind();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => find.setSource(tab, rows), [tab, rows]);
  useEffect(() => {
    if (!state.open) return;
    input.current?.focus();
    input.current?.select();
  }, [state.open, state.focusNonce]);

  if (!state.open) return null;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      // The bar's own: the window's Esc (close a menu, leave presenting) waits for the next one.
      e.preventDefault();
      e.stopPropagation();
      find.close();
    } else if (e.key === 'Enter' && e.target === input.current) {
      e.preventDefault();
      if (e.shiftKey) find.previous();
      else find.next();
    }
  };
  const count = countLabel(state.query, state.index, state.total);
  const none = state.total === 0;
  return (
    <search className="find-bar" aria-label={`Find in ${label}`} data-testid="find-bar" onKeyDown={onKeyDown}>
      <input
        ref={input}
        type="text"
        data-testid="find-input"
        aria-label={`Find in ${label}`}
        placeholder={`Find in ${label} and the side panel`}
        value={state.query}
        spellCheck={false}
        autoComplete="off"
        enterKeyHint="search"
        aria-describedby="find-count"
        onChange={(e) => find.setQuery(e.target.value)}
      />
      <output
        id="find-count"
        className={state.query && none ? 'find-count none' : 'find-count'}
        data-testid="find-count"
        aria-live="polite"
        aria-atomic="true"
      >
        {count}
      </output>
      <button
        type="button"
        className="find-case"
        data-testid="find-case"
        aria-pressed={state.caseSensitive}
        aria-label="Match case"
        title="Match case"
        onClick={() => find.setCaseSensitive(!state.caseSensitive)}
      >
        Aa
      </button>
      <button
        type="button"
        data-testid="find-previous"
        aria-label="Previous match"
        title="Previous match (Shift+Enter, Shift+F3)"
        disabled={none}
        onClick={() => find.previous()}
      >
        <Chevron up />
      </button>
      <button
        type="button"
        data-testid="find-next"
        aria-label="Next match"
        title="Next match (Enter, F3)"
        disabled={none}
        onClick={() => find.next()}
      >
        <Chevron up={false} />
      </button>
      <button
        type="button"
        data-testid="find-close"
        aria-label="Close find"
        title="Close (Esc)"
        onClick={() => find.close()}
      >
        <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" className="icon">
          <path fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </search>
  );
}
