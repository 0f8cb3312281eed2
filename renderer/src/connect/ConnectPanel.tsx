import type { Dispatch } from 'react';
import { COMPANY_INFORMATION_SCOPE } from '../../../shared/scope-names';
import { scopeParameter } from '../../../shared/scope-string';
import type { ConnectBlocker } from './connect-blocker';
import type { Messages } from '../i18n/messages';
import { lacksCompanyInformation, SCOPE_COUNT, type Selection, type SelectionAction } from './scope-selection';
import { OptionCheckbox } from '../common/OptionCheckbox';

interface ConnectPanelProps {
  selection: Selection;
  messages: Messages;
  dispatch: Dispatch<SelectionAction>;
  blocker: ConnectBlocker | null;
  /** Where the sign-in window opens, when the configuration is valid. */
  authorizeOrigin: string | null;
  /** "Anslut till Fortnox", or "Anslut <company> igen" when reconnecting with other scopes. */
  buttonLabel: string;
  onConnect: () => void;
}

/** The summary beside the picker: count, exact scope string, options and the Connect button. */
export function ConnectPanel({ selection, messages, dispatch, blocker, authorizeOrigin, buttonLabel, onConnect }: ConnectPanelProps) {
  const { connect } = messages;
  const count = selection.scopes.length;
  const alsoSent = [
    ...(selection.offlineAccess ? ['access_type=offline'] : []),
    ...(selection.serviceAccount ? ['account_type=service'] : []),
  ];
  return (
    <section className="card connect-panel" aria-labelledby="connect-heading">
      <h2 id="connect-heading">{connect.heading}</h2>
      <p className="selected-count" data-testid="selected-count" aria-live="polite">
        {connect.selectedCount(count, SCOPE_COUNT)}
      </p>

      <h3 id="scope-string-heading">{connect.scopeStringHeading}</h3>
      <pre className="scope-string">
        <code data-testid="scope-string">{scopeParameter(selection.scopes)}</code>
      </pre>
      {count === 0 && <p className="hint">{connect.scopeStringEmpty}</p>}
      {alsoSent.length > 0 && (
        <p className="hint also-sent">
          {connect.alsoSent}{' '}
          {alsoSent.map((parameter, index) => (
            <span key={parameter}>
              {index > 0 && ' '}
              <code>{parameter}</code>
            </span>
          ))}
        </p>
      )}

      <div aria-live="polite">
        {lacksCompanyInformation(selection.scopes) && (
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
      <button
        type="button"
        className="primary connect-button"
        disabled={blocker !== null}
        aria-describedby="connect-reason"
        onClick={onConnect}
      >
        {buttonLabel}
      </button>
      <p id="connect-reason" className="connect-reason" role="status">
        {blocker ? connect.blockers[blocker] : ''}
      </p>
    </section>
  );
}
