import { forwardRef } from 'react';
import type { LabStatus } from '../../../shared/ipc';

interface Props {
  lab: LabStatus | null;
  value: string;
  onChoose(name: string): void;
}

/** The practice scenarios of the built-in server; choosing one fills the connection form. */
export const PracticePicker = forwardRef<HTMLSelectElement, Props>(function PracticePicker(
  { lab, value, onChoose },
  ref,
) {
  return (
    <label className="practice">
      <span>Practice</span>
      <select
        ref={ref}
        data-testid="practice-scenario"
        value={value}
        onChange={(e) => onChoose(e.target.value)}
        disabled={!lab}
      >
        <option value="">{lab ? 'your own server (fill in the form)' : 'starting the practice server…'}</option>
        {lab?.scenarios.map((s) => (
          <option key={s.name} value={s.name} title={s.summary}>
            {s.name} — {s.summary}
          </option>
        ))}
      </select>
    </label>
  );
});
