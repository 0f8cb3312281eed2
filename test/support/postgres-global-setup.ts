/**
 * Vitest global setup: the PostgreSQL cluster the tests use. CI (`.ci/run`) starts one and exports
 * TEST_DATABASE_URL; without it, a throwaway cluster is started in a temporary folder for this run and
 * stopped afterwards, so `npm test` works the same on a developer's machine. Missing binaries fail the
 * run with a message saying what to install: tests that need PostgreSQL never skip.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);
const script = resolve(import.meta.dirname, '../../scripts/test-postgres.sh');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's URL (a maintenance database: tests create their own with createTestDatabase()). */
    postgresClusterUrl: string;
  }
}

/** Starts (or adopts) the cluster, provides its URL to the tests, and returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_DATABASE_URL;
  if (given !== undefined && given !== '') {
    project.provide('postgresClusterUrl', given);
    return async () => {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'fc-test-pg-'));
  let url: string;
  try {
    url = (await run('bash', [script, 'start', dir])).stdout.trim();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `Could not start the PostgreSQL the tests need (set TEST_DATABASE_URL to use a running one): ${stderr || String(error)}`,
      { cause: error },
    );
  }
  project.provide('postgresClusterUrl', url);
  return async () => {
    try {
      await run('bash', [script, 'stop', dir]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
