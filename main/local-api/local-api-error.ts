import type { LocalApiErrorBody, LocalApiErrorCode } from '../../shared/local-api-errors';

/** The HTTP status and default English message of each error code. */
export const LOCAL_API_ERRORS: Record<LocalApiErrorCode, { status: number; message: string }> = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  host_not_allowed: {
    status: 403,
    message: "The Host header must name this computer's loopback address and port.",
  },
  browser_request_refused: {
    status: 403,
    message: 'Web pages may not use the local API.',
  },
  method_not_allowed: { status: 403, message: 'This method is not allowed.' },
  unauthorized: { status: 401, message: 'A valid API key is required.' },
  company_not_allowed: {
    status: 403,
    message: 'This key may not use this company.',
  },
  right_not_granted: {
    status: 403,
    message: 'This key does not have the right for this call.',
  },
  action_not_allowed: {
    status: 403,
    message: 'A read-only key may not call Fortnox paths that send, print, book or change a document (email, print, eprint, einvoice, externalprint, printreminder, bookkeep, cancel, credit, ...).',
  },
  company_not_found: {
    status: 404,
    message: 'No connected company has this database number.',
  },
  not_found: { status: 404, message: 'No such route.' },
  body_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: {
    status: 415,
    message: 'Request bodies must be application/json.',
  },
  invalid_path: { status: 400, message: 'The Fortnox path is not allowed.' },
  company_needs_reconnect: {
    status: 409,
    message: 'The company must be connected again in Fortnox Connector.',
  },
  fortnox_unavailable: {
    status: 502,
    message: 'Fortnox could not be reached or failed; try again later.',
  },
  rate_limited: {
    status: 429,
    message: "The company's Fortnox rate limit is full; try again after Retry-After seconds.",
  },
  too_many_requests: {
    status: 429,
    message: 'Too many calls of this key or for this company are already waiting; try again after Retry-After seconds.',
  },
  response_too_large: {
    status: 502,
    message: "Fortnox's answer is larger than the proxy's size cap.",
  },
  internal_error: {
    status: 500,
    message: 'Something went wrong in Fortnox Connector.',
  },
  firm_server_unreachable: {
    status: 503,
    message: "Fortnox Connector is in firm mode and the firm's server could not be reached; try again later.",
  },
  firm_signed_out: {
    status: 401,
    message: "Fortnox Connector is in firm mode and nobody is signed in to the firm's server; sign in under Settings.",
  },
  key_scope_required: {
    status: 403,
    message: 'A server session alone is not a key: use an integration key, or call through the desktop app, which names its local key.',
  },
  server_stopping: {
    status: 503,
    message: 'This server is shutting down and starts no new token refresh; try again.',
  },
};

/** A refusal the routes throw; the server answers it as `{ error: { code, message } }`. */
export class LocalApiError extends Error {
  override readonly name = 'LocalApiError';
  constructor(readonly code: LocalApiErrorCode) {
    super(LOCAL_API_ERRORS[code].message);
  }

  /** The HTTP status of this error. */
  get status(): number {
    return LOCAL_API_ERRORS[this.code].status;
  }
}

/** The JSON body of an error answer. Messages are fixed texts: nothing from the request is echoed. */
export function errorBody(code: LocalApiErrorCode): LocalApiErrorBody {
  return { error: { code, message: LOCAL_API_ERRORS[code].message } };
}
