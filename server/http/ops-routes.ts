import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { inspectHeaders } from '../../main/local-api/request-guard';
import { boundedReadiness, DEFAULT_READINESS_TIMEOUT_MS } from './readiness';
import type { RouteContext } from './server-app';

/** `GET /livez`: the process answers (no database call: a database outage must not restart every replica). */
export const LIVEZ_PATH = '/livez';
/** `GET /readyz`: 200 when this replica may take traffic, else 503 with the problems. */
export const READYZ_PATH = '/readyz';
/** `GET /metrics`: Prometheus text of this replica's registry. */
export const METRICS_PATH = '/metrics';

/**
 * The operations routes; they need no integration key and say nothing about tenants. `/livez` and
 * `/readyz` are open (probes have no credential); `/metrics` takes the scraper's own bearer token,
 * METRICS_TOKEN (security review item E), see {@link metricsAuthorised}.
 */
export const OPS_PATHS: readonly string[] = [LIVEZ_PATH, READYZ_PATH, METRICS_PATH];

/** Registers `/livez`, `/readyz` and `/metrics`. */
export function registerOpsRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps, state } = context;
  const json = (body: unknown) => JSON.stringify(body);

  app.get(LIVEZ_PATH, (_request, reply) => reply.code(200).type('application/json; charset=utf-8').send(json({ status: 'live' })));

  app.get(READYZ_PATH, async (_request, reply) => {
    const problems = state.shuttingDown ? ['shutting_down'] : await boundedReadiness(deps.readiness, deps.timers, deps.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS);
    // Shutdown may have begun while the check ran.
    const all = state.shuttingDown && !problems.includes('shutting_down') ? ['shutting_down', ...problems] : problems;
    return reply
      .code(all.length === 0 ? 200 : 503)
      .type('application/json; charset=utf-8')
      .send(json(all.length === 0 ? { status: 'ready' } : { status: 'not_ready', problems: all }));
  });

  app.get(METRICS_PATH, async (request, reply) => {
    const refusal = metricsAuthorised(deps.metricsToken ?? null, inspectHeaders(request.raw.rawHeaders));
    if (refusal !== null) {
      if (refusal.status === 401) void reply.header('www-authenticate', 'Bearer realm="metrics"');
      return reply.code(refusal.status).type('application/json; charset=utf-8').send(json({ status: refusal.code, message: refusal.message }));
    }
    const { registry } = deps.metrics;
    return reply.code(200).type(registry.contentType).send(await registry.metrics());
  });
}

/** SHA-256 of a text: equal-length inputs for a constant-time compare, whatever was presented. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Whether a scrape may read `/metrics`; null when it may, else the refusal. Metrics name no
 * tenant, but they show traffic, failures and the process's memory, which is not for anyone who
 * can reach the port. So: with METRICS_TOKEN set, exactly one `Authorization: Bearer <token>`
 * header with that token (compared in constant time over SHA-256 digests); without it the route
 * is refused (403) rather than open; there is no separate listener to expose by mistake.
 */
export function metricsAuthorised(
  expected: string | null,
  headers: { authorizations: number; authorization: string },
): { status: 401 | 403; code: 'metrics_disabled' | 'unauthorized'; message: string } | null {
  if (expected === null) {
    return { status: 403, code: 'metrics_disabled', message: 'Metrics are off: set METRICS_TOKEN (or METRICS_TOKEN_FILE) and scrape with that bearer token.' };
  }
  const presented = headers.authorizations === 1 ? /^Bearer +(\S{1,512})$/i.exec(headers.authorization.trim())?.[1] : undefined;
  if (presented === undefined || !timingSafeEqual(digest(presented), digest(expected))) {
    return { status: 401, code: 'unauthorized', message: 'Scraping /metrics needs Authorization: Bearer <METRICS_TOKEN>.' };
  }
  return null;
}
