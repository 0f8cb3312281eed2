import { scopeInfo } from '../../../shared/scope-catalogue';
import type { ScopeName } from '../../../shared/scope-names';
import { scopeParameter, scopeQueryParameter } from '../../../shared/scope-string';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { DELETE_VOUCHER_SCOPE } from './scope-selection';

interface ScopeSummaryProps {
  scopes: readonly ScopeName[];
  /** The chosen profile's name, or null for the user's own choice. */
  profileName: string | null;
  offlineAccess: boolean;
  serviceAccount: boolean;
  language: Language;
  messages: Messages;
}

/** The authorize URL's parameters the app shows, in the URL's own order, never `state` or the client id. */
export function shownRequest(scopes: readonly ScopeName[], offlineAccess: boolean, serviceAccount: boolean): string {
  return [
    scopeQueryParameter(scopes),
    'response_type=code',
    ...(offlineAccess ? ['access_type=offline'] : []),
    ...(serviceAccount ? ['account_type=service'] : []),
  ].join('&');
}

/**
 * What the chosen scopes let the integration do, in plain words ("Läsa och ändra Bokföring och
 * Valutor"), and behind "Detaljer" the wire names and the request exactly as it is sent.
 */
export function ScopeSummary({ scopes, profileName, offlineAccess, serviceAccount, language, messages }: ScopeSummaryProps) {
  const texts = messages.scopeProfiles;
  const labels = scopes.filter((name) => name !== DELETE_VOUCHER_SCOPE).map((name) => scopeInfo(name).label[language]);
  return (
    <div className="scope-summary" data-testid="scope-summary">
      <h3 id="scope-summary-heading">{texts.summaryHeading}</h3>
      <p className="summary-profile" data-testid="scope-summary-profile">
        {profileName === null ? texts.summaryCustom : texts.summaryProfile(profileName)}
      </p>
      <p data-testid="scope-summary-text">
        {scopes.length === 0 ? texts.summaryNone : labels.length > 0 ? texts.summaryScopes(labels) : ''}
        {scopes.includes(DELETE_VOUCHER_SCOPE) && <strong> {texts.summaryDeleteVoucher}</strong>}
      </p>
      <details className="scope-details" data-testid="scope-details">
        <summary>{texts.details}</summary>
        <h4>{texts.wireNamesHeading}</h4>
        <pre className="scope-string">
          <code data-testid="scope-string">{scopeParameter(scopes)}</code>
        </pre>
        <h4>{texts.requestHeading}</h4>
        <pre className="scope-string">
          <code data-testid="scope-request">{shownRequest(scopes, offlineAccess, serviceAccount)}</code>
        </pre>
        <p className="hint">{texts.requestNote}</p>
      </details>
    </div>
  );
}
