import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { CONNECTION_ISSUES, type ConnectionIssue } from '../../shared/connection-issues';
import { LOCAL_API_ERROR_CODES, type LocalApiErrorCode } from '../../shared/local-api-errors';

/**
 * The firm server's Prometheus metrics (issue 10 item 7). Every label takes its values from a
 * short fixed list (route patterns, methods, status classes, error codes, connection issues):
 * never a tenant id, a key, a user or a path, which would make the series unbounded and put
 * tenants in the scrape ("Do not use labels to store dimensions with high cardinality",
 * prometheus.io/docs/practices/naming). Anything outside a list is counted as `other`.
 */

/** What started a refresh at Fortnox: a token asked for (or a proxied call's 401), or the background sweep. */
export type RefreshTrigger = 'request' | 'background';

/** Who waited for a slot in the fleet-wide Fortnox rate limit. */
export type RateLimitPurpose = 'refresh' | 'proxy';

/**
 * What the server's parts count. The HTTP app counts requests; the token service (helper
 * "tokens") counts refreshes and rate-limit waits through the same object, injected.
 */
export interface ServerMetrics {
  /** A refresh at Fortnox ended: `ok`, or the connection issue it failed with. */
  refreshDone(trigger: RefreshTrigger, outcome: 'ok' | ConnectionIssue, seconds: number): void;
  /** A Fortnox request (refresh or proxied call) waited `seconds` (0 when it went at once) for a rate-limit slot. */
  rateLimitWaited(purpose: RateLimitPurpose, seconds: number): void;
  /** A Fortnox request gave up waiting: its slot would have come after its deadline. */
  rateLimitExceeded(purpose: RateLimitPurpose): void;
  /** An answer to `POST /v1/companies/{n}/access-token`: `handed`, or the error code it was refused with. */
  tokenRequest(outcome: 'handed' | LocalApiErrorCode): void;
  /**
   * A proxied Fortnox call ended: Fortnox's status class (`2xx` … `5xx`) when its answer was passed
   * on, or the error code when the server refused or failed the call itself.
   */
  proxiedCall(method: string, outcome: StatusClass | LocalApiErrorCode): void;
  /**
   * Any answer of the HTTP app, with its latency, by route pattern: Fastify's registered pattern
   * (`/v1/companies/:databaseNumber/access-token`, never the URL) or `unmatched`.
   */
  httpRequest(route: string, method: string, status: number, seconds: number): void;
}

/** An HTTP status reduced to its class. */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

/** `404` → `4xx`; anything outside 100–599 is `5xx` (the answer did not make sense). */
export function statusClass(status: number): StatusClass {
  if (status >= 100 && status < 200) return '1xx';
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 400 && status < 500) return '4xx';
  return '5xx';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const ERROR_CODES: ReadonlySet<string> = new Set(LOCAL_API_ERROR_CODES);
const ISSUES: ReadonlySet<string> = new Set(CONNECTION_ISSUES);
const STATUS_CLASSES: ReadonlySet<string> = new Set(['1xx', '2xx', '3xx', '4xx', '5xx']);

function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return METHODS.has(upper) ? upper : 'other';
}

/** Seconds as a histogram takes them: a negative or non-finite value (a clock step) counts as 0. */
function seconds(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** The metrics and the registry they are exposed from. */
export interface ServerMetricsRegistry {
  metrics: ServerMetrics;
  /** This server's own registry (not prom-client's global one): `/metrics` serves exactly this. */
  registry: Registry;
}

/** Options of `createServerMetrics`. */
export interface ServerMetricsOptions {
  /** Also Node's process metrics (CPU, memory, event-loop lag, GC); default true. */
  processMetrics?: boolean;
  /** Prefix of every metric name (default `fortnox_connector_`). */
  prefix?: string;
}

/**
 * A registry with the server's counters and histograms, and the `ServerMetrics` that feeds them.
 * Each call makes its own registry, so two apps in one process (tests) never share counts.
 */
export function createServerMetrics(options: ServerMetricsOptions = {}): ServerMetricsRegistry {
  const prefix = options.prefix ?? 'fortnox_connector_';
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix });
  const registers = [registry];

  const refreshes = new Counter({
    name: `${prefix}token_refreshes_total`,
    help: 'Refreshes of a company token pair at Fortnox, by trigger and outcome (ok or the connection issue).',
    labelNames: ['trigger', 'outcome'] as const,
    registers,
  });
  const refreshSeconds = new Histogram({
    name: `${prefix}token_refresh_duration_seconds`,
    help: 'Time of a refresh at Fortnox, lock and token call included.',
    labelNames: ['trigger'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const rateLimitWaits = new Histogram({
    name: `${prefix}rate_limit_wait_seconds`,
    help: 'Time a Fortnox request waited for a slot in the fleet-wide per-company rate limit.',
    labelNames: ['purpose'] as const,
    buckets: [0, 0.1, 0.5, 1, 2, 5, 10, 30],
    registers,
  });
  const rateLimitExceeded = new Counter({
    name: `${prefix}rate_limit_exceeded_total`,
    help: 'Fortnox requests that gave up waiting for a rate-limit slot (their deadline came first).',
    labelNames: ['purpose'] as const,
    registers,
  });
  const tokenRequests = new Counter({
    name: `${prefix}access_token_requests_total`,
    help: 'Access-token requests of tools, by outcome (handed or the error code).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const proxiedCalls = new Counter({
    name: `${prefix}proxied_calls_total`,
    help: "Tools' calls through the Fortnox proxy, by method and outcome (Fortnox's status class or the error code).",
    labelNames: ['method', 'outcome'] as const,
    registers,
  });
  const httpSeconds = new Histogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  const metrics: ServerMetrics = {
    refreshDone(trigger, outcome, took) {
      const triggerLabel = trigger === 'background' ? 'background' : 'request';
      refreshes.inc({ trigger: triggerLabel, outcome: outcome === 'ok' || ISSUES.has(outcome) ? outcome : 'other' });
      refreshSeconds.observe({ trigger: triggerLabel }, seconds(took));
    },
    rateLimitWaited(purpose, waited) {
      rateLimitWaits.observe({ purpose: purpose === 'refresh' ? 'refresh' : 'proxy' }, seconds(waited));
    },
    rateLimitExceeded(purpose) {
      rateLimitExceeded.inc({ purpose: purpose === 'refresh' ? 'refresh' : 'proxy' });
    },
    tokenRequest(outcome) {
      tokenRequests.inc({ outcome: outcome === 'handed' || ERROR_CODES.has(outcome) ? outcome : 'other' });
    },
    proxiedCall(method, outcome) {
      proxiedCalls.inc({ method: methodLabel(method), outcome: STATUS_CLASSES.has(outcome) || ERROR_CODES.has(outcome) ? outcome : 'other' });
    },
    httpRequest(route, method, status, took) {
      httpSeconds.observe({ route, method: methodLabel(method), status_class: statusClass(status) }, seconds(took));
    },
  };
  return { metrics, registry };
}
