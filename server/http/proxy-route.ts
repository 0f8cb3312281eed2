import type http from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FortnoxCallError } from '../../main/fortnox/fortnox-call-error';
import { RateLimitWaitExceededError } from '../../main/fortnox/rate-limiter';
import { fortnoxPathActs } from '../../main/local-api/fortnox-actions';
import { normalizeFortnoxTarget, type FortnoxPathResult } from '../../main/local-api/fortnox-path';
import { DEFAULT_PROXY_BODY_LIMIT_BYTES, PROXIED_METHODS, proxyFortnoxCall, type ProxyTransport } from '../../main/local-api/fortnox-proxy';
import { DEFAULT_MAX_IN_FLIGHT_PER_COMPANY, DEFAULT_MAX_IN_FLIGHT_PER_KEY, InFlightLimits } from '../../main/local-api/in-flight-limits';
import { rightAllows, rightForProxyMethod } from '../../main/local-api/key-permissions';
import { LocalApiError } from '../../main/local-api/local-api-error';
import { fortnoxProxyRoute } from '../../main/local-api/local-api-routes';
import { RECONNECT_ISSUES } from '../../main/local-api/local-api-server';
import { bearerKey } from '../../main/local-api/request-guard';
import { companyFor } from './company-access';
import type { RouteContext, ServerProxyDeps } from './server-app';

/** The Fortnox path a proxy request names, from the RAW target: a router's decoded parameter would already have turned %2f into '/'. */
export function proxyTarget(request: FastifyRequest): FortnoxPathResult | undefined {
  const remainder = /^\/v1\/companies\/[^/?]+\/fortnox(\/.*)$/.exec(request.raw.url ?? '')?.[1];
  return remainder === undefined ? undefined : normalizeFortnoxTarget(remainder);
}

/**
 * `ANY /v1/companies/{databaseNumber}/fortnox/{path}`: the local API's Fortnox proxy
 * (main/local-api/fortnox-proxy.ts `proxyFortnoxCall`) with the server's token source and its
 * fleet-wide rate limit. Everything a call is allowed on that needs no body (key, company, right,
 * path, action, in-flight caps) is checked in preParsing, so a refused call's body is never read.
 * The in-flight caps are per replica; the rate limit is shared by the fleet.
 */
export function registerProxyRoute(app: FastifyInstance, context: RouteContext, transport: ProxyTransport | undefined): void {
  const { deps } = context;
  const proxy = deps.proxy;
  const { metrics } = deps.metrics;
  const inFlight = new InFlightLimits({
    perKey: proxy?.maxInFlightPerKey ?? DEFAULT_MAX_IN_FLIGHT_PER_KEY,
    perCompany: proxy?.maxInFlightPerCompany ?? DEFAULT_MAX_IN_FLIGHT_PER_COMPANY,
  });
  const authorised = new WeakMap<http.IncomingMessage, { tenantId: string; path: string; query: string }>();
  const limiter: ServerProxyDeps['limiter'] | undefined = proxy && {
    // Waits for the fleet-wide slot, counted as the proxy's (the token service counts its refreshes' own).
    async acquire(tenantId, deadline) {
      const started = deps.now();
      try {
        await proxy.limiter.acquire(tenantId, deadline);
      } catch (error) {
        if (error instanceof RateLimitWaitExceededError) metrics.rateLimitExceeded('proxy');
        throw error;
      }
      metrics.rateLimitWaited('proxy', (deps.now() - started) / 1000);
    },
  };

  const authorise = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!proxy) throw new LocalApiError('not_found');
    const key = context.keyFor(request);
    // Only the methods Fortnox's API uses: TRACE would have Fortnox echo the server's token to the tool.
    if (!PROXIED_METHODS.has(request.raw.method ?? '')) throw new LocalApiError('method_not_allowed');
    const tenantId = await companyFor(context, request, fortnoxProxyRoute);
    if (!rightAllows(key.right, rightForProxyMethod(request.raw.method ?? 'GET'))) throw new LocalApiError('right_not_granted');
    const target = proxyTarget(request);
    if (!target?.ok) throw new LocalApiError('invalid_path');
    // GET is not read-only at Fortnox: /3/invoices/{n}/email sends the invoice (fortnox-actions.ts).
    if (!rightAllows(key.right, 'read-write') && fortnoxPathActs(target.path)) throw new LocalApiError('action_not_allowed');
    const release = inFlight.enter(key.id, tenantId);
    if (!release) throw new LocalApiError('too_many_requests');
    reply.raw.once('close', release);
    authorised.set(request.raw, { tenantId, path: target.path, query: target.query });
  };

  // In its own scope: any body type is read (capped) as bytes and passed on unparsed.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: proxy?.bodyLimitBytes ?? DEFAULT_PROXY_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
    const preParsing = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      await authorise(request, reply);
      return payload;
    };
    scope.all(fortnoxProxyRoute.path, { preParsing }, async (request, reply) => {
      const call = authorised.get(request.raw);
      if (!proxy || !limiter || !transport || !call) throw new LocalApiError('not_found');
      // Revoked or expired (on any replica) while the call waited for its slot: refused before Fortnox (a key or a session alike).
      const keyStillValid = async () => {
        const presented = bearerKey(request.raw.rawHeaders);
        return presented !== undefined && (await context.stillValid(presented));
      };
      let answer;
      try {
        answer = await proxyFortnoxCall(
          {
            apiBaseUrl: proxy.apiBaseUrl,
            limiter,
            transport,
            tokens: deps.tokens,
            now: deps.now,
            timers: deps.timers,
            ...(proxy.responseLimitBytes !== undefined ? { responseLimitBytes: proxy.responseLimitBytes } : {}),
            ...(proxy.rateLimitWaitMs !== undefined ? { rateLimitWaitMs: proxy.rateLimitWaitMs } : {}),
          },
          {
            tenantId: call.tenantId,
            method: request.raw.method ?? 'GET',
            path: call.path,
            query: call.query,
            rawHeaders: request.raw.rawHeaders,
            body: Buffer.isBuffer(request.body) ? request.body : undefined,
            keyStillValid,
          },
        );
      } catch (error) {
        if (error instanceof FortnoxCallError) {
          throw new LocalApiError(RECONNECT_ISSUES.has(error.issue) ? 'company_needs_reconnect' : 'fortnox_unavailable');
        }
        throw error;
      }
      try {
        void reply.code(answer.status).headers(answer.headers);
      } catch (error) {
        // Not passed on (a status Fastify refuses): Fortnox's answer is dropped, not left holding its connection.
        answer.body?.destroy();
        throw error;
      }
      return reply.send(answer.body ?? '');
    });
  });
}
