import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeyRing } from '../../../../server/crypto/sealer';
import { CLIENT_SECRET_AAD } from '../../../../server/crypto/column-aad';
import { migrate } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';
import { LOCK_NAME } from '../../../../server/db/folder-lock';
import { TokenRows } from '../../../../server/tokens/token-rows';
import { startFortnoxSimulator, type FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { recordingLogger } from '../../main/recording-logger';
import { CLIENT_ID, CLIENT_SECRET, connectCompanies, expireAccessToken, firmScript, generationOf, leaked } from '../tokens/tokens-test-kit';
import { call, createIntegrationKey, killAll, portOf, ROOT, spawnServer, testKey } from './server-process';

/**
 * The firm server as an operator runs it: its own process, on a fresh data folder with no database
 * set up (PGlite), `npm run server` and the bundle alike. Each start initialises PGlite, which takes
 * seconds on a busy machine, hence the long timeouts; nothing here waits a fixed time.
 */

const START_TIMEOUT_MS = 120_000;
const folders: string[] = [];

function freshFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'fxc-run-'));
  folders.push(folder);
  return folder;
}

afterEach(async () => {
  await killAll();
});
afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function expectServing(url: string): Promise<void> {
  const port = portOf(url);
  const live = await call(port, { path: '/livez' });
  expect([live.status, JSON.parse(live.text)]).toEqual([200, { status: 'live' }]);
  const ready = await call(port, { path: '/readyz' });
  expect([ready.status, JSON.parse(ready.text)]).toEqual([200, { status: 'ready' }]);
  const health = await call(port, { path: '/v1/health' });
  expect(health.status).toBe(200);
  expect(JSON.parse(health.text)).toMatchObject({ status: 'up' });
}

describe('npm run server on a fresh machine', () => {
  it(
    'starts with no database set up (PGlite in DATA_DIR, the embedded simulator, said loudly), answers /livez, /readyz and /v1/health, refuses a second process on the same folder, and releases the folder on SIGTERM',
    async () => {
      const dataDir = path.join(freshFolder(), 'data');
      const server = spawnServer('npm', { PORT: '0', DATA_DIR: dataDir });
      const url = await server.listening;
      await expectServing(url);
      expect(server.stdout()).toContain('SIMULATOR MODE');
      expect(server.stdout()).toMatch(/"event":"listening".*"database":"pglite".*"fortnox":"embedded-simulator"/);

      const second = spawnServer('tsx', { PORT: '0', DATA_DIR: dataDir });
      const { code } = await second.exited;
      expect(code).not.toBe(0);
      expect(second.stderr()).toContain(`DataFolderInUseError: The data folder ${dataDir} is in use by process`);
      expect(second.stderr()).toContain('several replicas need PostgreSQL: set DATABASE_URL');
      expect(second.stderr()).not.toMatch(/^\s+at /m);
      // The first one is unharmed.
      expect((await call(portOf(url), { path: '/readyz' })).status).toBe(200);

      // To npm's whole process group, as a terminal's Ctrl+C would: the server itself shuts down in order.
      server.signal('SIGTERM');
      await vi.waitFor(() => expect(server.stdout()).toContain('"msg":"stopped"'), { timeout: 30_000, interval: 50 });
      expect(existsSync(path.join(dataDir, LOCK_NAME))).toBe(false);
    },
    START_TIMEOUT_MS,
  );
});

describe('the bundle (node out/server/index.cjs)', () => {
  beforeAll(async () => {
    // Built from this checkout's sources, so the test never runs a stale bundle.
    await promisify(execFile)(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT });
  }, 60_000);

  it(
    'starts the same way on a fresh folder, with its migrations beside it, and stops on SIGTERM',
    async () => {
      expect(existsSync(path.join(ROOT, 'out/server/migrations/001_initial.sql'))).toBe(true);
      const dataDir = path.join(freshFolder(), 'data');
      const server = spawnServer('bundle', { PORT: '0', DATA_DIR: dataDir });
      const url = await server.listening;
      await expectServing(url);
      expect(server.stdout()).toMatch(/"database":"pglite".*"msg":"database ready"/);
      server.signal('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    },
    START_TIMEOUT_MS,
  );
});

describe('a configuration that cannot be used', () => {
  it('prints every problem, one line per variable, and exits with 2 without a stack', async () => {
    const server = spawnServer('tsx', { PORT: 'eighty', HOST: 'not a host', DATABASE_URL: 'mysql://db/x', LOG_LEVEL: 'loud', OIDC_ADMIN_EMAIL: 'a@firm.se' });
    const { code } = await server.exited;
    expect(code).toBe(2);
    const text = server.stderr();
    expect(text).toMatch(/^The server's configuration has \d+ problems:/);
    for (const variable of ['PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL', 'OIDC_ADMIN_EMAIL']) expect(text).toMatch(new RegExp(`^  ${variable} `, 'm'));
    expect(text).not.toContain('mysql://db/x');
    expect(text).not.toMatch(/^\s+at /m);
    expect(server.stdout()).toBe('');
  }, 60_000);

  it('prints the commands for help', async () => {
    const server = spawnServer('tsx', {}, ['help']);
    expect((await server.exited).code).toBe(0);
    expect(server.stdout()).toContain('reencrypt');
  }, 60_000);
});

describe('SIGTERM while a refresh is at Fortnox', () => {
  let simulator: FortnoxSimulator;
  beforeAll(async () => {
    simulator = await startFortnoxSimulator(firmScript([7001]));
  });
  afterAll(async () => {
    await simulator.close();
  });

  it(
    'lets the refresh commit and the request get its token before the process exits, then releases the folder; the client secret is stored only as ciphertext',
    async () => {
      const dataDir = path.join(freshFolder(), 'data');
      const key = testKey('run-1');
      // The company and an integration key, set up before the server owns the folder.
      const seed = await openPglite(dataDir);
      await migrate(seed);
      await connectCompanies(simulator, seed, new TokenRows(new KeyRing(key.key), recordingLogger().log), [7001]);
      await expireAccessToken(seed, '7001');
      const integrationKey = await createIntegrationKey(seed);
      await seed.close();

      const server = spawnServer('tsx', {
        PORT: '0',
        DATA_DIR: dataDir,
        ENCRYPTION_KEY: key.text,
        FORTNOX_USE_SIMULATOR: '1',
        FORTNOX_CLIENT_ID: CLIENT_ID,
        FORTNOX_CLIENT_SECRET: CLIENT_SECRET,
        FORTNOX_AUTH_URL: `${simulator.origin}/oauth-v1/`,
        FORTNOX_API_URL: simulator.apiBaseUrl,
        FORTNOX_REDIRECT_URIS: simulator.appCallbackUrl,
      });
      const port = portOf(await server.listening);
      const refreshesBefore = simulator.refreshCount(7001);
      // Fortnox takes its time with the refresh, so the signal comes while it is on the wire.
      simulator.injectFault({ route: 'token', kind: 'delay', ms: 3_000 });
      const answer = call(port, { method: 'POST', path: '/v1/companies/7001/access-token', headers: { authorization: `Bearer ${integrationKey}` } });
      await vi.waitFor(() => expect(simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token')).toHaveLength(1), { timeout: 30_000, interval: 20 });
      server.signal('SIGTERM');

      const handed = await answer;
      expect(handed.status).toBe(200);
      const { accessToken } = JSON.parse(handed.text) as { accessToken: string };
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(simulator.refreshCount(7001)).toBe(refreshesBefore + 1);

      // Opening the folder at once proves the lock was released (a dead holder's lock blocks for 30 s).
      const after = await openPglite(dataDir);
      try {
        expect(await generationOf(after, '7001')).toBe(2);
        const read = await new TokenRows(new KeyRing(key.key), recordingLogger().log).readAccess(after, '7001');
        expect(read.kind === 'found' && read.pair.accessToken).toBe(accessToken);

        const { rows } = await after.query<{ client_id: string; key_id: string; secret_ciphertext: Buffer }>('SELECT client_id, key_id, secret_ciphertext FROM fortnox_client');
        expect(rows).toHaveLength(1);
        const row = rows[0]!;
        expect([row.client_id, row.key_id]).toEqual([CLIENT_ID, 'run-1']);
        expect(Buffer.from(row.secret_ciphertext).includes(Buffer.from(CLIENT_SECRET))).toBe(false);
        expect(new KeyRing(key.key).open(row.key_id, Buffer.from(row.secret_ciphertext), CLIENT_SECRET_AAD)).toBe(CLIENT_SECRET);
      } finally {
        await after.close();
      }
      expect(leaked(simulator, server.stdout() + server.stderr())).toEqual([]);
      expect(server.stdout()).not.toContain(integrationKey);
    },
    START_TIMEOUT_MS,
  );
});
