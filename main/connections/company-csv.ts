import type { CompanySummary } from '../../shared/ipc-contract';
import { renewBy } from '../../shared/renew-by';
import type { Language } from '../../shared/ui-language';
import { csvRecord, csvSeparatorFor, type CsvSeparator } from '../local-api/audit-csv';
import type { Logger } from '../logging/logger';
import type { SaveFilePort } from '../storage/save-file-port';

/**
 * The company list as CSV (issue 9 item 3), through the same RFC 4180 writer, formula escaping,
 * separator choice and save dialog as the Activity export (main/local-api/audit-csv.ts).
 */

/** The columns, in order; the header row names them (machine-readable, as the Activity export's). */
export const COMPANY_CSV_COLUMNS = [
  'name',
  'organisation_number',
  'database_number',
  'status',
  'status_issue',
  'account_type',
  'granted_scopes',
  'requested_scopes',
  'connected_at',
  'last_refreshed_at',
  'renew_by',
] as const;

function isoOrBlank(at: number | null): string {
  return at === null ? '' : new Date(at).toISOString();
}

/** One company as a CSV record; the renew-by column is the 45-day deadline's date, "not_needed", or blank. */
export function companyCsvRow(company: CompanySummary, now: number, separator: CsvSeparator = ','): string {
  const renew = renewBy(company, now);
  return csvRecord(
    [
      company.companyName ?? '',
      company.organizationNumber ?? '',
      company.tenantId,
      company.status,
      company.statusIssue ?? '',
      company.accountType,
      company.grantedScopes.join(' '),
      company.requestedScopes.join(' '),
      isoOrBlank(company.connectedAt),
      isoOrBlank(company.lastRefreshedAt),
      renew.kind === 'date' ? new Date(renew.at).toISOString().slice(0, 10) : renew.kind === 'kept-alive' ? 'not_needed' : '',
    ],
    separator,
  );
}

/** The whole file: a UTF-8 byte order mark (so Excel reads å, ä and ö), the header, one row per company. */
export function companiesCsv(companies: readonly CompanySummary[], now: number, language: Language): string {
  const separator = csvSeparatorFor(language);
  return `\uFEFF${csvRecord(COMPANY_CSV_COLUMNS, separator)}${companies.map((company) => companyCsvRow(company, now, separator)).join('')}`;
}

/** What an export needs. */
export interface CompanyExportDeps {
  /** One company's summary, undefined once it is disconnected. */
  company: (tenantId: string) => CompanySummary | undefined;
  save: SaveFilePort | undefined;
  now: () => number;
  log: Logger;
}

/** The day in a file name, as the Activity export names its files. */
function day(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/**
 * Saves the companies named by `tenantIds`, in that order (the list's), as CSV where the user
 * chooses; companies disconnected meanwhile are left out. Never throws: a failed write says so.
 */
export async function exportCompaniesCsv(
  deps: CompanyExportDeps,
  tenantIds: readonly string[],
  language: Language,
): Promise<{ saved: boolean; rows: number; failed: boolean }> {
  if (!deps.save) return { saved: false, rows: 0, failed: true };
  const companies = [...new Set(tenantIds)].map(deps.company).filter((company): company is CompanySummary => company !== undefined);
  const now = deps.now();
  const text = companiesCsv(companies, now, language);
  try {
    const saved = await deps.save.save(`fortnox-connector-companies-${day(now)}.csv`, (async function* () {
      yield text;
    })());
    return { saved, rows: saved ? companies.length : 0, failed: false };
  } catch (error) {
    deps.log.warn('company export could not be written', { error: error instanceof Error ? error.name : typeof error });
    return { saved: false, rows: 0, failed: true };
  }
}
