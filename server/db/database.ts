/**
 * The firm server's view of its database: PostgreSQL through node-postgres (`DATABASE_URL`), or the
 * embedded PGlite in a data folder. Everything above this file speaks plain SQL with `$1` parameters,
 * so the same code and the same migrations run on both.
 */

/** The rows and count of one statement. */
export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated, deleted or returned (0 when the driver gives none). */
  rowCount: number;
}

/** Something that runs one statement: the database itself, or one transaction's connection. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** An open database. */
export interface Database extends Queryable {
  /**
   * `postgres`: several connections and possibly several processes, so cross-process locks
   * (row locks, advisory locks, `SKIP LOCKED`) are what serialises work. `pglite`: one connection in
   * one process that holds the data folder's lock, so transactions are serialised and an in-process
   * lock is enough; a transaction held open blocks every other statement.
   */
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
   * throws (the error is rethrown). A connection lost mid-transaction rolls back on the server and
   * releases its locks.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes every connection (and the folder lock for PGlite). */
  close(): Promise<void>;
}
