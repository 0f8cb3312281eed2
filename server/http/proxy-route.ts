import type { FastifyInstance } from 'fastify';
import { RateLimitWaitExceededError } from '../../main/fortnox/rate-limiter';
import type { ProxyTransport } from '../../main/local-api/fortnox-proxy';
import { LocalApiError } from '../../main/local-api/local-api-error';
import { fortnoxProxyRoute } from '../../main/local-api/local-api-routes';
import { answerFromFortnox, ProxyCallGate, registerProxyScope } from '../../main/local-api/proxy-call';
import { bearerKey } from '../../main/local-api/request-guard';
import { companyFor } from './company-access';
import type { RouteContext, ServerProxyDeps } from './server-app';

/**
 * `ANY /v1/companies/{databaseNumber}/fortnox/{path}`: the local API's Fortnox proxy
 * (main/local-api/proxy-call.ts, the same checks and answer) with the server's token source and its
 * fleet-wide rate limit. Everything a call is allowed on that needs no body (key, company, right,
 * path, action, in-flight caps) is checked in preParsing, so a refused call's body is never read.
 * The in-flight caps are per replica; the rate limit is shared by the fleet.
 */
export function registerProxyRoute(app: FastifyInstance, context: RouteContext, transport: ProxyTransport | undefined): void {
  const { deps } = context;
  const proxy = deps.proxy;
  const { metrics } = deps.metrics;
  const gate = new ProxyCallGate(proxy);
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

  registerProxyScope(
    app,
    proxy?.bodyLimitBytes,
    async (request, reply) => {
      if (!proxy) throw new LocalApiError('not_found');
      await gate.authorise(request, reply, context.keyFor(request), () => companyFor(context, request, fortnoxProxyRoute));
    },
    async (request, reply) => {
      const call = gate.callOf(request);
      if (!proxy || !limiter || !transport || !call) throw new LocalApiError('not_found');
      // Revoked or expired (on any replica) while the call waited for its slot: refused before Fortnox (a key or a session alike).
      const keyStillValid = async () => {
        const presented = bearerKey(request.raw.rawHeaders);
        return presented !== undefined && (await context.stillValid(presented));
      };
      const fortnox = {
        apiBaseUrl: proxy.apiBaseUrl,
        limiter,
        transport,
        tokens: deps.tokens,
        now: deps.now,
        timers: deps.timers,
        ...(proxy.responseLimitBytes !== undefined ? { responseLimitBytes: proxy.responseLimitBytes } : {}),
        ...(proxy.rateLimitWaitMs !== undefined ? { rateLimitWaitMs: proxy.rateLimitWaitMs } : {}),
      };
      return answerFromFortnox(request, reply, fortnox, call, keyStillValid);
    },
  );
}
