import type { AuditEntry } from '../../shared/audit-entry';

/**
 * The audit log as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, a quote or a line break, quotes doubled). Hand-written: a few lines, and the escaping
 * against spreadsheet formula injection is the security-relevant part.
 */

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
  'duration_ms',
  'bytes_in',
  'bytes_out',
  'complete',
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

/** One RFC 4180 field: defused, then quoted when it has to be. */
export function csvField(value: string): string {
  const safe = defuseCsvCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record, CRLF-terminated. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The header record. */
export function auditCsvHeader(): string {
  return csvRecord(AUDIT_CSV_COLUMNS);
}

/** One entry as a CSV record; `companyName` looks up the company's current name. */
export function auditCsvRow(entry: AuditEntry, companyName: (tenantId: string) => string | null | undefined): string {
  return csvRecord([
    new Date(entry.at).toISOString(),
    entry.tenantId ?? '',
    entry.tenantId === null ? '' : (companyName(entry.tenantId) ?? ''),
    entry.keyName ?? '',
    entry.keyId ?? '',
    entry.kind,
    entry.method,
    entry.path ?? '',
    String(entry.status),
    String(entry.durationMs),
    String(entry.bytesIn),
    String(entry.bytesOut),
    entry.complete ? 'yes' : 'no',
  ]);
}

/** Entries as a whole CSV text, header first. */
export function auditCsv(entries: readonly AuditEntry[], companyName: (tenantId: string) => string | null | undefined): string {
  return auditCsvHeader() + entries.map((entry) => auditCsvRow(entry, companyName)).join('');
}
