import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsafeIntegerError } from '../../../../server/db/column-types';
import type { Database } from '../../../../server/db/database';
import { openPglite } from '../../../../server/db/pglite';
import { openPostgres } from '../../../../server/db/postgres';
import { createTestDatabase } from '../../../support/postgres';

// The same behaviour, checked on both adapters: code above `Database` must not care which it has.
const adapters: { name: string; open: () => Promise<{ db: Database; cleanUp: () => Promise<void> }> }[] = [
  {
    name: 'PostgreSQL',
    open: async () => {
      const database = await createTestDatabase('adapters');
      const db = openPostgres(database.url, { max: 3 });
      return { db, cleanUp: async () => (await db.close(), await database.drop()) };
    },
  },
  {
    name: 'PGlite',
    open: async () => {
      const folder = await mkdtemp(join(tmpdir(), 'fc-pglite-'));
      const db = await openPglite(folder);
      return { db, cleanUp: async () => (await db.close(), await rm(folder, { recursive: true, force: true })) };
    },
  },
];

describe.each(adapters)('the $name adapter', ({ open }) => {
  let db: Database;
  let cleanUp: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanUp } = await open());
    await db.query(`
      CREATE TABLE sample (id int PRIMARY KEY, at timestamptz, secret bytea, big bigint, tags text[], amount numeric);
      CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL);
      INSERT INTO counter VALUES (1, 0), (2, 0), (3, 0);`);
  }, 60_000);
  afterAll(() => cleanUp());

  it('round-trips timestamptz as Date, bytea as Buffer, bigint as number, text[] as string[] and numeric as string', async () => {
    const at = new Date('2026-03-01T12:34:56.789Z');
    await db.query('INSERT INTO sample VALUES ($1, $2, $3, $4, $5, $6)', [
      1,
      at,
      Buffer.from([0, 1, 254, 255]),
      9007199254740991,
      ['a', 'b,c', 'd"e'],
      '12.50',
    ]);
    const withParams = await db.query('SELECT at, secret, big, tags, amount FROM sample WHERE id = $1', [1]);
    const withoutParams = await db.query('SELECT at, secret, big, tags, amount FROM sample WHERE id = 1');
    for (const { rows } of [withParams, withoutParams]) {
      const row = rows[0]!;
      expect(row.at).toBeInstanceOf(Date);
      expect((row.at as Date).toISOString()).toBe(at.toISOString());
      expect(Buffer.isBuffer(row.secret)).toBe(true);
      expect([...(row.secret as Buffer)]).toEqual([0, 1, 254, 255]);
      expect(row.big).toBe(9007199254740991);
      expect(row.tags).toEqual(['a', 'b,c', 'd"e']);
      expect(row.amount).toBe('12.50');
    }
  });

  it('gives bigint arrays as numbers and nulls as null', async () => {
    const { rows } = await db.query('SELECT ARRAY[1, NULL, 3]::bigint[] AS list, NULL::bigint AS nothing, $1::bigint AS one', [1]);
    expect(rows[0]).toEqual({ list: [1, null, 3], nothing: null, one: 1 });
  });

  it('refuses a bigint beyond 2^53 - 1 instead of rounding it', async () => {
    await expect(db.query('SELECT 9007199254740993::bigint AS too_big')).rejects.toBeInstanceOf(UnsafeIntegerError);
    await expect(db.query('SELECT ARRAY[-9007199254740993]::bigint[] AS too_small', [])).rejects.toThrow(/safe integer/);
  });

  it('runs a parameterless text of several statements and returns the last one’s result', async () => {
    const result = await db.query('UPDATE counter SET n = n + 1; SELECT id, n FROM counter ORDER BY id');
    expect(result.rows).toEqual([
      { id: 1, n: 1 },
      { id: 2, n: 1 },
      { id: 3, n: 1 },
    ]);
    expect(result.rowCount).toBe(3);
  });

  it('counts the rows an UPDATE changed', async () => {
    const result = await db.query('UPDATE counter SET n = n + 1 WHERE id >= $1', [2]);
    expect(result).toEqual({ rows: [], rowCount: 2 });
  });

  it('carries the SQLSTATE on errors', async () => {
    await expect(db.query('INSERT INTO counter VALUES ($1, 0)', [1])).rejects.toMatchObject({ code: '23505' });
  });

  it('commits a transaction whose work resolves, and returns what the work returned', async () => {
    const returned = await db.transaction(async (tx) => {
      await tx.query('UPDATE counter SET n = 100 WHERE id = $1', [1]);
      return (await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = $1', [1])).rows[0]?.n;
    });
    expect(returned).toBe(100);
    expect((await db.query('SELECT n FROM counter WHERE id = 1')).rows).toEqual([{ n: 100 }]);
  });

  it('rolls back a transaction whose work throws, and rethrows the same error', async () => {
    const failure = new Error('work failed');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('UPDATE counter SET n = 200 WHERE id = $1', [1]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await db.query('SELECT n FROM counter WHERE id = 1')).rows).toEqual([{ n: 100 }]);
  });

  it('rolls back a transaction whose statement failed', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('UPDATE counter SET n = 300 WHERE id = $1', [1]);
        await tx.query('INSERT INTO counter VALUES ($1, 0)', [2]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await db.query('SELECT n FROM counter WHERE id = 1')).rows).toEqual([{ n: 100 }]);
  });

  it('refuses a statement on a transaction that has ended', async () => {
    let kept: { query: Database['query'] } | undefined;
    await db.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.query('SELECT 1')).rejects.toThrow(/transaction has ended/);
  });
});
