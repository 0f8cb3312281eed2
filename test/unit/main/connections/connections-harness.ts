import path from 'node:path';
import { companiesDocumentSchema, companiesMigrations, COMPANIES_FILE_VERSION, emptyCompaniesDocument } from '../../../../main/connections/company-records';
import { ConnectionsService, type ConnectedCompany } from '../../../../main/connections/connections-service';
import type { RefreshPlanOptions } from '../../../../main/connections/refresh-planner';
import type { RetryPolicy } from '../../../../main/connections/token-keeper';
import { vaultTokenStore } from '../../../../main/connections/vault-token-store';
import type { AuthorizationGrant } from '../../../../main/connect/connect-flow';
import { SlidingWindowLimiter } from '../../../../main/fortnox/rate-limiter';
import { TokenClient } from '../../../../main/fortnox/token-client';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault, type SecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import { createVersionedJsonFile } from '../../../../main/storage/versioned-json-file';
import type { CompaniesChanged, CompanySummary } from '../../../../shared/ipc-contract';
import type { ScopeName } from '../../../../shared/scope-names';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import type { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { CLIENT_ID, CLIENT_SECRET, codeFor, nodeFetch } from '../simulated-fortnox';
import { FakeSafeStorage } from '../storage/fake-safe-storage';

/** Every change any opened service published since the last `takeAllPublished()`. */
const allPublished: CompaniesChanged[] = [];

/** Returns and forgets every change published so far, by every service this harness opened. */
export function takeAllPublished(): CompaniesChanged[] {
  return allPublished.splice(0);
}

/** How to open the connections service over a data folder. */
export interface OpenConnectionsOptions {
  dir: string;
  clock: FakeClock;
  simulator: FortnoxSimulator;
  /** Reuse the OS key store of an earlier opening (a restart of the app on the same computer). */
  safeStorage?: FakeSafeStorage;
  retry?: RetryPolicy;
  plan?: RefreshPlanOptions;
  /** The API base URL the service uses; the simulator's by default. */
  apiBaseUrl?: () => string;
  /** Firm mode's "not in use" (ConnectionsDeps.dormant). */
  dormant?: () => boolean;
}

/**
 * The connections service as the app builds it (see main/app-services.ts), over a real temp
 * folder: encrypted vault (fake OS key store), versioned companies.json, and a real token client
 * talking to the simulator. Everything it publishes is collected in `published`.
 */
export async function openConnections(options: OpenConnectionsOptions) {
  const { dir, clock, simulator } = options;
  const safeStorage = options.safeStorage ?? new FakeSafeStorage();
  const logger = recordingLogger();
  const nowDate = () => new Date(clock.now());
  const vault: SecretVault = createSecretVault({
    box: createSecretBox(safeStorage, 'linux'),
    file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: nowDate, log: logger.log }),
    log: logger.log,
  });
  await vault.init();
  const published: CompaniesChanged[] = [];
  let publish = (change: CompaniesChanged): void => void published.push(change);
  const file = createVersionedJsonFile({
    filePath: path.join(dir, 'companies.json'),
    currentVersion: COMPANIES_FILE_VERSION,
    schema: companiesDocumentSchema,
    migrations: companiesMigrations,
    empty: emptyCompaniesDocument,
    now: nowDate,
    log: logger.log,
  });
  const client = new TokenClient(nodeFetch, clock.now);
  const limiter = new SlidingWindowLimiter(clock.now, clock.timers);
  const service = new ConnectionsService({
    file,
    tokens: vaultTokenStore(vault),
    client,
    fetcher: nodeFetch,
    apiBaseUrl: options.apiBaseUrl ?? (() => simulator.apiBaseUrl),
    tokenUrl: () => simulator.tokenUrl,
    clientCredentials: () => ({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
    limiter,
    now: clock.now,
    timers: clock.timers,
    log: logger.log,
    publish: (change) => publish(change),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.dormant ? { dormant: options.dormant } : {}),
  });
  await service.init();
  const waiters: { match: (change: CompaniesChanged) => boolean; resolve: (change: CompaniesChanged) => void }[] = [];
  const record = (change: CompaniesChanged) => {
    published.push(change);
    allPublished.push(change);
    for (const waiter of [...waiters]) {
      if (!waiter.match(change)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(change);
    }
  };
  publish = record;
  /** Resolves with the next published change (from now on) that matches. */
  const nextPublished = (match: (change: CompaniesChanged) => boolean) =>
    new Promise<CompaniesChanged>((resolve) => waiters.push({ match, resolve }));
  return { service, vault, safeStorage, published, logger, nextPublished, file, client, limiter };
}

/** A state-checked grant as the connect flow hands it over, for a code from the simulator. */
export function grantFor(simulator: FortnoxSimulator, code: string, scopes: ScopeName[] = ['companyinformation', 'invoice']): AuthorizationGrant {
  return {
    flowId: 'flow-0123456789',
    code,
    redirectUri: simulator.appCallbackUrl,
    clientId: CLIENT_ID,
    tokenUrl: simulator.tokenUrl,
    scopes,
    offlineAccess: true,
    serviceAccount: false,
  };
}

/** Signs in at the simulator for `tenantId` with `scopes` and lets the service store the connection. */
export async function connectCompany(
  service: ConnectionsService,
  simulator: FortnoxSimulator,
  tenantId: number,
  scopes: ScopeName[] = ['companyinformation', 'invoice'],
): Promise<ConnectedCompany> {
  const code = await codeFor(simulator, tenantId, scopes.join(' '));
  return service.authorize(grantFor(simulator, code, scopes));
}

/** Whether a published change carries `tenantId` in the given state. */
export function upserts(tenantId: string, state: Partial<CompanySummary>): (change: CompaniesChanged) => boolean {
  return (change) =>
    change.upserted.some(
      (summary) => summary.tenantId === tenantId && Object.entries(state).every(([key, value]) => summary[key as keyof CompanySummary] === value),
    );
}
