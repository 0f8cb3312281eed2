/**
 * `Database` over PGlite (PostgreSQL compiled to WebAssembly) in a data folder: the single-process
 * deployment without a database server. One connection: statements and transactions run one at a
 * time, and a transaction held open blocks every other statement. The folder is locked so a second
 * process cannot open it (folder-lock.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite, types, type Results, type Transaction } from '@electric-sql/pglite';
import { PG_OID, asBuffer, parseInt8 } from './column-types';
import type { Database, QueryResult, Queryable } from './database';
import { lockDataFolder, type DataFolderLockLostError } from './folder-lock';

export { DataFolderInUseError, DataFolderLockLostError } from './folder-lock';

export interface PgliteOptions {
  /** See FolderLockOptions.staleMillis (default 10 s). */
  lockStaleMillis?: number;
  /** Called if the folder lock is lost while open; the default throws (crashing the process). */
  onLockLost?: (error: DataFolderLockLostError) => void;
}

const byteaParser = types.parsers[PG_OID.bytea] as (text: string) => Uint8Array;

/** The same JS types as node-postgres (column-types.ts); array types reuse these element parsers. */
const parsers = {
  [PG_OID.int8]: parseInt8,
  [PG_OID.bytea]: (text: string) => asBuffer(byteaParser(text)),
};

/**
 * Opens (creating on first use) the database in `dataDir`, a folder path, after taking its lock.
 * Throws `DataFolderInUseError` when another process holds the folder.
 */
export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<Database> {
  if (dataDir.includes('://')) throw new Error('openPglite takes a folder path, not a URL.');
  const lock = await lockDataFolder(dataDir, {
    ...(options.lockStaleMillis !== undefined && { staleMillis: options.lockStaleMillis }),
    ...(options.onLockLost && { onLost: options.onLockLost }),
  });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(lock.folder, { parsers });
  } catch (error) {
    await lock.release();
    throw error;
  }
  // Which transaction the current async context runs in: a statement on the database itself from
  // inside a transaction would wait for that transaction forever (one connection), so it is refused.
  const inTransaction = new AsyncLocalStorage<true>();
  let closing: Promise<void> | undefined;

  return {
    kind: 'pglite',
    query<Row>(sql: string, params?: readonly unknown[]) {
      if (inTransaction.getStore()) {
        return Promise.reject(
          new Error('PGlite has one connection: inside a transaction, run statements on its `tx`, not on the database.'),
        );
      }
      return run<Row>(pglite, sql, params);
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction((transaction) => {
        let open = true;
        const tx: Queryable = {
          query: <Row>(sql: string, params?: readonly unknown[]) => {
            if (!open) return Promise.reject(new Error('This transaction has ended; run the statement in a new one.'));
            return run<Row>(transaction, sql, params);
          },
        };
        return inTransaction.run(true, () => work(tx)).finally(() => {
          open = false;
        });
      });
    },
    close() {
      closing ??= (async () => {
        try {
          await pglite.close();
        } finally {
          await lock.release();
        }
      })();
      return closing;
    },
  };
}

/**
 * One statement. Without parameters `exec` (the simple protocol) runs it, so `sql` may hold several
 * statements (a migration file) and the result is the last one's, as with node-postgres.
 */
async function run<Row>(on: PGlite | Transaction, sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
  let result: Results<Row> | undefined;
  if (params === undefined || params.length === 0) {
    const results = (await on.exec(sql)) as Results<Row>[];
    result = results[results.length - 1];
  } else {
    result = await on.query<Row>(sql, [...params]);
  }
  return { rows: result?.rows ?? [], rowCount: result?.rowCount ?? result?.affectedRows ?? 0 };
}
