import { AUDIT_PAGE_MAX, type AuditFilter, type AuditPage } from '../../shared/audit-entry';
import type { Language } from '../../shared/ui-language';
import type { SaveFilePort } from '../storage/save-file-port';
import { auditCsvHeader, auditCsvRow, csvSeparatorFor } from './audit-csv';
import { auditDay } from './audit-files';

/** Rows one export holds at most (about 200 MB of CSV); the result says when it was cut. */
export const AUDIT_EXPORT_MAX_ROWS = 1_000_000;

/** What an export needs. */
export interface AuditExportDeps {
  audit: { query(filter: AuditFilter, limit: number, cursor?: string): Promise<AuditPage> };
  save: SaveFilePort;
  /** A company's current name, for the company column. */
  companyName: (tenantId: string) => string | null | undefined;
  now: () => number;
  /** The app's language: Swedish gets `;` between cells (Swedish Excel's list separator), English `,`. */
  language: Language;
  maxRows?: number;
}

/** How an export ended. */
export interface AuditExportResult {
  saved: boolean;
  rows: number;
  /** True when there were more rows than one export holds. */
  truncated: boolean;
}

/**
 * Exports the entries that pass `filter`, newest first, as CSV through the save-file port. The
 * rows are produced page by page while the file is written. A UTF-8 byte order mark leads, so
 * Excel reads å, ä and ö right; the separator follows the app's language, so a double-clicked
 * file opens in columns in a Swedish Excel too.
 */
export async function exportAuditCsv(deps: AuditExportDeps, filter: AuditFilter): Promise<AuditExportResult> {
  const maxRows = deps.maxRows ?? AUDIT_EXPORT_MAX_ROWS;
  let rows = 0;
  let truncated = false;
  const separator = csvSeparatorFor(deps.language);
  async function* chunks(): AsyncGenerator<string> {
    yield `\uFEFF${auditCsvHeader(separator)}`;
    let cursor: string | undefined;
    for (;;) {
      const page = await deps.audit.query(filter, AUDIT_PAGE_MAX, cursor);
      let text = '';
      for (const entry of page.entries) {
        if (rows >= maxRows) {
          truncated = true;
          break;
        }
        text += auditCsvRow(entry, deps.companyName, separator);
        rows += 1;
      }
      if (text !== '') yield text;
      if (truncated || page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  }
  const suffix = filter.tenantId !== undefined ? `-${filter.tenantId}` : '';
  const saved = await deps.save.save(`fortnox-connector-activity${suffix}-${auditDay(deps.now())}.csv`, chunks());
  return { saved, rows: saved ? rows : 0, truncated: saved && truncated };
}
