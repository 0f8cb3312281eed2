import type { LocalApiErrorCode } from '../../shared/local-api-errors';
import { targetIsPath, type HeaderFacts } from '../../main/local-api/request-guard';

/**
 * The checks every request to the firm server passes before routing: the local API's
 * (main/local-api/request-guard.ts) but the Host check, which guards a loopback server against DNS
 * rebinding and means nothing for a server reached under the firm's own name. Web pages are still
 * refused (the API is for tools, and no CORS grant is ever given), and so are preflights and
 * targets that are not a path.
 */
export function guardServerRequest(method: string, rawUrl: string, facts: HeaderFacts): LocalApiErrorCode | undefined {
  if (facts.fromBrowser) return 'browser_request_refused';
  // A CORS preflight is never granted: no Access-Control-* header is ever sent.
  if (method.toUpperCase() === 'OPTIONS') return 'method_not_allowed';
  if (!targetIsPath(rawUrl)) return 'invalid_request';
  return undefined;
}

/** The refusals of `guardServerRequest` that every route can answer (for the OpenAPI document). */
export const SERVER_GUARD_ERRORS: readonly LocalApiErrorCode[] = ['browser_request_refused'];
