import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createdIntegrationKeySchema,
  firmAuditPageSchema,
  firmErrorBodySchema,
  integrationKeyListSchema,
  meResponseSchema,
  pairingCodeResponseSchema,
  revokedSessionsResponseSchema,
  sessionResponseSchema,
  signInOptionsSchema,
} from '../../../../shared/firm-api';
import type { NewToolKey, ToolKeyRecord } from '../../../../shared/local-api-keys';
import { FirmAudit } from '../../../../server/audit/firm-audit';
import { AttemptThrottle } from '../../../../server/auth/attempt-throttle';
import { createOidcVerifier } from '../../../../server/auth/oidc-verifier';
import { issuePairingCode, issuePairingCodeFromCli } from '../../../../server/auth/pairing-codes';
import { SESSION_ABSOLUTE_LIFETIME_MS, SESSION_IDLE_TIMEOUT_MS, SessionStore } from '../../../../server/auth/sessions';
import type { Database } from '../../../../server/db/database';
import { FIRM_ROUTE_PATHS, isFirmRoutePath, OIDC_SIGN_IN_BODY_LIMIT_BYTES, registerFirmRoutes, type AdminIntegrationKeys, type FirmRoutesDeps } from '../../../../server/http/firm-routes';
import { OTHER_API_AUDIENCE, startTestIdentityProvider, TEST_API_AUDIENCE, type TestIdentityProvider } from '../../../support/test-identity-provider';
import { openMigratedPglite } from '../auth/migrated-databases';

let db: Database;
let idp: TestIdentityProvider;
let app: FastifyInstance;
let clock: number;
/** Log lines and reported failures of every test in this file (the last test reads them all). */
const logLines: string[] = [];
const failures: string[] = [];
/** Every secret the tests saw: none may appear in a log line, an audit row or a later answer. */
const secretsSeen = new Set<string>();

const deps = { now: () => clock, random: (size: number) => randomBytes(size) };
/** What issuing a pairing code needs: the clock and the real audit over the test database. */
const codeDeps = () => ({ ...deps, audit: new FirmAudit({ db, now: deps.now }) });

/** Integration keys in memory: the admin routes' view of the http helper's store. */
class MemoryKeys implements AdminIntegrationKeys {
  records: Array<ToolKeyRecord & { createdBy: string }> = [];
  async list() {
    return this.records;
  }
  async create(input: NewToolKey, createdBy: string) {
    const key = `fxc_${'A'.repeat(30)}${String(this.records.length).padStart(6, '0')}`;
    const record = {
      id: `key_${String(this.records.length).padStart(16, '0')}`,
      name: input.name,
      companies: input.companies,
      right: input.right,
      sha256: 'a'.repeat(64),
      createdAt: clock,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      createdBy,
    };
    this.records.push(record);
    return { key, record };
  }
  async revoke(id: string) {
    const record = this.records.find((candidate) => candidate.id === id);
    if (!record) return false;
    record.revokedAt = clock;
    return true;
  }
}
let keys: MemoryKeys;

beforeAll(async () => {
  [db, idp] = await Promise.all([openMigratedPglite(), startTestIdentityProvider()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([db.close(), idp.close()]);
});

/** The routes on a fresh Fastify instance whose log lines go to `logLines`. */
async function buildApp(overrides: Partial<FirmRoutesDeps> = {}): Promise<FastifyInstance> {
  const built = Fastify({ logger: { level: 'trace', stream: { write: (line: string) => logLines.push(line) } } });
  registerFirmRoutes(built, {
    sessions: new SessionStore({ db, ...deps }),
    verifier: createOidcVerifier({
      issuer: idp.issuer,
      audience: TEST_API_AUDIENCE,
      roles: { adminEmails: ['anna@byran.se'], adminGroups: [], accountantGroups: ['grp-accountants'], accountantEmailDomains: [] },
      now: deps.now,
    }),
    signInOptions: { oidc: { issuer: idp.issuer, clientId: 'desktop-app', scopes: ['openid', 'api://firm/.default'] }, pairing: true },
    pairingCodes: { issue: (request, createdBy) => issuePairingCode(db, request, createdBy, codeDeps()) },
    keys,
    audit: new FirmAudit({ db, now: deps.now }),
    throttle: new AttemptThrottle(deps.now, { maxFailures: 10, windowMs: 15 * 60_000, maxTracked: 100 }),
    onFailure: (what, name) => failures.push(`${what}:${name}`),
    ...overrides,
  });
  await built.ready();
  return built;
}

beforeEach(async () => {
  clock = Date.now();
  keys = new MemoryKeys();
  await db.query('TRUNCATE users, sessions, pairing_codes, audit CASCADE');
  app = await buildApp();
  return async () => {
    await app.close();
  };
});

async function call(options: InjectOptions): Promise<LightMyRequestResponse> {
  const response = await app.inject(options);
  if (response.statusCode >= 400) expect(firmErrorBodySchema.safeParse(response.json()).success, response.body).toBe(true);
  return response;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const codeOf = (response: LightMyRequestResponse) => (response.json() as { error: { code: string } }).error.code;

async function oidcSession(claims: Record<string, unknown>): Promise<string> {
  const token = await idp.issueAccessToken({ email_verified: true, ...claims });
  secretsSeen.add(token);
  const response = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: bearer(token) });
  expect(response.statusCode, response.body).toBe(200);
  const { session } = sessionResponseSchema.parse(response.json());
  secretsSeen.add(session);
  return session;
}

async function pairingCode(session: string, role: 'admin' | 'accountant', email = 'bo@byran.se'): Promise<string> {
  const response = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, headers: bearer(session), payload: { email, name: 'Bo', role } });
  expect(response.statusCode, response.body).toBe(200);
  const { code } = pairingCodeResponseSchema.parse(response.json());
  secretsSeen.add(code);
  return code;
}

async function pair(code: string, remoteAddress = '198.51.100.1'): Promise<LightMyRequestResponse> {
  return call({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, payload: { code, deviceName: "Bo's laptop" }, remoteAddress });
}

/** Everything a later reader could see: log lines and audit rows. */
async function everythingKept(): Promise<string> {
  return logLines.join('\n') + JSON.stringify((await db.query('SELECT * FROM audit')).rows) + failures.join('\n');
}

describe('signing in', () => {
  it('tells the desktop how this firm signs in, without a session', async () => {
    const response = await call({ method: 'GET', url: FIRM_ROUTE_PATHS.signIn });
    expect(signInOptionsSchema.parse(response.json())).toEqual({ oidc: { issuer: idp.issuer, clientId: 'desktop-app', scopes: ['openid', 'api://firm/.default'] }, pairing: true });
  });

  it("starts a session from the provider's access token and audits the sign-in", async () => {
    const session = await oidcSession({ email: 'anna@byran.se', name: 'Anna' });
    const me = await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(session) });
    expect(meResponseSchema.parse(me.json()).user).toMatchObject({ email: 'anna@byran.se', name: 'Anna', role: 'admin' });
    const audit = await call({ method: 'GET', url: FIRM_ROUTE_PATHS.audit, headers: bearer(session) });
    expect(firmAuditPageSchema.parse(audit.json()).entries).toEqual([
      expect.objectContaining({ action: 'sign_in', actorKind: 'user', actor: 'anna@byran.se', method: 'POST', path: '/v1/sessions/oidc', status: 200 }),
    ]);
  });

  it('refuses a token for another API, a user without a role, no token and a pairing-code secret as sign_in_refused', async () => {
    const otherApi = await idp.issueAccessToken({ email: 'anna@byran.se' }, OTHER_API_AUDIENCE);
    const noRole = await idp.issueAccessToken({ email: 'eve@elsewhere.se' });
    secretsSeen.add(otherApi).add(noRole);
    for (const headers of [bearer(otherApi), bearer(noRole), {}, { authorization: `Basic ${otherApi}` }, bearer("x' OR '1'='1")]) {
      const response = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers });
      expect(response.statusCode).toBe(401);
      expect(codeOf(response)).toBe('sign_in_refused');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
    const { rows } = await db.query<{ action: string; actor: string | null; status: number }>('SELECT action, actor, status FROM audit');
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.action === 'refused' && row.actor === null && row.status === 401)).toBe(true);
    expect(failures).toContain('sign_in_refused:invalid_token');
    expect(failures).toContain('sign_in_refused:no_role');
  });

  it('refuses, audits and does not merge a second provider identity with the e-mail of an existing user', async () => {
    const identity = { issuer: 'https://idp.example', subject: 'sub-anna', email: 'anna@byran.se', emailVerified: true, name: null, groups: [], role: 'admin' as const };
    let next = identity;
    const stubbed = await buildApp({ verifier: { acceptsAccessTokens: true, verify: async () => next, verifyIdToken: async () => next } });
    try {
      const first = await stubbed.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: bearer('eyJ.a.b') });
      expect(first.statusCode, first.body).toBe(200);
      next = { ...identity, subject: 'sub-eve' };
      const second = await stubbed.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: bearer('eyJ.a.b') });
      expect(second.statusCode).toBe(401);
      expect(firmErrorBodySchema.parse(second.json()).error.code).toBe('sign_in_refused');
      expect(failures).toContain('sign_in_refused:identity_conflict');
      const { rows } = await db.query<{ action: string }>('SELECT action FROM audit ORDER BY id');
      expect(rows.map((row) => row.action)).toEqual(['sign_in', 'refused']);
      expect((await db.query('SELECT oidc_subject FROM users')).rows).toEqual([{ oidc_subject: 'sub-anna' }]);
    } finally {
      await stubbed.close();
    }
  });

  it('answers 502 when the provider cannot be reached, without counting it as a failed attempt', async () => {
    const token = await idp.issueAccessToken({ email: 'anna@byran.se' });
    secretsSeen.add(token);
    const down = await buildApp({
      verifier: createOidcVerifier({ issuer: 'http://127.0.0.1:9', audience: TEST_API_AUDIENCE, roles: { adminEmails: ['anna@byran.se'], adminGroups: [], accountantGroups: [], accountantEmailDomains: [] } }),
      throttle: new AttemptThrottle(deps.now, { maxFailures: 1, windowMs: 60_000, maxTracked: 10 }),
    });
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await down.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: bearer(token) });
        expect(response.statusCode).toBe(502);
        expect(firmErrorBodySchema.parse(response.json()).error.code).toBe('internal_error');
      }
    } finally {
      await down.close();
    }
  });

  it('refuses every provider sign-in when the firm uses pairing codes only', async () => {
    const pairingOnly = await buildApp({ verifier: null, signInOptions: { oidc: null, pairing: true } });
    try {
      const token = await idp.issueAccessToken({ email: 'anna@byran.se' });
      secretsSeen.add(token);
      expect(signInOptionsSchema.parse((await pairingOnly.inject({ method: 'GET', url: FIRM_ROUTE_PATHS.signIn })).json()).oidc).toBeNull();
      const response = await pairingOnly.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: bearer(token) });
      expect(firmErrorBodySchema.parse(response.json()).error.code).toBe('sign_in_refused');
    } finally {
      await pairingOnly.close();
    }
  });

  it('names every accountant route pattern for the app key check to skip, and no tool route', () => {
    for (const path of Object.values(FIRM_ROUTE_PATHS)) expect(isFirmRoutePath(path)).toBe(true);
    for (const path of ['/v1/companies', '/v1/health', '/v1/companies/:databaseNumber/access-token', '/v1/firm']) expect(isFirmRoutePath(path)).toBe(false);
  });

  it('redeems a pairing code once, for the role the admin chose', async () => {
    const admin = await oidcSession({ email: 'anna@byran.se' });
    const code = await pairingCode(admin, 'accountant');
    const first = await pair(code);
    expect(first.statusCode, first.body).toBe(200);
    const started = sessionResponseSchema.parse(first.json());
    secretsSeen.add(started.session);
    expect(started.user).toMatchObject({ email: 'bo@byran.se', role: 'accountant' });
    const again = await pair(code);
    expect(again.statusCode).toBe(401);
    expect(codeOf(again)).toBe('pairing_code_invalid');
  });

  it('refuses a code after ten failures from one address, with Retry-After, but not a colleague behind the same address (NAT) with another code', async () => {
    const admin = await oidcSession({ email: 'anna@byran.se' });
    const code = await pairingCode(admin, 'accountant');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(codeOf(await pair('AAAA-BBBB-CCCC', '203.0.113.5'))).toBe('pairing_code_invalid');
    }
    const blocked = await pair('AAAA-BBBB-CCCC', '203.0.113.5');
    expect(blocked.statusCode).toBe(429);
    expect(codeOf(blocked)).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await pair(code, '203.0.113.5')).statusCode).toBe(200);
    clock += 15 * 60_000;
    expect(codeOf(await pair('AAAA-BBBB-CCCC', '203.0.113.5'))).toBe('pairing_code_invalid');
  });

  it('pauses every pairing once the global cap of failed codes is reached, from however many addresses, but not provider sign-in', async () => {
    const capped = await buildApp({ throttle: new AttemptThrottle(deps.now, { maxFailures: 10, windowMs: 15 * 60_000, maxTracked: 100, globalMaxFailures: 5 }) });
    try {
      const admin = await oidcSession({ email: 'anna@byran.se' });
      const code = await pairingCode(admin, 'accountant');
      const guesses = ['AAAA-BBBB-CCC2', 'AAAA-BBBB-CCC3', 'AAAA-BBBB-CCC4', 'AAAA-BBBB-CCC5', 'AAAA-BBBB-CCC6'];
      for (const [index, guess] of guesses.entries()) {
        const answer = await capped.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, payload: { code: guess, deviceName: 'x' }, remoteAddress: `198.51.100.${index + 10}` });
        expect(firmErrorBodySchema.parse(answer.json()).error.code).toBe('pairing_code_invalid');
      }
      const paused = await capped.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, payload: { code, deviceName: 'x' }, remoteAddress: '198.51.100.99' });
      expect(paused.statusCode).toBe(429);
      const token = await idp.issueAccessToken({ email: 'anna@byran.se', email_verified: true });
      secretsSeen.add(token);
      expect((await capped.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: bearer(token), remoteAddress: '198.51.100.99' })).statusCode).toBe(200);
      clock += 15 * 60_000;
      const fresh = await pairingCode(admin, 'accountant', 'cecilia@byran.se');
      expect((await capped.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, payload: { code: fresh, deviceName: 'x' }, remoteAddress: '198.51.100.99' })).statusCode).toBe(200);
    } finally {
      await capped.close();
    }
  });
});

describe('sessions', () => {
  it('refuses a missing, malformed, unknown, idle, revoked or doubled session alike', async () => {
    const session = await oidcSession({ email: 'anna@byran.se' });
    const other = await oidcSession({ email: 'anna@byran.se' });
    const unknown = `fxs_${'A'.repeat(43)}`;
    const refusedHeaders: Array<Record<string, string | string[]>> = [
      {},
      bearer('fxs_short'),
      bearer(unknown),
      bearer(`${session}\u0000`),
      { authorization: [`Bearer ${session}`, `Bearer ${other}`] },
      { authorization: session },
    ];
    for (const headers of refusedHeaders) {
      const response = await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers });
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(codeOf(response)).toBe('session_required');
    }
    expect((await call({ method: 'DELETE', url: FIRM_ROUTE_PATHS.currentSession, headers: bearer(session) })).statusCode).toBe(204);
    expect(codeOf(await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(session) }))).toBe('session_required');
    expect((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(other) })).statusCode).toBe(200);
    clock += SESSION_IDLE_TIMEOUT_MS;
    expect(codeOf(await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(other) }))).toBe('session_required');
  });

  it('refuses a session 14 days after sign-in, however often it was used', async () => {
    const session = await oidcSession({ email: 'anna@byran.se' });
    const signedInAt = clock;
    const expiresAt = meResponseSchema.parse((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(session) })).json()).sessionExpiresAt;
    expect(expiresAt).toBe(signedInAt + SESSION_ABSOLUTE_LIFETIME_MS);
    while (clock + 12 * 60 * 60_000 < expiresAt) {
      clock += 12 * 60 * 60_000;
      expect((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(session) })).statusCode).toBe(200);
    }
    clock = expiresAt;
    expect(codeOf(await call({ method: 'GET', url: FIRM_ROUTE_PATHS.audit, headers: bearer(session) }))).toBe('session_required');
  });

  it('asks for a session on every route but the sign-in ones', async () => {
    const routes: InjectOptions[] = [
      { method: 'GET', url: FIRM_ROUTE_PATHS.me },
      { method: 'DELETE', url: FIRM_ROUTE_PATHS.currentSession },
      { method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, payload: { email: 'a@b.se', name: null, role: 'admin' } },
      { method: 'GET', url: FIRM_ROUTE_PATHS.integrationKeys },
      { method: 'POST', url: FIRM_ROUTE_PATHS.integrationKeys, payload: {} },
      { method: 'DELETE', url: '/v1/admin/integration-keys/key_0000000000000000' },
      { method: 'GET', url: FIRM_ROUTE_PATHS.audit },
      { method: 'GET', url: FIRM_ROUTE_PATHS.auditCsv },
    ];
    for (const route of routes) expect(codeOf(await call(route)), `${route.method} ${route.url}`).toBe('session_required');
  });

  it('refuses accountants on every admin route with role_required', async () => {
    const accountant = await oidcSession({ email: 'bo@elsewhere.se', groups: ['grp-accountants'] });
    const routes: InjectOptions[] = [
      { method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, payload: { email: 'bo@elsewhere.se', name: null, role: 'admin' } },
      { method: 'GET', url: FIRM_ROUTE_PATHS.integrationKeys },
      { method: 'POST', url: FIRM_ROUTE_PATHS.integrationKeys, payload: { name: 'x', companies: 'all', right: 'token', lifetimeDays: null } },
      { method: 'DELETE', url: '/v1/admin/integration-keys/key_0000000000000000' },
      { method: 'DELETE', url: '/v1/admin/users/usr_0000000000000000000000/sessions' },
    ];
    for (const route of routes) {
      const response = await call({ ...route, headers: bearer(accountant) });
      expect(response.statusCode).toBe(403);
      expect(codeOf(response)).toBe('role_required');
    }
    expect((await db.query('SELECT count(*)::int AS n FROM pairing_codes')).rows[0]).toEqual({ n: 0 });
    expect(keys.records).toHaveLength(0);
    expect((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.audit, headers: bearer(accountant) })).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  it('refuses wrong types, unknown fields, SQL metacharacters and NUL bytes in every body and query', async () => {
    const admin = await oidcSession({ email: 'anna@byran.se' });
    // Each is refused by every schema it meets (spaces, quotes or NUL where the contract allows none).
    const hostile = ["'; DROP TABLE users; --", 'a\u0000b', "x'--\u0000"];
    const bad: InjectOptions[] = [
      { method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, payload: { email: 'a@b.se', name: null, role: 'owner' } },
      { method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, payload: { email: 42, name: null, role: 'admin' } },
      { method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, payload: { email: 'a@b.se', name: null, role: 'admin', extra: 1 } },
      { method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, payload: [] },
      { method: 'POST', url: FIRM_ROUTE_PATHS.integrationKeys, payload: { name: 'x', companies: 'all', right: 'root', lifetimeDays: null } },
      { method: 'POST', url: FIRM_ROUTE_PATHS.integrationKeys, payload: { name: 'x', companies: 'all', right: 'token', lifetimeDays: 7 } },
      { method: 'GET', url: `${FIRM_ROUTE_PATHS.audit}?limit=1000` },
      { method: 'GET', url: `${FIRM_ROUTE_PATHS.audit}?before=-1` },
      { method: 'GET', url: `${FIRM_ROUTE_PATHS.audit}?before=1&before=2` },
      { method: 'GET', url: `${FIRM_ROUTE_PATHS.audit}?other=1` },
      { method: 'GET', url: `${FIRM_ROUTE_PATHS.auditCsv}?limit=5` },
      { method: 'DELETE', url: '/v1/admin/integration-keys/not-a-key-id' },
      ...hostile.flatMap((text): InjectOptions[] => [
        { method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, payload: { email: `${text}@b.se`, name: text, role: 'admin' } },
        { method: 'POST', url: FIRM_ROUTE_PATHS.integrationKeys, payload: { name: text, companies: [text], right: 'token', lifetimeDays: null } },
        { method: 'GET', url: `${FIRM_ROUTE_PATHS.audit}?tenantId=${encodeURIComponent(text)}` },
        { method: 'GET', url: `${FIRM_ROUTE_PATHS.auditCsv}?tenantId=${encodeURIComponent(text)}` },
        { method: 'DELETE', url: `/v1/admin/integration-keys/${encodeURIComponent(text)}` },
      ]),
    ];
    for (const request of bad) {
      const response = await call({ ...request, headers: bearer(admin) });
      expect([400, 404], `${request.method} ${request.url} ${JSON.stringify(request.payload)} → ${response.body}`).toContain(response.statusCode);
      expect(['invalid_request', 'not_found']).toContain(codeOf(response));
    }
    expect((await db.query('SELECT count(*)::int AS n FROM pairing_codes')).rows[0]).toEqual({ n: 0 });
    expect(keys.records).toHaveLength(0);
  });

  it('stores SQL metacharacters the contract allows as plain text', async () => {
    const admin = await oidcSession({ email: 'anna@byran.se' });
    const name = "Robert'); DROP TABLE users;--";
    const created = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, headers: bearer(admin), payload: { email: "o'brien@byran.se", name, role: 'accountant' } });
    expect(created.statusCode).toBe(200);
    const { code } = pairingCodeResponseSchema.parse(created.json());
    secretsSeen.add(code);
    const paired = sessionResponseSchema.parse((await pair(code)).json());
    secretsSeen.add(paired.session);
    expect(paired.user).toMatchObject({ email: "o'brien@byran.se", name });
    expect((await db.query('SELECT count(*)::int AS n FROM users')).rows[0]).toEqual({ n: 2 });
  });

  it('refuses malformed pairing sign-ins and counts them as failed attempts', async () => {
    const bad = [
      { code: 'abcd-efgh-jkmn', deviceName: 'x' },
      { code: "AAAA-BBBB-CCC'", deviceName: 'x' },
      { code: 'AAAA-BBBB-CCCC', deviceName: '' },
      { code: 'AAAA-BBBB-CCCC', deviceName: 'line\nbreak' },
      { code: 'AAAA-BBBB-CCCC', deviceName: 'nul\u0000' },
      { code: 'AAAA-BBBB-CCCC', deviceName: 'x'.repeat(101) },
      { code: 'AAAA-BBBB-CCCC' },
      { code: ['AAAA-BBBB-CCCC'], deviceName: 'x' },
      { code: 'AAAA-BBBB-CCCC', deviceName: 'x', role: 'admin' },
    ];
    for (const payload of bad) {
      const response = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, payload, remoteAddress: '192.0.2.9' });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(codeOf(response)).toBe('invalid_request');
    }
    // Six of those presented AAAA-BBBB-CCCC: four more failures with it, then it is refused unread.
    for (let attempt = 0; attempt < 4; attempt += 1) expect(codeOf(await pair('AAAA-BBBB-CCCC', '192.0.2.9'))).toBe('pairing_code_invalid');
    expect(codeOf(await pair('AAAA-BBBB-CCCC', '192.0.2.9'))).toBe('too_many_attempts');
  });

  it('refuses bodies over 16 KiB (the provider sign-in: over two tokens), bodies that are not JSON, and a body where none is taken', async () => {
    const admin = await oidcSession({ email: 'anna@byran.se' });
    const hugeBodies: InjectOptions[] = [
      { method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, payload: { email: 'a@b.se', name: 'x'.repeat(20_000), role: 'admin' } },
      { method: 'POST', url: FIRM_ROUTE_PATHS.integrationKeys, payload: { name: 'x'.repeat(20_000), companies: 'all', right: 'read', lifetimeDays: null } },
      { method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, payload: { code: 'AAAA-BBBB-CCCC', deviceName: 'x'.repeat(20_000) } },
      // The provider sign-in takes an ID token and an access token (OIDC_SIGN_IN_BODY_LIMIT_BYTES, about 33 KiB).
      { method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, payload: { pad: 'x'.repeat(OIDC_SIGN_IN_BODY_LIMIT_BYTES) } },
      { method: 'POST', url: FIRM_ROUTE_PATHS.oidcChallenge, payload: { pad: 'x'.repeat(20_000) } },
      { method: 'DELETE', url: FIRM_ROUTE_PATHS.currentSession, payload: { pad: 'x'.repeat(20_000) } },
      { method: 'DELETE', url: '/v1/admin/integration-keys/key_0000000000000000', payload: { pad: 'x'.repeat(20_000) } },
    ];
    for (const request of hugeBodies) {
      const huge = await call({ ...request, headers: bearer(admin), remoteAddress: '192.0.2.77' });
      expect(huge.statusCode, `${request.method} ${request.url}`).toBe(413);
      expect(codeOf(huge)).toBe('body_too_large');
    }
    const text = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, headers: { 'content-type': 'text/plain' }, payload: 'AAAA-BBBB-CCCC' });
    expect(codeOf(text)).toBe('unsupported_media_type');
    const broken = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, headers: { ...bearer(admin), 'content-type': 'application/json' }, payload: '{"email":' });
    expect(codeOf(broken)).toBe('invalid_request');
    const withBody = await call({ method: 'DELETE', url: FIRM_ROUTE_PATHS.currentSession, headers: bearer(admin), payload: { all: true } });
    expect(codeOf(withBody)).toBe('invalid_request');
    expect((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(admin) })).statusCode).toBe(200);
  });
});

describe('admin routes', () => {
  it('creates, lists and revokes integration keys, audited, never answering a hash', async () => {
    const admin = await oidcSession({ email: 'anna@byran.se' });
    const created = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.integrationKeys, headers: bearer(admin), payload: { name: 'Bokslut', companies: 'all', right: 'token', lifetimeDays: 90 } });
    expect(created.statusCode, created.body).toBe(200);
    const { key, record } = createdIntegrationKeySchema.parse(created.json());
    secretsSeen.add(key);
    expect(keys.records[0]?.createdBy).toBe('anna@byran.se');
    const list = await call({ method: 'GET', url: FIRM_ROUTE_PATHS.integrationKeys, headers: bearer(admin) });
    expect(integrationKeyListSchema.parse(list.json()).keys.map((listed) => listed.id)).toEqual([record.id]);
    expect(list.body).not.toContain('sha256');
    expect(list.body).not.toContain('createdBy');
    expect((await call({ method: 'DELETE', url: `/v1/admin/integration-keys/${record.id}`, headers: bearer(admin) })).statusCode).toBe(204);
    expect(codeOf(await call({ method: 'DELETE', url: '/v1/admin/integration-keys/key_ffffffffffffffff', headers: bearer(admin) }))).toBe('not_found');
    const { rows } = await db.query<{ action: string; actor: string }>("SELECT action, actor FROM audit WHERE action LIKE 'key_%' ORDER BY id");
    expect(rows).toEqual([
      { action: 'key_created', actor: 'anna@byran.se' },
      { action: 'key_revoked', actor: 'anna@byran.se' },
    ]);
  });

  it("ends every session of a user at an admin's request, audited with the user's id, and only that user's", async () => {
    const admin = await oidcSession({ email: 'anna@byran.se' });
    const boSessions: string[] = [];
    for (let device = 0; device < 2; device += 1) {
      const paired = sessionResponseSchema.parse((await pair(await pairingCode(admin, 'accountant'))).json());
      secretsSeen.add(paired.session);
      boSessions.push(paired.session);
    }
    const bo = meResponseSchema.parse((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(boSessions[0]!) })).json()).user;
    const url = `/v1/admin/users/${bo.id}/sessions`;
    const response = await call({ method: 'DELETE', url, headers: bearer(admin) });
    expect(response.statusCode, response.body).toBe(200);
    expect(revokedSessionsResponseSchema.parse(response.json())).toEqual({ revoked: 2 });
    for (const session of boSessions) expect(codeOf(await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(session) }))).toBe('session_required');
    expect((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(admin) })).statusCode).toBe(200);
    expect(revokedSessionsResponseSchema.parse((await call({ method: 'DELETE', url, headers: bearer(admin) })).json())).toEqual({ revoked: 0 });
    const { rows } = await db.query<{ action: string; actor: string; method: string; path: string }>(
      "SELECT action, actor, method, path FROM audit WHERE action = 'sessions_revoked' ORDER BY id",
    );
    expect(rows).toEqual([
      { action: 'sessions_revoked', actor: 'anna@byran.se', method: 'DELETE', path: url },
      { action: 'sessions_revoked', actor: 'anna@byran.se', method: 'DELETE', path: url },
    ]);
    expect(codeOf(await call({ method: 'DELETE', url: '/v1/admin/users/usr_0000000000000000000000/sessions', headers: bearer(admin) }))).toBe('not_found');
    for (const bad of ["/v1/admin/users/x'%20OR%201=1/sessions", '/v1/admin/users/usr_%00/sessions', `/v1/admin/users/${'usr_'.padEnd(60, 'a')}/sessions`]) {
      expect(codeOf(await call({ method: 'DELETE', url: bad, headers: bearer(admin) })), bad).toBe('invalid_request');
    }
  });

  it('lets the first admin, paired from the command line, make codes for others', async () => {
    const { code } = await issuePairingCodeFromCli(db, { email: 'first@byran.se', role: 'admin' }, codeDeps());
    secretsSeen.add(code);
    const first = sessionResponseSchema.parse((await pair(code)).json());
    secretsSeen.add(first.session);
    const next = await pairingCode(first.session, 'admin', 'second@byran.se');
    expect((await pair(next)).statusCode).toBe(200);
  });

  it('audits every pairing code made, by an admin or on the command line, with who and for which address, never the code', async () => {
    const cli = await issuePairingCodeFromCli(db, { email: 'First@Byran.se', role: 'admin' }, codeDeps());
    secretsSeen.add(cli.code);
    const admin = sessionResponseSchema.parse((await pair(cli.code)).json()).session;
    secretsSeen.add(admin);
    const code = await pairingCode(admin, 'accountant', 'cecilia@byran.se');
    const { rows } = await db.query<Record<string, unknown>>(
      "SELECT action, actor_kind, actor, tenant_id, method, path, status FROM audit WHERE action = 'pairing_code_created' ORDER BY id",
    );
    expect(rows).toEqual([
      { action: 'pairing_code_created', actor_kind: 'user', actor: 'cli', tenant_id: null, method: null, path: '/v1/admin/pairing-codes/first@byran.se', status: 200 },
      { action: 'pairing_code_created', actor_kind: 'user', actor: 'first@byran.se', tenant_id: null, method: 'POST', path: '/v1/admin/pairing-codes/cecilia@byran.se', status: 200 },
    ]);
    const everything = JSON.stringify((await db.query('SELECT * FROM audit')).rows);
    for (const secret of [cli.code, code]) expect(everything).not.toContain(secret);
    // The Activity view's page carries the new action (the contract's enum knows it).
    const page = firmAuditPageSchema.parse((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.audit, headers: bearer(admin) })).json());
    expect(page.entries.filter((entry) => entry.action === 'pairing_code_created')).toHaveLength(2);
  });

  it('refuses a pairing code for a user bound to the identity provider: not made (409), and one made earlier not redeemed (409, audited), the user untouched', async () => {
    const admin = await oidcSession({ email: 'anna@byran.se' });
    // Made while bo had no user yet, as an admin: then bo signs in with the provider as an accountant.
    const early = await issuePairingCodeFromCli(db, { email: 'bo@byran.se', role: 'admin' }, codeDeps());
    secretsSeen.add(early.code);
    // (The test provider's access tokens all carry one subject, anna's: bo's own provider sign-in is made directly.)
    const signedIn = await new SessionStore({ db, ...deps }).signInWithOidc({
      issuer: idp.issuer,
      subject: 'sub-bo',
      email: 'bo@byran.se',
      emailVerified: true,
      name: 'Bo',
      groups: ['grp-accountants'],
      role: 'accountant',
    });
    const bo = signedIn.session;
    secretsSeen.add(bo);

    const made = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingCodes, headers: bearer(admin), payload: { email: 'Bo@Byran.se', name: null, role: 'admin' } });
    expect(made.statusCode).toBe(409);
    expect(codeOf(made)).toBe('identity_bound');
    await expect(issuePairingCodeFromCli(db, { email: 'bo@byran.se', role: 'admin' }, codeDeps())).rejects.toThrow(/identity provider/);
    expect((await db.query("SELECT count(*)::int AS n FROM pairing_codes WHERE email = 'bo@byran.se'")).rows[0]).toEqual({ n: 1 });

    const redeemed = await pair(early.code);
    expect(redeemed.statusCode).toBe(409);
    expect(codeOf(redeemed)).toBe('identity_bound');
    // Used up: it can never succeed, and a second try is an unknown code.
    expect(codeOf(await pair(early.code))).toBe('pairing_code_invalid');
    const { rows: users } = await db.query<{ role: string; oidc_subject: string | null }>("SELECT role, oidc_subject FROM users WHERE email = 'bo@byran.se'");
    expect(users).toEqual([{ role: 'accountant', oidc_subject: expect.any(String) }]);
    expect((await db.query("SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'bo@byran.se'")).rows[0]).toEqual({ n: 1 });
    expect(meResponseSchema.parse((await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(bo) })).json()).user.role).toBe('accountant');
    const { rows } = await db.query<{ action: string; actor: string | null; path: string; status: number }>(
      "SELECT action, actor, path, status FROM audit WHERE action = 'refused' ORDER BY id",
    );
    expect(rows).toEqual([{ action: 'refused', actor: null, path: FIRM_ROUTE_PATHS.pairingSession, status: 409 }, { action: 'refused', actor: null, path: FIRM_ROUTE_PATHS.pairingSession, status: 401 }]);
  });

  it('exports the audit as CSV for a session', async () => {
    const session = await oidcSession({ email: 'anna@byran.se' });
    const csv = await call({ method: 'GET', url: `${FIRM_ROUTE_PATHS.auditCsv}?tenantId=5`, headers: bearer(session) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="firm-audit.csv"');
    expect(csv.body).toBe('id,at,action,actor_kind,actor,tenant_id,company_name,method,path,status\r\n');
    const all = await call({ method: 'GET', url: FIRM_ROUTE_PATHS.auditCsv, headers: bearer(session) });
    expect(all.body.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('writes the CSV with the separator asked for (`,` by default, `;` for Swedish Excel), quoting and defusing cells', async () => {
    const session = await oidcSession({ email: 'anna@byran.se' });
    const audit = new FirmAudit({ db, now: deps.now });
    await audit.record({ action: 'connect', actor: { kind: 'user', name: 'anna@byran.se' }, tenantId: '7', companyName: 'Bröd, Kaffe; "Bullar" AB', status: 200 });
    await audit.record({ action: 'test', actor: { kind: 'user', name: '=HYPERLINK("http://evil")' }, tenantId: '8', companyName: '+46 Konsult', status: 200 });
    const csvWith = async (query: string) => {
      const answer = await call({ method: 'GET', url: `${FIRM_ROUTE_PATHS.auditCsv}${query}`, headers: bearer(session) });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.body.split('\r\n').filter(Boolean);
    };
    const byDefault = await csvWith('?tenantId=7');
    expect(await csvWith('?tenantId=7&separator=%2C')).toEqual(byDefault);
    expect(byDefault[0]).toBe('id,at,action,actor_kind,actor,tenant_id,company_name,method,path,status');
    expect(byDefault[1]).toMatch(/^\d+,[^,]+,connect,user,anna@byran\.se,7,"Bröd, Kaffe; ""Bullar"" AB",,,200$/);

    const swedish = await csvWith('?separator=%3B');
    expect(swedish[0]).toBe('id;at;action;actor_kind;actor;tenant_id;company_name;method;path;status');
    // Newest first: the formula-looking cells stay text; the name holding both separators is quoted.
    expect(swedish[1]).toMatch(/^\d+;[^;]+;test;user;"'=HYPERLINK\(""http:\/\/evil""\)";8;'\+46 Konsult;;;200$/);
    expect(swedish[2]).toMatch(/^\d+;[^;]+;connect;user;anna@byran\.se;7;"Bröd, Kaffe; ""Bullar"" AB";;;200$/);
    // `;` unencoded in the query works too (curl users type it as is).
    expect(await csvWith('?separator=;')).toEqual(swedish);

    for (const bad of ['%09', 'tab', '%7C', '', ';;', 'comma']) {
      const refused = await call({ method: 'GET', url: `${FIRM_ROUTE_PATHS.auditCsv}?separator=${bad}`, headers: bearer(session) });
      expect(refused.statusCode, bad).toBe(400);
      expect(codeOf(refused)).toBe('invalid_request');
    }
  });
});

describe('secrets', () => {
  it('writes no session secret, pairing code, key or provider token to a log line, an audit row or a later answer', async () => {
    // Run alone, this test makes each kind of secret itself; run with the file, it checks every test's too.
    const admin = await oidcSession({ email: 'anna@byran.se' });
    const code = await pairingCode(admin, 'accountant');
    const paired = sessionResponseSchema.parse((await pair(code)).json());
    secretsSeen.add(paired.session);
    await call({ method: 'DELETE', url: FIRM_ROUTE_PATHS.currentSession, headers: bearer(paired.session) });
    const refusedToken = await idp.issueAccessToken({ email: 'eve@elsewhere.se' });
    secretsSeen.add(refusedToken);
    await call({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: bearer(refusedToken) });
    await call({ method: 'POST', url: FIRM_ROUTE_PATHS.oidcSession, headers: bearer(`${refusedToken}x`) });
    const unusedCode = await pairingCode(admin, 'admin', 'carl@byran.se');
    await pair(unusedCode.replace(/^./, (first) => (first === 'A' ? 'B' : 'A')));
    const created = await call({ method: 'POST', url: FIRM_ROUTE_PATHS.integrationKeys, headers: bearer(admin), payload: { name: 'Lön', companies: 'all', right: 'read', lifetimeDays: null } });
    secretsSeen.add(createdIntegrationKeySchema.parse(created.json()).key);
    const answers = [
      await call({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(admin) }),
      await call({ method: 'GET', url: FIRM_ROUTE_PATHS.audit, headers: bearer(admin) }),
      await call({ method: 'GET', url: FIRM_ROUTE_PATHS.auditCsv, headers: bearer(admin) }),
      await call({ method: 'GET', url: FIRM_ROUTE_PATHS.integrationKeys, headers: bearer(admin) }),
    ];
    expect(logLines.length).toBeGreaterThan(5);
    const kept = (await everythingKept()) + answers.map((answer) => answer.body).join('\n');
    expect(secretsSeen.size).toBeGreaterThanOrEqual(6);
    for (const secret of secretsSeen) expect(kept.includes(secret), `a secret starting ${secret.slice(0, 6)}`).toBe(false);
  });
});
