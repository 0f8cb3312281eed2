/**
 * A PostgreSQL database of its own for one test file, on the cluster the global setup provides
 * (test/support/postgres-global-setup.ts). Use it for anything about locks and concurrency: PGlite has
 * one session, so its row locks and advisory locks never contend.
 *
 *   const pg = await createTestDatabase('refresh');
 *   afterAll(() => pg.drop());
 *   const db = await openPostgres(pg.url, { ... });
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A database created for one test file. */
export interface TestDatabase {
  /** Connection URL of the new database (same cluster, same user). */
  readonly url: string;
  /** The database's name. */
  readonly name: string;
  /** Drops the database, closing any connection still open on it. */
  drop(): Promise<void>;
}

/** The URL of the test cluster's maintenance database. */
export function testClusterUrl(): string {
  return inject('postgresClusterUrl');
}

/** Creates an empty, uniquely named database; `label` (letters, digits) only makes its name readable. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const clusterUrl = testClusterUrl();
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `t_${safeLabel}_${randomBytes(6).toString('hex')}`;
  await onCluster(clusterUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    name,
    drop: () => onCluster(clusterUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function onCluster(clusterUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: clusterUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
