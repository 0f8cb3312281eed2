import { memo, type CSSProperties, type MouseEvent } from 'react';
import type { CompanySummary } from '../../../shared/ipc-contract';
import { MenuButton, type MenuEntry } from '../common/MenuButton';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { isAccessOnly } from './access-only';
import { feedbackText, type RowFeedback } from './company-feedback';
import { asHeading, companyLabel } from './company-label';
import { clickMode, type ClickMode } from './company-selection';
import { renewByCell } from './renew-by-text';
import { scopeDifference, scopesDiffer } from './scope-difference';
import { scopeLabels } from './scope-labels';

/** What a row, its primary button and its "⋯" menu can ask for; stable handlers, so rows re-render only for their own data. */
export interface CompanyRowActions {
  onTest: (company: CompanySummary) => void;
  onReconnect: (company: CompanySummary) => void;
  onReconnectOtherScopes: (company: CompanySummary) => void;
  onDisconnect: (company: CompanySummary) => void;
  onCopy: (company: CompanySummary) => void;
  /** A click on the row itself (not on its buttons), with how it chooses. */
  onChoose: (tenantId: string, mode: ClickMode) => void;
}

interface CompanyTableRowProps {
  company: CompanySummary;
  /** Position in the list as shown (0-based); the header is row 1 for assistive technology. */
  index: number;
  selected: boolean;
  /** The row with the keyboard focus stop (and the detail pane). */
  tabbable: boolean;
  feedback: RowFeedback | undefined;
  messages: Messages;
  language: Language;
  now: number;
  actions: CompanyRowActions;
  /** Where the virtualiser placed the row. */
  start: number;
  measure: (element: HTMLElement | null) => void;
}

/** True when the row's one primary action is Reconnect: the company cannot work until it is signed in again. */
export function needsReconnectAction(company: CompanySummary): boolean {
  return company.status === 'needs_reconnect' || isAccessOnly(company);
}

/** The "⋯" menu's entries: Disconnect last, apart from the rest, and never next to Copy. */
export function rowMenuEntries(company: CompanySummary, messages: Messages, actions: CompanyRowActions, testing: boolean): MenuEntry[] {
  const texts = messages.companies.actions;
  return [
    { id: 'test', label: texts.test, disabled: testing, onSelect: () => actions.onTest(company) },
    { id: 'copy', label: texts.copy, onSelect: () => actions.onCopy(company) },
    { id: 'reconnect', label: isAccessOnly(company) ? texts.reconnectOffline : texts.reconnect, onSelect: () => actions.onReconnect(company) },
    { id: 'other-scopes', label: texts.reconnectOtherScopes, onSelect: () => actions.onReconnectOtherScopes(company) },
    { id: 'disconnect', label: texts.disconnect, danger: true, separated: true, onSelect: () => actions.onDisconnect(company) },
  ];
}

/**
 * One company as one dense table row (about 40 px): name, organisation number, database number,
 * status, permissions by name, renew-by date, and its actions: Reconnect when it needs one, the
 * rest in the "⋯" menu. Long texts are cut with an ellipsis and kept whole in their tooltips; the
 * detail pane has everything in full.
 */
export const CompanyTableRow = memo(function CompanyTableRow(props: CompanyTableRowProps) {
  const { company, index, selected, tabbable, feedback, messages, language, now, actions } = props;
  const texts = messages.companies;
  const table = messages.companyTable;
  const name = asHeading(companyLabel(company, messages));
  // By position, like the row's key: a row that comes to show another company keeps its ids.
  const nameId = `company-row-${index}-name`;
  const difference = scopeDifference(company.requestedScopes, company.grantedScopes);
  const scopes = difference.granted.length > 0 ? scopeLabels(difference.granted, language) : texts.noScopes;
  const renew = renewByCell(company, now, language, messages);
  const shown = feedback ? feedbackText(feedback, messages) : null;
  const testing = feedback?.kind === 'testing';
  const style: CSSProperties = { transform: `translateY(${props.start}px)` };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).closest('button')) return;
    actions.onChoose(company.tenantId, clickMode(event));
  };

  return (
    <div
      ref={props.measure}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      className={`company-table-row status-${company.status}${selected ? ' selected' : ''}`}
      style={style}
      data-index={index}
      data-testid="company-row"
      data-tenant-id={company.tenantId}
      data-status={company.status}
      onClick={onClick}
    >
      <div role="gridcell" className="cell cell-name">
        <span id={nameId} className="company-name" dir="auto" title={name}>
          {name}
        </span>
      </div>
      <div role="gridcell" className="cell cell-number">
        {company.organizationNumber ?? <span className="muted">{texts.noOrganizationNumber}</span>}
      </div>
      <div role="gridcell" className="cell cell-number">
        {company.tenantId}
      </div>
      <div role="gridcell" className="cell cell-status">
        <span className={`status-badge status-${company.status}`} data-testid="company-status">
          {texts.statuses[company.status]}
        </span>
        {shown && (
          <span className={`row-mark tone-${shown.tone}`} data-testid="company-row-feedback" title={shown.text}>
            <span aria-hidden="true">{shown.tone === 'ok' ? '✓' : shown.tone === 'problem' ? '⚠' : '…'}</span>
            <span className="visually-hidden">{shown.text}</span>
          </span>
        )}
      </div>
      <div role="gridcell" className="cell cell-scopes" title={scopes}>
        {scopesDiffer(difference) && difference.notGranted.length > 0 && (
          <span className="scope-missing" aria-hidden="true">
            ⚠{' '}
          </span>
        )}
        {scopes}
      </div>
      <div role="gridcell" className={renew.soon ? 'cell cell-renew renew-soon' : 'cell cell-renew'}>
        {renew.title ? (
          <span data-testid="company-renew-by" data-soon={renew.soon ? 'true' : 'false'} title={renew.title}>
            <span aria-hidden="true">
              {renew.soon && '⚠ '}
              {renew.text}
            </span>
            {/* The whole sentence for screen readers: "Förnya senast 9 december 2026". */}
            <span className="visually-hidden">{renew.title}</span>
          </span>
        ) : (
          renew.text
        )}
      </div>
      <div role="gridcell" className="cell cell-actions">
        {needsReconnectAction(company) && (
          // Always the short "Anslut igen" on the row, so the actions column stays narrow; for an
          // access-only company the name (and tooltip) says the rest: "… med offlineåtkomst".
          <button
            type="button"
            className="small"
            tabIndex={tabbable ? 0 : -1}
            aria-label={isAccessOnly(company) ? texts.actions.reconnectOffline : undefined}
            title={isAccessOnly(company) ? texts.actions.reconnectOffline : undefined}
            aria-describedby={nameId}
            onClick={() => actions.onReconnect(company)}
          >
            {texts.actions.reconnect}
          </button>
        )}
        <MenuButton
          // The row element is reused for another company when the list changes (it is keyed by
          // position); an open menu belongs to its company, so it closes when the company changes.
          // Not a key: remounting the button made every filter keystroke rebuild each row's button.
          resetKey={company.tenantId}
          label={table.moreActions(name)}
          menuLabel={table.menuLabel(name)}
          entries={rowMenuEntries(company, messages, actions, testing)}
          className="small menu-trigger"
          tabIndex={tabbable ? 0 : -1}
          testId="company-more"
        />
      </div>
    </div>
  );
});
