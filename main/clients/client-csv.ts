import type { ClientView } from '../../shared/client-contract';
import type { Language } from '../../shared/ui-language';
import { csvRecord, csvSeparatorFor } from '../local-api/audit-csv';
import { errorFields } from '../logging/error-fields';
import type { Logger } from '../logging/logger';
import type { SaveFilePort } from '../storage/save-file-port';

/**
 * The client list as CSV (issue 9 item 2), through the Activity export's RFC 4180 writer, formula
 * escaping, separator choice (`;` in Swedish, `,` in English) and save dialog
 * (main/local-api/audit-csv.ts, main/storage/save-file-port.ts). The header uses the same
 * machine-readable names as the other exports; the import reads them back.
 */

/** The columns, in order. */
export const CLIENT_CSV_COLUMNS = ['organisation_number', 'name', 'state', 'database_number'] as const;

/** The whole file: a UTF-8 byte order mark (so Excel reads å, ä and ö), the header, one row per client. */
export function clientsCsv(clients: readonly ClientView[], language: Language): string {
  const separator = csvSeparatorFor(language);
  const rows = clients.map((client) => csvRecord([client.orgNumber, client.name ?? '', client.state, client.tenantId ?? ''], separator));
  return `\uFEFF${csvRecord(CLIENT_CSV_COLUMNS, separator)}${rows.join('')}`;
}

/** What an export needs. */
export interface ClientExportDeps {
  save: SaveFilePort | undefined;
  now: () => number;
  log: Logger;
}

/** Saves `clients` (in the order given) where the user chooses. Never throws: a failed write says so. */
export async function exportClientsCsv(
  deps: ClientExportDeps,
  clients: readonly ClientView[],
  language: Language,
): Promise<{ saved: boolean; rows: number; failed: boolean }> {
  if (!deps.save) return { saved: false, rows: 0, failed: true };
  const text = clientsCsv(clients, language);
  const day = new Date(deps.now()).toISOString().slice(0, 10);
  try {
    const saved = await deps.save.save(`fortnox-connector-clients-${day}.csv`, (async function* () {
      yield text;
    })());
    return { saved, rows: saved ? clients.length : 0, failed: false };
  } catch (error) {
    deps.log.warn('client export could not be written', errorFields(error));
    return { saved: false, rows: 0, failed: true };
  }
}
