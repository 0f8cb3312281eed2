import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testClusterUrl } from '../../../support/postgres';

async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL test harness', () => {
  it('gives each caller a database of its own on a real PostgreSQL server', async () => {
    const first = await createTestDatabase('harness');
    const second = await createTestDatabase('harness');
    try {
      expect(first.name).not.toBe(second.name);
      const [row] = await query<{ db: string; version: string }>(first.url, 'SELECT current_database() AS db, version()');
      expect(row?.db).toBe(first.name);
      expect(row?.version).toMatch(/^PostgreSQL \d+/);
      await query(first.url, 'CREATE TABLE only_in_first (id int)');
      const tables = await query(second.url, "SELECT 1 FROM pg_tables WHERE tablename = 'only_in_first'");
      expect(tables).toEqual([]);
    } finally {
      await first.drop();
      await second.drop();
    }
  });

  it('drops a database even while a connection to it is still open', async () => {
    const db = await createTestDatabase('harness');
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => {});
    await client.connect();
    await db.drop();
    const left = await query(testClusterUrl(), `SELECT 1 FROM pg_database WHERE datname = '${db.name}'`);
    expect(left).toEqual([]);
    await client.end().catch(() => {});
  });
});
