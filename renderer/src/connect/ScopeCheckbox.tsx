import { OptionCheckbox } from '../common/OptionCheckbox';
import type { ScopeInfo } from '../../../shared/scope-catalogue';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';

interface ScopeCheckboxProps {
  scope: ScopeInfo;
  language: Language;
  messages: Messages;
  checked: boolean;
  onChange: (selected: boolean) => void;
  /** Locked by the IT department's managed profile. */
  disabled?: boolean;
  /** Fortnox refused this scope (invalid_scope): marked, with the reason in its description. */
  refused?: boolean;
}

/**
 * One scope: the checkbox's accessible name is "<label> <wire name>" (e.g. "Företagsinformation
 * companyinformation"); the description is attached with aria-describedby.
 */
export function ScopeCheckbox({ scope, language, messages, checked, onChange, disabled = false, refused = false }: ScopeCheckboxProps) {
  return (
    <OptionCheckbox
      id={`scope-${scope.name}`}
      label={scope.label[language]}
      parameter={scope.name}
      description={scope.description[language]}
      checked={checked}
      onChange={onChange}
      disabled={disabled}
      invalid={refused}
      extra={
        <>
          {!scope.onScopesPage && (
            <>
              {' '}
              <span className="tag" title={messages.picker.notOnScopesPageExplanation}>
                {messages.picker.notOnScopesPage}
              </span>
            </>
          )}
          {refused && (
            <>
              {' '}
              <span className="tag tag-refused" data-testid={`scope-refused-${scope.name}`}>
                {messages.scopeProfiles.refusedTag}
              </span>
            </>
          )}
        </>
      }
    />
  );
}
