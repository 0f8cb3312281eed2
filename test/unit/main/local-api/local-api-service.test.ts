import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalApi } from '../../../../main/local-api/local-api-server';
import { LocalApiService, type LocalApiSettings } from '../../../../main/local-api/local-api-service';
import { MemoryToolKeyStore } from '../../../../main/local-api/tool-key-store';
import { ToolKeys } from '../../../../main/local-api/tool-keys';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import type { LocalApiStatus } from '../../../../shared/local-api-status';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { freePort } from '../../../support/free-port';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A TCP server on 127.0.0.1 holding a port, as another program would. */
async function occupy(port = 0): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, resolve);
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}


async function health(port: number): Promise<number | 'refused'> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/v1/health`)).status;
  } catch {
    return 'refused';
  }
}

/** A service over the real local API server, with settings the test changes. */
async function service(initial: LocalApiSettings) {
  const clock = new FakeClock();
  const logger = recordingLogger();
  const keys = new ToolKeys({ store: new MemoryToolKeyStore(), random: cryptoRandomBytes, now: clock.now, log: logger.log });
  await keys.init();
  let settings = initial;
  const started: number[] = [];
  const localApi = new LocalApiService({
    settings: () => settings,
    start: (port) => {
      started.push(port);
      return startLocalApi(
        {
          keys,
          companies: () => [],
          tokens: { accessToken: () => Promise.reject(new Error('not used')) },
          now: clock.now,
          timers: clock.timers,
          log: logger.log,
        },
        { port },
      );
    },
    log: logger.log,
    keys,
  });
  const statuses: LocalApiStatus[] = [];
  localApi.onStatus((status) => statuses.push(status));
  cleanups.push(() => localApi.stop());
  return {
    localApi,
    statuses,
    started,
    logger,
    set: (next: Partial<LocalApiSettings>) => {
      settings = { ...settings, ...next };
    },
  };
}

const ON: LocalApiSettings = { enabled: true, port: 0, enabledManaged: false };

describe('the local API service', () => {
  it('starts the server from the settings, reports the port it runs on and answers health there', async () => {
    const { localApi, statuses } = await service(ON);
    const status = await localApi.apply();
    expect(status).toMatchObject({ state: 'running' });
    const port = (status as { port: number }).port;
    expect(port).toBeGreaterThan(0);
    expect(await health(port)).toBe(200);
    expect(localApi.status()).toEqual({ state: 'running', port });
    expect(statuses).toEqual([{ state: 'starting', port: 0 }, { state: 'running', port }]);
  });

  it('stops the server so that its port refuses connections', async () => {
    const { localApi } = await service(ON);
    const { port } = (await localApi.apply()) as { port: number };
    await localApi.stop();
    expect(await health(port)).toBe('refused');
  });

  it('does not restart a server already running on the wanted port', async () => {
    const { localApi, started } = await service(ON);
    await localApi.apply();
    await localApi.apply();
    expect(started).toEqual([0]);
  });

  it('restarts on the new port when the port setting changes, and the old port stops answering', async () => {
    const first = await freePort();
    const { localApi, set } = await service({ ...ON, port: first });
    expect(await localApi.apply()).toEqual({ state: 'running', port: first });
    const second = await freePort();
    set({ port: second });
    expect(await localApi.apply()).toEqual({ state: 'running', port: second });
    expect(await health(second)).toBe(200);
    expect(await health(first)).toBe('refused');
  });

  it('turned off by the user: closes the server and says off by the user', async () => {
    const { localApi, set } = await service(ON);
    const { port } = (await localApi.apply()) as { port: number };
    set({ enabled: false });
    expect(await localApi.apply()).toEqual({ state: 'off', by: 'user' });
    expect(await health(port)).toBe('refused');
  });

  it('turned off by the managed configuration: never starts and says so', async () => {
    const { localApi, started } = await service({ ...ON, enabled: false, enabledManaged: true });
    expect(await localApi.apply()).toEqual({ state: 'off', by: 'managed' });
    expect(started).toEqual([]);
  });

  it('a port another program holds becomes a status, not a crash, and a later apply retries it', async () => {
    const taken = await occupy();
    const { localApi, statuses, logger } = await service({ ...ON, port: taken });
    expect(await localApi.apply()).toEqual({ state: 'port_in_use', port: taken });
    expect(statuses.at(-1)).toEqual({ state: 'port_in_use', port: taken });
    expect(logger.text()).toContain('local API port is taken by another program');
    // The other program goes away: trying again starts the API on that port.
    await Promise.all(cleanups.splice(0, 1).map((cleanup) => cleanup()));
    expect(await localApi.restart()).toEqual({ state: 'running', port: taken });
    expect(await health(taken)).toBe(200);
  });

  it('any other start failure becomes a failed status with its code only', async () => {
    const logger = recordingLogger();
    const localApi = new LocalApiService({
      settings: () => ON,
      start: () => Promise.reject(Object.assign(new Error('secret detail fxc_abc'), { code: 'whatever' })),
      log: logger.log,
    });
    expect(await localApi.apply()).toEqual({ state: 'failed', port: 0, code: 'UNKNOWN' });
    expect(logger.text()).not.toContain('fxc_abc');
  });

  it('runs changes one at a time, in order, so the last setting wins', async () => {
    const { localApi, set } = await service(ON);
    const applying = localApi.apply();
    set({ enabled: false });
    const turningOff = localApi.apply();
    await applying;
    expect(await turningOff).toEqual({ state: 'off', by: 'user' });
    expect(localApi.status()).toEqual({ state: 'off', by: 'user' });
  });

  it('after stop, apply starts nothing again (quitting)', async () => {
    const { localApi, started } = await service(ON);
    await localApi.stop();
    await localApi.apply();
    expect(started).toEqual([]);
  });

  it('a failing status listener does not stop the others', async () => {
    const { localApi, statuses } = await service(ON);
    localApi.onStatus(() => {
      throw new Error('listener broke');
    });
    await localApi.apply();
    expect(statuses.at(-1)).toMatchObject({ state: 'running' });
  });
});
