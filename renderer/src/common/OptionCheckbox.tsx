import type { ReactNode } from 'react';

interface OptionCheckboxProps {
  id: string;
  label: string;
  /** The wire value (scope name or authorize parameter), in monospace and part of the accessible name. */
  parameter: string;
  description: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Extra class for the row (`option` for the connect options). */
  className?: string;
  /** Shown after the description, e.g. a tag. */
  extra?: ReactNode;
  /** Shown but not changeable (a value locked by the IT department). */
  disabled?: boolean;
  /** Marked as refused (aria-invalid), e.g. a scope Fortnox did not accept; `extra` says why. */
  invalid?: boolean;
}

/**
 * A checkbox whose accessible name is "<label> <wire value>" and whose one-line description is
 * attached with aria-describedby. Used for scopes and for the connect options.
 */
export function OptionCheckbox({ id, label, parameter, description, checked, onChange, className, extra, disabled, invalid }: OptionCheckboxProps) {
  const classes = ['scope', className, invalid ? 'scope-invalid' : undefined].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={`${id}-description`}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div className="scope-text">
        <label htmlFor={id}>
          <span className="scope-label">{label}</span> <code className="wire-name">{parameter}</code>
        </label>
        <p id={`${id}-description`} className="scope-description">
          {description}
          {extra}
        </p>
      </div>
    </div>
  );
}
