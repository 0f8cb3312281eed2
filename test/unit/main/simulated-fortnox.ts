import type { HttpFetch } from '../../../main/fortnox/fortnox-http';
import { revokeUrlFor, TokenClient, type TokenClientConfig, type TokenSet } from '../../../main/fortnox/token-client';
import type { StoredTokens } from '../../../main/connections/token-keeper';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import type { SimulatorScript } from '../../../simulator/simulator-script';
import { testScript, trackSimulators } from '../simulator/simulator-test-kit';
import { obtainCode } from '../simulator/token-test-kit';
import { FakeClock } from './fake-timers';

/**
 * Shared wiring for main-side tests against the Fortnox simulator: one manual clock drives both
 * the app code and the simulator (code, token and refresh-token lifetimes), and every Fortnox
 * answer comes from the simulator itself.
 */

/** The scripted integration the tests connect as (see `testScript`). */
export const CLIENT_ID = 'test-client';
export const CLIENT_SECRET = 'test-secret';

/** Node's fetch in the shape the Fortnox clients take. */
export const nodeFetch: HttpFetch = (url, init) => fetch(url, init);

/** Token-call configuration for the simulator's `test-client` (or another secret). */
export function tokenConfigFor(simulator: FortnoxSimulator, clientSecret = CLIENT_SECRET): TokenClientConfig {
  return { tokenUrl: simulator.tokenUrl, revokeUrl: revokeUrlFor(simulator.tokenUrl), clientId: CLIENT_ID, clientSecret };
}

/** `testScript()` plus users whose single companies the connection tests need in numbers. */
export function connectionsScript(): SimulatorScript {
  const base = testScript();
  const extra = [501, 601, 701].map((tenantId) => ({
    username: `user-${tenantId}`,
    password: `pw-${tenantId}`,
    name: `User ${tenantId}`,
    companies: [{ tenantId, name: `Bolag ${tenantId} AB`, organizationNumber: `556${tenantId}-0000`, sysAdmin: true }],
  }));
  return { ...base, users: [...base.users, ...extra] };
}

/** A login of the scripted users: which user, and which of their companies to pick. */
export interface SimulatorLogin {
  username: string;
  password: string;
  tenantId?: number;
}

/** The login of a scripted user by tenant (single-company users, or `multi` for 201/202). */
export function loginFor(tenantId: number): SimulatorLogin {
  if (tenantId === 101) return { username: 'single', password: 'pw-single' };
  if (tenantId === 201 || tenantId === 202) return { username: 'multi', password: 'pw-multi', tenantId };
  if (tenantId === 401) return { username: 'employee', password: 'pw-employee' };
  return { username: `user-${tenantId}`, password: `pw-${tenantId}` };
}

/**
 * Starts simulators on a fresh `FakeClock` each, closed after every test. Call once per file, at
 * the top level or in a `describe`.
 */
export function useSimulatedFortnox(): (script?: SimulatorScript) => Promise<{ clock: FakeClock; simulator: FortnoxSimulator }> {
  const start = trackSimulators();
  return async (script = testScript()) => {
    const clock = new FakeClock();
    const simulator = await start(script, { now: clock.now });
    return { clock, simulator };
  };
}

/** Gets a code through the simulator's authorize, login and consent pages for `tenantId`. */
export function codeFor(simulator: FortnoxSimulator, tenantId = 101, scope = 'companyinformation invoice'): Promise<string> {
  return obtainCode(simulator, { ...loginFor(tenantId), params: { scope } });
}

/** A pair that must carry a refresh token (offline access was requested); throws otherwise. */
export function withRefreshToken(set: TokenSet): TokenSet & { refreshToken: string } {
  if (set.refreshToken === null) throw new Error('Fortnox issued no refresh token');
  return { ...set, refreshToken: set.refreshToken };
}

/** Connects a company through the app's token client and returns the pair Fortnox issued. */
export async function connectWithClient(
  simulator: FortnoxSimulator,
  client: TokenClient,
  tenantId = 101,
  scope?: string,
): Promise<TokenSet & { refreshToken: string }> {
  const code = await codeFor(simulator, tenantId, scope);
  return withRefreshToken(await client.exchangeCode(tokenConfigFor(simulator), code, simulator.appCallbackUrl));
}

/** The pair as the token keeper stores it. */
export function storedFrom(set: TokenSet, refreshTokenIssuedAt: number): StoredTokens {
  return {
    accessToken: set.accessToken,
    refreshToken: set.refreshToken,
    accessTokenExpiresAt: set.accessTokenExpiresAt,
    refreshTokenIssuedAt,
    scopes: set.scopes,
  };
}

/** Lets every promise that is ready run (one macrotask turn); no time passes on any clock. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Every secret the simulator issued or saw that occurs in `text`. */
export function leakedSecrets(simulator: FortnoxSimulator, text: string): string[] {
  return simulator.issuedSecrets().filter((secret) => text.includes(secret));
}
