import type { FastifyReply } from 'fastify';
import { LOCAL_API_ERRORS } from '../../main/local-api/local-api-error';
import { firmErrorBodySchema, type FirmApiErrorCode } from '../../shared/firm-api';

/** The HTTP status and English message of each error code of the accountant routes. */
export const FIRM_API_ERRORS: Record<FirmApiErrorCode, { status: number; message: string }> = {
  ...LOCAL_API_ERRORS,
  session_required: { status: 401, message: 'Sign in to the firm server.' },
  sign_in_refused: { status: 401, message: "The identity provider's token was refused, or it names nobody with a role on this server." },
  role_required: { status: 403, message: 'Your role does not allow this.' },
  pairing_code_invalid: { status: 401, message: 'The pairing code is unknown, used or expired.' },
  identity_bound: {
    status: 409,
    message: "This address belongs to a user who signs in with the firm's identity provider: sign in that way. A pairing code cannot be made or used for them.",
  },
  redirect_uri_not_allowed: { status: 400, message: 'The server does not exchange codes for this redirect URI.' },
  code_rejected: { status: 400, message: 'Fortnox refused the authorization code.' },
  too_many_attempts: { status: 429, message: 'Too many failed attempts from this address; try again after Retry-After seconds.' },
  server_key_missing: {
    status: 503,
    message: "This server cannot decrypt the company's stored tokens with its encryption keys; nothing was changed. Try again later, and tell the server's administrator.",
  },
};

/** An accountant route's refusal, thrown by handlers and answered by the routes' error handler. */
export class FirmApiError extends Error {
  override readonly name = 'FirmApiError';
  constructor(
    readonly code: FirmApiErrorCode,
    readonly options: { status?: number; message?: string; retryAfterSeconds?: number } = {},
  ) {
    super(options.message ?? FIRM_API_ERRORS[code].message);
  }
}

/** Answers `reply` with the error body of `code` (the contract's shape, checked). */
export function sendFirmError(reply: FastifyReply, code: FirmApiErrorCode, options: FirmApiError['options'] = {}): FastifyReply {
  if (code === 'session_required' || code === 'sign_in_refused') void reply.header('www-authenticate', 'Bearer');
  if (options.retryAfterSeconds !== undefined) void reply.header('retry-after', String(options.retryAfterSeconds));
  const body = firmErrorBodySchema.parse({ error: { code, message: options.message ?? FIRM_API_ERRORS[code].message } });
  return reply
    .code(options.status ?? FIRM_API_ERRORS[code].status)
    .type('application/json; charset=utf-8')
    .send(body);
}
