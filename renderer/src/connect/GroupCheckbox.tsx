import { useEffect, useRef } from 'react';
import type { GroupState } from './scope-selection';

interface GroupCheckboxProps {
  state: GroupState;
  /** Short visible text ("Välj alla"). */
  visibleLabel: string;
  /** Full accessible name ("Välj alla i Bokföring"); starts with the visible text. */
  accessibleName: string;
  onChange: (selected: boolean) => void;
  disabled?: boolean;
  /** The id of a note on what "Välj alla" leaves out, if the group has one. */
  describedBy?: string | undefined;
}

/** A tri-state checkbox: checked when the whole group is selected, mixed when part of it is. */
export function GroupCheckbox({ state, visibleLabel, accessibleName, onChange, disabled = false, describedBy }: GroupCheckboxProps) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // `indeterminate` exists only as a DOM property, not as an attribute React can set.
    if (input.current) input.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <label className="group-toggle">
      <input
        ref={input}
        type="checkbox"
        checked={state === 'all'}
        aria-label={accessibleName}
        aria-describedby={describedBy}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span>{visibleLabel}</span>
    </label>
  );
}
