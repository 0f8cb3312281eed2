import { z } from 'zod';
import type { ClientFileProblem } from '../../shared/client-contract';
import { CLIENT_LIST_MAX } from '../../shared/client-list-rules';
import { cleanTextSchema, epochMsSchema } from '../../shared/company-record';
import { CANONICAL_ORG_NUMBER } from '../../shared/org-number';
import { COMPANY_NAME_MAX } from '../../shared/text-limits';
import type { Logger } from '../logging/logger';
import { createVersionedJsonFile, type VersionedJsonFile } from '../storage/versioned-json-file';

/** The version of `clients.json` this build writes. */
export const CLIENTS_FILE_VERSION = 1;

/** About 120 bytes a client: 4 MiB is far above the 10,000 clients kept; a larger file is refused unread. */
export const CLIENTS_FILE_MAX_BYTES = 4 * 1024 * 1024;

/** One client as stored: no state (that is worked out from the connected companies when read). */
export const clientRecordSchema = z.strictObject({
  orgNumber: z.string().regex(CANONICAL_ORG_NUMBER),
  name: cleanTextSchema(COMPANY_NAME_MAX).nullable(),
  addedAt: epochMsSchema,
  /** When a batch skipped it; cleared when a batch takes it up again. */
  skippedAt: epochMsSchema.nullable(),
});

/** `clients.json`. */
export const clientsDocumentSchema = z.strictObject({
  version: z.literal(CLIENTS_FILE_VERSION),
  clients: z.array(clientRecordSchema).max(CLIENT_LIST_MAX),
});

/** A stored client. */
export type ClientRecord = z.infer<typeof clientRecordSchema>;

/** What loading gives: the clients, and why the file was not read when it was not (the list is then empty). */
export interface LoadedClients {
  clients: ClientRecord[];
  problem: ClientFileProblem | null;
}

/** Where the client list is kept: `clients.json`, or memory in tests and where no file is wired. */
export interface ClientStore {
  load(): Promise<LoadedClients>;
  save(records: readonly ClientRecord[]): Promise<void>;
}

/**
 * The client list in `clients.json`: a versioned JSON file like `companies.json` and
 * `tool-keys.json` (atomic, serialized saves; a damaged file moved aside and the list started
 * empty, a newer one left untouched: see main/storage/versioned-json-file.ts). Organisation
 * numbers and names only, nothing secret.
 */
export function clientFileStore(options: { filePath: string; now: () => Date; log: Logger }): ClientStore {
  const file: VersionedJsonFile<z.infer<typeof clientsDocumentSchema>> = createVersionedJsonFile({
    filePath: options.filePath,
    currentVersion: CLIENTS_FILE_VERSION,
    schema: clientsDocumentSchema,
    migrations: {},
    empty: () => ({ version: CLIENTS_FILE_VERSION, clients: [] }),
    now: options.now,
    log: options.log,
    maxBytes: CLIENTS_FILE_MAX_BYTES,
  });
  return {
    load: async () => {
      const { value, problem } = await file.load();
      return {
        clients: value.clients,
        problem: problem ? { kind: problem.kind, filePath: options.filePath, backupPath: problem.backupPath ?? null } : null,
      };
    },
    save: (records) => file.save({ version: CLIENTS_FILE_VERSION, clients: [...records] }),
  };
}

/** A client list kept in memory only (no data folder: unit tests, a host that wires no file). */
export function memoryClientStore(initial: readonly ClientRecord[] = []): ClientStore & { saved: ClientRecord[][] } {
  const saved: ClientRecord[][] = [];
  let current = [...initial];
  return {
    saved,
    load: () => Promise.resolve({ clients: [...current], problem: null }),
    save: (records) => {
      current = [...records];
      saved.push(current);
      return Promise.resolve();
    },
  };
}
