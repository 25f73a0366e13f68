import { useState } from 'react';
import type { Unmapped } from '../../../shared/commandLine/commandRequest';
import { importCommandLine } from '../../../shared/commandLine/importCommand';
import type { LabStatus } from '../../../shared/ipc';
import { formFromCommand } from '../state/formCommand';
import type { FormState } from '../state/formState';
import { CommandDialog } from './CommandDialog';
import { UntrustedText } from './UntrustedText';

/** What a pasted line filled in, and what it said that the form does not hold. */
export interface Pasted {
  tool: string;
  host: string;
  dropped: Unmapped[];
  unmapped: Unmapped[];
  notes: string[];
}

/** "Paste a command": a swaks or smtp-lens probe line read into the form. A password on the
 * line is never kept; a line that cannot be read is answered in words, in the dialog. */
export function PasteCommand({
  form,
  lab,
  disabled,
  onFill,
}: {
  form: FormState;
  lab: LabStatus | null;
  disabled: boolean;
  onFill(form: FormState, pasted: Pasted): void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => {
    setOpen(false);
    setProblem(null);
  };
  const fill = () => {
    const imported = importCommandLine(text);
    if (!imported.ok) return setProblem(imported.problem);
    const { form: next, unmapped, notes } = formFromCommand(imported, lab, form);
    onFill(next, { tool: imported.tool, host: next.host, dropped: imported.dropped, unmapped, notes });
    setText('');
    close();
  };
  return (
    <>
      <button
        type="button"
        data-testid="paste-command"
        disabled={disabled}
        onClick={() => setOpen(true)}
        title="Fill the form from a swaks or smtp-lens probe command line"
      >
        Paste a command…
      </button>
      {open && (
        <CommandDialog title="Paste a command" testId="paste-dialog" onClose={close}>
          <label className="paste-label">
            A swaks or smtp-lens probe command line
            <textarea
              data-testid="paste-command-text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={6}
              spellCheck={false}
              placeholder="swaks --server mail.example.com:587 --tls --auth-user alice --to bob@example.com"
              aria-describedby={problem ? 'paste-command-problem' : undefined}
            />
          </label>
          {problem && (
            <p className="hint warn" role="alert" id="paste-command-problem" data-testid="paste-command-problem">
              <UntrustedText text={problem} />
            </p>
          )}
          <p className="hint">A password written on the line is never kept: you type it in Password.</p>
          <div className="dialog-actions">
            <button type="button" className="primary" data-testid="paste-command-fill" onClick={fill}>
              Fill the form
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </CommandDialog>
      )}
    </>
  );
}

/** Beside the form after a paste: where it came from, and every option it could not take. */
export function PastedNotice({ pasted, onDismiss }: { pasted: Pasted; onDismiss(): void }) {
  const left = [...pasted.dropped, ...pasted.unmapped];
  return (
    <section className="pasted-notice" data-testid="pasted-notice" aria-label="From the pasted command">
      <p>
        <strong>Filled from the {pasted.tool} line</strong>
        {pasted.host && (
          <>
            {' '}
            for <UntrustedText text={pasted.host} />
          </>
        )}
        .{left.length === 0 && ' Every option was taken.'}
      </p>
      {left.length > 0 && (
        <ul className="command-list" data-testid="pasted-unmapped">
          {pasted.dropped.map((u) => (
            <li key={u.option + u.words} className="warn" data-testid="pasted-dropped">
              <UntrustedText text={u.words} />
            </li>
          ))}
          {pasted.unmapped.map((u) => (
            <li key={u.option + u.words}>
              <UntrustedText text={u.words} />
            </li>
          ))}
        </ul>
      )}
      {pasted.notes.length > 0 && (
        <details>
          <summary>Where it differs ({pasted.notes.length})</summary>
          <ul className="command-list" data-testid="pasted-notes">
            {pasted.notes.map((n) => (
              <li key={n}>
                <UntrustedText text={n} />
              </li>
            ))}
          </ul>
        </details>
      )}
      <button type="button" className="link" onClick={onDismiss} data-testid="pasted-dismiss">
        Dismiss
      </button>
    </section>
  );
}
