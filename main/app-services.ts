import path from 'node:path';
import type { StorageState } from '../shared/ipc-contract';
import type { RawConfig } from './config/fortnox-config';
import type { ManagedSource } from './config/managed-source';
import type { Timers } from './connect/connect-flow';
import { companiesMigrations, COMPANIES_FILE_VERSION, companiesDocumentSchema, emptyCompaniesDocument } from './connections/company-records';
import { ConnectionsService } from './connections/connections-service';
import type { RetryPolicy } from './connections/token-keeper';
import { vaultTokenStore } from './connections/vault-token-store';
import type { HttpFetch } from './fortnox/fortnox-http';
import { SlidingWindowLimiter } from './fortnox/rate-limiter';
import { TokenClient } from './fortnox/token-client';
import type { CompaniesChanged } from '../shared/ipc-contract';
import type { KnownSecrets } from './logging/known-secrets';
import type { Logger } from './logging/logger';
import { AuditLog } from './local-api/audit-log';
import { SettingsService } from './settings/settings-service';
import { cryptoRandomBytes } from './connect/random-token';
import { keeperAccessTokens, type AccessTokenSource } from './local-api/access-token-source';
import { FirmForwarding, type ForwardFetch } from './local-api/firm-forwarding';
import { LocalApiError } from './local-api/local-api-error';
import { FortnoxCallError } from './fortnox/fortnox-call-error';
import { DEFAULT_LOCAL_API_PORT, startLocalApi } from './local-api/local-api-server';
import { LocalApiService } from './local-api/local-api-service';
import { toolKeyFileStore } from './local-api/tool-key-file';
import { SignedToolKeyStore, toolKeysMacKey } from './local-api/signed-tool-key-store';
import { ToolKeys } from './local-api/tool-keys';
import type { SafeStoragePort } from './storage/safe-storage-port';
import { createSecretBox } from './storage/secret-box';
import { createSecretVault, type VaultStatus } from './storage/secret-vault';
import { createSecretsFile } from './storage/secrets-file';
import { createVersionedJsonFile } from './storage/versioned-json-file';
import { clientFileStore } from './clients/client-file';
import { ClientRegister } from './clients/client-register';
import type { FirmView } from '../shared/firm-mode';
import { FirmMode, type FirmModeDeps } from './firm/firm-mode';

/** What the main-side services are built from. */
export interface AppServicesDeps {
  /** The app's data folder (Electron's userData). */
  dataDir: string;
  env: NodeJS.ProcessEnv;
  safeStorage: SafeStoragePort;
  platform: NodeJS.Platform;
  fetcher: HttpFetch;
  simulator?: { config: RawConfig; clientSecret: string };
  now: () => number;
  timers: Timers;
  log: Logger;
  publishCompanies: (change: CompaniesChanged) => void;
  httpTimeoutMs?: number;
  retry?: RetryPolicy;
  /** Secret values the logger must never write; filled as tokens and secrets pass through. */
  secrets?: KnownSecrets;
  /** The IT department's managed configuration (protected file, Windows registry policy). */
  managed?: ManagedSource;
  /** A packaged build (endpoint overrides only from the managed file). */
  packaged?: boolean;
  /** The local API's port when neither Settings nor the managed configuration sets one (0: a free port, for tests). */
  localApiDefaultPort?: number;
  /**
   * Fortnox's per-company limit as the app keeps it (default `FORTNOX_RATE_LIMIT`, 24 per 5 s).
   * Only `npm run bench` raises it, so that it measures the proxy rather than the queue.
   */
  fortnoxRateLimit?: { requests: number; windowMs: number };
  /** Firm mode's view for the window, whenever it changes. */
  publishFirm?: (view: FirmView) => void;
  /** Opens the firm's identity provider in the system browser (https, or http on loopback). */
  openSignInPage?: (url: string) => Promise<void>;
  /** openid-client's HTTP client for the identity provider. */
  oidcFetch?: typeof fetch;
  /** This computer's name as the firm server's admins see it. */
  deviceName?: () => string;
  /** The page the browser shows after the identity provider's redirect. */
  firmCallbackPage?: FirmModeDeps['callbackPage'];
  /** Firm mode's loopback listener and browser wait, for tests. */
  firmSignIn?: Pick<FirmModeDeps, 'listen' | 'signInTimeoutMs'>;
  /** How the local API reaches the firm server in firm mode (Electron's net.fetch in the app); default Node's fetch. */
  forwardFetch?: ForwardFetch;
}

/** The wired services and what the UI needs to know about storage. */
export interface AppServices {
  settings: SettingsService;
  connections: ConnectionsService;
  storage: () => StorageState;
  /** The keys tools present to the local API (`tool-keys.json`). */
  toolKeys: ToolKeys;
  /** The local API: not started here; `localApi.apply()` starts it from the settings. */
  localApi: LocalApiService;
  /** The local API's audit log (`audit/` in the data folder); `close()` it when quitting. */
  audit: AuditLog;
  /** The firm's client list (`clients.json`, issue 9 item 2). */
  clients: ClientRegister;
  /** Firm mode (issue 10 item 5): the firm server's session, list and connect hand-over. */
  firm: FirmMode;
}

/** The page the browser shows once the firm's identity provider sent the user back (both languages: the browser's may differ). */
export const FIRM_CALLBACK_PAGE = {
  title: 'Inloggningen är klar – Sign-in complete',
  lines: ['Du kan stänga fliken och gå tillbaka till Fortnox Connector.', 'You can close this tab and return to Fortnox Connector.'],
};

/**
 * This computer's access tokens, only while firm mode is off: in firm mode none is read or handed
 * out, whatever asks (the local API forwards instead; this is the safety net behind it).
 */
export function localOnlyTokens(source: AccessTokenSource, firmActive: () => boolean): AccessTokenSource {
  const { cachedAccessToken, rejected } = source;
  return {
    accessToken: (tenantId) => (firmActive() ? Promise.reject(new LocalApiError('firm_signed_out')) : source.accessToken(tenantId)),
    ...(cachedAccessToken ? { cachedAccessToken: (tenantId: string) => (firmActive() ? undefined : cachedAccessToken.call(source, tenantId)) } : {}),
    ...(rejected ? { rejected: (tenantId: string, token: string) => (firmActive() ? Promise.reject(new LocalApiError('firm_signed_out')) : rejected.call(source, tenantId, token)) } : {}),
  };
}

function backupName(backupPath: string | undefined): string | null {
  return backupPath ? (backupPath.split(/[\\/]/).pop() ?? null) : null;
}

/**
 * Builds settings, the encrypted vault and the connections service on top of the data folder:
 * `settings.json` (plain), `companies.json` (plain, no secrets) and `secrets.json` (ciphertexts).
 * Must run after Electron's `ready`, since safeStorage is unavailable before it.
 */
export async function createAppServices(deps: AppServicesDeps): Promise<AppServices> {
  const nowDate = () => new Date(deps.now());
  const box = createSecretBox(deps.safeStorage, deps.platform);
  const vault = createSecretVault({
    box,
    file: createSecretsFile({ filePath: path.join(deps.dataDir, 'secrets.json'), now: nowDate, log: deps.log }),
    log: deps.log,
  });
  const vaultStatus: VaultStatus = await vault.init();

  const settings = new SettingsService({
    settingsPath: path.join(deps.dataDir, 'settings.json'),
    env: deps.env,
    vault,
    now: deps.now,
    log: deps.log,
    ...(deps.simulator ? { simulator: deps.simulator } : {}),
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    ...(deps.managed ? { managed: deps.managed } : {}),
    ...(deps.packaged ? { packaged: true } : {}),
  });
  await settings.init();

  const limiter = new SlidingWindowLimiter(deps.now, deps.timers, deps.fortnoxRateLimit?.requests, deps.fortnoxRateLimit?.windowMs);
  const apiBase = () => {
    const config = settings.config();
    return config.ok ? config.config.apiBaseUrl : 'https://api.fortnox.se/3/';
  };
  const tokenUrl = () => {
    const config = settings.config();
    return config.ok ? config.config.tokenUrl : 'https://apps.fortnox.se/oauth-v1/token';
  };
  // Made after the connections (it shows their list when turned off); read by their publisher.
  const late: { firm?: FirmMode } = {};
  const connections = new ConnectionsService({
    file: createVersionedJsonFile({
      filePath: path.join(deps.dataDir, 'companies.json'),
      currentVersion: COMPANIES_FILE_VERSION,
      schema: companiesDocumentSchema,
      migrations: companiesMigrations,
      empty: emptyCompaniesDocument,
      now: nowDate,
      log: deps.log,
    }),
    tokens: vaultTokenStore(vault, deps.secrets),
    client: new TokenClient(deps.fetcher, deps.now, deps.httpTimeoutMs, deps.log),
    fetcher: deps.fetcher,
    apiBaseUrl: apiBase,
    tokenUrl,
    // Firm mode: this computer's client secret is neither read nor used (the firm server exchanges and refreshes).
    clientCredentials: () => {
      if (late.firm?.active()) throw new FortnoxCallError('client_secret_missing');
      return settings.credentials();
    },
    dormant: () => late.firm?.active() === true,
    limiter,
    now: deps.now,
    timers: deps.timers,
    log: deps.log,
    // In firm mode the window shows the firm server's list: this computer's changes wait until it is off.
    publish: (change) => {
      if (!late.firm?.active()) deps.publishCompanies(change);
    },
    ...(deps.retry ? { retry: deps.retry } : {}),
    ...(deps.httpTimeoutMs !== undefined ? { httpTimeoutMs: deps.httpTimeoutMs } : {}),
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
  });
  await connections.init();
  const undecryptable = vault
    .undecryptable()
    .filter((name) => name.startsWith('tokens:'))
    .map((name) => name.slice('tokens:'.length));
  if (undecryptable.length > 0) await connections.markUndecryptable(undecryptable);

  const audit = new AuditLog({ dir: path.join(deps.dataDir, 'audit'), now: deps.now, timers: deps.timers, log: deps.log });
  await audit.start();
  const toolKeys = new ToolKeys({
    // Each record is authenticated by an HMAC under a secret in the encrypted vault (memory-only vault: this session only).
    store: new SignedToolKeyStore(
      toolKeyFileStore({ filePath: path.join(deps.dataDir, 'tool-keys.json'), now: nowDate, log: deps.log }),
      await toolKeysMacKey(vault, cryptoRandomBytes, deps.log),
      deps.log,
    ),
    random: cryptoRandomBytes,
    now: deps.now,
    log: deps.log,
  });
  await toolKeys.init();
  // Firm mode: the local API forwards to the firm server under the accountant's session (issue 10 item 5).
  const forwarding = new FirmForwarding({
    state: () => late.firm?.toolForwarding() ?? { kind: 'off' },
    fetch: deps.forwardFetch ?? ((url, init) => fetch(url, init)),
    sessionRefused: () => late.firm?.forwardingRefused(),
    log: deps.log,
  });
  const localTokens = localOnlyTokens(keeperAccessTokens(connections.keeper, deps.now), () => late.firm?.active() === true);
  const localApi = new LocalApiService({
    settings: () => {
      const chosen = settings.localApi();
      return { enabled: chosen.enabled, port: chosen.port ?? deps.localApiDefaultPort ?? DEFAULT_LOCAL_API_PORT, enabledManaged: chosen.locked.includes('enabled') };
    },
    start: (port) => {
      // Read at each start: settings.json's or the managed configuration's limits (issue 8 item 1).
      const limits = settings.localApiLimits();
      return startLocalApi(
        {
          keys: toolKeys,
          companies: () => connections.list(),
          company: (tenantId) => connections.company(tenantId),
          companyName: (tenantId) => connections.companyName(tenantId),
          tokens: localTokens,
          now: deps.now,
          timers: deps.timers,
          log: deps.log,
          proxy: { apiBaseUrl: apiBase, limiter, ...limits },
          audit,
          forward: forwarding,
        },
        { port },
      );
    },
    log: deps.log,
    keys: toolKeys,
  });

  const storage = (): StorageState => {
    const problems: StorageState['problems'] = [...connections.problems()];
    if (vaultStatus.mode === 'encrypted' && vaultStatus.fileProblem) {
      problems.push({ file: 'secrets', kind: vaultStatus.fileProblem.kind, backupName: backupName(vaultStatus.fileProblem.backupPath) });
    }
    return vaultStatus.mode === 'encrypted'
      ? { mode: 'encrypted', reason: null, problems }
      : { mode: 'memory', reason: vaultStatus.reason, problems };
  };
  const clients = new ClientRegister({
    store: clientFileStore({ filePath: path.join(deps.dataDir, 'clients.json'), now: nowDate, log: deps.log }),
    now: deps.now,
    log: deps.log,
  });
  await clients.init();
  const firm = new FirmMode({
    settings,
    vault,
    fetcher: deps.fetcher,
    openExternal: deps.openSignInPage ?? (() => Promise.reject(new Error('no browser'))),
    ...(deps.oidcFetch ? { oidcFetch: deps.oidcFetch } : {}),
    now: deps.now,
    timers: deps.timers,
    random: () => Buffer.from(cryptoRandomBytes(4)).readUInt32BE(0) / 2 ** 32,
    log: deps.log,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    publishCompanies: deps.publishCompanies,
    publishView: deps.publishFirm ?? (() => undefined),
    local: { list: () => connections.list(), attention: () => connections.attentionRows() },
    deviceName: deps.deviceName ?? (() => 'Fortnox Connector'),
    callbackPage: deps.firmCallbackPage ?? FIRM_CALLBACK_PAGE,
    localResumed: () => settings.loadDeferredSecret(),
    ...deps.firmSignIn,
  });
  late.firm = firm;
  await firm.init();
  return { settings, connections, storage, toolKeys, localApi, audit, clients, firm };
}
