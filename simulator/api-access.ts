import type { ScopeName } from '../shared/scope-names';
import { bearerToken, type AccessTokenClaims, type AccessTokens } from './access-tokens';
import { answerWithFault, type FaultInjector } from './fault-injection';
import { tooManyRequestsResult, type SlidingWindowLimiter } from './rate-limiter';
import { jsonResult, withHeader, type Route, type RouteRequest, type RouteResult } from './simulator-http';
import type { SimulatorControls } from './simulator-controls';
import { API_BASE_PATH, API_SERVICES_PATH } from './simulator-paths';
import type { ApiRequestRecord, SimulatorRecords } from './simulator-records';

/** What every `/3/` and `/api/` endpoint shares: token checks, the rate limiter, controls, faults and records. */
export interface ApiDeps {
  accessTokens: AccessTokens;
  limiter: SlidingWindowLimiter;
  controls: SimulatorControls;
  faults: FaultInjector;
  records: SimulatorRecords;
  now: () => number;
}

/** One resource endpoint under `/3/` (or Fortnox's newer `/api/` services) and the scope it needs. */
export interface ApiEndpoint {
  /** The path after the root, e.g. `companyinformation`; `customers/*` also matches every path below. */
  name: string;
  /** Where the endpoint lives: `/3/` (the default) or `/api/`. Both share tokens, limit and faults. */
  root?: typeof API_BASE_PATH | typeof API_SERVICES_PATH;
  scope: ScopeName;
  /** The methods answered (default GET only). */
  methods?: readonly string[];
  handle(claims: AccessTokenClaims, request: RouteRequest): RouteResult | Promise<RouteResult>;
}

/**
 * 401 for a missing, invalid or expired bearer token. Fortnox does not list which status an
 * expired JWT gets (fortnox.md section 10); the body uses the documented lower-case keys.
 */
export function invalidLoginResult(): RouteResult {
  return jsonResult(401, { ErrorInformation: { error: 1, message: 'Ogiltig inloggning', code: 2000310 } });
}

/**
 * 403 for a token without the endpoint's scope (code 2001101, fortnox.md sections 10 and 12). The
 * keys are capitalised, as in the spec and real captures, so the app must read both casings.
 */
export function missingScopeResult(): RouteResult {
  return jsonResult(403, {
    ErrorInformation: { Error: 1, Message: 'Det finns ingen aktiv licens för önskat scope', Code: 2001101 },
  });
}

/** The request's headers as one string per name (Node joins most repeats already; arrays are joined here). */
function receivedHeaders(request: RouteRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Wraps an endpoint with what Fortnox does before any resource call: injected faults, the bearer
 * token (signature and `exp` on the injected clock), the rate limit per client id and tenant
 * (fortnox.md section 9; requests with a bad token cannot be attributed and are not counted), and
 * the scope check.
 */
export function apiRoute(deps: ApiDeps, endpoint: ApiEndpoint): Route {
  const authorizeAndHandle = (record: ApiRequestRecord, token: string | undefined, request: RouteRequest): RouteResult | Promise<RouteResult> => {
    const check = deps.accessTokens.check(token);
    if (!check.ok) return invalidLoginResult();
    const { claims } = check;
    record.tenantId = claims.tenantId;
    record.clientId = claims.clientId;
    if (!deps.controls.disableRateLimit && !deps.limiter.tryAdmit(`${claims.clientId}:${claims.tenantId}`)) {
      return tooManyRequestsResult();
    }
    if (!claims.scopes.includes(endpoint.scope)) return missingScopeResult();
    return endpoint.handle(claims, request);
  };

  return {
    methods: endpoint.methods ?? ['GET'],
    path: `${endpoint.root ?? API_BASE_PATH}${endpoint.name}`,
    async handle(request) {
      const fault = deps.faults.take('api');
      const record: ApiRequestRecord = {
        at: deps.now(),
        method: request.method,
        path: request.url.pathname,
        headers: receivedHeaders(request),
        status: 0,
        tenantId: null,
        clientId: null,
        fault: fault?.kind ?? null,
      };
      deps.records.apiRequests.push(record);
      const token = bearerToken(request.headers.authorization);
      deps.records.addSecrets(token);
      const answered = await answerWithFault(fault, () => authorizeAndHandle(record, token, request));
      const retryAfter = deps.controls.retryAfterSeconds;
      const result = answered.status === 429 && retryAfter !== null ? withHeader(answered, 'retry-after', String(retryAfter)) : answered;
      record.status = result.resetConnection === true ? 0 : result.status;
      return result;
    },
  };
}
