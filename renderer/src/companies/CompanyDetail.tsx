import type { RefObject } from 'react';
import type { CompanySummary } from '../../../shared/ipc-contract';
import { RelativeTime } from '../common/RelativeTime';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { isAccessOnly } from './access-only';
import { feedbackText, issueText, type RowFeedback } from './company-feedback';
import { asHeading, companyLabel } from './company-label';
import type { CompanyRowActions } from './CompanyTableRow';
import { keptAliveText } from './kept-alive';
import { renewByText } from './renew-by-text';
import { scopeDifference } from './scope-difference';
import { scopeLabel } from './scope-labels';

interface CompanyDetailProps {
  company: CompanySummary | null;
  feedback: RowFeedback | undefined;
  messages: Messages;
  language: Language;
  now: number;
  actions: Omit<CompanyRowActions, 'onChoose'>;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Escape in the pane: back to the company's row in the table. */
  onLeave: () => void;
  /** Its close button (shown where the pane is an overlay, in a short window): closes it and goes back to the row. */
  onClose: () => void;
}

/** Closes the pane where it covers the list (app.css shows it only in a short window). */
function CloseButton({ label, onClose }: { label: string; onClose: () => void }) {
  return (
    <button type="button" className="small detail-close" data-testid="company-detail-close" onClick={onClose}>
      {label}
    </button>
  );
}

/** Scopes as a list of names, each with its wire name for support. */
function ScopeList({ names, language, testId }: { names: readonly string[]; language: Language; testId: string }) {
  return (
    <ul className="detail-scopes" data-testid={testId}>
      {names.map((name) => (
        <li key={name}>
          {scopeLabel(name, language)} <code className="muted">{name}</code>
        </li>
      ))}
    </ul>
  );
}

/**
 * The detail pane of the selected company: its status with the full reason (and Fortnox's own
 * words), its identity, the permissions granted against those requested, its times, and every
 * action. Disconnect stands apart from the others, never beside Copy.
 */
export function CompanyDetail({ company, feedback, messages, language, now, actions, headingRef, onLeave, onClose }: CompanyDetailProps) {
  const texts = messages.companies;
  const detail = messages.companyTable.detail;
  if (!company) {
    return (
      <aside className="company-detail empty" aria-label={detail.label} data-testid="company-detail">
        <CloseButton label={detail.close} onClose={onClose} />
        <p className="hint">{messages.companyTable.detail.none}</p>
      </aside>
    );
  }
  const name = asHeading(companyLabel(company, messages));
  const reason = company.statusIssue ? issueText(company.statusIssue, company.statusDetail, messages) : null;
  const fortnoxSaid = reason?.fortnoxSaid ?? (company.statusDetail?.trim() || null);
  const scopes = scopeDifference(company.requestedScopes, company.grantedScopes);
  const testFeedback = feedback && (feedback.kind === 'testing' || feedback.kind === 'tested') ? feedbackText(feedback, messages) : null;
  const otherFeedback = feedback && !testFeedback ? feedbackText(feedback, messages) : null;
  const keptAlive = keptAliveText(company, messages);
  const renew = renewByText(company, now, language, messages);
  const accessOnly = isAccessOnly(company);

  return (
    <aside
      className={`company-detail status-${company.status}`}
      aria-labelledby="company-detail-heading"
      data-testid="company-detail"
      data-tenant-id={company.tenantId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onLeave();
        }
      }}
    >
      <CloseButton label={detail.close} onClose={onClose} />
      <h3 id="company-detail-heading" ref={headingRef} tabIndex={-1} dir="auto">
        {name}
      </h3>
      <p className="status-line">
        <span className="visually-hidden">{texts.statusLabel} </span>
        <span className={`status-badge status-${company.status}`} data-testid="company-status">
          {texts.statuses[company.status]}
        </span>
      </p>
      {(reason || fortnoxSaid) && (
        <p className="company-reason" data-testid="company-reason">
          {reason?.text}
          {fortnoxSaid && (
            <>
              {' '}
              <span className="untrusted">
                {texts.fortnoxSaid} <span dir="auto">{fortnoxSaid}</span>
              </span>
            </>
          )}
        </p>
      )}
      {company.status === 'access_only' && company.accessTokenExpiresAt !== null && (
        <p className="company-reason" data-testid="company-access-only">
          {texts.accessOnlyEnds} <RelativeTime at={company.accessTokenExpiresAt} now={now} language={language} />
        </p>
      )}
      {testFeedback && (
        <p className={`row-feedback tone-${testFeedback.tone}`} data-testid="company-test-result">
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
        <p className={`row-feedback tone-${otherFeedback.tone}`} data-testid="company-feedback">
          {otherFeedback.text}
        </p>
      )}

      <div className="detail-actions" role="group" aria-label={detail.actions}>
        <button type="button" className="small" disabled={feedback?.kind === 'testing'} onClick={() => actions.onTest(company)}>
          {texts.actions.test}
        </button>
        <button type="button" className="small" onClick={() => actions.onCopy(company)}>
          {texts.actions.copy}
        </button>
        <button type="button" className={accessOnly || company.status === 'needs_reconnect' ? 'small primary' : 'small'} onClick={() => actions.onReconnect(company)}>
          {accessOnly ? texts.actions.reconnectOffline : texts.actions.reconnect}
        </button>
        <button type="button" className="small" onClick={() => actions.onReconnectOtherScopes(company)}>
          {texts.actions.reconnectOtherScopes}
        </button>
      </div>

      <h4>{detail.identity}</h4>
      <dl className="detail-facts">
        <dt>{messages.companyTable.columns.organizationNumber}</dt>
        <dd>{company.organizationNumber ?? texts.noOrganizationNumber}</dd>
        <dt>{messages.companyTable.columns.databaseNumber}</dt>
        <dd>{company.tenantId}</dd>
        <dt>{detail.accountType}</dt>
        <dd>
          {texts.accountTypes[company.accountType]}
          {keptAlive && (
            <span className="hint" data-testid="company-kept-alive">
              {' '}
              ({keptAlive})
            </span>
          )}
        </dd>
      </dl>

      <h4>{detail.granted}</h4>
      {scopes.granted.length > 0 ? <ScopeList names={scopes.granted} language={language} testId="detail-granted" /> : <p>{texts.noScopes}</p>}
      {scopes.notGranted.length > 0 && (
        <div className="scope-missing">
          <h4>
            <span aria-hidden="true">⚠ </span>
            {detail.notGranted}
          </h4>
          <ScopeList names={scopes.notGranted} language={language} testId="detail-not-granted" />
        </div>
      )}
      {scopes.notRequested.length > 0 && (
        <div className="scope-extra">
          <h4>{detail.notRequested}</h4>
          <ScopeList names={scopes.notRequested} language={language} testId="detail-not-requested" />
        </div>
      )}

      <h4>{detail.times}</h4>
      <dl className="detail-facts">
        <dt>{texts.connectedAt}</dt>
        <dd>
          <RelativeTime at={company.connectedAt} now={now} language={language} />
        </dd>
        <dt>{texts.lastRefreshed}</dt>
        <dd>{company.lastRefreshedAt === null ? texts.neverRefreshed : <RelativeTime at={company.lastRefreshedAt} now={now} language={language} />}</dd>
        {company.lastTest && (
          <>
            <dt>{texts.lastTested}</dt>
            <dd>
              <RelativeTime at={company.lastTest.at} now={now} language={language} />
              {texts.lastTestResult(company.lastTest.ok)}
            </dd>
          </>
        )}
        {renew && (
          <>
            <dt>{messages.companyTable.columns.renewBy}</dt>
            <dd className={renew.soon ? 'renew-soon' : undefined} data-testid="detail-renew-by">
              {renew.text}
              {renew.soon && <span className="hint"> {texts.renewSoon}</span>}
            </dd>
          </>
        )}
      </dl>

      <div className="detail-danger" role="group" aria-label={detail.danger}>
        <button type="button" className="small danger" onClick={() => actions.onDisconnect(company)}>
          {texts.actions.disconnect}
        </button>
      </div>
    </aside>
  );
}
