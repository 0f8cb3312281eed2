import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/database';
import { openPostgres } from '../../../../server/db/postgres';
import { isLockTimeout, LOCK_NOT_AVAILABLE, sqlState } from '../../../../server/db/sql-errors';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('sql-errors: one lock-timeout check for the token service and the re-encryption', () => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase('sql-errors');
    db = openPostgres(test.url, { max: 3 });
    await db.query('CREATE TABLE item (id int PRIMARY KEY)');
    await db.query('INSERT INTO item VALUES (1)');
  });

  afterAll(async () => {
    await db.close();
    await test.drop();
  });

  it('recognises a real lock_timeout of PostgreSQL, also when wrapped, and nothing else', async () => {
    let finish: () => void = () => {};
    let locked: () => void = () => {};
    const rowLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.query('SELECT id FROM item WHERE id = 1 FOR UPDATE');
      locked();
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await rowLocked;
    let caught: unknown;
    try {
      await db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('lock_timeout', '100ms', true)`);
        await tx.query('SELECT id FROM item WHERE id = 1 FOR UPDATE');
      });
    } catch (error) {
      caught = error;
    } finally {
      finish();
      await holder;
    }
    expect(sqlState(caught)).toBe(LOCK_NOT_AVAILABLE);
    expect(isLockTimeout(caught)).toBe(true);
    expect(isLockTimeout(new Error('wrapper', { cause: caught }))).toBe(true);
    // A statement timeout (57014), a plain error and nothing at all are not lock timeouts.
    expect(isLockTimeout(Object.assign(new Error('x'), { code: '57014' }))).toBe(false);
    expect(isLockTimeout(new Error('x'))).toBe(false);
    expect(isLockTimeout(undefined)).toBe(false);
  });

  it('is the only definition of SQLSTATE 55P03 in the server (FirmTokens and reencrypt import it)', async () => {
    for (const file of ['server/tokens/firm-tokens.ts', 'server/crypto/reencrypt.ts']) {
      const source = await readFile(join(ROOT, file), 'utf8');
      expect(source, file).not.toContain('55P03');
      expect(source, file).toMatch(/from '\.\.\/db\/sql-errors'/);
      expect(source, file).toMatch(/isLockTimeout\(/);
    }
  });
});
