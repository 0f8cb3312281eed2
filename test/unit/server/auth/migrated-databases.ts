import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
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

/** Every table the firm server's connection and tool tests write, for `TRUNCATE … CASCADE`. */
export const FIRM_TABLES = 'users, sessions, pairing_codes, audit, integration_keys, companies, company_tokens, fortnox_request_slots';

/**
 * One migrated PGlite for the tests of a file (or of the `describe` it is called in): opened
 * before them, closed after, and with `emptyBeforeEach` those tables truncated before each test.
 * The database returned stands for the one open at the time, so a test and its set-up use it as
 * they would a variable assigned in `beforeAll`.
 */
export function useMigratedPglite(options: { emptyBeforeEach?: string } = {}): Database {
  let open: MigratedDatabase | undefined;
  const current = (): MigratedDatabase => {
    if (!open) throw new Error('the test database is open only while the tests run');
    return open;
  };
  beforeAll(async () => {
    open = await openMigratedPglite();
  }, 60_000);
  afterAll(async () => {
    await open?.close();
    open = undefined;
  });
  const { emptyBeforeEach } = options;
  if (emptyBeforeEach !== undefined) {
    beforeEach(async () => {
      await current().query(`TRUNCATE ${emptyBeforeEach} CASCADE`);
    });
  }
  return {
    get kind() {
      return current().kind;
    },
    query: (sql, params) => current().query(sql, params),
    transaction: (work) => current().transaction(work),
    close: () => current().close(),
  };
}
