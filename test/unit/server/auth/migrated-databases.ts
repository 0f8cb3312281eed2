import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';
import { openPostgres } from '../../../../server/db/postgres';
import { createTestDatabase } from '../../../support/postgres';

/** A database with every migration applied; `close` also removes what the test made (folder or database). */
export type MigratedDatabase = Database;

/** PGlite in a fresh temporary folder, migrated. */
export async function openMigratedPglite(): Promise<MigratedDatabase> {
  const folder = await mkdtemp(join(tmpdir(), 'fc-auth-'));
  const db = await openPglite(folder);
  await migrate(db);
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (work) => db.transaction(work),
    close: async () => {
      await db.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A database of its own on the test PostgreSQL cluster, migrated. */
export async function openMigratedPostgres(label: string, max = 10): Promise<MigratedDatabase> {
  const database = await createTestDatabase(label);
  const db = openPostgres(database.url, { max });
  await migrate(db);
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (work) => db.transaction(work),
    close: async () => {
      await db.close();
      await database.drop();
    },
  };
}
