import type { BatchEntryInput } from '../../../shared/batch-contract';
import type { ClientView } from '../../../shared/ipc-contract';

/**
 * The most entries one batch takes: BATCH_ENTRIES_MAX of shared/batch-contract.ts, repeated here
 * because that module carries zod, which stays out of the renderer's bundle (a test keeps the two equal).
 */
export const BATCH_ENTRIES_LIMIT = 1000;

/** What "Connect the missing ones" starts a batch with: the entries and how many were missing. */
export interface MissingClients {
  entries: BatchEntryInput[];
  missing: number;
}

/**
 * The clients not connected yet (not those needing a reconnect, nor those a batch skipped), in
 * the order given, as batch entries by organisation number with their names; at most one batch's
 * worth (BATCH_ENTRIES_LIMIT), the rest counted.
 */
export function missingClients(clients: readonly ClientView[], max = BATCH_ENTRIES_LIMIT): MissingClients {
  const missing = clients.filter((client) => client.state === 'not_connected');
  return {
    entries: missing.slice(0, max).map((client) => (client.name === null ? { orgNumber: client.orgNumber } : { orgNumber: client.orgNumber, name: client.name })),
    missing: missing.length,
  };
}
