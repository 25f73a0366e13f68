import { useCallback, useRef, useState } from 'react';
import { type CommandLine, setFirstWords, type Tool } from '../../../shared/commandLine/commandRequest';
import type { LabStatus } from '../../../shared/ipc';
import { COPY_TOOLS, commandFromForm } from '../state/formCommand';
import type { FormState } from '../state/formState';
import { CommandDialog } from './CommandDialog';
import { useMenu } from './useMenu';

/** How long the Clipboard API may take: a browser that asks the user never answers here. */
const CLIPBOARD_WAIT_MS = 1000;

/** Puts text on the clipboard: the Clipboard API, or where the page may not use it (Electron
 * refuses every permission), the editing command that copies a selection. Null when copied. */
async function copyText(text: string): Promise<string | null> {
  try {
    await Promise.race([
      navigator.clipboard.writeText(text),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the clipboard did not answer')), CLIPBOARD_WAIT_MS),
      ),
    ]);
    return null;
  } catch (err) {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied ? null : (err as Error).message || 'the clipboard is not available here';
  }
}

/** The dialog's buttons: Copy again (when there is a command) and Close. */
function Actions({ onCopy, onClose }: { onCopy: (() => void) | null; onClose(): void }) {
  return (
    <div className="dialog-actions">
      {onCopy && (
        <button type="button" onClick={onCopy} data-testid="copy-again">
          Copy again
        </button>
      )}
      <button type="button" data-testid="copied-close" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

type Shown = { tool: Tool; label: string } & ({ line: CommandLine; failed: string | null } | { problem: string });

function CommandShown({ shown }: { shown: Shown }) {
  if ('problem' in shown)
    return (
      <p className="hint warn" role="alert" data-testid="copied-problem">
        No command yet: {shown.problem}
      </p>
    );
  const { line, failed } = shown;
  const setFirst = setFirstWords(line);
  return (
    <>
      <p className={failed ? 'hint warn' : 'hint'} role="status" data-testid="copied-status">
        {failed
          ? `Not copied (${failed}): select the command and copy it.`
          : 'Copied to the clipboard. The password is not in it.'}
      </p>
      <pre className="command-text" data-testid="copied-command">
        {line.text}
      </pre>
      {setFirst && (
        <p className="hint warn" data-testid="copied-set-first">
          {setFirst.words} For example (bash, zsh): <code>{setFirst.example}</code>
        </p>
      )}
      {line.unmapped.length > 0 && (
        <>
          <h3>Not in this command</h3>
          <ul className="command-list" data-testid="copied-unmapped">
            {line.unmapped.map((u) => (
              <li key={u.option + u.words}>{u.words}</li>
            ))}
          </ul>
        </>
      )}
      {line.notes.length > 0 && (
        <details>
          <summary>
            Where {shown.label} behaves differently ({line.notes.length})
          </summary>
          <ul className="command-list" data-testid="copied-notes">
            {line.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** "Copy as…": the form as a smtp-lens, swaks or openssl s_client command line, on the
 * clipboard, shown with what to set first and what the tool cannot say. */
export function CopyAsCommand({ form, lab }: { form: FormState; lab: LabStatus | null }) {
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  const onMenuKey = useMenu(container, trigger, open, close);
  const copy = async (tool: Tool, label: string) => {
    setOpen(false);
    const made = commandFromForm(form, lab, tool);
    if ('problem' in made) return setShown({ tool, label, problem: made.problem });
    setShown({ tool, label, line: made.line, failed: await copyText(made.line.text) });
  };
  const done = () => {
    setShown(null);
    trigger.current?.focus();
  };
  return (
    <div className="copy-as" ref={container}>
      <button
        type="button"
        ref={trigger}
        data-testid="copy-as"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-haspopup="menu"
        title="The form as a command line for a terminal, without the password"
      >
        Copy as ▾
      </button>
      {open && (
        <div className="copy-as-popup" role="menu" aria-label="Copy as" tabIndex={-1} onKeyDown={onMenuKey}>
          {COPY_TOOLS.map((t) => (
            <button
              type="button"
              role="menuitem"
              key={t.tool}
              data-testid={`copy-as-${t.tool}`}
              onClick={() => void copy(t.tool, t.label)}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
      {shown && (
        <CommandDialog title={`${shown.label} command`} testId="copied-dialog" onClose={done}>
          <CommandShown shown={shown} />
          <Actions onCopy={'line' in shown ? () => void copy(shown.tool, shown.label) : null} onClose={done} />
        </CommandDialog>
      )}
    </div>
  );
}
