import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/database';
import { migrate, MIGRATIONS_DIR } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';
import { openPostgres } from '../../../../server/db/postgres';
import { createTestDatabase } from '../../../support/postgres';

/**
 * Migration 006 (users bound to the provider's issuer and subject) on a database that already has
 * users as 005 left them: a subject whose e-mail changed could sit on two users; only the most
 * recently signed-in keeps it, and from then on no two users can share one identity.
 */

let before006: string;
beforeAll(async () => {
  before006 = await mkdtemp(join(tmpdir(), 'fc-mig-'));
  for (const file of await readdir(MIGRATIONS_DIR)) {
    if (/^00[1-5]_/.test(file)) await cp(join(MIGRATIONS_DIR, file), join(before006, file));
  }
});
afterAll(async () => {
  await rm(before006, { recursive: true, force: true });
});

const DATABASES: [string, () => Promise<{ db: Database; done: () => Promise<void> }>][] = [
  [
    'PGlite',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'fc-mig-db-'));
      const db = await openPglite(folder);
      return { db, done: async () => { await db.close(); await rm(folder, { recursive: true, force: true }); } };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const database = await createTestDatabase('identity_migration');
      const db = openPostgres(database.url, { max: 2 });
      return { db, done: async () => { await db.close(); await database.drop(); } };
    },
  ],
];

describe.each(DATABASES)('migration 006 on %s', (_kind, open) => {
  it('keeps one user per (issuer, subject), the latest signed-in, and refuses a second one afterwards', async () => {
    const { db, done } = await open();
    try {
      expect((await migrate(db, { migrationsDir: before006 })).version).toBe(5);
      const insert = `INSERT INTO users (id, email, name, role, oidc_issuer, oidc_subject, created_at, last_sign_in_at)
        VALUES ($1, $2, NULL, 'accountant', $3, $4, $5, $5)`;
      await db.query(insert, ['usr_AAAAAAAAAAAAAAAAAAAAAA', 'old@byran.se', 'https://idp.example', 'sub-1', new Date(1_000)]);
      await db.query(insert, ['usr_BBBBBBBBBBBBBBBBBBBBBB', 'new@byran.se', 'https://idp.example', 'sub-1', new Date(2_000)]);
      await db.query(insert, ['usr_CCCCCCCCCCCCCCCCCCCCCC', 'paired@byran.se', null, null, new Date(3_000)]);
      await db.query(insert, ['usr_DDDDDDDDDDDDDDDDDDDDDD', 'half@byran.se', 'https://idp.example', null, new Date(3_000)]);

      const result = await migrate(db);
      expect(result.applied.map((m) => m.version)).toContain(6);
      const { rows } = await db.query<{ id: string; oidc_issuer: string | null; oidc_subject: string | null }>(
        'SELECT id, oidc_issuer, oidc_subject FROM users ORDER BY id',
      );
      expect(rows).toEqual([
        { id: 'usr_AAAAAAAAAAAAAAAAAAAAAA', oidc_issuer: null, oidc_subject: null },
        { id: 'usr_BBBBBBBBBBBBBBBBBBBBBB', oidc_issuer: 'https://idp.example', oidc_subject: 'sub-1' },
        { id: 'usr_CCCCCCCCCCCCCCCCCCCCCC', oidc_issuer: null, oidc_subject: null },
        { id: 'usr_DDDDDDDDDDDDDDDDDDDDDD', oidc_issuer: null, oidc_subject: null },
      ]);
      await expect(
        db.query("UPDATE users SET oidc_issuer = 'https://idp.example', oidc_subject = 'sub-1' WHERE id = 'usr_AAAAAAAAAAAAAAAAAAAAAA'"),
      ).rejects.toThrow();
      await expect(db.query("UPDATE users SET oidc_subject = 'sub-2' WHERE id = 'usr_CCCCCCCCCCCCCCCCCCCCCC'")).rejects.toThrow();
    } finally {
      await done();
    }
  }, 60_000);
});
