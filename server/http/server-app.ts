import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { LocalApiErrorCode } from '../../shared/local-api-errors';
import type { ToolKeyRecord } from '../../shared/local-api-keys';
import type { Timers } from '../../main/connect/connect-flow';
import type { SlidingWindowLimiter } from '../../main/fortnox/rate-limiter';
import type { AccessTokenSource } from '../../main/local-api/access-token-source';
import { BadKeyThrottle, type ThrottlePolicy } from '../../main/local-api/bad-key-throttle';
import { errorCodeOf, limitServer, refusalFor, sendError, setAnswerHeaders } from '../../main/local-api/api-answers';
import { createNodeHttpTransport, type ProxyTransport } from '../../main/local-api/fortnox-proxy';
import { LocalApiError } from '../../main/local-api/local-api-error';
import { accessTokenRoute, fortnoxProxyRoute, healthRoute, LOCAL_API_ROUTES } from '../../main/local-api/local-api-routes';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../main/local-api/local-api-server';
import { bearerKeyOf, inspectHeaders } from '../../main/local-api/request-guard';
import type { KeyCheck } from '../../main/local-api/tool-keys';
import { SESSION_TOKEN_PATTERN } from '../../shared/firm-api';
import type { CompanyDirectory } from '../companies/company-repository';
import { ServerKeyError } from '../crypto/key-health';
import { sendFirmError } from './firm-errors';
import { statusClass, type ServerMetricsRegistry } from './metrics';
import { OPS_PATHS, registerOpsRoutes } from './ops-routes';
import type { ReadinessCheck } from './readiness';
import { guardServerRequest } from './server-guard';
import { appState, type AppState } from './server-state';
import { isFirmRoutePath, registerFirmRoutes, type FirmRoutesDeps } from './firm-routes';
import { proxyTarget } from '../../main/local-api/proxy-call';
import { registerProxyRoute } from './proxy-route';
import { DEFAULT_SESSION_TOOL_RIGHT, type SessionToolRight } from '../auth/session-tool-right';
import { keyScopeValues, sessionToolAccess, toolAuditEvent, type ToolActor } from './tool-access';
import { trackUnusedConnections } from './unused-connections';
import { registerV1Routes } from './v1-routes';

declare module 'fastify' {
  interface FastifyRequest {
    /** The integration key the firm server's onRequest hook accepted; null before (or when refused). */
    serverKey: ToolKeyRecord | null;
    /** The error code the request was refused with, for the metrics; null while it was not. */
    serverErrorCode: LocalApiErrorCode | null;
    /** Who the accepted credential is, for the audit: an integration key's name or a signed-in user's e-mail. */
    serverActor: ToolActor | null;
    /** The name of the company the request named, once it was looked up (undefined: not looked up). */
    serverCompanyName: string | null | undefined;
  }
}

/** The Fortnox proxy's part of the deps. */
export interface ServerProxyDeps {
  /** The configured API base (`https://api.fortnox.se/3/`). */
  apiBaseUrl: () => string;
  /** The fleet-wide per-company rate limit (`FortnoxRequestSlots`, helper "tokens"): refreshes and proxied calls share it. */
  limiter: Pick<SlidingWindowLimiter, 'acquire'>;
  /** How Fortnox is called; absent, the app opens its own kept-alive pool (`createNodeHttpTransport`), closed with it. */
  transport?: ProxyTransport;
  bodyLimitBytes?: number;
  responseLimitBytes?: number;
  rateLimitWaitMs?: number;
  /** Cap on one key's proxied calls in flight or queued on this replica. */
  maxInFlightPerKey?: number;
  /** Cap on one company's proxied calls in flight or queued on this replica, over every key. */
  maxInFlightPerCompany?: number;
}

/** What the firm server's HTTP app serves from. */
export interface ServerAppDeps {
  /** The integration keys (`IntegrationKeys`): checked on every keyed request, so a revocation on any replica counts at once. */
  keys: { check(presented: string): Promise<KeyCheck> };
  companies: CompanyDirectory;
  /** Access tokens with at least five minutes left (`FirmTokens`, helper "tokens"). */
  tokens: AccessTokenSource;
  /** The Fortnox proxy: absent, its route answers `not_found`. */
  proxy?: ServerProxyDeps;
  /** Whether this replica may take traffic (database, migrations, key); `/readyz` adds "shutting down" itself. */
  readiness: ReadinessCheck;
  readinessTimeoutMs?: number;
  /** The server's metrics; `/metrics` serves its registry. */
  metrics: ServerMetricsRegistry;
  /** The bearer token `/metrics` asks of scrapers (METRICS_TOKEN); null or absent: `/metrics` is refused. */
  metricsToken?: string | null;
  /** Where tools reach this server (PUBLIC_URL): the OpenAPI document's `servers` entry. */
  publicUrl: string;
  now: () => number;
  timers: Timers;
  /** Fastify's logger (pino options with the app's redaction, from server/logging); default off. */
  logger?: FastifyServerOptions['logger'];
  /** Which proxies in front are trusted for the client address (config); default none. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  throttle?: ThrottlePolicy;
  /** Largest JSON body read (default the local API's 16 KiB). */
  bodyLimitBytes?: number;
  /**
   * The accountant routes (sign-in, sessions, admin, audit, connections; firm-routes.ts); absent,
   * they answer `not_found`. With them, the tool routes (`/v1/companies`, access token, Fortnox
   * proxy, OpenAPI) also take a server session with the forwarding local key's scope header (the
   * intersection of both; a session alone is refused, tool-access.ts) so the desktop's local API
   * can forward under its accountant's session, and every token handed out,
   * proxied call and refusal there is audited with who (`firm.audit`).
   */
  firm?: FirmRoutesDeps;
  /**
   * What an accountant's session may do on the tool routes at most (SESSION_TOOL_RIGHT,
   * tool-access.ts): the desktop's declared key scope narrows below it, never above; `none`
   * refuses sessions there. Default `token`.
   */
  sessionToolRight?: SessionToolRight;
}

/** Everything the routes share. */
export interface RouteContext {
  deps: ServerAppDeps;
  state: AppState;
  /** Answers with an error body and notes the code for the metrics. */
  refuse(reply: FastifyReply, code: LocalApiErrorCode, retryAfterSeconds?: number): FastifyReply;
  /** The key the onRequest hook accepted. */
  keyFor(request: FastifyRequest): ToolKeyRecord;
  /** Whether a credential presented earlier still holds (a key not revoked or expired, a session not ended). */
  stillValid(presented: string): Promise<boolean>;
}

/** Audit rows being written at once, at most (beyond, rows are dropped and reported). */
const MAX_PENDING_AUDIT_WRITES = 10_000;

/** Routes that need no key. */
const OPEN_PATHS: ReadonlySet<string> = new Set([healthRoute.path, ...OPS_PATHS]);

/** `PUBLIC_URL` as the document's server: origin and path, no trailing slash. */
function serverUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The firm server's HTTP app (issue 10 items 1 and 7), not yet listening: the local API's `/v1`
 * routes with the same schemas, error bodies and codes (main/local-api), so a tool moves from the
 * desktop to the server by changing its base URL and key, plus `/livez`, `/readyz` and `/metrics`.
 * Every request passes the guard (no web pages, no preflights); every `/v1` route but health needs
 * an integration key (Bearer), with slowed-down answers to repeated bad keys from one address,
 * except the accountant routes (`deps.firm`, firm-routes.ts), which take a server session instead.
 * Unlike the local API there is no Host check (a network server, reached under the firm's name),
 * and the client address honours `trustProxy`. Close it with `closeServerApp` (shutdown.ts).
 */
export function buildServerApp(deps: ServerAppDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    // Fastify's own request lines carry the URL (a Fortnox path's query may name a customer); the onResponse hook logs the route pattern instead.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    return503OnClosing: true,
  });
  // As the local API: every header kept for the guard, slow clients given up.
  limitServer(app.server);
  // Connections that never began a request would hold the close for the whole grace period (Node 20).
  const unused = trackUnusedConnections(app.server);
  app.addHook('preClose', (done) => {
    unused.closeUnused();
    done();
  });

  const ownTransport = deps.proxy && !deps.proxy.transport ? createNodeHttpTransport() : undefined;
  // The app's own kept-alive connections to Fortnox end with it, however it is closed.
  if (ownTransport) {
    app.addHook('onClose', (_instance, done) => {
      ownTransport.close();
      done();
    });
  }
  const state = appState(app, { shuttingDown: false });
  const throttle = new BadKeyThrottle(deps.now, deps.throttle);
  const { metrics } = deps.metrics;

  app.decorateRequest('serverKey', null);
  app.decorateRequest('serverErrorCode', null);
  app.decorateRequest('serverActor', null);
  app.decorateRequest('serverCompanyName', undefined);
  // Only JSON bodies: form and text bodies are what a web page can send without a preflight.
  app.removeContentTypeParser(['text/plain']);

  const refuse = (reply: FastifyReply, code: LocalApiErrorCode, retryAfterSeconds?: number): FastifyReply => {
    reply.request.serverErrorCode = code;
    return sendError(reply, code, retryAfterSeconds);
  };
  const keyFor = (request: FastifyRequest): ToolKeyRecord => {
    const key = request.serverKey;
    if (!key) throw new LocalApiError('unauthorized');
    return key;
  };
  const sessions = deps.firm?.sessions;
  /**
   * An integration key, or (with the accountant routes) a server session forwarded by a desktop
   * with its local key's scope (tool-access.ts); a refusal code when the credential is good but
   * not usable as it came (a session without a scope), undefined when it is not good at all.
   */
  const checkCredential = async (
    presented: string,
    rawHeaders: readonly string[],
  ): Promise<{ key: ToolKeyRecord; actor: ToolActor } | { refused: LocalApiErrorCode; actor: ToolActor } | undefined> => {
    if (sessions && SESSION_TOKEN_PATTERN.test(presented)) {
      const session = await sessions.authenticate(presented);
      if (!session) return undefined;
      const access = sessionToolAccess(session, keyScopeValues(rawHeaders), deps.sessionToolRight ?? DEFAULT_SESSION_TOOL_RIGHT);
      // A good session refused here is still the user's request: its audit row names them.
      return access.ok ? { key: access.key, actor: access.actor } : { refused: access.code, actor: { kind: 'user', name: session.user.email } };
    }
    const check = await deps.keys.check(presented);
    return check.ok ? { key: check.key, actor: { kind: 'key', name: check.key.name } } : undefined;
  };
  const stillValid = async (presented: string) => {
    if (sessions && SESSION_TOKEN_PATTERN.test(presented)) return (await sessions.authenticate(presented)) !== null;
    return (await deps.keys.check(presented)).ok;
  };
  const context: RouteContext = { deps, state, refuse, keyFor, stillValid };

  app.addHook('onRequest', async (request, reply) => {
    const facts = inspectHeaders(request.raw.rawHeaders);
    const refusal = guardServerRequest(request.raw.method ?? '', request.raw.url ?? '', facts);
    if (refusal) return refuse(reply, refusal);
    const pattern = request.routeOptions.url;
    if (pattern !== undefined && OPEN_PATHS.has(pattern)) return undefined;
    // The accountant routes take a server session, checked by their own handlers, not an integration key.
    if (pattern !== undefined && deps.firm && isFirmRoutePath(pattern)) return undefined;
    const presented = bearerKeyOf(facts);
    const accepted = presented === undefined ? undefined : await checkCredential(presented, request.raw.rawHeaders);
    if (accepted && 'refused' in accepted) {
      throttle.success(request.ip);
      request.serverActor = accepted.actor;
      // A good session on no route at all: that there is no such route, as before the scope check.
      return refuse(reply, pattern === undefined ? 'not_found' : accepted.refused);
    }
    if (!accepted) {
      const hold = throttle.failure(request.ip);
      if (hold > 0) await new Promise<void>((resolve) => deps.timers.set(resolve, hold));
      return refuse(reply, 'unauthorized');
    }
    throttle.success(request.ip);
    request.serverKey = accepted.key;
    request.serverActor = accepted.actor;
    return undefined;
  });

  // As the local API: no CORS header ever leaves, whatever a handler or Fastify set.
  app.addHook('onSend', (_request, reply, payload, done) => {
    setAnswerHeaders(reply);
    done(null, payload);
  });

  const audit = deps.firm?.audit;
  const auditWrites = new Set<Promise<void>>();
  /** Records a tool route's event after its answer; never holds the answer, never throws. */
  const recordToolEvent = (request: FastifyRequest, status: number) => {
    if (!audit) return;
    const event = toolAuditEvent(request, status, proxyTarget);
    if (!event) return;
    // Bounded: a database that cannot keep up loses audit rows (reported), not the server's memory.
    if (auditWrites.size >= MAX_PENDING_AUDIT_WRITES) {
      deps.firm?.onFailure?.('audit_dropped', 'TooManyPendingWrites');
      return;
    }
    const write = audit
      .record(event)
      .catch((error: unknown) => deps.firm?.onFailure?.('audit_write', error instanceof Error ? error.name : typeof error))
      .finally(() => auditWrites.delete(write));
    auditWrites.add(write);
  };
  if (audit) {
    // The audit rows of answered requests are written before the app (and then the database) closes.
    state.auditSettled = async () => {
      while (auditWrites.size > 0) await Promise.allSettled([...auditWrites]);
    };
    app.addHook('onClose', async () => state.auditSettled?.());
  }

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.raw.method ?? 'GET';
    metrics.httpRequest(route, method, reply.statusCode, reply.elapsedTime / 1000);
    const refused = request.serverErrorCode;
    if (route === accessTokenRoute.path) metrics.tokenRequest(refused ?? (reply.statusCode === 200 ? 'handed' : 'internal_error'));
    if (route === fortnoxProxyRoute.path) metrics.proxiedCall(method, refused ?? statusClass(reply.statusCode));
    recordToolEvent(request, reply.statusCode);
    // The route pattern, never the URL: no database number, Fortnox path or query in the log.
    request.log.info({ method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  app.setNotFoundHandler((_request, reply) => refuse(reply, 'not_found'));

  app.setErrorHandler((error, request, reply) => {
    // This replica's keys cannot open the company's tokens: its own problem (503, /readyz not ready), the company is left as it is.
    if (error instanceof ServerKeyError) return sendFirmError(reply, 'server_key_missing');
    // The local API's codes for the same failures (api-answers.ts).
    const refusal = refusalFor(error);
    if (refusal) return refuse(reply, refusal.code, refusal.retryAfterSeconds);
    // The error's name and code only: a message may quote what it failed on.
    request.log.error({ error: error instanceof Error ? error.name : typeof error, code: errorCodeOf(error) ?? null }, 'request failed');
    return refuse(reply, 'internal_error');
  });

  registerV1Routes(app, context, serverUrl(deps.publicUrl));
  registerProxyRoute(app, context, ownTransport?.send ?? deps.proxy?.transport);
  registerOpsRoutes(app, context);
  if (deps.firm) registerFirmRoutes(app, deps.firm);
  return app;
}

/** The route patterns the app serves: the local API's table and the operations routes. */
export const SERVER_ROUTE_PATHS: readonly string[] = [...LOCAL_API_ROUTES.map((route) => route.path), ...OPS_PATHS];
