import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodType, z } from 'zod';
import type { Timers } from '../../main/connect/connect-flow';
import type { HttpFetch } from '../../main/fortnox/fortnox-http';
import type { Logger } from '../../main/logging/logger';
import {
  authorizationRequestSchema,
  authorizationResponseSchema,
  firmCompaniesSchema,
  firmDisconnectResponseSchema,
  firmTenantParamsSchema,
  firmTestResponseSchema,
} from '../../shared/firm-api';
import type { FirmAuditEvent } from '../audit/firm-audit';
import type { AuthenticatedSession } from '../auth/sessions';
import { companyChangeFeed, listenClientFor, type CompanyChangeFeed, type CompanyChangeFeedOptions } from '../companies/company-changes';
import { firmCompanySummaries, type FirmCompanySummaries } from '../companies/firm-companies';
import { ServerKeyError } from '../crypto/key-health';
import { ConnectionRefusal, FirmConnections, type FirmFortnoxClient } from '../connections/firm-connections';
import type { Database } from '../db/database';
import type { FortnoxRequestSlots } from '../tokens/fleet-rate-limiter';
import type { TokenRows } from '../tokens/token-rows';
import { CompanyEvents, type CompanyEventsOptions } from './company-events';
import { FIRM_API_ERRORS, FirmApiError } from './firm-errors';

/**
 * The accountant routes about the firm's connections (issue 10 items 4-6), registered with the
 * other accountant routes (firm-routes.ts, same scope, session and error handling):
 * `GET /v1/firm/fortnox`, `GET /v1/firm/companies`, `GET /v1/firm/events`, `POST /v1/authorizations`,
 * `POST /v1/firm/companies/:tenantId/test` and `DELETE /v1/firm/companies/:tenantId`. Any role may
 * use them. Every connect, reconnect, test and disconnect is audited with the user; a refused
 * connect as `refused`. Answers are parsed with the contract's strict schemas.
 */

export const FIRM_CONNECTION_ROUTE_PATHS = {
  fortnox: '/v1/firm/fortnox',
  companies: '/v1/firm/companies',
  events: '/v1/firm/events',
  authorizations: '/v1/authorizations',
  companyTest: '/v1/firm/companies/:tenantId/test',
  company: '/v1/firm/companies/:tenantId',
} as const;

/** What the routes need (made by `createFirmConnectionRoutes`). */
export interface FirmConnectionRoutesDeps {
  connections: Pick<FirmConnections, 'fortnoxClient' | 'authorize' | 'test' | 'disconnect'> & Partial<Pick<FirmConnections, 'revocationsSettled'>>;
  summaries: Pick<FirmCompanySummaries, 'list'>;
  /** The change feed; closed with the app. */
  changes: Pick<CompanyChangeFeed, 'subscribe' | 'close'>;
  timers: Timers;
  events?: Pick<CompanyEventsOptions, 'heartbeatMs' | 'minIntervalMs' | 'maxStreams' | 'maxStreamsPerSession' | 'maxBufferedBytes' | 'endWaitMs' | 'now'>;
}

/** What firm-routes.ts lends these routes. */
export interface FirmRouteTools {
  /** The request's session (any role), or the `session_required` refusal; also the secret presented. */
  sessionOf(request: FastifyRequest): Promise<AuthenticatedSession>;
  presentedSession(request: FastifyRequest): string | undefined;
  stillValid(secret: string): Promise<boolean>;
  record(event: FirmAuditEvent): Promise<void>;
  noBody(request: FastifyRequest): void;
  parse<Schema extends ZodType>(schema: Schema, value: unknown): z.output<Schema>;
  onFailure?: (what: string, errorName: string) => void;
}

function asFirmError(refusal: ConnectionRefusal): FirmApiError {
  return new FirmApiError(refusal.code, { message: refusal.message });
}

/** Registers the connection routes on the accountant routes' `scope`. */
export function registerFirmConnectionRoutes(scope: FastifyInstance, deps: FirmConnectionRoutesDeps, tools: FirmRouteTools): void {
  const events = new CompanyEvents({
    subscribe: (listener) => deps.changes.subscribe(listener),
    read: () => deps.summaries.list(),
    stillValid: (secret) => tools.stillValid(secret),
    timers: deps.timers,
    ...deps.events,
    ...(tools.onFailure ? { onFailure: tools.onFailure } : {}),
  });
  // Open streams would keep the server from closing: ended first; then the feed stops listening.
  scope.addHook('preClose', (done) => {
    events.close();
    done();
  });
  scope.addHook('onClose', async () => {
    events.close();
    await deps.changes.close();
    // Replaced and refused grants still being revoked at Fortnox (each call bounded by its time-out).
    await deps.connections.revocationsSettled?.();
  });

  const options = {};
  const paths = FIRM_CONNECTION_ROUTE_PATHS;
  const user = (session: AuthenticatedSession) => ({ kind: 'user' as const, name: session.user.email });

  /** Runs a connection action; a refusal is answered with its code (and a refused connect audited). */
  const refusing = async <T>(work: () => Promise<T>, onRefused?: (status: number) => Promise<void>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ServerKeyError) throw new FirmApiError('server_key_missing');
      if (!(error instanceof ConnectionRefusal)) throw error;
      await onRefused?.(FIRM_API_ERRORS[error.code].status);
      throw asFirmError(error);
    }
  };

  scope.get(paths.fortnox, options, async (request, reply) => {
    await tools.sessionOf(request);
    return reply.send(await refusing(async () => deps.connections.fortnoxClient()));
  });

  scope.get(paths.companies, options, async (request, reply) => {
    await tools.sessionOf(request);
    return reply.send(firmCompaniesSchema.parse(await deps.summaries.list()));
  });

  scope.get(paths.events, options, async (request, reply) => {
    const session = await tools.sessionOf(request);
    const secret = tools.presentedSession(request);
    if (secret === undefined) throw new FirmApiError('session_required');
    const refusal = events.refusal(session.sessionId);
    if (refusal === 'too_many_streams') throw new FirmApiError('too_many_requests', { message: 'This session has the most event streams open already.', retryAfterSeconds: 5 });
    if (refusal === 'shutting_down') throw new FirmApiError('internal_error', { status: 503, message: 'The server is shutting down.' });
    reply.hijack();
    events.open(reply.raw, { secret, id: session.sessionId });
  });

  scope.post(paths.authorizations, options, async (request, reply) => {
    const session = await tools.sessionOf(request);
    const body = tools.parse(authorizationRequestSchema, request.body);
    const outcome = await refusing(
      () => deps.connections.authorize(body, session.user.email),
      (status) => tools.record({ action: 'refused', actor: user(session), method: 'POST', path: paths.authorizations, status }),
    );
    const { company, reconnected } = outcome;
    await tools.record({
      action: reconnected ? 'reconnect' : 'connect',
      actor: user(session),
      tenantId: company.tenantId,
      companyName: company.companyName,
      method: 'POST',
      path: paths.authorizations,
      status: 200,
    });
    return reply.send(authorizationResponseSchema.parse({ company, reconnected }));
  });

  scope.post(paths.companyTest, options, async (request, reply) => {
    const session = await tools.sessionOf(request);
    tools.noBody(request);
    const { tenantId } = tools.parse(firmTenantParamsSchema, request.params);
    const { company } = await refusing(() => deps.connections.test(tenantId));
    await tools.record({
      action: 'test',
      actor: user(session),
      tenantId: company.tenantId,
      companyName: company.companyName,
      method: 'POST',
      path: `/v1/firm/companies/${company.tenantId}/test`,
      status: 200,
    });
    return reply.send(firmTestResponseSchema.parse({ company }));
  });

  scope.delete(paths.company, options, async (request, reply) => {
    const session = await tools.sessionOf(request);
    tools.noBody(request);
    const { tenantId } = tools.parse(firmTenantParamsSchema, request.params);
    const { revoked, companyName } = await refusing(() => deps.connections.disconnect(tenantId));
    await tools.record({
      action: 'disconnect',
      actor: user(session),
      tenantId,
      companyName,
      method: 'DELETE',
      path: `/v1/firm/companies/${tenantId}`,
      status: 200,
    });
    return reply.send(firmDisconnectResponseSchema.parse({ revoked }));
  });
}

/** What `createFirmConnectionRoutes` is built from: the pieces startFirmServer already has. */
export interface FirmConnectionsSetup {
  db: Database;
  rows: TokenRows;
  /** FirmTokens. */
  tokens: { accessToken(tenantId: string): Promise<{ accessToken: string }>; isRefreshing?(tenantId: string): boolean };
  /** The Fortnox client as resolved at start (start-server.ts `FortnoxRuntime`). */
  fortnox: FirmFortnoxClient;
  fetcher: HttpFetch;
  /** The fleet-wide rate limit (FleetRateLimiter). */
  slots: FortnoxRequestSlots;
  now: () => number;
  timers: Timers;
  log: Logger;
  /** DATABASE_URL on PostgreSQL: the change feed's own LISTEN connection. Without it changes reach only this process. */
  databaseUrl?: string | undefined;
  onInvalidRow?: (tenantId: string) => void;
  /** The LISTEN connection's reopen waits and checks (defaults: 1 s doubling to 30 s; a check every 60 s). */
  feed?: Pick<CompanyChangeFeedOptions, 'retry' | 'checkEveryMs' | 'checkTimeoutMs'>;
  /** The event streams' heartbeat and limits. */
  events?: FirmConnectionRoutesDeps['events'];
  /**
   * A change feed made beforehand (`companyChangeFeed`), when something built earlier announces on
   * it too (FirmTokens' metrics through `announceTokenChanges`); default: one made here.
   */
  changes?: CompanyChangeFeed;
}

/**
 * Everything the connection routes need, for `buildServerApp`'s `deps.firm.connections`: the
 * company summaries, the change feed (LISTEN/NOTIFY on PostgreSQL, in-process on PGlite; closed
 * with the app) and the connections service.
 */
export function createFirmConnectionRoutes(setup: FirmConnectionsSetup): FirmConnectionRoutesDeps & { connections: FirmConnections; changes: CompanyChangeFeed } {
  const summaries = firmCompanySummaries(setup.db, setup.onInvalidRow ? { onInvalidRow: setup.onInvalidRow } : {});
  const changes =
    setup.changes ??
    companyChangeFeed(setup.db, {
      ...setup.feed,
      log: setup.log,
      timers: setup.timers,
      ...(setup.databaseUrl !== undefined && setup.db.kind === 'postgres' ? { listenClient: listenClientFor(setup.databaseUrl) } : {}),
    });
  const connections = new FirmConnections({ ...setup, summaries, changes });
  return { connections, summaries, changes, timers: setup.timers, events: { now: setup.now, ...setup.events } };
}
