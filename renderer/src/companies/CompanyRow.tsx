import { memo } from 'react';
import type { CompanySummary } from '../../../shared/ipc-contract';
import { feedbackText, issueText, type RowFeedback } from './company-feedback';
import { asHeading, companyLabel } from './company-label';
import { isAccessOnly } from './access-only';
import { keptAliveText } from './kept-alive';
import { renewByText } from './renew-by-text';
import { scopeDifference, scopesDiffer } from './scope-difference';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { RelativeTime } from '../common/RelativeTime';

/** What a row can ask for; the handlers are stable, so rows re-render only when their own data changes. */
export interface CompanyRowActions {
  onTest: (company: CompanySummary) => void;
  onReconnect: (company: CompanySummary) => void;
  onReconnectOtherScopes: (company: CompanySummary) => void;
  onDisconnect: (company: CompanySummary) => void;
  onCopy: (company: CompanySummary) => void;
}

interface CompanyRowProps extends CompanyRowActions {
  company: CompanySummary;
  feedback: RowFeedback | undefined;
  messages: Messages;
  language: Language;
  /** The current time, for "för 3 timmar sedan"; ticks once a minute. */
  now: number;
}

/**
 * One connected company: who it is, what it granted, when it was connected and refreshed, its
 * state with the reason, and what can be done with it. Fixed height (see company-row-height.ts):
 * long texts are cut visually with an ellipsis but stay whole for screen readers and in tooltips.
 */
export const CompanyRow = memo(function CompanyRow(props: CompanyRowProps) {
  const { company, feedback, messages, language, now } = props;
  const texts = messages.companies;
  const id = `company-${company.tenantId}`;
  const name = asHeading(companyLabel(company, messages));
  const scopes = scopeDifference(company.requestedScopes, company.grantedScopes);
  const reason = company.statusIssue ? issueText(company.statusIssue, company.statusDetail, messages) : null;
  const detailOnly = !reason && company.statusDetail?.trim() ? company.statusDetail.trim() : null;
  const testFeedback = feedback && (feedback.kind === 'testing' || feedback.kind === 'tested') ? feedbackText(feedback, messages) : null;
  const otherFeedback = feedback && !testFeedback ? feedbackText(feedback, messages) : null;
  const grantedText = scopes.granted.length > 0 ? scopes.granted.join(' ') : texts.noScopes;
  const accessOnly = isAccessOnly(company);
  const keptAlive = keptAliveText(company, messages);
  const renew = renewByText(company, now, language, messages);

  return (
    <div
      className={`company-row status-${company.status}`}
      data-testid="company-row"
      data-tenant-id={company.tenantId}
      data-status={company.status}
    >
      <div className="company-info">
        <h3 id={`${id}-name`} className="company-name ellipsis" dir="auto" title={name}>
          {name}
        </h3>
        <p className="company-meta ellipsis">
          <span>
            {texts.organizationNumber} {company.organizationNumber ?? texts.noOrganizationNumber}
          </span>
          <Separator />
          <span>
            {texts.tenantId} <code>{company.tenantId}</code>
          </span>
          <Separator />
          <span className={`account-type account-${company.accountType}`}>{texts.accountTypes[company.accountType]}</span>
          {keptAlive && (
            <>
              <Separator />
              <span className="kept-alive" data-testid="company-kept-alive" title={keptAlive}>
                {keptAlive}
              </span>
            </>
          )}
        </p>
        <p className="company-scopes ellipsis" title={grantedText}>
          {texts.scopes} <code>{grantedText}</code>
        </p>
        {scopesDiffer(scopes) ? (
          <p className="scope-diff ellipsis" title={scopeDiffTitle(scopes.notGranted, scopes.notRequested, messages)}>
            {scopes.notGranted.length > 0 && (
              <span className="scope-missing">
                <span aria-hidden="true">⚠ </span>
                {texts.notGranted} <code>{scopes.notGranted.join(' ')}</code>
              </span>
            )}
            {scopes.notGranted.length > 0 && scopes.notRequested.length > 0 && <Separator />}
            {scopes.notRequested.length > 0 && (
              <span className="scope-extra">
                <span aria-hidden="true">+ </span>
                {texts.notRequested} <code>{scopes.notRequested.join(' ')}</code>
              </span>
            )}
          </p>
        ) : (
          <p className="scope-diff" aria-hidden="true" />
        )}
        <p className="company-times ellipsis">
          {renew && (
            <>
              <span
                className={renew.soon ? 'renew-by renew-soon' : 'renew-by'}
                data-testid="company-renew-by"
                data-soon={renew.soon ? 'true' : 'false'}
                title={renew.title}
              >
                {renew.soon && <span aria-hidden="true">⚠ </span>}
                {renew.text}
                {renew.soon && <span className="visually-hidden">. {texts.renewSoon}</span>}
              </span>
              <Separator />
            </>
          )}
          <span>
            {texts.connectedAt} <RelativeTime at={company.connectedAt} now={now} language={language} />
          </span>
          <Separator />
          <span>
            {company.lastRefreshedAt === null ? (
              texts.neverRefreshed
            ) : (
              <>
                {texts.lastRefreshed} <RelativeTime at={company.lastRefreshedAt} now={now} language={language} />
              </>
            )}
          </span>
          {company.lastTest && (
            <>
              <Separator />
              <span>
                {texts.lastTested} <RelativeTime at={company.lastTest.at} now={now} language={language} />
                {texts.lastTestResult(company.lastTest.ok)}
              </span>
            </>
          )}
        </p>
      </div>

      <div className="company-state">
        <p className="status-line">
          <span className="visually-hidden">{texts.statusLabel} </span>
          <span className={`status-badge status-${company.status}`} data-testid="company-status">
            {texts.statuses[company.status]}
          </span>
        </p>
        {company.status === 'access_only' && company.accessTokenExpiresAt !== null && (
          <p className="company-reason clamp-2" data-testid="company-access-only">
            {texts.accessOnlyEnds} <RelativeTime at={company.accessTokenExpiresAt} now={now} language={language} />
          </p>
        )}
        {(reason || detailOnly) && (
          <p className="company-reason clamp-2" title={[reason?.text, reason?.fortnoxSaid ?? detailOnly].filter(Boolean).join(' ')}>
            {reason?.text}
            {(reason?.fortnoxSaid ?? detailOnly) && (
              <>
                {' '}
                <span className="untrusted">
                  {texts.fortnoxSaid} <span dir="auto">{reason?.fortnoxSaid ?? detailOnly}</span>
                </span>
              </>
            )}
          </p>
        )}
        {testFeedback && (
          <p
            className={`row-feedback clamp-2 tone-${testFeedback.tone}`}
            data-testid="company-test-result"
            title={[testFeedback.text, testFeedback.fortnoxSaid].filter(Boolean).join(' ')}
          >
            {testFeedback.text}
            {testFeedback.fortnoxSaid && (
              <>
                {' '}
                <span className="untrusted">
                  {texts.fortnoxSaid} <span dir="auto">{testFeedback.fortnoxSaid}</span>
                </span>
              </>
            )}
          </p>
        )}
        {otherFeedback && (
          <p className={`row-feedback clamp-2 tone-${otherFeedback.tone}`} data-testid="company-feedback" title={otherFeedback.text}>
            {otherFeedback.text}
          </p>
        )}
      </div>

      <div className="company-actions">
        <button
          type="button"
          className="small"
          aria-describedby={`${id}-name`}
          disabled={feedback?.kind === 'testing'}
          onClick={() => props.onTest(company)}
        >
          {texts.actions.test}
        </button>
        <button type="button" className="small" aria-describedby={`${id}-name`} onClick={() => props.onReconnect(company)}>
          {accessOnly ? texts.actions.reconnectOffline : texts.actions.reconnect}
        </button>
        <button
          type="button"
          className="small"
          aria-describedby={`${id}-name`}
          onClick={() => props.onReconnectOtherScopes(company)}
        >
          {texts.actions.reconnectOtherScopes}
        </button>
        <button type="button" className="small" aria-describedby={`${id}-name`} onClick={() => props.onCopy(company)}>
          {texts.actions.copy}
        </button>
        <button type="button" className="small danger" aria-describedby={`${id}-name`} onClick={() => props.onDisconnect(company)}>
          {texts.actions.disconnect}
        </button>
      </div>
    </div>
  );
});

function scopeDiffTitle(notGranted: string[], notRequested: string[], messages: Messages): string {
  const texts = messages.companies;
  return [
    notGranted.length > 0 ? `${texts.notGranted} ${notGranted.join(' ')}` : '',
    notRequested.length > 0 ? `${texts.notRequested} ${notRequested.join(' ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** " · " between details on screen; a comma for screen readers, so the details do not run together. */
function Separator() {
  return (
    <>
      <span aria-hidden="true"> · </span>
      <span className="visually-hidden">, </span>
    </>
  );
}
