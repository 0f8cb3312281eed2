import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/database';
import { openPostgres } from '../../../../server/db/postgres';
import { LOCK_TIMEOUT_SQL, ROTATION_SAVEPOINT, TRANSACTION_SETTINGS_SQL } from '../../../../server/tokens/firm-tokens';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';

/**
 * What FirmTokens.writeHoldingLock relies on in PostgreSQL itself (review of the elapsed-time
 * bound): a retry's `lock_timeout`, cut under the rotation savepoint with the same statements, is
 * undone by ROLLBACK TO SAVEPOINT, really bounds a lock wait, and ends with the transaction.
 */
describe('a lock_timeout cut under the rotation savepoint, on PostgreSQL', () => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase('lock_timeout_cut');
    db = openPostgres(test.url, { max: 3 });
    await db.query('CREATE TABLE held (id int PRIMARY KEY, n int NOT NULL)');
    await db.query('INSERT INTO held VALUES (1, 0)');
  });

  afterAll(async () => {
    await db?.close();
    await test?.drop();
  });

  const shown = async (q: { query: Database['query'] }) => (await q.query<{ lock_timeout: string }>('SHOW lock_timeout')).rows[0]?.lock_timeout;

  it('is undone by ROLLBACK TO SAVEPOINT, and gone after the transaction', async () => {
    await db.transaction(async (tx) => {
      await tx.query(TRANSACTION_SETTINGS_SQL, ['20000ms', '60000ms']);
      await tx.query(`SAVEPOINT ${ROTATION_SAVEPOINT}`);
      await tx.query(LOCK_TIMEOUT_SQL, ['925ms']);
      expect(await shown(tx)).toBe('925ms');
      await tx.query(`ROLLBACK TO SAVEPOINT ${ROTATION_SAVEPOINT}`);
      expect(await shown(tx)).toBe('20s');
    });
    expect(await shown(db)).toBe('0');
  });

  it('bounds a real lock wait: a write on a row another transaction holds gives up at the cut, not at the transaction\'s own lock_timeout', async () => {
    let release: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.query('SELECT n FROM held WHERE id = 1 FOR UPDATE');
      locked();
      await holding;
    });
    await isLocked;
    const started = Date.now();
    let code: unknown;
    try {
      await db.transaction(async (tx) => {
        await tx.query(TRANSACTION_SETTINGS_SQL, ['20000ms', '60000ms']);
        await tx.query(`SAVEPOINT ${ROTATION_SAVEPOINT}`);
        await tx.query(LOCK_TIMEOUT_SQL, ['300ms']);
        await tx.query('UPDATE held SET n = n + 1 WHERE id = 1');
      });
    } catch (error) {
      code = (error as { code?: unknown }).code;
    } finally {
      release();
      await holder;
    }
    // 55P03: lock_not_available, after about 300 ms; the transaction's own 20 s would have held the test far longer.
    expect(code).toBe('55P03');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await db.query<{ n: number }>('SELECT n FROM held WHERE id = 1')).rows[0]?.n).toBe(0);
  });
});
