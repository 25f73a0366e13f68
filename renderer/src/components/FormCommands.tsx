import { useEffect, useState } from 'react';
import type { LabStatus } from '../../../shared/ipc';
import type { FormState } from '../state/formState';
import { CopyAsCommand } from './CopyAsCommand';
import { type Pasted, PasteCommand, PastedNotice } from './PasteCommand';
import './commandLine.css';

/** Above the connection form: the form as a command line, and a command line as the form. */
export function FormCommands({
  form,
  lab,
  disabled,
  onFill,
}: {
  form: FormState;
  lab: LabStatus | null;
  disabled: boolean;
  onFill(form: FormState): void;
}) {
  const [pasted, setPasted] = useState<Pasted | null>(null);
  // A practice scenario picked replaces the whole form: what the paste said is about another one.
  useEffect(() => {
    if (form.scenario) setPasted(null);
  }, [form.scenario]);
  return (
    <div className="form-commands">
      <div className="form-commands-bar">
        <PasteCommand
          form={form}
          lab={lab}
          disabled={disabled}
          onFill={(next, what) => {
            onFill(next);
            setPasted(what);
          }}
        />
        <CopyAsCommand form={form} lab={lab} />
      </div>
      {pasted && <PastedNotice pasted={pasted} onDismiss={() => setPasted(null)} />}
    </div>
  );
}
