import type { Dispatch } from 'react';
import { COMPANY_INFORMATION_SCOPE } from '../../../shared/scope-names';
import type { Messages } from '../i18n/messages';
import { lacksCompanyInformation, SCOPE_COUNT, type Selection, type SelectionAction } from './scope-selection';
import { OptionCheckbox } from '../common/OptionCheckbox';
import type { Language } from '../i18n/language';
import { ScopeSummary } from './ScopeSummary';

interface ConnectPanelProps {
  selection: Selection;
  messages: Messages;
  dispatch: Dispatch<SelectionAction>;
  /** Where the sign-in window opens, when the configuration is valid. */
  authorizeOrigin: string | null;
  /** The chosen profile's name for the summary, or null for the user's own choice. */
  profileName: string | null;
  language: Language;
  /** The IT department locked the scopes: companyinformation cannot be added back here. */
  scopesLocked?: boolean;
}

/** Beside the picker: count, the plain-language summary with its details and options (the Connect button is in the view's bar). */
export function ConnectPanel(props: ConnectPanelProps) {
  const { selection, messages, dispatch, authorizeOrigin, profileName, language, scopesLocked = false } = props;
  const { connect } = messages;
  const count = selection.scopes.length;
  return (
    <section className="card connect-panel" aria-labelledby="connect-heading">
      <h2 id="connect-heading">{connect.heading}</h2>
      <p className="selected-count" data-testid="selected-count" aria-live="polite">
        {connect.selectedCount(count, SCOPE_COUNT)}
      </p>

      <ScopeSummary
        scopes={selection.scopes}
        profileName={profileName}
        offlineAccess={selection.offlineAccess}
        serviceAccount={selection.serviceAccount}
        language={language}
        messages={messages}
      />

      <div aria-live="polite">
        {lacksCompanyInformation(selection.scopes) && !scopesLocked && (
          <div className="warning">
            <p>{connect.companyInfoWarning}</p>
            <button
              type="button"
              className="secondary"
              onClick={() => dispatch({ type: 'set-scope', scope: COMPANY_INFORMATION_SCOPE, selected: true })}
            >
              {connect.addCompanyInfo}
            </button>
          </div>
        )}
      </div>

      <fieldset className="options">
        <legend>{connect.optionsLegend}</legend>
        <OptionCheckbox
          id="offline-access"
          className="option"
          label={connect.offlineLabel}
          parameter="access_type=offline"
          description={connect.offlineDescription}
          checked={selection.offlineAccess}
          onChange={(value) => dispatch({ type: 'set-offline-access', value })}
        />
        <OptionCheckbox
          id="service-account"
          className="option"
          label={connect.serviceLabel}
          parameter="account_type=service"
          description={connect.serviceDescription}
          checked={selection.serviceAccount}
          onChange={(value) => dispatch({ type: 'set-service-account', value })}
        />
      </fieldset>

      {authorizeOrigin && (
        <p className="sign-in-at">
          {connect.signInAt} <code>{authorizeOrigin}</code>
        </p>
      )}
    </section>
  );
}
