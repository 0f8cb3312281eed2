import type http from 'node:http';
import type { FastifyReply } from 'fastify';
import type { LocalApiErrorCode } from '../../shared/local-api-errors';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import { ANSWER_HEADERS } from './cached-token-answer';
import { errorBody, LocalApiError, LOCAL_API_ERRORS } from './local-api-error';
import { ProxyRateLimitedError } from './fortnox-proxy';

/**
 * How the local API and the firm server (server/http/server-app.ts) answer errors, shared so a tool
 * gets the same codes, statuses and headers from either: one place to change, not two to keep alike.
 */

/** Issues after which only a new sign-in (in the app, or at the firm) helps. */
export const RECONNECT_ISSUES: ReadonlySet<string> = new Set(['invalid_grant', 'refresh_token_expired', 'revoked', 'undecryptable', 'access_only_ended', 'unauthorized']);

/** An error's string `code` (Node's and Fastify's), or undefined. */
export function errorCodeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
}

/** Sends an error body with its status (and `WWW-Authenticate` or `Retry-After` where the code calls for one). */
export function sendError(reply: FastifyReply, code: LocalApiErrorCode, retryAfterSeconds?: number): FastifyReply {
  if (code === 'unauthorized') void reply.header('www-authenticate', 'Bearer');
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(LOCAL_API_ERRORS[code].status).type('application/json; charset=utf-8').send(errorBody(code));
}

/** A refusal: the error code a request is answered with, and how long to wait before asking again. */
export interface Refusal {
  code: LocalApiErrorCode;
  retryAfterSeconds?: number;
}

/**
 * What a failed request is answered with, or undefined for an unexpected failure: the caller logs
 * its name and code (never its message, which may quote what it failed on) and answers `internal_error`.
 */
export function refusalFor(error: unknown): Refusal | undefined {
  if (error instanceof ProxyRateLimitedError) return { code: error.code, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof LocalApiError && error.code === 'too_many_requests') return { code: error.code, retryAfterSeconds: 1 };
  if (error instanceof LocalApiError) return { code: error.code };
  const code = errorCodeOf(error);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { code: 'body_too_large' };
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { code: 'unsupported_media_type' };
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { code: 'invalid_request' };
  return undefined;
}

/** A failed Fortnox call (token or proxied call) as the tool's error; any other error as it was. */
export function fortnoxFailure(error: unknown): unknown {
  if (error instanceof FortnoxCallError) return new LocalApiError(RECONNECT_ISSUES.has(error.issue) ? 'company_needs_reconnect' : 'fortnox_unavailable');
  return error;
}

/**
 * Every answer's headers, for an onSend hook. Defence in depth: whatever a handler or Fastify set,
 * no CORS header ever leaves (token-service.md section 3).
 */
export function setAnswerHeaders(reply: FastifyReply): void {
  for (const name of Object.keys(reply.getHeaders())) {
    if (name.toLowerCase().startsWith('access-control-')) reply.removeHeader(name);
  }
  void reply.headers(ANSWER_HEADERS);
}

/**
 * Limits a listening server: every header kept for the request guard (Node otherwise drops those
 * past the 2,000th from rawHeaders, so an Origin or Content-Type sent after 2,000 fillers would go
 * unseen; their total size stays bounded by Node's maxHeaderSize, 16 KiB), slow clients given up.
 */
export function limitServer(server: http.Server): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.maxHeadersCount = 0;
}
