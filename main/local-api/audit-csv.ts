import type { AuditEntry } from '../../shared/audit-entry';
import type { Language } from '../../shared/ui-language';

/**
 * The audit log as CSV (RFC 4180: CRLF line ends, a field quoted when it holds a separator, a
 * quote or a line break, quotes doubled). Hand-written: a few lines, and the escaping against
 * spreadsheet formula injection is the security-relevant part.
 */

/** The list separators used: `;` is Swedish Excel's (a comma is the decimal mark there), `,` English. */
export type CsvSeparator = ',' | ';';

/** The separator a spreadsheet in this language splits a double-clicked CSV file on. */
export function csvSeparatorFor(language: Language): CsvSeparator {
  return language === 'sv' ? ';' : ',';
}

/** The columns, in order; the header row names them. */
export const AUDIT_CSV_COLUMNS = [
  'time',
  'database_number',
  'company',
  'key_name',
  'key_id',
  'kind',
  'method',
  'path',
  'status',
  'error_code',
  'duration_ms',
  'bytes_in',
  'bytes_out',
  'complete',
  'count',
] as const;

/**
 * A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`) or that starts with a tab
 * or carriage return (which some strip before looking) gets a leading `'`, so it stays text
 * (OWASP "CSV Injection"). Key and company names are chosen by people and Fortnox, so they can
 * start with anything.
 */
export function defuseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * One RFC 4180 field: defused, then quoted when it has to be. A field holding either separator is
 * quoted, whichever is in use, so a file opened with the other one still keeps its columns.
 */
export function csvField(value: string): string {
  const safe = defuseCsvCell(value);
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record, CRLF-terminated. */
export function csvRecord(values: readonly string[], separator: CsvSeparator = ','): string {
  return `${values.map(csvField).join(separator)}\r\n`;
}

/** The header record. */
export function auditCsvHeader(separator: CsvSeparator = ','): string {
  return csvRecord(AUDIT_CSV_COLUMNS, separator);
}

/**
 * One entry as a CSV record; `companyName` looks up the company's current name, and when it is no
 * longer connected, the name the entry recorded at the time is used.
 */
export function auditCsvRow(entry: AuditEntry, companyName: (tenantId: string) => string | null | undefined, separator: CsvSeparator = ','): string {
  return csvRecord(
    [
      new Date(entry.at).toISOString(),
      entry.tenantId ?? '',
      entry.tenantId === null ? '' : (companyName(entry.tenantId) ?? entry.companyName ?? ''),
      entry.keyName ?? '',
      entry.keyId ?? '',
      entry.kind,
      entry.method,
      entry.path ?? '',
      String(entry.status),
      entry.errorCode ?? '',
      String(entry.durationMs),
      String(entry.bytesIn),
      String(entry.bytesOut),
      entry.complete ? 'yes' : 'no',
      // A minute's refusals without a valid key are one line with their count; every other line is one event.
      String(entry.count ?? 1),
    ],
    separator,
  );
}

/** Entries as a whole CSV text, header first. */
export function auditCsv(entries: readonly AuditEntry[], companyName: (tenantId: string) => string | null | undefined, separator: CsvSeparator = ','): string {
  return auditCsvHeader(separator) + entries.map((entry) => auditCsvRow(entry, companyName, separator)).join('');
}
