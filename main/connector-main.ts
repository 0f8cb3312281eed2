import type { AppInfo } from '../shared/ipc-contract';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel } from '../shared/ipc-channels';
import type { ConfigResult } from './config/fortnox-config';
import { ConnectFlow, type AuthorizationGrant, type Timers } from './connect/connect-flow';
import type { RandomBytes } from './connect/random-token';
import type { SignInWindowPort } from './connect/sign-in-window-port';
import { createEventSender, createIpcRouter, type IpcRouter } from './ipc/ipc-router';
import { originOf } from './ipc/trusted-sender';
import type { Logger } from './logging/logger';

/** Everything the main side needs from its host (Electron, or the browser test harness). */
export interface ConnectorMainDeps {
  getConfig: () => ConfigResult;
  simulator: boolean;
  version: string;
  systemLanguages: () => string[];
  windows: SignInWindowPort;
  /** Raw send to the app window; payloads are validated before they get here. */
  sendToRenderer: (channel: EventChannel, payload: unknown) => void;
  appWebContentsId: () => number | null;
  appOrigin: string;
  random: RandomBytes;
  now: () => number;
  timers: Timers;
  log: Logger;
  onAuthorized: (grant: AuthorizationGrant) => void;
  timeoutMs?: number;
}

/** The main side of the app, wired but transport-free: an IPC router and the connect flow. */
export interface ConnectorMain {
  router: IpcRouter;
  flow: ConnectFlow;
}

/** Builds the app info the renderer shows: version, simulator badge, languages, config state. */
export function describeApp(deps: Pick<ConnectorMainDeps, 'getConfig' | 'simulator' | 'version' | 'systemLanguages'>): AppInfo {
  const resolved = deps.getConfig();
  return {
    version: deps.version,
    simulator: deps.simulator,
    systemLanguages: deps.systemLanguages().slice(0, 20),
    config: resolved.ok
      ? { ok: true, authorizeOrigin: originOf(resolved.config.authorizeUrl) }
      : { ok: false, problems: resolved.problems.slice(0, 20) },
  };
}

/** Wires the connect flow to the IPC contract. */
export function createConnectorMain(deps: ConnectorMainDeps): ConnectorMain {
  const sendEvent = createEventSender(deps.sendToRenderer, deps.log);
  const flow = new ConnectFlow({
    getConfig: deps.getConfig,
    windows: deps.windows,
    random: deps.random,
    now: deps.now,
    timers: deps.timers,
    publish: (status) => sendEvent(EVENT_CHANNELS.flowStatus, status),
    onAuthorized: deps.onAuthorized,
    log: deps.log,
    ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
  });
  const router = createIpcRouter(
    {
      [INVOKE_CHANNELS.getAppInfo]: () => describeApp(deps),
      [INVOKE_CHANNELS.getFlowStatus]: () => flow.currentStatus(),
      [INVOKE_CHANNELS.startConnect]: (request) => flow.start(request),
      [INVOKE_CHANNELS.cancelConnect]: () => ({ cancelled: flow.cancel() }),
    },
    { appWebContentsId: deps.appWebContentsId, appOrigin: deps.appOrigin },
    deps.log,
  );
  return { router, flow };
}
