import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { REFRESH_TOKEN_LIFETIME_MS } from '../../../../main/connections/token-keeper';
import { FIRM_TABLES, useMigratedPglite } from '../auth/migrated-databases';
import type { Timers } from '../../../../main/connect/connect-flow';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPostgres } from '../../../../server/db/postgres';
import { FIRM_ROUTE_PATHS } from '../../../../server/http/firm-routes';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import { firmCompaniesSchema, meResponseSchema } from '../../../../shared/firm-api';
import { SESSION_IDLE_TIMEOUT_MS } from '../../../../server/auth/sessions';

const HOUR = 60 * 60_000;
import { expireAccessToken, firmScript } from '../tokens/tokens-test-kit';
import { bearer, bodyOf, connectionsApp, getOnOwnConnection, openEvents, forwarded } from './firm-connections-kit';
import { errorCodeOf } from './server-harness';

const startSimulator = trackSimulators();

/** Listens on a free loopback port; the base URL. */
async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe('GET /v1/firm/events on PGlite (one process, changes told in process)', () => {
  const db = useMigratedPglite({ emptyBeforeEach: FIRM_TABLES });

  async function setUp(options: { minIntervalMs?: number } = {}) {
    const simulator = await startSimulator(firmScript([]));
    const built = await connectionsApp({ db, simulator, ...options });
    const session = await built.sessionFor('bo@byran.se');
    return { ...built, simulator, session, url: await listen(built.app) };
  }

  it('sends the current list first, then the whole list with a later version after every connect, test and disconnect', async () => {
    const built = await setUp();
    const events = await openEvents(built.url, built.session);
    const first = await events.nextCompanies();
    expect(first?.companies).toEqual([]);
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    const connected = await events.nextCompanies();
    expect(connected?.companies.map((company) => [company.tenantId, company.companyName])).toEqual([['101', 'Ettans Bokföring AB']]);
    expect(connected?.version).toBeGreaterThan(first?.version ?? Infinity);
    expect((await built.app.inject({ method: 'POST', url: '/v1/firm/companies/101/test', headers: bearer(built.session) })).statusCode).toBe(200);
    const tested = await events.nextCompanies();
    expect(tested?.version).toBeGreaterThan(connected?.version ?? Infinity);
    expect((await built.app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(built.session) })).statusCode).toBe(200);
    const removed = await events.nextCompanies();
    expect(removed?.companies).toEqual([]);
    expect(removed?.version).toBeGreaterThan(tested?.version ?? Infinity);
    events.cancel();
  });

  it('reads the list at most once a second after changes: a connect and a test in that second come as one event', async () => {
    const built = await setUp({ minIntervalMs: 1_000 });
    const events = await openEvents(built.url, built.session);
    expect((await events.nextCompanies())?.companies).toEqual([]);
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    expect((await built.app.inject({ method: 'POST', url: '/v1/firm/companies/101/test', headers: bearer(built.session) })).statusCode).toBe(200);
    const latest = firmCompaniesSchema.parse((await built.app.inject({ method: 'GET', url: '/v1/firm/companies', headers: bearer(built.session) })).json());
    built.clock.advance(1_000);
    const next = await events.nextCompanies();
    expect(next?.version).toBe(latest.version);
    expect(next?.companies.map((company) => company.tenantId)).toEqual(['101']);
    events.cancel();
  });

  it("tells the streams when a refresh fails and the company now needs a new sign-in", async () => {
    const built = await setUp();
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    const events = await openEvents(built.url, built.session);
    expect((await events.nextCompanies())?.companies.map((company) => company.status)).toEqual(['active']);
    built.simulator.revokeConsent(101);
    await expireAccessToken(db, '101');
    const token = await built.app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: forwarded(built.session, { name: 'Verktyg', companies: ['101'], right: 'token' }) });
    expect(errorCodeOf(token.body)).toBe('company_needs_reconnect');
    expect((await events.nextCompanies())?.companies.map((company) => company.status)).toEqual(['needs_reconnect']);
    events.cancel();
  });

  it('announces a successful refresh, and nothing for a token served from the row', async () => {
    const built = await setUp();
    expect((await built.authorize(built.session)).statusCode).toBe(200);
    let told = 0;
    built.connections.changes.subscribe(() => (told += 1));
    const tokenRequest = () =>
      built.app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: forwarded(built.session, { name: 'Verktyg', companies: ['101'], right: 'token' }) });
    expect((await tokenRequest()).statusCode).toBe(200);
    expect(told).toBe(0);
    await expireAccessToken(db, '101');
    expect((await tokenRequest()).statusCode).toBe(200);
    await vi.waitFor(() => expect(told).toBe(1));
    // The refreshed token is served from the row: nothing the list shows changed, nothing announced.
    expect((await tokenRequest()).statusCode).toBe(200);
    built.clock.advance(60_000);
    expect(told).toBe(1);
  });

  it('keeps the stream alive with a comment every 25 s, and ends it at the first heartbeat after its session was revoked', async () => {
    const built = await setUp();
    const events = await openEvents(built.url, built.session);
    await events.nextCompanies();
    built.clock.advance(25_000);
    expect(await events.next()).toEqual({ event: null, data: '', comment: 'heartbeat' });
    // Signed out elsewhere (another request with the same session).
    expect((await built.app.inject({ method: 'DELETE', url: FIRM_ROUTE_PATHS.currentSession, headers: bearer(built.session) })).statusCode).toBe(204);
    built.clock.advance(25_000);
    expect(await events.next()).toBeNull();
  });

  it('does not count its heartbeats as use: an unattended stream ends when its session goes idle', async () => {
    const built = await setUp();
    const signedInAt = built.clock.now();
    const events = await openEvents(built.url, built.session);
    await events.nextCompanies();
    // One heartbeat 23 hours later: the session is still valid, and its idle time still runs from sign-in.
    built.clock.advance(SESSION_IDLE_TIMEOUT_MS - HOUR);
    expect(await events.next()).toEqual({ event: null, data: '', comment: 'heartbeat' });
    const { rows } = await db.query<{ last_used_at: Date }>('SELECT last_used_at FROM sessions');
    expect(rows.map((row) => new Date(row.last_used_at).getTime())).toEqual([signedInAt]);
    // Two hours on, 25 hours without a request: the next heartbeat finds it idle and ends the stream.
    built.clock.advance(2 * HOUR);
    expect(await events.next()).toBeNull();
    expect((await built.app.inject({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(built.session) })).statusCode).toBe(401);
  });

  it("ends a stream at the first heartbeat after an admin ended the user's sessions", async () => {
    const built = await setUp();
    const admin = await built.sessionFor('anna@byran.se', 'admin');
    const events = await openEvents(built.url, built.session);
    await events.nextCompanies();
    const me = meResponseSchema.parse((await built.app.inject({ method: 'GET', url: FIRM_ROUTE_PATHS.me, headers: bearer(built.session) })).json());
    const revoked = await built.app.inject({ method: 'DELETE', url: `/v1/admin/users/${me.user.id}/sessions`, headers: bearer(admin) });
    expect(revoked.json()).toEqual({ revoked: 1 });
    built.clock.advance(25_000);
    expect(await events.next()).toBeNull();
  });

  it('ends every open stream when the app closes, so shutdown does not wait for them', async () => {
    const built = await setUp();
    const events = await openEvents(built.url, built.session);
    await events.nextCompanies();
    await built.app.close();
    expect(await events.next()).toBeNull();
  });

  it('refuses a fifth stream for one session with too_many_requests, and any stream without a valid session', async () => {
    const built = await setUp();
    const open = await Promise.all([1, 2, 3, 4].map(() => openEvents(built.url, built.session)));
    const fifth = await getOnOwnConnection(`${built.url}/v1/firm/events`, bearer(built.session));
    expect(fifth.statusCode).toBe(429);
    expect(errorCodeOf(await bodyOf(fifth))).toBe('too_many_requests');
    for (const headers of [{}, bearer('fxs_' + 'A'.repeat(43)), bearer('fxc_notakeynotakeynotakeynotakeynotake')]) {
      const refused = await getOnOwnConnection(`${built.url}/v1/firm/events`, headers);
      expect(refused.statusCode).toBe(401);
      expect(errorCodeOf(await bodyOf(refused))).toBe('session_required');
    }
    for (const events of open) events.cancel();
  });
});

describe('GET /v1/firm/events across replicas on PostgreSQL (LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  const pools: Database[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('firm_events');
    const first = openPostgres(database.url);
    pools.push(first);
    await migrate(first);
  }, 60_000);
  afterEach(async () => {
    await pools[0]?.query(`TRUNCATE ${FIRM_TABLES} CASCADE`);
  });
  afterAll(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    await database.drop();
  });

  /** Two replicas: each its own pool, its own LISTEN connection, its own app. */
  async function replicas() {
    const simulator = await startSimulator(firmScript([]));
    const make = async () => {
      const db = openPostgres(database.url);
      pools.push(db);
      const built = await connectionsApp({ db, simulator, databaseUrl: database.url, timers: realTimers, feed: { retry: { firstMs: 50, maxMs: 200 } } });
      await built.connections.changes.ready();
      return { ...built, db, url: await listen(built.app) };
    };
    const a = await make();
    const b = await make();
    const session = await a.sessionFor('bo@byran.se');
    return { simulator, a, b, session };
  }

  it('tells a listener on the other replica about a connect and a disconnect made on this one', async () => {
    const { a, b, session } = await replicas();
    const events = await openEvents(b.url, session);
    const first = await events.nextCompanies();
    expect(first?.companies).toEqual([]);
    expect((await a.authorize(session)).statusCode).toBe(200);
    const connected = await events.nextCompanies();
    expect(connected?.companies.map((company) => company.tenantId)).toEqual(['101']);
    expect(connected?.version).toBeGreaterThan(first?.version ?? Infinity);
    expect((await a.app.inject({ method: 'DELETE', url: '/v1/firm/companies/101', headers: bearer(session) })).statusCode).toBe(200);
    const removed = await events.nextCompanies();
    expect(removed?.companies).toEqual([]);
    expect(removed?.version).toBeGreaterThan(connected?.version ?? Infinity);
    events.cancel();
  });

  it("pushes a refresh made on one replica to a stream on the other, with the company's new renew-by", async () => {
    const { a, b, session } = await replicas();
    expect((await a.authorize(session)).statusCode).toBe(200);
    const events = await openEvents(b.url, session);
    const before = (await events.nextCompanies())?.companies[0] as { refreshTokenExpiresAt: number | null; accessTokenExpiresAt: number | null } | undefined;
    expect(before?.refreshTokenExpiresAt).toEqual(expect.any(Number));
    // An hour on at replica A, the access token expired: a tool's token request there refreshes.
    a.clock.advance(HOUR);
    await expireAccessToken(a.db, '101');
    const token = await a.app.inject({ method: 'POST', url: '/v1/companies/101/access-token', headers: forwarded(session, { name: 'Verktyg', companies: ['101'], right: 'token' }) });
    expect(token.statusCode, token.body).toBe(200);
    const after = (await events.nextCompanies())?.companies[0] as { refreshTokenExpiresAt: number | null; lastRefreshedAt: number | null } | undefined;
    expect(after?.lastRefreshedAt).toBe(a.clock.now());
    expect(after?.refreshTokenExpiresAt).toBe(a.clock.now() + REFRESH_TOKEN_LIFETIME_MS);
    expect(after?.refreshTokenExpiresAt).toBeGreaterThan(before?.refreshTokenExpiresAt ?? Infinity);
    events.cancel();
  });

  it('opens its LISTEN connection again when the database drops it, and changes reach it again', async () => {
    const { a, b, session } = await replicas();
    const events = await openEvents(b.url, session);
    await events.nextCompanies();
    // Subscribers are told once the connection is back (a change may have been missed meanwhile).
    const back = new Promise<void>((resolve) => {
      const stop = b.connections.changes.subscribe(() => {
        stop();
        resolve();
      });
    });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fortnox-connector-server-listen'`,
      );
      expect(killed.rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    await back;
    // The stream reads the list again once the connection is back ...
    expect((await events.nextCompanies())?.companies).toEqual([]);
    // ... and the next change made on the other replica reaches it through the new connection.
    expect((await a.authorize(session)).statusCode).toBe(200);
    expect((await events.nextCompanies())?.companies.map((company) => company.tenantId)).toEqual(['101']);
    expect(b.logger.text()).toContain('company change listener lost its database connection');
    events.cancel();
  });
});
