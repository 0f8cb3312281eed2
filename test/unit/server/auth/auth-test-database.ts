import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import type { Database, QueryResult, Queryable } from '../../../../server/db/database';

/**
 * An in-memory PGlite with every migration applied, for the auth tests' plain SQL.
 * TEMPORARY until the db helper's `openPglite` and `migrate` are on main; then this file opens
 * `openPglite(<temp folder>)` and runs `migrate(db)` instead. bigint as number, like the adapters.
 */
export async function openMigratedPglite(): Promise<Database> {
  const pglite = await PGlite.create('memory://', { parsers: { [types.INT8]: (text: string) => Number(text) } });
  const run = async <Row>(on: Pick<PGlite, 'query' | 'exec'>, sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
    if (!params || params.length === 0) {
      const results = await on.exec(sql);
      const last = results[results.length - 1];
      return { rows: (last?.rows ?? []) as Row[], rowCount: last?.affectedRows ?? 0 };
    }
    const result = await on.query<Row>(sql, [...params]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  const folder = join(import.meta.dirname, '../../../../server/db/migrations');
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.sql')).sort()) {
    await pglite.exec(readFileSync(join(folder, file), 'utf8'));
  }
  return {
    kind: 'pglite',
    query: (sql, params) => run(pglite, sql, params),
    transaction: (work) => pglite.transaction((transaction) => work({ query: (sql, params) => run(transaction, sql, params) } satisfies Queryable)),
    close: () => pglite.close(),
  };
}
