import type { Messages } from '../i18n/messages';

/** What a bulk action is doing or did, for the bar's status line. */
export type BulkStatus =
  | { kind: 'idle' }
  | { kind: 'testing'; done: number; total: number }
  | { kind: 'tested'; ok: number; total: number; failedNames: string[] }
  | { kind: 'exporting' }
  | { kind: 'message'; text: string; problem: boolean };

interface CompanyBulkBarProps {
  selectedCount: number;
  shownCount: number;
  status: BulkStatus;
  messages: Messages;
  /** Absent while bulk reconnect is not available (no batch to run it in). */
  onReconnect?: () => void;
  onTest: () => void;
  onExport: () => void;
  onSelectAll: () => void;
  onClearSelection: () => void;
}

/** The line under a bulk test: the summary, then the companies that failed. */
function statusText(status: BulkStatus, messages: Messages): { text: string; problem: boolean } | null {
  const texts = messages.companyTable.bulk;
  switch (status.kind) {
    case 'idle':
      return null;
    case 'testing':
      return { text: texts.testing(status.done, status.total), problem: false };
    case 'tested': {
      const summary = texts.tested(status.ok, status.total);
      return { text: status.failedNames.length > 0 ? `${summary} ${texts.failedList(status.failedNames.join(', '))}` : summary, problem: status.failedNames.length > 0 };
    }
    case 'exporting':
      return { text: texts.exporting, problem: false };
    case 'message':
      return { text: status.text, problem: status.problem };
  }
}

/**
 * The selection and what can be done with it: how many are selected, select all or none, test
 * the selected companies, reconnect them as a batch, and export them (or, with nothing selected,
 * every company shown) as CSV. Its status line is a live region: the bulk test's progress and
 * summary are announced.
 */
export function CompanyBulkBar(props: CompanyBulkBarProps) {
  const { selectedCount, shownCount, status, messages } = props;
  const texts = messages.companyTable;
  const busy = status.kind === 'testing' || status.kind === 'exporting';
  const line = statusText(status, messages);
  return (
    <div className="company-bulk" role="group" aria-label={texts.bulk.label} data-testid="company-bulk">
      <span className="bulk-count" data-testid="selected-count">
        {texts.selectedCount(selectedCount)}
      </span>
      {selectedCount < shownCount && (
        <button type="button" className="small secondary" onClick={props.onSelectAll}>
          {texts.selectAll}
        </button>
      )}
      {selectedCount > 0 && (
        <button type="button" className="small secondary" onClick={props.onClearSelection}>
          {texts.clearSelection}
        </button>
      )}
      <span className="bulk-actions">
        <button type="button" className="small" disabled={selectedCount === 0 || busy} onClick={props.onTest}>
          {texts.bulk.test(selectedCount)}
        </button>
        {props.onReconnect && (
          <button type="button" className="small" disabled={selectedCount === 0 || busy} onClick={props.onReconnect}>
            {texts.bulk.reconnect(selectedCount)}
          </button>
        )}
        <button type="button" className="small" disabled={busy} onClick={props.onExport}>
          {selectedCount > 0 ? texts.bulk.exportSelected(selectedCount) : texts.bulk.exportAll}
        </button>
      </span>
      <p className={line?.problem ? 'bulk-status problem' : 'bulk-status'} role="status" data-testid="bulk-status">
        {line?.text ?? ''}
      </p>
    </div>
  );
}
