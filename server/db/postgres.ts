/**
 * `Database` over PostgreSQL through a node-postgres pool (`DATABASE_URL`): several connections,
 * possibly several replicas, so row locks and advisory locks are what serialise work.
 *
 * No `statement_timeout`/`lock_timeout` connection options: node-postgres sends them as startup
 * parameters, which PgBouncer refuses ("unsupported startup parameter"). Callers bound a statement with
 * `SET LOCAL lock_timeout = …` inside their transaction instead.
 */
import pg from 'pg';
import { PG_OID, mapArray, parseInt8 } from './column-types';
import type { Database, QueryResult, Queryable } from './database';

export interface PostgresOptions {
  /** Most connections this process opens (default 10). Replicas × max must stay under max_connections. */
  max?: number;
  /**
   * How long to wait for a connection, new or from a full pool, before failing (default 5 s).
   * node-postgres's own default waits forever.
   */
  connectionTimeoutMillis?: number;
  /** Shown in pg_stat_activity (default `fortnox-connector-server`). */
  applicationName?: string;
  /** How long an unused connection stays open (default 10 s). */
  idleTimeoutMillis?: number;
  /**
   * Told when a connection fails outside a statement (server restart, network cut, terminated backend)
   * while idle in the pool or between the statements of a transaction. The pool drops it; the
   * transaction's next statement fails. Such errors never crash the process.
   */
  onConnectionError?: (error: Error) => void;
}

/** node-postgres's built-in parsers, by plain oid. */
const defaultParser = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => (text: string) => unknown;
const int8ArrayText = defaultParser(PG_OID.int8Array, 'text') as (text: string) => (string | null)[];

/** The same JS types as PGlite (column-types.ts): int8 as a safe number instead of a string. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === PG_OID.int8) return parseInt8;
      if (oid === PG_OID.int8Array) return (text: string) => mapArray(int8ArrayText(text), parseInt8);
    }
    return defaultParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Opens a pool on `url`; connections are made on first use, so a wrong URL fails at the first query. */
export function openPostgres(url: string, options: PostgresOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 10_000,
    application_name: options.applicationName ?? 'fortnox-connector-server',
    types,
  });
  const reportConnectionError = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', reportConnectionError);
  let closing: Promise<void> | undefined;

  return {
    kind: 'postgres',
    query: <Row>(sql: string, params?: readonly unknown[]) => run<Row>(pool, sql, params),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A checked-out client has no pool listener: without this one its 'error' would be uncaught.
      client.on('error', reportConnectionError);
      let open = true;
      const tx: Queryable = {
        query: <Row>(sql: string, params?: readonly unknown[]) => {
          if (!open) return Promise.reject(new Error('This transaction has ended; run the statement in a new one.'));
          return run<Row>(client, sql, params);
        },
      };
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        open = false;
        client.off('error', reportConnectionError);
        client.release();
        return result;
      } catch (error) {
        open = false;
        let broken: Error | undefined;
        try {
          // After a failed COMMIT the server has already ended the transaction; ROLLBACK then only warns.
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        client.off('error', reportConnectionError);
        // A broken connection (the server rolls back on its own) is destroyed, never pooled again.
        client.release(broken);
        throw error;
      }
    },
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}

/**
 * One statement; without parameters node-postgres uses the simple protocol, so `sql` may hold several
 * statements (a migration file) and the result is the last one's, as with PGlite's `exec`.
 */
async function run<Row>(on: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
  const outcome = (await on.query(sql, params === undefined ? undefined : [...params])) as unknown as pg.QueryResult | pg.QueryResult[];
  const last = Array.isArray(outcome) ? outcome[outcome.length - 1] : outcome;
  return { rows: (last?.rows ?? []) as Row[], rowCount: last?.rowCount ?? 0 };
}
