import type { FastifyInstance } from 'fastify';
import { boundedReadiness, DEFAULT_READINESS_TIMEOUT_MS } from './readiness';
import type { RouteContext } from './server-app';

/** `GET /livez`: the process answers (no database call: a database outage must not restart every replica). */
export const LIVEZ_PATH = '/livez';
/** `GET /readyz`: 200 when this replica may take traffic, else 503 with the problems. */
export const READYZ_PATH = '/readyz';
/** `GET /metrics`: Prometheus text of this replica's registry. */
export const METRICS_PATH = '/metrics';

/** The operations routes; they need no key (probes and scrapers have none) and say nothing about tenants. */
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

  app.get(METRICS_PATH, async (_request, reply) => {
    const { registry } = deps.metrics;
    return reply.code(200).type(registry.contentType).send(await registry.metrics());
  });
}
