import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SECRET_AAD, tokenAad } from '../../../../server/crypto/column-aad';
import { KeyRing } from '../../../../server/crypto/sealer';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPostgres } from '../../../../server/db/postgres';
import { resolveClientSecret } from '../../../../server/fortnox/fortnox-client-store';
import { TokenRows } from '../../../../server/tokens/token-rows';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';
import { recordingLogger } from '../../main/recording-logger';
import { CLIENT_ID, CLIENT_SECRET, connectCompanies, expireAccessToken, firmScript, generationOf, leaked } from '../tokens/tokens-test-kit';
import { call, createIntegrationKey, killAll, portOf, spawnServer, testKey } from './server-process';

/** The firm server's own process on a real PostgreSQL (DATABASE_URL), the deployment for replicas. */

const TIMEOUT_MS = 90_000;
const TENANTS = [7101, 7102, 7103];

let simulator: FortnoxSimulator;
const databases: TestDatabase[] = [];
const pools: Database[] = [];

beforeAll(async () => {
  simulator = await startFortnoxSimulator(firmScript(TENANTS));
});
afterEach(async () => {
  await killAll();
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});
afterAll(async () => {
  await Promise.all(databases.splice(0).map((database) => database.drop()));
  await simulator.close();
});

async function freshDatabase(label: string): Promise<{ url: string; db: Database }> {
  const test = await createTestDatabase(label);
  databases.push(test);
  const db = openPostgres(test.url, { max: 3 });
  pools.push(db);
  await migrate(db);
  return { url: test.url, db };
}

/** The variables of a server on `url` against the test's simulator, with the client secret unless left out. */
function serverEnv(url: string, keyText: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    DATABASE_URL: url,
    ENCRYPTION_KEY: keyText,
    FORTNOX_USE_SIMULATOR: '1',
    FORTNOX_CLIENT_ID: CLIENT_ID,
    FORTNOX_AUTH_URL: `${simulator.origin}/oauth-v1/`,
    FORTNOX_API_URL: simulator.apiBaseUrl,
    FORTNOX_REDIRECT_URIS: simulator.appCallbackUrl,
    ...extra,
  };
}

describe('npm run server with DATABASE_URL', () => {
  it(
    'runs on PostgreSQL, stores the client secret sealed, and after the secret is removed from the environment refreshes with the stored one',
    async () => {
      const { url, db } = await freshDatabase('run_pg');
      const key = testKey('pg-1');
      const first = spawnServer('tsx', serverEnv(url, key.text, { FORTNOX_CLIENT_SECRET: CLIENT_SECRET }));
      const port = portOf(await first.listening);
      expect(first.stdout()).toMatch(/"event":"listening".*"database":"postgres".*"fortnox":"external-simulator"/);
      const ready = await call(port, { path: '/readyz' });
      expect([ready.status, JSON.parse(ready.text)]).toEqual([200, { status: 'ready' }]);
      expect((await call(port, { path: '/v1/health' })).status).toBe(200);
      // The accountant routes are served too: without an identity provider, desktops pair with a code.
      const signIn = await call(port, { path: '/v1/firm/sign-in' });
      expect([signIn.status, JSON.parse(signIn.text)]).toEqual([200, { oidc: null, pairing: true }]);
      first.signal('SIGTERM');
      expect(await first.exited).toEqual({ code: 0, signal: null });

      const { rows } = await db.query<{ key_id: string; secret_ciphertext: Buffer }>('SELECT key_id, secret_ciphertext FROM fortnox_client');
      expect(rows.map((row) => row.key_id)).toEqual(['pg-1']);
      expect(rows[0]!.secret_ciphertext.includes(Buffer.from(CLIENT_SECRET))).toBe(false);

      // A company whose access token has run out, and a key to ask for it.
      await connectCompanies(simulator, db, new TokenRows(new KeyRing(key.key), recordingLogger().log), [7101]);
      await expireAccessToken(db, '7101');
      const integrationKey = await createIntegrationKey(db);

      const second = spawnServer('tsx', serverEnv(url, key.text));
      const secondPort = portOf(await second.listening);
      expect(second.stdout()).toContain('FORTNOX_CLIENT_SECRET is not set: the server uses the client secret it stored');
      const refreshes = simulator.refreshCount(7101);
      const answer = await call(secondPort, { method: 'POST', path: '/v1/companies/7101/access-token', headers: { authorization: `Bearer ${integrationKey}` } });
      expect(answer.status).toBe(200);
      // The simulator checks the client's Basic credentials: the refresh worked with the stored secret.
      expect(simulator.refreshCount(7101)).toBe(refreshes + 1);
      expect(await generationOf(db, '7101')).toBe(2);
      second.signal('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
      expect(leaked(simulator, first.stdout() + second.stdout() + first.stderr() + second.stderr())).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses to start with a client id but no secret in the environment or the database, saying which variable to set',
    async () => {
      const { url } = await freshDatabase('run_nosecret');
      const server = spawnServer('tsx', serverEnv(url, testKey('pg-2').text));
      const { code } = await server.exited;
      expect(code).toBe(1);
      expect(server.stderr()).toContain('FORTNOX_CLIENT_SECRET is not set and the database holds no client secret yet: set FORTNOX_CLIENT_SECRET_FILE');
      expect(server.stderr()).not.toMatch(/^\s+at /m);
    },
    TIMEOUT_MS,
  );
});

describe('npm run server -- reencrypt', () => {
  it(
    'after a new key is added, seals the client secret and every company\'s tokens under it, prints the counts, and the values open with the new key alone',
    async () => {
      const { url, db } = await freshDatabase('run_reencrypt');
      const oldKey = testKey('old-1');
      const newKey = testKey('new-2');
      const oldRing = new KeyRing(oldKey.key);
      await resolveClientSecret(db, oldRing, CLIENT_ID, CLIENT_SECRET);
      const rows = new TokenRows(oldRing, recordingLogger().log);
      await connectCompanies(simulator, db, rows, TENANTS.filter((tenant) => tenant !== 7101));
      const before = await Promise.all(['7102', '7103'].map(async (tenant) => rows.readPair(db, tenant)));

      const run = spawnServer('tsx', serverEnv(url, newKey.text, { ENCRYPTION_OLD_KEYS: oldKey.text }), ['reencrypt']);
      const { code } = await run.exited;
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(run.stdout()).toContain('Re-encrypted under key "new-2": 1 client secret, 2 company token pairs.');
      expect(run.stdout()).toContain('No row uses any other key: old keys can be removed from ENCRYPTION_OLD_KEYS.');

      const keyIds = await db.query<{ key_id: string }>('SELECT key_id FROM fortnox_client UNION ALL SELECT key_id FROM company_tokens');
      expect(keyIds.rows.map((row) => row.key_id)).toEqual(['new-2', 'new-2', 'new-2']);
      const newOnly = new KeyRing(newKey.key);
      const secret = await db.query<{ key_id: string; secret_ciphertext: Buffer }>('SELECT key_id, secret_ciphertext FROM fortnox_client');
      expect(newOnly.open(secret.rows[0]!.key_id, secret.rows[0]!.secret_ciphertext, CLIENT_SECRET_AAD)).toBe(CLIENT_SECRET);
      const after = await Promise.all(['7102', '7103'].map(async (tenant) => new TokenRows(newOnly, recordingLogger().log).readPair(db, tenant)));
      expect(after.map((read) => read.kind === 'found' && [read.pair.accessToken, read.pair.refreshToken])).toEqual(
        before.map((read) => read.kind === 'found' && [read.pair.accessToken, read.pair.refreshToken]),
      );
      // The aad still binds each value to its row: a token moved to another company does not open.
      const moved = await db.query<{ access_ciphertext: Buffer }>("SELECT access_ciphertext FROM company_tokens WHERE tenant_id = '7102'");
      expect(() => newOnly.open('new-2', moved.rows[0]!.access_ciphertext, tokenAad('7103', 'access'))).toThrow();
    },
    TIMEOUT_MS,
  );
});
