import type { ConnectionIssue } from './connection-issues';
import type { FirmApiErrorCode } from './firm-api';
import type { FirmDeskProblem } from './firm-desk';
import type { FirmProblem } from './firm-mode';

/*
 * What each of the firm server's error codes (shared/firm-api.ts FIRM_API_ERROR_CODES) becomes on
 * the desktop, in the three places one can arrive: the company list's actions (a connection
 * issue), the Tools and Activity views (a desk problem) and signing in (a firm problem); main/firm
 * maps with these tables. Each is a Record over every code, so a code added to the contract does
 * not compile until it is given a problem here, and each problem has its own Swedish and English
 * text in the renderer (test/unit/renderer/i18n/firm-error-texts.test.ts). Only the firm server's
 * own refusals get "firm" issues; what it reports of Fortnox keeps Fortnox's issue.
 */

/** A firm server refusal as the company list explains it. */
export const FIRM_CODE_ISSUES: Record<FirmApiErrorCode, ConnectionIssue> = {
  invalid_request: 'firm_request_refused',
  host_not_allowed: 'firm_request_refused',
  browser_request_refused: 'firm_request_refused',
  method_not_allowed: 'firm_request_refused',
  unauthorized: 'firm_signed_out',
  company_not_allowed: 'firm_role_required',
  right_not_granted: 'firm_role_required',
  action_not_allowed: 'firm_role_required',
  company_not_found: 'firm_company_not_found',
  not_found: 'firm_request_refused',
  body_too_large: 'firm_request_refused',
  unsupported_media_type: 'firm_request_refused',
  invalid_path: 'firm_request_refused',
  // Fortnox refused the company's refresh token at the server: a new sign-in, as locally.
  company_needs_reconnect: 'invalid_grant',
  fortnox_unavailable: 'server_error',
  rate_limited: 'rate_limited',
  too_many_requests: 'firm_too_many_requests',
  response_too_large: 'response_too_large',
  internal_error: 'firm_server_error',
  firm_server_unreachable: 'firm_server_error',
  firm_signed_out: 'firm_signed_out',
  key_scope_required: 'firm_key_scope_required',
  server_stopping: 'firm_server_error',
  session_required: 'firm_signed_out',
  sign_in_refused: 'firm_signed_out',
  role_required: 'firm_role_required',
  pairing_code_invalid: 'firm_request_refused',
  identity_bound: 'firm_request_refused',
  redirect_uri_not_allowed: 'firm_redirect_uri_not_allowed',
  code_rejected: 'invalid_grant',
  too_many_attempts: 'firm_too_many_requests',
  server_key_missing: 'firm_server_key_missing',
};

/** A firm server refusal as the Tools and Activity views explain it (a 409 `invalid_request` is the key limit, see deskProblemOf). */
export const FIRM_CODE_DESK_PROBLEMS: Record<FirmApiErrorCode, FirmDeskProblem> = {
  invalid_request: 'invalid_request',
  host_not_allowed: 'request_refused',
  browser_request_refused: 'request_refused',
  method_not_allowed: 'request_refused',
  unauthorized: 'signed_out',
  company_not_allowed: 'role_required',
  right_not_granted: 'role_required',
  action_not_allowed: 'role_required',
  company_not_found: 'not_found',
  not_found: 'not_found',
  body_too_large: 'invalid_request',
  unsupported_media_type: 'invalid_request',
  invalid_path: 'request_refused',
  company_needs_reconnect: 'request_refused',
  fortnox_unavailable: 'server_error',
  rate_limited: 'rate_limited',
  too_many_requests: 'rate_limited',
  response_too_large: 'server_error',
  internal_error: 'server_error',
  firm_server_unreachable: 'unreachable',
  firm_signed_out: 'signed_out',
  key_scope_required: 'key_scope_required',
  server_stopping: 'unreachable',
  session_required: 'signed_out',
  sign_in_refused: 'signed_out',
  role_required: 'role_required',
  pairing_code_invalid: 'request_refused',
  identity_bound: 'request_refused',
  redirect_uri_not_allowed: 'request_refused',
  code_rejected: 'request_refused',
  too_many_attempts: 'rate_limited',
  server_key_missing: 'server_key_missing',
};

/** A firm server refusal while signing in or pairing, as Settings explains it. */
export const FIRM_CODE_SIGN_IN_PROBLEMS: Record<FirmApiErrorCode, FirmProblem> = {
  invalid_request: 'request_refused',
  host_not_allowed: 'request_refused',
  browser_request_refused: 'request_refused',
  method_not_allowed: 'request_refused',
  unauthorized: 'sign_in_refused',
  company_not_allowed: 'sign_in_refused',
  right_not_granted: 'sign_in_refused',
  action_not_allowed: 'sign_in_refused',
  company_not_found: 'request_refused',
  not_found: 'request_refused',
  body_too_large: 'request_refused',
  unsupported_media_type: 'request_refused',
  invalid_path: 'request_refused',
  company_needs_reconnect: 'request_refused',
  fortnox_unavailable: 'server_error',
  rate_limited: 'too_many_attempts',
  too_many_requests: 'too_many_attempts',
  response_too_large: 'server_error',
  internal_error: 'server_error',
  firm_server_unreachable: 'unreachable',
  firm_signed_out: 'sign_in_refused',
  key_scope_required: 'sign_in_refused',
  server_stopping: 'unreachable',
  session_required: 'sign_in_refused',
  sign_in_refused: 'sign_in_refused',
  role_required: 'sign_in_refused',
  pairing_code_invalid: 'pairing_code_invalid',
  identity_bound: 'identity_bound',
  redirect_uri_not_allowed: 'request_refused',
  code_rejected: 'request_refused',
  too_many_attempts: 'too_many_attempts',
  server_key_missing: 'server_key_missing',
};
