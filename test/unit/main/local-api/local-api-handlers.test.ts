import { describe, expect, it } from 'vitest';
import { createLocalApiHandlers, publishLocalApiChanges } from '../../../../main/local-api/local-api-handlers';
import { LocalApiService } from '../../../../main/local-api/local-api-service';
import { checkLocalApiChange, effectiveLocalApiSettings } from '../../../../main/settings/local-api-settings';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import { invokeContract } from '../../../../shared/ipc-contract';
import type { LocalApiPreference } from '../../../../shared/local-api-status';
import { recordingLogger } from '../recording-logger';

/** Settings kept in memory, with the real merge and checks; a server stand-in that records its ports. */
function setup(managed?: LocalApiPreference) {
  let user: LocalApiPreference = {};
  const settings = {
    localApi: () => effectiveLocalApiSettings(user, managed),
    saveLocalApi: (request: { enabled: boolean; port: number | null }) => {
      const checked = checkLocalApiChange(request, effectiveLocalApiSettings(user, managed));
      if (!checked.ok) return Promise.resolve(checked);
      user = checked.stored;
      return Promise.resolve({ ok: true as const, sessionOnly: false });
    },
  };
  const started: number[] = [];
  const logger = recordingLogger();
  const localApi = new LocalApiService({
    settings: () => {
      const chosen = settings.localApi();
      return { enabled: chosen.enabled, port: chosen.port ?? 41817, enabledManaged: chosen.locked.includes('enabled') };
    },
    start: (port) => {
      started.push(port);
      return Promise.resolve({ port, addresses: ['127.0.0.1'], close: () => Promise.resolve() });
    },
    log: logger.log,
  });
  const handlers = createLocalApiHandlers({ settings, localApi });
  const pushed: { channel: string; payload: unknown }[] = [];
  publishLocalApiChanges({ settings, localApi }, (channel, payload) => pushed.push({ channel, payload }), logger.log);
  return { handlers, localApi, started, pushed };
}

describe('the local API over IPC', () => {
  it('shows the settings and the status, which fit the contract and carry nothing else', async () => {
    const { handlers, localApi } = setup();
    await localApi.apply();
    const view = await handlers[INVOKE_CHANNELS.getLocalApi](undefined);
    expect(view).toEqual({ settings: { enabled: true, port: null, defaultPort: 41817, locked: [] }, status: { state: 'running', port: 41817 } });
    expect(invokeContract[INVOKE_CHANNELS.getLocalApi].result.parse(view)).toEqual(view);
  });

  it('restarts the API on the new port as soon as the port is saved, and pushes the change', async () => {
    const { handlers, localApi, started, pushed } = setup();
    await localApi.apply();
    const result = await handlers[INVOKE_CHANNELS.saveLocalApiSettings]({ enabled: true, port: 42000 });
    expect(result).toMatchObject({ ok: true, view: { settings: { port: 42000 }, status: { state: 'running', port: 42000 } } });
    expect(started).toEqual([41817, 42000]);
    expect(pushed.at(-1)).toEqual({
      channel: EVENT_CHANNELS.localApiChanged,
      payload: { settings: { enabled: true, port: 42000, defaultPort: 41817, locked: [] }, status: { state: 'running', port: 42000 } },
    });
  });

  it('stops the API at once when it is turned off', async () => {
    const { handlers, localApi } = setup();
    await localApi.apply();
    const result = await handlers[INVOKE_CHANNELS.saveLocalApiSettings]({ enabled: false, port: null });
    expect(result).toMatchObject({ ok: true, view: { status: { state: 'off', by: 'user' } } });
  });

  it('refuses a bad port or a managed field without touching the running API', async () => {
    const { handlers, localApi, started } = setup({ enabled: true });
    await localApi.apply();
    await expect(handlers[INVOKE_CHANNELS.saveLocalApiSettings]({ enabled: true, port: 99 })).resolves.toEqual({ ok: false, problem: 'port_invalid' });
    await expect(handlers[INVOKE_CHANNELS.saveLocalApiSettings]({ enabled: false, port: null })).resolves.toEqual({ ok: false, problem: 'locked' });
    expect(started).toEqual([41817]);
  });

  it('shows the API turned off by the managed configuration as locked', async () => {
    const { handlers, localApi, started } = setup({ enabled: false });
    await localApi.apply();
    expect(await handlers[INVOKE_CHANNELS.getLocalApi](undefined)).toMatchObject({
      settings: { enabled: false, locked: ['enabled'] },
      status: { state: 'off', by: 'managed' },
    });
    expect(started).toEqual([]);
  });

  it('tries the port again on request', async () => {
    const { handlers, localApi, started } = setup();
    await localApi.apply();
    await handlers[INVOKE_CHANNELS.retryLocalApi](undefined);
    expect(started).toEqual([41817, 41817]);
  });
});
