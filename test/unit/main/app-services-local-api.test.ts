// The app's services carry the tool keys (in tool-keys.json) and the local API built on them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../../main/app-services';
import { FakeSafeStorage } from './storage/fake-safe-storage';
import { useTempDirs } from './storage/temp-dir';
import { recordingLogger } from './recording-logger';
import { FakeClock } from './fake-timers';

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
