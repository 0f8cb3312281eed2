import type { AppInfo, CompaniesChanged, ConnectResult, HelpTarget, IntegrationNameState, ShowView, StorageState, UpdateStatus } from '../shared/ipc-contract';
import type { ShortcutId } from '../shared/keyboard-shortcuts';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel } from '../shared/ipc-channels';
import { normalizeTenantId } from '../shared/tenant-id';
import { UNSUPPORTED_LOGIN_ITEM, type LoginItemPort } from './background/login-item-port';
import type { ConfigResult } from './config/fortnox-config';
import { BatchRunner } from './batch/batch-runner';
import { ConnectFlow, type AuthorizationGrant, type AuthorizationResult, type Timers } from './connect/connect-flow';
import type { RandomBytes } from './connect/random-token';
import type { SignInWindowPort } from './connect/sign-in-window-port';
import { WrongCompanyError, type ConnectionsService } from './connections/connections-service';
import { FortnoxCallError } from './fortnox/fortnox-call-error';
import { NO_ACTIVITY, type ActivityService } from './local-api/activity-service';
import { createEventSender, createIpcRouter, type IpcHandlers, type IpcRouter } from './ipc/ipc-router';
import { originOf } from './ipc/trusted-sender';
import type { KnownSecrets } from './logging/known-secrets';
import type { Logger } from './logging/logger';
import { createRendererErrorLog } from './logging/renderer-error-log';
import { createLocalApiHandlers, publishLocalApiChanges } from './local-api/local-api-handlers';
import type { LocalApiService } from './local-api/local-api-service';
import { createToolKeyHandlers, examplePort } from './local-api/tool-key-handlers';
import type { ToolKeys } from './local-api/tool-keys';
import type { SettingsService } from './settings/settings-service';
import { lockedScopes, scopeProfilesFor } from './settings/scope-profiles-wiring';
import type { Language } from '../shared/ui-language';
import { exportCompaniesCsv } from './connections/company-csv';
import { clientsOfBatch, createClientHandlers } from './clients/client-handlers';
import { memoryClientStore } from './clients/client-file';
import { ClientRegister } from './clients/client-register';
import type { SaveFilePort } from './storage/save-file-port';
import type { CompanyConnections } from './connections/company-connections';
import type { FirmMode } from './firm/firm-mode';
import { createFirmDeskHandlers } from './firm/firm-desk-handlers';
import { createLocalLeftoverHandlers } from './firm/local-leftovers';

/** Everything the main side needs from its host (Electron, or the browser test harness). */
export interface ConnectorMainDeps {
  simulator: boolean;
  /** `app.isPackaged`: an installed build (the renderer then leaves development-only advice out). */
  packaged: boolean;
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
  settings: SettingsService;
  connections: ConnectionsService;
  /** Where secrets are kept this session, and what was wrong with the files at start. */
  storage: () => StorageState;
  writeClipboard: (text: string) => void;
  /** The diagnostics text (already redacted). */
  diagnostics: () => string | Promise<string>;
  /** Opens a fixed https URL in the user's browser. */
  openExternal: (url: string) => void;
  updateStatus: () => UpdateStatus;
  /** Reloads the app window (after the renderer's error view); absent where there is none. */
  reloadApp?: () => void;
  timeoutMs?: number;
  secrets?: KnownSecrets;
  /** The local API (Settings shows and changes it); absent, it is shown as off. */
  localApi?: LocalApiService;
  /** The local API's tool keys (the Tools view); absent: no keys can be made this session. */
  toolKeys?: ToolKeys;
  /** The window's language, for main's own texts (alerts, tray); absent where nothing uses it. */
  setUiLanguage?: (language: Language) => void;
  /** Starting the app at login (main/background); absent where the app cannot (the setting then says so). */
  loginItem?: LoginItemPort;
  /** The local API's audit log for the Activity view; absent, the view shows an empty log. */
  activity?: ActivityService;
  /** Told the organisation number of each company skipped in a batch (the client list marks it). */
  onBatchSkipped?: (orgNumber: string) => void;
  /** The firm's client list (`clients.json`); absent, a list in memory for this session. */
  clients?: ClientRegister;
  /** Where exports of the company and client lists are saved (the save dialog); absent, an export fails and says so. */
  saveFile?: SaveFilePort;
  /**
   * Firm mode (issue 10 item 5): while it is on, the company list, connecting, testing and
   * disconnecting go through the firm server instead of this computer's connections.
   */
  firm?: FirmMode;
}

/** The main side of the app, wired but transport-free: an IPC router and the connect flow. */
export interface ConnectorMain {
  router: IpcRouter;
  flow: ConnectFlow;
  /** Batch connect (its own flow and shared sign-in session); `shutdown()` at quit releases the session. */
  batch: BatchRunner;
  /** Shows the company list filtered to these companies (what a click on an alert does). */
  showCompanies(tenantIds: string[]): void;
  /** Asks the window to show a view (the tray's Open and Connect a company). */
  showView(view: ShowView['view']): void;
  /** Asks the window to run a shortcut chosen in the app menu (`fromKeyboard`: by its accelerator). */
  runShortcut(id: ShortcutId, fromKeyboard: boolean): void;
}

/** Builds the app info the renderer shows: version, simulator badge, languages, config state. */
export function describeApp(deps: {
  getConfig: () => ConfigResult;
  simulator: boolean;
  packaged: boolean;
  version: string;
  systemLanguages: () => string[];
  /** The integration's name in effect (settings-service); absent, none is sent. */
  integrationName?: () => IntegrationNameState;
}): AppInfo {
  const resolved = deps.getConfig();
  return {
    ...(deps.integrationName ? { integrationName: deps.integrationName() } : {}),
    version: deps.version,
    simulator: deps.simulator,
    packaged: deps.packaged,
    systemLanguages: deps.systemLanguages().slice(0, 20),
    config: resolved.ok
      ? { ok: true, authorizeOrigin: originOf(resolved.config.authorizeUrl) }
      : { ok: false, problems: resolved.problems.slice(0, 20) },
  };
}

/**
 * The only pages the app opens in the browser (Electron checklist item 15: never open a URL the
 * renderer chose). Sources: fortnox.md S24 and S9; Fortnox support for managing integrations.
 */
export const HELP_URLS: Record<HelpTarget, string> = {
  'developer-portal': 'https://www.fortnox.se/developer/developer-portal',
  'manage-integrations': 'https://support.fortnox.se/',
  scopes: 'https://www.fortnox.se/developer/guides-and-good-to-know/scopes',
};

/**
 * The last check before a URL goes to the operating system: one of the fixed help pages, or a
 * `bankid:` link (which starts the BankID app for "BankID on this device"). Nothing else.
 */
export function isAllowedExternalUrl(url: string): boolean {
  if ((Object.values(HELP_URLS) as string[]).includes(url)) return true;
  try {
    return new URL(url).protocol === 'bankid:';
  } catch {
    return false;
  }
}

/**
 * The check before the firm's identity provider's sign-in page goes to the system browser: an
 * absolute https URL without credentials (plain http only on this computer, for development).
 */
export function isAllowedSignInPage(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname);
}

/** Runs the token exchange for a verified grant and reduces any failure to a typed issue. */
async function exchange(connections: CompanyConnections, grant: AuthorizationGrant): Promise<AuthorizationResult> {
  try {
    return { ok: true, company: await connections.authorize(grant) };
  } catch (error) {
    if (error instanceof WrongCompanyError) return { ok: false, wrongCompany: error.wrong };
    if (error instanceof FortnoxCallError) return { ok: false, issue: error.issue, detail: error.details.description };
    throw error;
  }
}

/** Wires the connect flow, the connections and the settings to the IPC contract. */
export function createConnectorMain(deps: ConnectorMainDeps): ConnectorMain {
  const sendEvent = createEventSender(deps.sendToRenderer, deps.log);
  const firm = deps.firm;
  // In firm mode the server names the Fortnox client (no secret here); else the settings do.
  const getConfig = () => (firm?.active() ? firm.config() : deps.settings.config());
  /** The connections the handlers act on: the firm server's in firm mode, else this computer's. */
  const active = (): CompanyConnections => (firm?.active() ? firm.connections : deps.connections);
  const flow = new ConnectFlow({
    getConfig,
    windows: deps.windows,
    random: deps.random,
    now: deps.now,
    timers: deps.timers,
    publish: (status) => sendEvent(EVENT_CHANNELS.flowStatus, status),
    onAuthorized: (grant) => exchange(active(), grant),
    log: deps.log,
    ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
  });
  const { connections, settings } = deps;
  const clients = deps.clients ?? new ClientRegister({ store: memoryClientStore(), now: deps.now, log: deps.log });
  clients.onChanged(() => sendEvent(EVENT_CHANNELS.clientsChanged, {}));
  const batch = new BatchRunner({
    getConfig,
    windows: deps.windows,
    // Per call, like the handlers: through the firm server in firm mode.
    connections: {
      authorizeIf: (grant, accept) => (firm?.active() ? firm.connections : connections).authorizeIf(grant, accept),
      keepHeld: (flowId) => active().keepHeld(flowId),
      discardHeld: (flowId) => active().discardHeld(flowId),
    },
    random: deps.random,
    now: deps.now,
    timers: deps.timers,
    log: deps.log,
    publish: (status) => sendEvent(EVENT_CHANNELS.batchStatus, status),
    // A bulk reconnect asks each company for what it has, as a single reconnect does (locked scopes first).
    reconnectRequest: (tenantId) => {
      const record = active().record(tenantId);
      if (!record) return undefined;
      const scopes = lockedScopes(settings) ?? record.requestedScopes;
      if (scopes.length === 0) return undefined;
      return { scopes, offlineAccess: record.offlineAccess, serviceAccount: record.accountType === 'service' };
    },
    // The client list marks a skipped client (its state "skipped" until a batch takes it up again).
    onSkipped: (orgNumber) => {
      deps.onBatchSkipped?.(orgNumber);
      void clients.markSkipped(orgNumber);
    },
    ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
  });
  const logRendererError = createRendererErrorLog(deps.log, deps.now);
  const scopeProfiles = scopeProfilesFor(settings, deps.random, deps.log);
  const loginItem = deps.loginItem ?? UNSUPPORTED_LOGIN_ITEM;
  /** The window's language (Swedish until it says): the Activity export's CSV separator follows it. */
  let windowLanguage: Language = 'sv';
  // A held sign-in to the wrong company that is let go (timeout, declined, new sign-in) takes its
  // "add it instead" offer with it.
  // The same for a batch's question about a company not on the list.
  connections.onHeldReleased((flowId) => {
    flow.heldReleased(flowId);
    batch.heldReleased(flowId);
  });
  /** A new sign-in replaces any held one, which is then revoked (but not a batch's open question). */
  const started = (result: ConnectResult): ConnectResult => {
    if (result.result === 'started') connections.discardHeldExcept(batch.heldFlowIds());
    return result;
  };
  const router = createIpcRouter(
    {
      [INVOKE_CHANNELS.getAppInfo]: () => describeApp({ ...deps, getConfig, integrationName: () => settings.integrationName() }),
      [INVOKE_CHANNELS.getFlowStatus]: () => flow.currentStatus(),
      [INVOKE_CHANNELS.startConnect]: (request) => started(flow.start({ ...request, scopes: lockedScopes(settings) ?? request.scopes })),
      [INVOKE_CHANNELS.cancelConnect]: () => ({ cancelled: flow.cancel() }),
      [INVOKE_CHANNELS.listCompanies]: () => ({ ...active().listing(), storage: deps.storage() }),
      [INVOKE_CHANNELS.testCompany]: ({ tenantId }) => active().test(tenantId),
      [INVOKE_CHANNELS.reconnectCompany]: (request) => {
        const record = active().record(request.tenantId);
        // The target travels with the flow, so tokens for another company can never replace it.
        const reconnectTenantId = record?.tenantId ?? normalizeTenantId(request.tenantId) ?? request.tenantId;
        return started(
          flow.start(
            {
              scopes: lockedScopes(settings) ?? request.scopes ?? record?.requestedScopes ?? ['companyinformation'],
              offlineAccess: request.offlineAccess ?? record?.offlineAccess ?? true,
              serviceAccount: request.serviceAccount ?? record?.accountType === 'service',
              restart: request.restart ?? false,
            },
            { reconnectTenantId },
          ),
        );
      },
      // Defence in depth: only the single connect flow's own held sign-ins, never a batch's (its
      // question is answered through batch:answer-unexpected, which records the decision).
      [INVOKE_CHANNELS.keepHeldCompany]: async ({ flowId }) => {
        if (!flow.holdsGrantOf(flowId)) return { kept: false, issue: null };
        try {
          const company = await active().keepHeld(flowId);
          if (!company) return { kept: false, issue: null };
          flow.heldKept(flowId, company);
          return { kept: true, tenantId: company.tenantId, companyName: company.companyName };
        } catch (error) {
          if (error instanceof FortnoxCallError) return { kept: false, issue: error.issue };
          throw error;
        }
      },
      [INVOKE_CHANNELS.discardHeldCompany]: ({ flowId }) => ({ discarded: flow.holdsGrantOf(flowId) && active().discardHeld(flowId) > 0 }),
      [INVOKE_CHANNELS.disconnectCompany]: ({ tenantId }) => active().disconnect(tenantId),
      [INVOKE_CHANNELS.disconnectAttention]: ({ id }) => active().disconnectAttention(id),
      [INVOKE_CHANNELS.restoreConnection]: ({ tenantId }) => active().restore(tenantId),
      [INVOKE_CHANNELS.copyCompanyDetails]: ({ tenantId }) => {
        // In the window's language, with its dates, so it can be pasted into an email as it is.
        const text = active().detailsText(tenantId, windowLanguage);
        if (text === undefined) return { copied: false };
        deps.writeClipboard(text);
        return { copied: true };
      },
      [INVOKE_CHANNELS.exportCompanies]: ({ tenantIds }) =>
        exportCompaniesCsv({ company: (tenantId) => active().company(tenantId), save: deps.saveFile, now: deps.now, log: deps.log }, tenantIds, windowLanguage),
      [INVOKE_CHANNELS.getSettings]: () => settings.view(deps.storage()),
      [INVOKE_CHANNELS.saveSettings]: (request) => settings.save(request),
      [INVOKE_CHANNELS.setClientSecret]: async ({ secret }) => ({
        saved: (await settings.setClientSecret(secret)).saved,
        mode: deps.storage().mode,
      }),
      [INVOKE_CHANNELS.clearClientSecret]: async () => ({ cleared: await settings.clearClientSecret() }),
      [INVOKE_CHANNELS.copyDiagnostics]: async () => {
        deps.writeClipboard(await deps.diagnostics());
        return { copied: true };
      },
      [INVOKE_CHANNELS.openHelp]: ({ target }) => {
        deps.openExternal(HELP_URLS[target]);
        return { opened: true };
      },
      [INVOKE_CHANNELS.getUpdateStatus]: () => deps.updateStatus(),
      [INVOKE_CHANNELS.reloadApp]: () => {
        if (!deps.reloadApp) return { reloading: false };
        deps.reloadApp();
        return { reloading: true };
      },
      [INVOKE_CHANNELS.reportRendererError]: (report) => logRendererError(report),
      ...createLocalApiHandlers({ settings, localApi: deps.localApi }),
      ...createToolKeyHandlers({
        tools: deps.toolKeys && {
          keys: deps.toolKeys,
          port: () => examplePort(deps.localApi?.status() ?? { state: 'off', by: 'user' }, settings.localApi().port),
        },
        connectedTenantIds: () => connections.list().map((company) => company.tenantId),
        writeClipboard: deps.writeClipboard,
        now: deps.now,
        log: deps.log,
        ...(deps.secrets ? { secrets: deps.secrets } : {}),
      }),
      [INVOKE_CHANNELS.setUiLanguage]: ({ language }) => {
        windowLanguage = language;
        deps.setUiLanguage?.(language);
        return { applied: deps.setUiLanguage !== undefined };
      },
      [INVOKE_CHANNELS.getStartAtLogin]: async () => ({ status: await loginItem.status() }),
      [INVOKE_CHANNELS.setStartAtLogin]: async ({ enabled }) => {
        try {
          const status = await loginItem.set(enabled);
          deps.log.info('start at login changed', { enabled, status });
          return { ok: true, status };
        } catch (error) {
          deps.log.warn('start at login could not be changed', { enabled, error: error instanceof Error ? error.name : typeof error });
          return { ok: false, status: await loginItem.status().catch(() => 'unsupported' as const) };
        }
      },
      [INVOKE_CHANNELS.queryActivity]: (query) => (deps.activity ?? NO_ACTIVITY).query(query),
      [INVOKE_CHANNELS.listActivityKeys]: () => (deps.activity ?? NO_ACTIVITY).keys(),
      [INVOKE_CHANNELS.exportActivity]: (filter) => (deps.activity ?? NO_ACTIVITY).exportCsv(filter, windowLanguage),
      // A batch does not start beside a single sign-in that is open (two windows would compete).
      [INVOKE_CHANNELS.startBatch]: (request) => {
        if (flow.currentStatus().phase === 'signing-in') return { started: false, reason: 'already_running' };
        const result = batch.start({ ...request, scopes: lockedScopes(settings) ?? request.scopes });
        // The organisation numbers a batch was started with become the firm's client list (issue 9
        // item 2); companies already connected (bulk reconnect, by tenant id) are not clients added.
        if (result.started) void clients.add(clientsOfBatch(request.entries), { takenUp: true });
        return result;
      },
      [INVOKE_CHANNELS.skipBatchEntry]: ({ entryId }) => batch.skip(entryId),
      [INVOKE_CHANNELS.retryBatchEntry]: ({ entryId }) => batch.retry(entryId),
      [INVOKE_CHANNELS.stopBatch]: () => batch.stop(),
      [INVOKE_CHANNELS.answerBatchUnexpected]: ({ entryId, keep }) => batch.answer(entryId, keep),
      [INVOKE_CHANNELS.newBatchLogin]: () => batch.newLogin(),
      [INVOKE_CHANNELS.getBatchStatus]: () => batch.status(),
      [INVOKE_CHANNELS.getScopeProfiles]: () => scopeProfiles.view(),
      [INVOKE_CHANNELS.changeScopeProfiles]: (change) => scopeProfiles.change(change),
      [INVOKE_CHANNELS.saveIntegrationName]: ({ name }) => settings.saveIntegrationName(name),
      ...createClientHandlers({
        clients,
        companies: () => connections.list(),
        save: deps.saveFile,
        language: () => windowLanguage,
        now: deps.now,
        log: deps.log,
      }),
      ...firmHandlers(firm),
      ...createFirmDeskHandlers({
        server: () => firm?.serverClient() ?? null,
        save: deps.saveFile,
        writeClipboard: deps.writeClipboard,
        language: () => windowLanguage,
        now: deps.now,
        log: deps.log,
      }),
      ...createLocalLeftoverHandlers({ firmActive: () => firm?.active() === true, settings, connections, log: deps.log }),
    },
    { appWebContentsId: deps.appWebContentsId, appOrigin: deps.appOrigin },
    deps.log,
  );
  publishLocalApiChanges({ settings, localApi: deps.localApi }, deps.sendToRenderer, deps.log);
  return {
    router,
    flow,
    batch,
    showCompanies: (tenantIds) => sendEvent(EVENT_CHANNELS.showCompanies, { tenantIds: [...new Set(tenantIds)] }),
    showView: (view) => sendEvent(EVENT_CHANNELS.showView, { view }),
    runShortcut: (id, fromKeyboard) => sendEvent(EVENT_CHANNELS.runShortcut, { id, fromKeyboard }),
  };
}

/** The firm-mode channels; without firm mode (tests of other features) it shows as off and refuses. */
function firmHandlers(firm: FirmMode | undefined): Pick<
  IpcHandlers,
  | typeof INVOKE_CHANNELS.getFirmServer
  | typeof INVOKE_CHANNELS.saveFirmServer
  | typeof INVOKE_CHANNELS.signInFirm
  | typeof INVOKE_CHANNELS.cancelFirmSignIn
  | typeof INVOKE_CHANNELS.pairFirm
  | typeof INVOKE_CHANNELS.signOutFirm
> {
  const off = { url: null, locked: false, state: 'off', user: null, signIn: null, signingIn: false, connectReady: false } as const;
  const refused = { ok: false, problem: 'not_configured', view: off } as const;
  return {
    [INVOKE_CHANNELS.getFirmServer]: () => firm?.view() ?? off,
    [INVOKE_CHANNELS.saveFirmServer]: ({ url }) => firm?.saveUrl(url) ?? refused,
    [INVOKE_CHANNELS.signInFirm]: () => firm?.signInWithOidc() ?? refused,
    [INVOKE_CHANNELS.cancelFirmSignIn]: () => ({ cancelled: firm?.cancelSignIn() ?? false }),
    [INVOKE_CHANNELS.pairFirm]: ({ code }) => firm?.pair(code) ?? refused,
    [INVOKE_CHANNELS.signOutFirm]: () => firm?.signOut() ?? refused,
  };
}

/** Sends company list changes to the renderer through the validated event sender. */
export function companiesPublisher(
  sendToRenderer: (channel: EventChannel, payload: unknown) => void,
  log: Logger,
): (change: CompaniesChanged) => void {
  const sendEvent = createEventSender(sendToRenderer, log);
  return (change) => sendEvent(EVENT_CHANNELS.companiesChanged, change);
}
