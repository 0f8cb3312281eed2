import { parseClientList, type ClientImportResult } from '../../../shared/client-import';
import { CLIENT_IMPORT_MAX_BYTES } from '../../../shared/client-import-limits';
import type { BatchEntryInput } from '../../../shared/batch-contract';

/** What the start form made of the pasted or chosen list. */
export type BatchListInput =
  | { kind: 'empty' }
  | { kind: 'read'; entries: BatchEntryInput[]; result: Extract<ClientImportResult, { ok: true }> }
  | { kind: 'refused'; result: Extract<ClientImportResult, { ok: false }> };

/**
 * Reads the list with the client import's parser (shared/client-import.ts): canonical numbers,
 * names, and a problem per line that was not taken. Blank text is no list at all (open mode).
 */
export function readBatchList(text: string): BatchListInput {
  if (text.trim() === '') return { kind: 'empty' };
  const result = parseClientList(text);
  if (!result.ok) return { kind: 'refused', result };
  const entries = result.clients.map((client) => (client.name ? { orgNumber: client.orgNumber, name: client.name } : { orgNumber: client.orgNumber }));
  return { kind: 'read', entries, result };
}

/** True when a chosen file may be read at all (it fits the import's size limit). */
export function fileFits(size: number): boolean {
  return size <= CLIENT_IMPORT_MAX_BYTES;
}
