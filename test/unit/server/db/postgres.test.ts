import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/database';
import { openPostgres } from '../../../../server/db/postgres';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';

describe('openPostgres', () => {
  let database: TestDatabase;
  let admin: Database;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    admin = openPostgres(database.url, { max: 2, applicationName: 'test-admin' });
    await admin.query('CREATE TABLE item (id int PRIMARY KEY, n int NOT NULL); INSERT INTO item VALUES (1, 0)');
  });
  afterAll(async () => {
    await admin.close();
    await database.drop();
  });

  /** The backend pid of a connection, read through `on`. */
  async function backendPid(on: Pick<Database, 'query'>): Promise<number> {
    return (await on.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  }

  it('names its connections with the application name', async () => {
    const db = openPostgres(database.url, { max: 1, applicationName: 'fortnox-test-app' });
    try {
      const pid = await backendPid(db);
      const { rows } = await admin.query('SELECT application_name FROM pg_stat_activity WHERE pid = $1', [pid]);
      expect(rows).toEqual([{ application_name: 'fortnox-test-app' }]);
    } finally {
      await db.close();
    }
  });

  it('fails a transaction whose connection was cut, without crashing, and serves the next statement on a new connection', async () => {
    const reported: Error[] = [];
    const db = openPostgres(database.url, { max: 1, onConnectionError: (error) => reported.push(error) });
    try {
      await expect(
        db.transaction(async (tx) => {
          await tx.query('UPDATE item SET n = 5 WHERE id = 1');
          await admin.query('SELECT pg_terminate_backend($1)', [await backendPid(tx)]);
          await tx.query('SELECT 1');
        }),
      ).rejects.toThrow();
      // With one connection allowed, this only works if the dead one left the pool.
      expect((await db.query('SELECT n FROM item WHERE id = 1')).rows).toEqual([{ n: 0 }]);
      // One report, of the cut: which one depends on timing. The server's FATAL 57P01 when its message
      // arrives before the socket closes; else the socket's own end, as node-postgres's "Connection
      // terminated unexpectedly" (no code) or the kernel's ECONNRESET / EPIPE.
      expect(reported).toHaveLength(1);
      const [cut] = reported as [Error & { code?: string }];
      const isCut = ['57P01', 'ECONNRESET', 'EPIPE'].includes(cut.code ?? '') || /terminated unexpectedly/i.test(cut.message);
      expect(isCut, `${cut.code ?? ''} ${cut.message}`).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('gives up waiting for a connection after connectionTimeoutMillis', async () => {
    const db = openPostgres(database.url, { max: 1, connectionTimeoutMillis: 200 });
    let finish: () => void = () => {};
    const held = db.transaction(() => new Promise<void>((resolve) => (finish = resolve)));
    try {
      await expect(db.query('SELECT 1')).rejects.toThrow(/timeout/i);
    } finally {
      finish();
      await held;
      await db.close();
    }
  });

  it('reports an idle connection that died and carries on with a new one', async () => {
    let reported: (error: Error) => void = () => {};
    const report = new Promise<Error>((resolve) => (reported = resolve));
    const db = openPostgres(database.url, { max: 1, onConnectionError: (error) => reported(error) });
    try {
      const pid = await backendPid(db);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      expect((await report).message).toMatch(/terminat/i);
      expect(await backendPid(db)).not.toBe(pid);
    } finally {
      await db.close();
    }
  });

  it('bounds a row-lock wait with SET LOCAL lock_timeout inside the transaction (SQLSTATE 55P03)', async () => {
    let finish: () => void = () => {};
    let locked: () => void = () => {};
    const rowLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = admin.transaction(async (tx) => {
      await tx.query('SELECT n FROM item WHERE id = 1 FOR UPDATE');
      locked();
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await rowLocked;
    try {
      await expect(
        admin.transaction(async (tx) => {
          await tx.query("SET LOCAL lock_timeout = '100ms'");
          await tx.query('SELECT n FROM item WHERE id = 1 FOR UPDATE');
        }),
      ).rejects.toMatchObject({ code: '55P03' });
    } finally {
      finish();
      await holder;
    }
    // SET LOCAL ended with its transaction: the pooled connection has no lock_timeout left.
    const settings = await Promise.all([admin.query('SHOW lock_timeout'), admin.query('SHOW lock_timeout')]);
    expect(settings.map((s) => s.rows[0])).toEqual([{ lock_timeout: '0' }, { lock_timeout: '0' }]);
  });

  it('closes every connection, and a second close does nothing', async () => {
    const db = openPostgres(database.url, { max: 2, applicationName: 'fortnox-test-close' });
    await Promise.all([db.query('SELECT 1'), db.query('SELECT 1')]);
    await db.close();
    await db.close();
    const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'fortnox-test-close'");
    expect(rows).toEqual([{ n: 0 }]);
  });
});
