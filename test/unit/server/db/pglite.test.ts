import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/database';
import { DataFolderInUseError, openPglite } from '../../../../server/db/pglite';

describe('openPglite', () => {
  let folder: string;
  let db: Database;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'fc-pglite-'));
    db = await openPglite(folder);
    await db.query('CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)');
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('says it is PGlite', () => {
    expect(db.kind).toBe('pglite');
  });

  it('refuses a statement on the database from inside one of its transactions instead of waiting for itself forever', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO note VALUES ($1, $2)', [1, 'inside']);
        await db.query('SELECT 1');
      }),
    ).rejects.toThrow(/inside a transaction, run statements on its `tx`/);
    expect((await db.query('SELECT count(*)::int AS n FROM note')).rows).toEqual([{ n: 0 }]);
  });

  it('refuses to open a folder that is already open, then opens it again after close with its data kept', async () => {
    await db.query('INSERT INTO note VALUES ($1, $2)', [2, 'kept']);
    const refusal = await openPglite(folder).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DataFolderInUseError);
    expect((refusal as Error).message).toContain(folder);
    await db.close();
    db = await openPglite(folder);
    expect((await db.query('SELECT body FROM note WHERE id = $1', [2])).rows).toEqual([{ body: 'kept' }]);
  }, 60_000);

  it('takes a folder path, not a URL', async () => {
    await expect(openPglite('memory://')).rejects.toThrow(/folder path/);
  });
});
