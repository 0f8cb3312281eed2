// The app's services carry the tool keys (in tool-keys.json) and the local API built on them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../../main/app-services';
import { FakeSafeStorage } from './storage/fake-safe-storage';
import { useTempDirs } from './storage/temp-dir';
import { recordingLogger } from './recording-logger';
import { FakeClock } from './fake-timers';
import { grantFor } from './connections/connections-harness';
import { CLIENT_ID, CLIENT_SECRET, codeFor, flushPromises, nodeFetch, useSimulatedFortnox } from './simulated-fortnox';

const tempDir = useTempDirs();

async function start(dataDir: string) {
  const clock = new FakeClock();
  const logger = recordingLogger();
  const services = await createAppServices({
    dataDir,
    env: {},
    safeStorage: new FakeSafeStorage(),
    platform: 'linux',
    fetcher: () => Promise.reject(new Error('no network in this test')),
    now: clock.now,
    timers: clock.timers,
    log: logger.log,
    publishCompanies: () => undefined,
    localApiDefaultPort: 0,
  });
  return services;
}

describe('the local API in the app services', () => {
  it('is not running until applied, then answers health and checks keys kept in tool-keys.json of the data folder', async () => {
    const dir = await tempDir();
    const services = await start(dir);
    try {
      expect(services.localApi.status()).toEqual({ state: 'off', by: 'user' });
      const status = await services.localApi.apply();
      if (status.state !== 'running') throw new Error(`not running: ${status.state}`);
      const base = `http://127.0.0.1:${status.port}`;
      expect((await fetch(`${base}/v1/health`)).status).toBe(200);

      const { key, record } = await services.toolKeys.create({ name: 'Excel', companies: 'all', right: 'read', lifetimeDays: 30 });
      const stored = await readFile(path.join(dir, 'tool-keys.json'), 'utf8');
      expect(stored).toContain(record.sha256);
      expect(stored).not.toContain(key);
      const companies = await fetch(`${base}/v1/companies`, { headers: { authorization: `Bearer ${key}` } });
      expect(companies.status).toBe(200);
      expect(await companies.json()).toEqual({ companies: [] });
      expect((await fetch(`${base}/v1/companies`)).status).toBe(401);
    } finally {
      await services.localApi.stop();
    }
  });

  it('a key created before a restart still works after it (read back from the data folder)', async () => {
    const dir = await tempDir();
    const first = await start(dir);
    const { key } = await first.toolKeys.create({ name: 'Script', companies: 'all', right: 'read', lifetimeDays: null });
    const second = await start(dir);
    expect(second.toolKeys.check(key)).toMatchObject({ ok: true });
  });
});

describe('the local API on the app services, against the simulator', () => {
  const startSimulator = useSimulatedFortnox();

  it("proxies a connected company's calls, keeping to the per-company Fortnox limit the services are given", async () => {
    const { clock, simulator } = await startSimulator();
    const services = await createAppServices({
      dataDir: await tempDir(),
      env: {},
      safeStorage: new FakeSafeStorage(),
      platform: 'linux',
      fetcher: nodeFetch,
      simulator: {
        config: {
          clientId: CLIENT_ID,
          redirectUri: simulator.appCallbackUrl,
          authorizeUrl: simulator.authorizeUrl,
          tokenUrl: simulator.tokenUrl,
          apiBaseUrl: simulator.apiBaseUrl,
          signInOrigins: [simulator.origin],
        },
        clientSecret: CLIENT_SECRET,
      },
      now: clock.now,
      timers: clock.timers,
      log: recordingLogger().log,
      publishCompanies: () => undefined,
      localApiDefaultPort: 0,
      fortnoxRateLimit: { requests: 2, windowMs: 5_000 },
    });
    try {
      await services.connections.authorize(grantFor(simulator, await codeFor(simulator, 101)));
      // The sign-in's own company information call leaves the window.
      clock.advance(5_000);
      const status = await services.localApi.apply();
      if (status.state !== 'running') throw new Error(`not running: ${status.state}`);
      const { key } = await services.toolKeys.create({ name: 'Report', companies: ['101'], right: 'read', lifetimeDays: null });
      const get = () => fetch(`http://127.0.0.1:${status.port}/v1/companies/101/fortnox/3/companyinformation`, { headers: { authorization: `Bearer ${key}` } });
      const before = simulator.apiRequests().length;

      const firstTwo = await Promise.all([get(), get()]);
      const waiting = clock.pendingTimers();
      const third = get();
      // The third call waits for a slot on the injected timers; nothing reaches Fortnox meanwhile.
      for (let turn = 0; turn < 1_000 && clock.pendingTimers() === waiting; turn += 1) await flushPromises();
      const sentBeforeTheWindowMoved = simulator.apiRequests().length - before;
      clock.advance(5_000);

      expect(firstTwo.map((answer) => answer.status)).toEqual([200, 200]);
      expect(sentBeforeTheWindowMoved).toBe(2);
      expect((await third).status).toBe(200);
      expect(simulator.apiRequests().length - before).toBe(3);
    } finally {
      await services.localApi.stop();
      await services.connections.shutdown();
    }
  });
});
