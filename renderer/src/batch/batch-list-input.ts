import { parseClientList, type ClientImportResult } from '../../../shared/client-import';
import { CLIENT_IMPORT_MAX_BYTES } from '../../../shared/client-import-limits';
import type { BatchEntryInput } from '../../../shared/batch-contract';
import { BATCH_ENTRIES_LIMIT } from '../clients/missing-clients';

/** What the start form made of the pasted or chosen list. */
export type BatchListInput =
  | { kind: 'empty' }
  | { kind: 'read'; entries: BatchEntryInput[]; result: Extract<ClientImportResult, { ok: true }> }
  | { kind: 'refused'; result: Extract<ClientImportResult, { ok: false }> }
  /** More companies than one batch takes (the import allows more): said before starting, the text kept. */
  | { kind: 'too-many'; count: number; max: number };

/**
 * Reads the list with the client import's parser (shared/client-import.ts): canonical numbers,
 * names, and a problem per line that was not taken. Blank text is no list at all (open mode). A
 * list of more companies than one batch takes is `too-many`, so the form says so before starting
 * (batch:start would refuse it with nothing more specific than a failed start).
 */
export function readBatchList(text: string): BatchListInput {
  if (text.trim() === '') return { kind: 'empty' };
  const result = parseClientList(text);
  if (!result.ok) return { kind: 'refused', result };
  if (result.clients.length > BATCH_ENTRIES_LIMIT) return { kind: 'too-many', count: result.clients.length, max: BATCH_ENTRIES_LIMIT };
  const entries = result.clients.map((client) => (client.name ? { orgNumber: client.orgNumber, name: client.name } : { orgNumber: client.orgNumber }));
  return { kind: 'read', entries, result };
}

/** True when a chosen file may be read at all (it fits the import's size limit). */
export function fileFits(size: number): boolean {
  return size <= CLIENT_IMPORT_MAX_BYTES;
}
