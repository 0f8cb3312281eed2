/**
 * Every way a connect flow can end without an authorization code, as one closed list.
 * The renderer maps each code to a Swedish and an English message in one place
 * (renderer/src/i18n/messages.ts); main never sends free text that it composed itself.
 */
export const FLOW_ERROR_CODES = [
  /** The Fortnox client configuration is missing or invalid; no window was opened. */
  'config_invalid',
  /** The returned `state` was missing, different, already used or expired. */
  'state_mismatch',
  /** The user pressed "deny" on Fortnox's consent page (`error=access_denied`). */
  'access_denied',
  /** A requested scope is not enabled for the integration in Fortnox's developer portal. */
  'invalid_scope',
  /** Fortnox rejected the request itself (`invalid_request`, `unsupported_response_type`). */
  'invalid_request',
  /** The client id is unknown, not switched to OAuth2, or not allowed to do this. */
  'unauthorized_client',
  /** The integration does not allow service accounts ("Only administrator" is off in the portal). */
  'service_account_not_allowed',
  /** Fortnox had an internal problem (`server_error`, `temporarily_unavailable`). */
  'server_error',
  /** Fortnox answered with an error code this app does not know; its description is shown. */
  'provider_error',
  /** The callback carried neither a code nor an error (Fortnox does this for locked accounts). */
  'no_code',
  /** The user closed the sign-in window. */
  'window_closed',
  /** The sign-in page could not be loaded (no network, DNS, TLS). */
  'load_failed',
  /** The sign-in page tried to leave Fortnox for an origin that is not allowed. */
  'navigation_blocked',
  /** Ten minutes passed, the authorization code's own lifetime. */
  'timeout',
  /** The user started over; this attempt was replaced by a new one. */
  'superseded',
  /** The user cancelled from the app window. */
  'cancelled',
  /** The app quit while the sign-in window was open. */
  'app_quit',
  /** Fortnox approved, but exchanging the code or identifying the company failed (see `issue`). */
  'exchange_failed',
  /** A reconnect signed in to another company than the one being reconnected; nothing was overwritten. */
  'wrong_company',
] as const;

/** One reason a connect flow failed. */
export type FlowErrorCode = (typeof FLOW_ERROR_CODES)[number];
