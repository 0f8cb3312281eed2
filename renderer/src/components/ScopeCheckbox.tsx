import type { ScopeInfo } from '../../../shared/scope-catalogue';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';

interface ScopeCheckboxProps {
  scope: ScopeInfo;
  language: Language;
  messages: Messages;
  checked: boolean;
  onChange: (selected: boolean) => void;
}

/**
 * One scope: the checkbox's accessible name is "<label> <wire name>" (e.g. "Företagsinformation
 * companyinformation"); the description is attached with aria-describedby.
 */
export function ScopeCheckbox({ scope, language, messages, checked, onChange }: ScopeCheckboxProps) {
  const id = `scope-${scope.name}`;
  return (
    <div className="scope">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-description`}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div className="scope-text">
        <label htmlFor={id}>
          <span className="scope-label">{scope.label[language]}</span>{' '}
          <code className="wire-name">{scope.name}</code>
        </label>
        <p id={`${id}-description`} className="scope-description">
          {scope.description[language]}
          {!scope.onScopesPage && (
            <>
              {' '}
              <span className="tag" title={messages.picker.notOnScopesPageExplanation}>
                {messages.picker.notOnScopesPage}
              </span>
            </>
          )}
        </p>
      </div>
    </div>
  );
}
