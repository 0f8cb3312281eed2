import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Timers } from '../../../../main/connect/connect-flow';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { sessionResponseSchema } from '../../../../shared/firm-api';
import { encodeKeyScope, KEY_SCOPE_HEADER } from '../../../../main/local-api/key-scope';
import type { NewToolKey } from '../../../../shared/local-api-keys';
import { createFirmAuth } from '../../../../server/auth/firm-auth';
import { FirmAudit } from '../../../../server/audit/firm-audit';
import { issuePairingCodeFromCli } from '../../../../server/auth/pairing-codes';
import { announceTokenChanges, companyChangeFeed, listenClientFor } from '../../../../server/companies/company-changes';
import { companyDirectory } from '../../../../server/companies/company-repository';
import type { Database, Queryable } from '../../../../server/db/database';
import { createFirmConnectionRoutes, type FirmConnectionsSetup } from '../../../../server/http/firm-connection-routes';
import { FIRM_ROUTE_PATHS } from '../../../../server/http/firm-routes';
import { IntegrationKeys } from '../../../../server/keys/integration-keys';
import { FirmTokens } from '../../../../server/tokens/firm-tokens';
import { FleetRateLimiter } from '../../../../server/tokens/fleet-rate-limiter';
import { TokenRows } from '../../../../server/tokens/token-rows';
import type { Sealer } from '../../../../server/crypto/sealer';
import type { SessionToolRight } from '../../../../server/auth/session-tool-right';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { FakeClock } from '../../main/fake-timers';
import { recordingLogger } from '../../main/recording-logger';
import { obtainCode } from '../../simulator/token-test-kit';
import { clientConfigFor, nodeFetch, testSealer } from '../tokens/tokens-test-kit';
import { buildApp } from './server-harness';

/**
 * The firm server app with its connection routes over a real database (PGlite or PostgreSQL) and
 * the Fortnox simulator: real FirmTokens, TokenRows (AES-256-GCM), the fleet-wide rate limit,
 * integration keys, sessions and audit, the change feed and the Fortnox proxy.
 */

export const random = (size: number) => randomBytes(size);
export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** A session forwarded by a desktop's local API, with the local key's scope (as main/local-api/firm-forwarding.ts sends it). */
export const forwarded = (session: string, scope: Parameters<typeof encodeKeyScope>[0]) => ({ ...bearer(session), [KEY_SCOPE_HEADER]: encodeKeyScope(scope) });

export interface ConnectionsAppOptions {
  db: Database;
  simulator: FortnoxSimulator;
  clock?: FakeClock;
  /** PostgreSQL: the change feed's LISTEN connection. */
  databaseUrl?: string;
  /** Default: the simulator's app callback only. */
  redirectUris?: string[];
  /** The change feed's and event streams' timers (default the fake clock's). */
  timers?: Timers;
  feed?: FirmConnectionsSetup['feed'];
  /** The event streams' spacing of reads after changes (default 0 here; 1 s in production). */
  minIntervalMs?: number;
  /** The replica's key ring (default the tests' `testSealer()`). */
  sealer?: Sealer;
  /** SESSION_TOOL_RIGHT (default the app's, `token`). */
  sessionToolRight?: SessionToolRight;
}

export async function connectionsApp(options: ConnectionsAppOptions) {
  const { db, simulator } = options;
  const clock = options.clock ?? new FakeClock(Date.now());
  const logger = recordingLogger();
  const failures: string[] = [];
  const rows = new TokenRows(options.sealer ?? testSealer(), logger.log);
  const slots = new FleetRateLimiter(db, { now: clock.now, timers: clock.timers });
  // Made first, as startFirmServer would: the token service announces failed refreshes on it too.
  const changes = companyChangeFeed(db, {
    log: logger.log,
    timers: options.timers ?? clock.timers,
    ...options.feed,
    ...(options.databaseUrl ? { listenClient: listenClientFor(options.databaseUrl) } : {}),
  });
  const tokens = new FirmTokens({
    db,
    rows,
    fetcher: nodeFetch,
    clientConfig: () => clientConfigFor(simulator),
    slots,
    now: clock.now,
    log: logger.log,
    metrics: announceTokenChanges({}, changes),
  });
  const keys = new IntegrationKeys({ db, random, now: clock.now });
  const auth = createFirmAuth(db, { oidc: null }, { now: clock.now, random });
  const fortnox = {
    clientId: 'test-client',
    endpoints: { authorizeUrl: simulator.authorizeUrl, apiBaseUrl: simulator.apiBaseUrl },
    redirectUris: options.redirectUris ?? [simulator.appCallbackUrl],
    tokenClient: () => clientConfigFor(simulator),
  };
  const connections = createFirmConnectionRoutes({
    db,
    rows,
    tokens,
    fortnox,
    fetcher: nodeFetch,
    slots,
    now: clock.now,
    timers: options.timers ?? clock.timers,
    log: logger.log,
    changes,
    // Each change at once unless a test asks for the production spacing.
    events: { minIntervalMs: options.minIntervalMs ?? 0 },
  });
  const built = await buildApp({
    clock,
    keys,
    directory: companyDirectory(db),
    tokens,
    proxy: { apiBaseUrl: () => simulator.apiBaseUrl, limiter: slots },
    firm: { ...auth, keys, connections, onFailure: (what, name) => failures.push(`${what}:${name}`) },
    ...(options.sessionToolRight !== undefined ? { sessionToolRight: options.sessionToolRight } : {}),
  });
  const { app } = built;

  /** A session for a new user of `role`, through a pairing code as the desktop would. */
  const sessionFor = (email: string, role: 'admin' | 'accountant' = 'accountant'): Promise<string> => pairedSession(app, db, clock, { email, role, deviceName: 'laptop' });

  /** A code the simulator issued for `username` (single: tenant 101) to the app callback, as the desktop's sign-in window captures it. */
  const code = (username = 'single', params: Record<string, string | undefined> = {}) =>
    obtainCode(simulator, { username, password: `pw-${username}`, params: { scope: 'companyinformation invoice', ...params } });

  /** `POST /v1/authorizations` with a fresh code for `username`. */
  const authorize = async (session: string, body: Record<string, unknown> = {}, username = 'single') =>
    app.inject({
      method: 'POST',
      url: '/v1/authorizations',
      headers: bearer(session),
      payload: {
        code: await code(username),
        redirectUri: simulator.appCallbackUrl,
        requestedScopes: ['companyinformation', 'invoice'],
        offlineAccess: true,
        accountType: 'user',
        ...body,
      },
    });

  /** An integration key as an admin creates it (the app checks these, not the harness's in-memory registry). */
  const newKey = async (input: Partial<NewToolKey> = {}) =>
    (await keys.create({ name: 'test tool', companies: ['101'], right: 'read', lifetimeDays: null, ...input }, 'admin@byran.se')).key;

  return { ...built, newKey, app: app as FastifyInstance, clock, logger, failures, rows, slots, tokens, keys, auth, connections, fortnox, sessionFor, code, authorize };
}

/** A new user's session, through a pairing code issued as the CLI does and redeemed as the desktop would. */
export async function pairedSession(
  app: FastifyInstance,
  db: Database,
  clock: FakeClock,
  user: { email: string; role: 'admin' | 'accountant'; deviceName: string },
): Promise<string> {
  const { code } = await issuePairingCodeFromCli(db, { email: user.email, role: user.role }, { now: clock.now, random, audit: new FirmAudit({ db, now: clock.now }) });
  const paired = await app.inject({ method: 'POST', url: FIRM_ROUTE_PATHS.pairingSession, payload: { code, deviceName: user.deviceName } });
  expect(paired.statusCode, paired.body).toBe(200);
  return sessionResponseSchema.parse(paired.json()).session;
}

/**
 * The firm server app with the accountant routes and the real integration keys over `db` (no
 * connection routes, the harness's token source), and a session of `user`, who is its first.
 */
export async function pairedFirmApp(db: Database, user: { email: string; role: 'admin' | 'accountant'; deviceName: string }) {
  const clock = new FakeClock(Date.now());
  const keys = new IntegrationKeys({ db, random, now: clock.now });
  const auth = createFirmAuth(db, { oidc: null, desktopClient: null }, { now: clock.now, random });
  const built = await buildApp({
    clock,
    keys,
    firm: { sessions: auth.sessions, verifier: auth.verifier, signInOptions: auth.signInOptions, pairingCodes: auth.pairingCodes, keys, audit: auth.audit, throttle: auth.throttle },
  });
  return { ...built, keys, session: await pairedSession(built.app, db, clock, user) };
}

/** One server-sent event as the desktop reads it. */
export interface ServerEvent {
  event: string | null;
  data: string;
  comment: string | null;
}

/**
 * Reads a `text/event-stream` answer event by event (LF-separated, as the server writes it):
 * `next()` resolves with the next event or comment block, `null` when the stream has ended.
 */
export function eventReader(body: AsyncIterable<Buffer | string>, cancel: () => void) {
  const chunks = body[Symbol.asyncIterator]();
  let buffer = '';
  let ended = false;
  const next = async (): Promise<ServerEvent | null> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event: string | null = null;
        let comment: string | null = null;
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comment = line.slice(1).trim();
          else if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        return { event, data: data.join('\n'), comment };
      }
      if (ended) return null;
      let chunk: IteratorResult<Buffer | string>;
      try {
        chunk = await chunks.next();
      } catch {
        // The server cut the connection.
        chunk = { done: true, value: undefined };
      }
      if (chunk.done) ended = true;
      else buffer += chunk.value.toString();
    }
  };
  type CompaniesEvent = { companies: Array<{ tenantId: string; companyName: string | null; status: string }>; version: number };
  /** The next `companies` event, skipping comments and the `retry:` block. */
  const nextCompanies = async (): Promise<CompaniesEvent | null> => {
    for (;;) {
      const event = await next();
      if (event === null) return null;
      if (event.event === 'companies') return JSON.parse(event.data) as CompaniesEvent;
    }
  };
  return { next, nextCompanies, cancel };
}

/** A GET on its own connection (no agent: nothing is kept open after it, which would hold the server's close). */
export function getOnOwnConnection(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'GET', headers, agent: false }, resolve);
    request.once('error', reject);
    request.end();
  });
}

/** Reads a whole answer's body. */
export async function bodyOf(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += String(chunk);
  return text;
}

/** Opens `GET /v1/firm/events` on a listening app. */
export async function openEvents(baseUrl: string, session: string) {
  const response = await getOnOwnConnection(`${baseUrl}/v1/firm/events`, { ...bearer(session), accept: 'text/event-stream' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  return { response, ...eventReader(response, () => response.destroy()) };
}

/**
 * The database as a replica sees it when the connection is lost around the COMMIT of a connect or
 * a disconnect (the transaction that writes or deletes `companies`): `arm('after')` lets the COMMIT
 * land and then reports the failure (only the answer was lost); `arm('before')` fails just before
 * the COMMIT (the server rolls back). One armed failure each time; every other transaction passes.
 */
export function commitLosingDatabase(db: Database): { db: Database; arm(when: 'before' | 'after'): void } {
  let armed: 'before' | 'after' | null = null;
  const lost = () => new Error('Connection terminated unexpectedly');
  const wrapped: Database = {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    close: () => db.close(),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      let touched = false;
      const result = await db.transaction(async (tx) => {
        const out = await work({
          query: (sql, params) => {
            if (/INSERT INTO companies AS c|DELETE FROM companies/.test(sql)) touched = true;
            return tx.query(sql, params);
          },
        });
        if (touched && armed === 'before') {
          armed = null;
          throw lost();
        }
        return out;
      });
      if (touched && armed === 'after') {
        armed = null;
        throw lost();
      }
      return result;
    },
  };
  return { db: wrapped, arm: (when) => (armed = when) };
}
