import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/database';
import { MigrationError, migrate, readMigrations } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';
import { openPostgres } from '../../../../server/db/postgres';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';

const folders: string[] = [];
/** A migrations folder holding `files` (name → SQL). */
async function migrationsFolder(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'fc-migrations-'));
  folders.push(folder);
  for (const [name, sql] of Object.entries(files)) await writeFile(join(folder, name), sql);
  return folder;
}

const postgresDatabases: { database: TestDatabase; dbs: Database[] }[] = [];
/** A new, empty PostgreSQL database, opened `pools` times (each its own pool). */
async function freshPostgres(pools = 1): Promise<Database[]> {
  const database = await createTestDatabase('migrate');
  const dbs = Array.from({ length: pools }, () => openPostgres(database.url, { max: 2 }));
  postgresDatabases.push({ database, dbs });
  return dbs;
}

let pglite: Database;
let pgliteFolder: string;
/** The one PGlite of this file (a new one costs seconds), emptied. */
async function freshPglite(): Promise<Database> {
  await pglite.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  return pglite;
}

beforeAll(async () => {
  pgliteFolder = await mkdtemp(join(tmpdir(), 'fc-pglite-'));
  pglite = await openPglite(pgliteFolder);
}, 60_000);
afterAll(async () => {
  await pglite.close();
  await rm(pgliteFolder, { recursive: true, force: true });
});
afterEach(async () => {
  for (const { database, dbs } of postgresDatabases.splice(0)) {
    for (const db of dbs) await db.close();
    await database.drop();
  }
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/**
 * Tables, columns, indexes and constraints of the public schema, in a form both servers print alike.
 * PGlite is PostgreSQL 18, which also lists NOT NULL as constraints (contype 'n'); 15 does not, and
 * nullability is compared through the columns anyway.
 */
async function schemaOf(db: Database) {
  const columns = await db.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    [],
  );
  const indexes = await db.query("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2", []);
  const checks = await db.query(
    `SELECT conrelid::regclass::text AS table_name, conname, contype FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY 1, 2`,
    [],
  );
  return { columns: columns.rows, indexes: indexes.rows, constraints: checks.rows };
}

describe('migrate with the real migrations', () => {
  it('gives PGlite and PostgreSQL the same tables, columns, indexes and constraints', async () => {
    const [postgres] = await freshPostgres();
    const lite = await freshPglite();
    const onPostgres = await migrate(postgres!);
    const onPglite = await migrate(lite);
    const expected = (await readMigrations()).map(({ version, name }) => ({ version, name }));
    expect(expected[0]).toEqual({ version: 1, name: 'initial' });
    expect(onPostgres.applied).toEqual(expected);
    expect(onPglite.applied).toEqual(expected);
    expect(onPostgres.version).toBe(expected.at(-1)!.version);
    expect(onPostgres.durationMs).toBeGreaterThan(0);
    const postgresSchema = await schemaOf(postgres!);
    expect(postgresSchema.columns.map((c) => c.table_name)).toContain('company_tokens');
    expect(await schemaOf(lite)).toEqual(postgresSchema);
  }, 60_000);

  it('does nothing on a database that is up to date', async () => {
    const [db] = await freshPostgres();
    await migrate(db!);
    const again = await migrate(db!);
    expect(again.applied).toEqual([]);
    expect(again.version).toBe((await readMigrations()).at(-1)!.version);
  });
});

describe('migrate', () => {
  const twoTables = {
    '001_first.sql': 'CREATE TABLE first (id int PRIMARY KEY);',
    '002_second.sql': "CREATE TABLE second (id int PRIMARY KEY);\nINSERT INTO second VALUES (1);",
  };

  it('records version, name, checksum and time of each migration it applies', async () => {
    const [db] = await freshPostgres();
    const migrationsDir = await migrationsFolder(twoTables);
    await migrate(db!, { migrationsDir });
    const { rows } = await db!.query<{ version: number; name: string; checksum: string; applied_at: Date }>(
      'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows.map(({ version, name }) => ({ version, name }))).toEqual([
      { version: 1, name: 'first' },
      { version: 2, name: 'second' },
    ]);
    const files = await readMigrations(migrationsDir);
    expect(rows.map((row) => row.checksum)).toEqual(files.map((file) => file.checksum));
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.applied_at).toBeInstanceOf(Date);
  });

  it('applies each migration once when two processes migrate the same PostgreSQL at the same moment', async () => {
    const [first, second, holder] = await freshPostgres(3);
    const migrationsDir = await migrationsFolder(twoTables);
    // Hold the migration lock so both calls are certainly waiting for it at the same time.
    let releaseLock: () => void = () => {};
    let lockTaken: () => void = () => {};
    const taken = new Promise<void>((resolve) => (lockTaken = resolve));
    const holding = holder!.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('fortnox-connector:migrations', 0))");
      lockTaken();
      await new Promise<void>((resolve) => (releaseLock = resolve));
    });
    await taken;
    const both = Promise.all([migrate(first!, { migrationsDir }), migrate(second!, { migrationsDir })]);
    await expect
      .poll(async () => (await holder!.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0], {
        timeout: 10_000,
        interval: 20,
      })
      .toEqual({ n: 2 });
    releaseLock();
    await holding;
    const results = await both;
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 2]);
    expect(results.map((result) => result.version)).toEqual([2, 2]);
    expect((await first!.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual([{ version: 1 }, { version: 2 }]);
    expect((await first!.query('SELECT id FROM second')).rows).toEqual([{ id: 1 }]);
  });

  it('refuses, naming the file, when an applied migration was edited', async () => {
    const [db] = await freshPostgres();
    const migrationsDir = await migrationsFolder(twoTables);
    await migrate(db!, { migrationsDir });
    await writeFile(join(migrationsDir, '001_first.sql'), 'CREATE TABLE first (id bigint PRIMARY KEY);');
    await writeFile(join(migrationsDir, '003_third.sql'), 'CREATE TABLE third (id int);');
    const refusal = await migrate(db!, { migrationsDir }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MigrationError);
    expect((refusal as Error).message).toMatch(/001_first\.sql differs .* Never edit an applied migration/);
    expect((await db!.query("SELECT to_regclass('third') AS t")).rows).toEqual([{ t: null }]);
  });

  it('refuses a database migrated by a newer release', async () => {
    const [db] = await freshPostgres();
    const newer = await migrationsFolder({ ...twoTables, '003_third.sql': 'CREATE TABLE third (id int);' });
    await migrate(db!, { migrationsDir: newer });
    const older = await migrationsFolder(twoTables);
    await expect(migrate(db!, { migrationsDir: older })).rejects.toThrow(/has migration 3 \(third\), which this release does not have/);
  });

  it('refuses a new migration numbered before one already applied', async () => {
    const [db] = await freshPostgres();
    const migrationsDir = await migrationsFolder({ '001_first.sql': twoTables['001_first.sql'], '003_third.sql': 'SELECT 1;' });
    await migrate(db!, { migrationsDir });
    await writeFile(join(migrationsDir, '002_second.sql'), twoTables['002_second.sql']);
    await expect(migrate(db!, { migrationsDir })).rejects.toThrow(/002_second\.sql is not applied but a later one \(3\) is/);
  });

  it.each([
    ['PostgreSQL', async () => (await freshPostgres())[0]!],
    ['PGlite', freshPglite],
  ])('leaves nothing applied on %s when one migration fails', async (_name, fresh) => {
    const db = await fresh();
    const migrationsDir = await migrationsFolder({
      '001_first.sql': twoTables['001_first.sql'],
      '002_broken.sql': 'CREATE TABLE half (id int);\nSELECT 1 / 0;',
    });
    const refusal = await migrate(db, { migrationsDir }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MigrationError);
    expect((refusal as Error).message).toMatch(/002_broken\.sql failed: division by zero/);
    const { rows } = await db.query(
      "SELECT to_regclass('first') AS first, to_regclass('half') AS half, to_regclass('schema_migrations') AS log",
    );
    expect(rows).toEqual([{ first: null, half: null, log: null }]);
  });

  it('refuses a folder with a badly named or duplicate-numbered .sql file', async () => {
    const badName = await migrationsFolder({ '1_first.sql': 'SELECT 1;' });
    await expect(readMigrations(badName)).rejects.toThrow(/1_first\.sql .* is not named NNN_name\.sql/);
    const duplicate = await migrationsFolder({ '002_a.sql': 'SELECT 1;', '002_b.sql': 'SELECT 1;' });
    await expect(readMigrations(duplicate)).rejects.toThrow(/002_a\.sql and 002_b\.sql have the same version/);
  });
});
