// The app's services carry the tool keys (in tool-keys.json) and the local API built on them.
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServicesDeps } from '../../../main/app-services';
import { FakeSafeStorage } from './storage/fake-safe-storage';
import { useTempDirs } from './storage/temp-dir';
import { recordingLogger } from './recording-logger';
import { FakeClock } from './fake-timers';
import { grantFor } from './connections/connections-harness';
import { CLIENT_ID, CLIENT_SECRET, codeFor, flushPromises, nodeFetch, useSimulatedFortnox } from './simulated-fortnox';
import { testScript } from '../simulator/simulator-test-kit';
import { ARCHIVE_FILE_BYTES } from '../../../simulator/api-resources';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import type { LocalApiPreference } from '../../../shared/local-api-status';
import { curl, errorCode, rawRequest } from './local-api/local-api-harness';
import { createManagedSource, readManagedFile, type ManagedSource } from '../../../main/config/managed-source';
import { createLocalApiHandlers, localApiView } from '../../../main/local-api/local-api-handlers';
import { INVOKE_CHANNELS } from '../../../shared/ipc-channels';
import { fileFactsOwnedBy, ROOT_OWNED } from './config/fake-managed-ports';
import { freePort } from '../../support/free-port';

const tempDir = useTempDirs();

async function start(dataDir: string, managed?: ManagedSource) {
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
    ...(managed ? { managed } : {}),
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


/** Opens a TCP connection to `port` on 127.0.0.1: 'open', or the error's code (ECONNREFUSED: nothing listens). */
function connectTo(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('the local API on the app services, with the port set by the managed configuration (issue 8 item 1)', () => {
  it("listens on the managed file's port, not settings.json's, shows the port locked, and refuses a change of it from Settings", async () => {
    const dir = await tempDir();
    const managedPort = await freePort();
    let userPort = await freePort();
    while (userPort === managedPort) userPort = await freePort();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ localApi: { port: userPort } }));
    // The IT department's file, read by the app's own managed source and reader (only its owner is faked: tests cannot make root-owned files).
    const managedPath = path.join(dir, 'managed-settings.json');
    await writeFile(managedPath, JSON.stringify({ localApi: { port: managedPort } }));
    const managed = createManagedSource({ platform: 'linux', filePath: managedPath, fs: fileFactsOwnedBy(ROOT_OWNED), readFile: readManagedFile, log: recordingLogger().log });
    const services = await start(dir, managed);
    try {
      const status = await services.localApi.apply();
      expect(status).toEqual({ state: 'running', port: managedPort });

      const health = await fetch(`http://127.0.0.1:${managedPort}/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'up' });
      expect(await connectTo(userPort)).toBe('ECONNREFUSED');

      const handlerDeps = { settings: services.settings, localApi: services.localApi };
      expect(localApiView(handlerDeps)).toMatchObject({
        settings: { enabled: true, port: managedPort, locked: ['port'] },
        status: { state: 'running', port: managedPort },
      });

      // Settings asks for another port: refused as locked, settings.json untouched, the API stays where it was.
      const settingsJsonBefore = await readFile(path.join(dir, 'settings.json'), 'utf8');
      const save = createLocalApiHandlers(handlerDeps)[INVOKE_CHANNELS.saveLocalApiSettings];
      expect(await save({ enabled: true, port: userPort })).toEqual({ ok: false, problem: 'locked' });
      expect(await save({ enabled: true, port: null })).toEqual({ ok: false, problem: 'locked' });
      expect(await readFile(path.join(dir, 'settings.json'), 'utf8')).toBe(settingsJsonBefore);
      expect(await services.localApi.apply()).toEqual({ state: 'running', port: managedPort });
      expect((await fetch(`http://127.0.0.1:${managedPort}/v1/health`)).status).toBe(200);
      expect(await connectTo(userPort)).toBe('ECONNREFUSED');
    } finally {
      await services.localApi.stop();
    }
  });
});

/** The app's real services on `dataDir`, in simulator mode against `simulator`, the local API on a free port. */
function appServicesOn(simulator: FortnoxSimulator, clock: FakeClock, dataDir: string, extra: Partial<AppServicesDeps> = {}) {
  return createAppServices({
    dataDir,
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
    ...extra,
  });
}

describe('the local API on the app services, against the simulator', () => {
  const startSimulator = useSimulatedFortnox();

  it("proxies a connected company's calls, keeping to the per-company Fortnox limit the services are given", async () => {
    const { clock, simulator } = await startSimulator();
    const services = await appServicesOn(simulator, clock, await tempDir(), { fortnoxRateLimit: { requests: 2, windowMs: 5_000 } });
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

/** How many bytes of an answer arrive before it ends or is cut off (a cut answer stops early). */
async function bytesReceived(response: Response): Promise<number> {
  let bytes = 0;
  const reader = response.body?.getReader();
  if (!reader) return 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return bytes;
      bytes += value.byteLength;
    }
  } catch {
    return bytes;
  }
}

describe('the local API on the app services, with settings and defences, against the simulator', () => {
  const startSimulator = useSimulatedFortnox();

  /** The app's real services on a data folder whose settings.json holds `localApi`, with company 101 connected and the API running. */
  async function running(options: { settingsLocalApi?: LocalApiPreference } = {}) {
    const script = testScript();
    script.clients[0]?.enabledScopes.push('archive');
    const { clock, simulator } = await startSimulator(script);
    const dataDir = await tempDir();
    if (options.settingsLocalApi) await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ localApi: options.settingsLocalApi }));
    const services = await appServicesOn(simulator, clock, dataDir);
    stops.push(async () => {
      await services.localApi.stop();
      await services.connections.shutdown();
    });
    await services.connections.authorize(grantFor(simulator, await codeFor(simulator, 101, 'companyinformation invoice archive'), ['companyinformation', 'invoice', 'archive']));
    const status = await services.localApi.apply();
    if (status.state !== 'running') throw new Error(`not running: ${status.state}`);
    const { key } = await services.toolKeys.create({ name: 'Report', companies: ['101'], right: 'read-write', lifetimeDays: null });
    const sentBefore = sent(simulator);
    return { simulator, key, port: status.port, url: (fortnoxPath: string) => `http://127.0.0.1:${status.port}/v1/companies/101/fortnox${fortnoxPath}`, sentSince: () => sent(simulator) - sentBefore };
  }

  /** Every request the simulator received on its API, token and revoke endpoints. */
  const sent = (simulator: FortnoxSimulator) => simulator.apiRequests().length + simulator.tokenRequests().length + simulator.revocations().length;
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('cuts an archive download at the smaller answer cap set in settings.json', async () => {
    const { key, url, sentSince } = await running({ settingsLocalApi: { maxResponseMB: 1 } });

    const response = await fetch(url('/3/archive/f00d'), { headers: { authorization: `Bearer ${key}` } });
    const bytes = await bytesReceived(response);

    expect(sentSince()).toBe(1);
    expect(bytes).toBeLessThan(ARCHIVE_FILE_BYTES);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
  });

  it('refuses a DNS-rebinding Host header before anything reaches Fortnox', async () => {
    const { key, port, sentSince } = await running();

    const answer = await rawRequest(port, { path: '/v1/companies/101/fortnox/3/invoices', headers: { host: `rebound.example:${port}`, authorization: `Bearer ${key}` } });

    expect([answer.status, errorCode(answer)]).toEqual([403, 'host_not_allowed']);
    expect(sentSince()).toBe(0);
  });

  it('refuses a request with an Origin header (a web page) before anything reaches Fortnox', async () => {
    const { key, url, sentSince } = await running();

    const answer = await curl(['-H', `Authorization: Bearer ${key}`, '-H', 'Origin: https://evil.example', url('/3/invoices')]);

    expect([answer.status, errorCode(answer)]).toEqual([403, 'browser_request_refused']);
    expect(sentSince()).toBe(0);
  });

  it.each([
    ['encoded dot segments', '/3/%2e%2e/%2e%2e/oauth-v1/token'],
    ['an encoded slash', '/3/invoices%2f..%2f..%2foauth-v1%2ftoken'],
  ])('refuses %s in the Fortnox path before anything reaches Fortnox', async (_name, fortnoxPath) => {
    const { key, url, sentSince } = await running();

    const answer = await curl(['--path-as-is', '-H', `Authorization: Bearer ${key}`, url(fortnoxPath)]);

    expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_path']);
    expect(sentSince()).toBe(0);
  });
});
