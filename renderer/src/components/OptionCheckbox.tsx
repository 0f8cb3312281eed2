interface OptionCheckboxProps {
  id: string;
  label: string;
  /** The authorize parameter the option adds, shown in monospace and part of the accessible name. */
  parameter: string;
  description: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** One connect option: label plus its wire parameter, with a one-line explanation. */
export function OptionCheckbox({ id, label, parameter, description, checked, onChange }: OptionCheckboxProps) {
  return (
    <div className="scope option">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-description`}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div className="scope-text">
        <label htmlFor={id}>
          <span className="scope-label">{label}</span> <code className="wire-name">{parameter}</code>
        </label>
        <p id={`${id}-description`} className="scope-description">
          {description}
        </p>
      </div>
    </div>
  );
}
