import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import type { AccessTokenSource } from '../../../../main/local-api/access-token-source';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from '../../../../main/local-api/bad-key-throttle';
import { MemoryToolKeyStore } from '../../../../main/local-api/tool-key-store';
import { ToolKeys, type KeyCheck } from '../../../../main/local-api/tool-keys';
import type { NewToolKey } from '../../../../shared/local-api-keys';
import type { ApiCompany } from '../../../../shared/local-api-schemas';
import type { CompanyDirectory } from '../../../../server/companies/company-repository';
import { createServerMetrics } from '../../../../server/http/metrics';
import type { ReadinessCheck } from '../../../../server/http/readiness';
import { buildServerApp, type ServerAppDeps } from '../../../../server/http/server-app';
import { FakeClock } from '../../main/fake-timers';
import { recordingLogger } from '../../main/recording-logger';

/** A company as the firm server's companies table gives it to the API. */
export function apiCompany(tenantId: string, name: string, overrides: Partial<ApiCompany> = {}): ApiCompany {
  return {
    name,
    organizationNumber: `556${tenantId}-0000`,
    databaseNumber: tenantId,
    accountType: 'user',
    scopes: ['companyinformation', 'invoice'],
    status: 'active',
    ...overrides,
  };
}

/** The companies the harness starts with: the same two as the local API's harness. */
export const HARNESS_COMPANIES: readonly ApiCompany[] = [apiCompany('101', 'Café Söder AB'), apiCompany('202', 'Bokföringsbyrån Norr AB')];

/** An in-memory company directory that records every tenant id it was asked about (what would reach SQL). */
export function memoryCompanies(companies: readonly ApiCompany[]): CompanyDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    list: async () => companies.map((company) => ({ ...company, scopes: [...company.scopes] })),
    one: async (tenantId) => {
      asked.push(tenantId);
      const found = companies.find((company) => company.databaseNumber === tenantId);
      return found ? { ...found, scopes: [...found.scopes] } : undefined;
    },
  };
}

/** How to build an app for a test. */
export interface AppOptions {
  clock?: FakeClock;
  companies?: readonly ApiCompany[];
  tokens?: AccessTokenSource;
  proxy?: ServerAppDeps['proxy'];
  readiness?: ReadinessCheck;
  throttle?: ThrottlePolicy;
  bodyLimitBytes?: number;
  publicUrl?: string;
  trustProxy?: ServerAppDeps['trustProxy'];
  metricsToken?: string | null;
  logger?: ServerAppDeps['logger'];
  /** Integration keys other than the harness's (the real ones over a database). */
  keys?: ServerAppDeps['keys'];
  /** A company directory other than the in-memory one (the real one over a database). */
  directory?: CompanyDirectory;
  /** The accountant routes (firm-routes.ts); absent, the app serves none. */
  firm?: ServerAppDeps['firm'];
  /** SESSION_TOOL_RIGHT (default the app's, `token`). */
  sessionToolRight?: ServerAppDeps['sessionToolRight'];
  /** Every key check goes through this first (a database that fails or is slow). */
  keyCheck?: (check: () => Promise<KeyCheck>) => Promise<KeyCheck>;
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/**
 * The firm server's app (not listening; `app.inject`, or `listen` where sockets matter) over fakes
 * of its collaborators: integration keys with the desktop's key registry behind an async check
 * (the same format, hashing, revocation and expiry), an in-memory company directory, a token
 * source handing `access-token-of-<tenant>` valid for an hour, a fake clock, its own metrics.
 * Closed after each test.
 */
export async function buildApp(options: AppOptions = {}) {
  const clock = options.clock ?? new FakeClock();
  const logger = recordingLogger();
  const registry = new ToolKeys({ store: new MemoryToolKeyStore(), random: cryptoRandomBytes, now: clock.now, log: logger.log });
  await registry.init();
  const companies = memoryCompanies(options.companies ?? HARNESS_COMPANIES);
  const handed: string[] = [];
  const tokens: AccessTokenSource = options.tokens ?? {
    accessToken: async (tenantId) => {
      const token = { accessToken: `access-token-of-${tenantId}`, expiresAt: clock.now() + 60 * 60 * 1000, scopes: ['companyinformation', 'invoice'] };
      handed.push(token.accessToken);
      return token;
    },
  };
  const metrics = createServerMetrics({ processMetrics: false });
  let readinessCalls = 0;
  const readiness: ReadinessCheck = async () => {
    readinessCalls += 1;
    return options.readiness ? options.readiness() : [];
  };
  const keyChecks: string[] = [];
  const app = buildServerApp({
    keys: options.keys ?? {
      check: (presented) => {
        keyChecks.push(presented);
        const check = async () => registry.check(presented);
        return options.keyCheck ? options.keyCheck(check) : check();
      },
    },
    companies: options.directory ?? companies,
    tokens,
    readiness,
    metrics,
    publicUrl: options.publicUrl ?? 'https://fortnox.firm.example',
    now: clock.now,
    timers: clock.timers,
    throttle: options.throttle ?? { ...DEFAULT_THROTTLE, freeFailures: 1_000_000 },
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.metricsToken !== undefined ? { metricsToken: options.metricsToken } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.firm ? { firm: options.firm } : {}),
    ...(options.sessionToolRight !== undefined ? { sessionToolRight: options.sessionToolRight } : {}),
  });
  apps.push(app);
  await app.ready();
  const newKey = async (input: Partial<NewToolKey> = {}) =>
    (await registry.create({ name: 'test tool', companies: ['101'], right: 'read', lifetimeDays: null, ...input })).key;
  return { app, clock, registry, companies, handed, metrics, newKey, keyChecks, readinessCalls: () => readinessCalls };
}

/** The error code of an error answer's JSON body. */
export function errorCodeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
