import type { ReactNode } from 'react';

interface ShownKeyFieldProps {
  inputId: string;
  label: string;
  /** The new key, shown this once. */
  value: string;
  valueTestId: string;
  copyLabel: string;
  onCopy: () => void;
  /** What the last copy came to (or nothing yet), announced. */
  outcome: ReactNode;
  statusTestId?: string;
}

/**
 * A new key in both Tools views' "shown once" panels: read-only and selected whole on focus, with
 * a copy button (main writes the clipboard: the sandboxed page has no access) and its outcome.
 */
export function ShownKeyField({ inputId, label, value, valueTestId, copyLabel, onCopy, outcome, statusTestId }: ShownKeyFieldProps) {
  return (
    <div className="form-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="key-row">
        <input
          id={inputId}
          className="key-value"
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          data-testid={valueTestId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="primary" onClick={onCopy}>
          {copyLabel}
        </button>
        <span role="status" data-testid={statusTestId}>
          {outcome}
        </span>
      </div>
    </div>
  );
}
