/**
 * Versioned schema migrations: `migrations/NNN_name.sql`, applied in order, each once, on PostgreSQL
 * and PGlite alike. Every replica runs `migrate()` at start; one transaction under an advisory lock
 * makes them take turns, so each file is applied once and a failing file leaves nothing behind.
 * A migration must run inside a transaction (no `CREATE INDEX CONCURRENTLY`), and an applied file is
 * never edited: its checksum is recorded and checked at every start.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from './database';

/** The folder of this code's migrations. */
export const MIGRATIONS_DIR = join(__dirname, 'migrations');

/** `NNN_name.sql`: a version of at least three digits, then a lower-case name. */
const FILE_NAME = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

/** The lock every migrating process takes; the same key on every replica, released at COMMIT. */
const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended('fortnox-connector:migrations', 0))";

/** One migration file. */
export interface MigrationFile {
  version: number;
  name: string;
  fileName: string;
  sql: string;
  /** sha256 of the file's bytes, hex. */
  checksum: string;
}

/** What `migrate()` did. */
export interface MigrateResult {
  /** The migrations this call applied, in order (empty when the database was up to date). */
  applied: { version: number; name: string }[];
  /** The database's version afterwards (0 without any migration). */
  version: number;
  /** Wall time of the whole call, lock wait included. */
  durationMs: number;
}

/** The database and this code disagree about migrations; the message says what to do. */
export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrateOptions {
  /** Folder of `NNN_name.sql` files (default: this code's `server/db/migrations`). */
  migrationsDir?: string;
}

/** Reads and checks the migration files of a folder, in version order. */
export async function readMigrations(migrationsDir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const files: MigrationFile[] = [];
  for (const fileName of await readdir(migrationsDir)) {
    if (!fileName.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(fileName);
    if (!match) throw new MigrationError(`${fileName} in ${migrationsDir} is not named NNN_name.sql (digits, underscore, lower-case name).`);
    const bytes = await readFile(join(migrationsDir, fileName));
    files.push({
      version: Number(match[1]),
      name: match[2]!,
      fileName,
      sql: bytes.toString('utf8'),
      checksum: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  files.sort((a, b) => a.version - b.version);
  for (let i = 1; i < files.length; i++) {
    if (files[i]!.version === files[i - 1]!.version) {
      throw new MigrationError(`${files[i - 1]!.fileName} and ${files[i]!.fileName} have the same version: renumber the newer one.`);
    }
  }
  return files;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings the database up to this code's migrations. Refuses (MigrationError, nothing applied) when an
 * applied file has changed, when the database has a migration this code does not know (a newer
 * release migrated it), or when a new file comes before one already applied.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const started = performance.now();
  const files = await readMigrations(options.migrationsDir);
  const { applied, version } = await db.transaction(async (tx) => {
    await tx.query(LOCK_SQL);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = (await tx.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version', [])).rows;
    const pending = pendingMigrations(files, done);
    for (const file of pending) await apply(tx, file);
    const last = pending.at(-1)?.version ?? done.at(-1)?.version ?? 0;
    return { applied: pending.map(({ version, name }) => ({ version, name })), version: last };
  });
  return { applied, version, durationMs: performance.now() - started };
}

/** The files not applied yet, after checking the applied ones against the files. */
function pendingMigrations(files: MigrationFile[], done: AppliedRow[]): MigrationFile[] {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const row of done) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationError(
        `The database has migration ${row.version} (${row.name}), which this release does not have: a newer release ` +
          `migrated it. Run that release (or a newer one) against this database.`,
      );
    }
    if (file.checksum !== row.checksum || file.name !== row.name) {
      throw new MigrationError(
        `Migration ${file.fileName} differs from the one applied to this database (${row.name}, checksum ` +
          `${row.checksum.slice(0, 12)}…, now ${file.checksum.slice(0, 12)}…). Never edit an applied migration: ` +
          `restore it and put the change in a new file.`,
      );
    }
  }
  const latest = done.at(-1)?.version ?? 0;
  const pending = files.filter((file) => !done.some((row) => row.version === file.version));
  const late = pending.find((file) => file.version < latest);
  if (late) {
    throw new MigrationError(
      `Migration ${late.fileName} is not applied but a later one (${latest}) is: give it a number after ${latest}.`,
    );
  }
  return pending;
}

async function apply(tx: Queryable, file: MigrationFile): Promise<void> {
  try {
    // Without parameters the whole file runs as one text of several statements, on both adapters.
    await tx.query(file.sql);
  } catch (error) {
    throw new MigrationError(`Migration ${file.fileName} failed: ${(error as Error).message}`, { cause: error });
  }
  await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
    file.version,
    file.name,
    file.checksum,
  ]);
}
