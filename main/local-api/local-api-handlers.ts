import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel } from '../../shared/ipc-channels';
import type { LocalApiView } from '../../shared/local-api-status';
import { createEventSender, type IpcHandlers } from '../ipc/ipc-router';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings-service';
import { DEFAULT_LOCAL_API_PORT } from './local-api-server';
import type { LocalApiService } from './local-api-service';

/** What the local API's IPC handlers need. */
export interface LocalApiHandlerDeps {
  settings: Pick<SettingsService, 'localApi' | 'saveLocalApi'>;
  /** The running service; absent (tests of other parts), the API is shown as off. */
  localApi: Pick<LocalApiService, 'status' | 'apply' | 'restart' | 'onStatus'> | undefined;
}

type LocalApiChannels = typeof INVOKE_CHANNELS.getLocalApi | typeof INVOKE_CHANNELS.saveLocalApiSettings | typeof INVOKE_CHANNELS.retryLocalApi;

/** The local API's settings and status as the renderer sees them: no key, no token, nothing else. */
export function localApiView(deps: LocalApiHandlerDeps): LocalApiView {
  const settings = deps.settings.localApi();
  return {
    settings: { enabled: settings.enabled, port: settings.port, defaultPort: DEFAULT_LOCAL_API_PORT, locked: [...settings.locked] },
    status: deps.localApi?.status() ?? { state: 'off', by: 'user' },
  };
}

/** The handlers of the local API's channels: read, change (restarting the API at once), try again. */
export function createLocalApiHandlers(deps: LocalApiHandlerDeps): Pick<IpcHandlers, LocalApiChannels> {
  return {
    [INVOKE_CHANNELS.getLocalApi]: () => localApiView(deps),
    [INVOKE_CHANNELS.saveLocalApiSettings]: async (request) => {
      const saved = await deps.settings.saveLocalApi(request);
      if (!saved.ok) return saved;
      await deps.localApi?.apply();
      return { ok: true, sessionOnly: saved.sessionOnly, view: localApiView(deps) };
    },
    [INVOKE_CHANNELS.retryLocalApi]: async () => {
      await deps.localApi?.restart();
      return localApiView(deps);
    },
  };
}

/** Pushes the view to the renderer on every status change; returns the unsubscribe. */
export function publishLocalApiChanges(deps: LocalApiHandlerDeps, sendToRenderer: (channel: EventChannel, payload: unknown) => void, log: Logger): () => void {
  if (!deps.localApi) return () => undefined;
  const sendEvent = createEventSender(sendToRenderer, log);
  return deps.localApi.onStatus(() => sendEvent(EVENT_CHANNELS.localApiChanged, localApiView(deps)));
}
