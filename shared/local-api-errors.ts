import { z } from 'zod';

/**
 * Stable error codes of the local API (issue 8). Tools branch on the code; the message is English
 * and may change. Every refusal of the local server maps to exactly one of these.
 */
export const LOCAL_API_ERROR_CODES = [
  /** The request was malformed (bad parameter, bad JSON, a body where none is allowed). */
  'invalid_request',
  /** The `Host` header does not name this server's loopback address and port (DNS rebinding). */
  'host_not_allowed',
  /** The request came from a web page (`Origin` or `Sec-Fetch-*` headers): web pages may not use this API. */
  'browser_request_refused',
  /** `OPTIONS` (a CORS preflight) is never answered with a grant. */
  'method_not_allowed',
  /** No valid API key: missing, malformed, unknown, expired or revoked. Deliberately without detail. */
  'unauthorized',
  /** The key is valid but not for this company. */
  'company_not_allowed',
  /** The key is valid but lacks the right this call needs. */
  'right_not_granted',
  /** A read key named a Fortnox path that sends, prints or books (for example `/3/invoices/{n}/email`, which Fortnox runs on GET). */
  'action_not_allowed',
  /** No connected company has this database number. */
  'company_not_found',
  /** No such route. */
  'not_found',
  /** The request body is larger than the server accepts. */
  'body_too_large',
  /** A request body that is not `application/json`. */
  'unsupported_media_type',
  /** A Fortnox path that escapes the API paths or is encoded to hide it. */
  'invalid_path',
  /** The company's connection needs a new sign-in in the app before tokens can be handed out. */
  'company_needs_reconnect',
  /** Fortnox could not be reached or failed; try again later. */
  'fortnox_unavailable',
  /** The company's shared Fortnox rate limit stayed full for longer than the queue waits; see Retry-After. */
  'rate_limited',
  /** Too many of this key's or this company's proxied calls are already in flight or queued; see Retry-After. */
  'too_many_requests',
  /** Fortnox's answer was larger than the proxy's size cap. */
  'response_too_large',
  /** Something unexpected failed inside the app. */
  'internal_error',
  /** Firm mode: the app forwards to the firm's server, which could not be reached or failed; try again later. */
  'firm_server_unreachable',
  /** Firm mode: nobody is signed in to the firm's server in the app (or the server ended the session). */
  'firm_signed_out',
  /** Firm server: a server session on the tool routes without the forwarding local key's scope (a session alone is not a key). */
  'key_scope_required',
  /** Firm server: this replica is shutting down and starts no new token refresh; try again (another replica answers). */
  'server_stopping',
] as const;

/** One stable error code of the local API. */
export type LocalApiErrorCode = (typeof LOCAL_API_ERROR_CODES)[number];

/** The body of every error answer: `{ "error": { "code": "...", "message": "..." } }`. */
export const localApiErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(LOCAL_API_ERROR_CODES),
    message: z.string().max(300),
  }),
});

/** An error answer's body. */
export type LocalApiErrorBody = z.infer<typeof localApiErrorBodySchema>;
