/**
 * Why talking to Fortnox about a connection failed (token exchange, refresh, test, revoke). Main
 * reports these codes; the renderer maps each to a Swedish and an English message in one place.
 */
export const CONNECTION_ISSUES = [
  /**
   * Fortnox refused the refresh token or code (`invalid_grant`): used, expired or revoked. Also a
   * lost rotation (the rotated pair never stored, fortnox.md section 12): Fortnox answers it alike
   * ("Invalid refresh token"; its codes are unconfirmed) and a replica killed before its COMMIT
   * leaves nothing to tell it by, so it is not a separate issue; the server logs and counts the
   * lost rotations it does see (LOST ROTATION, the lostRotation metric).
   */
  'invalid_grant',
  /** The refresh token passed its 45-day life before it could be used. */
  'refresh_token_expired',
  /** The connection was removed in Fortnox (revoked); a new sign-in is needed. */
  'revoked',
  /** Fortnox refused the client id or secret (`invalid_client`, HTTP 401 on the token endpoint). */
  'invalid_client',
  /** No client secret is configured, so no token call can be made. */
  'client_secret_missing',
  /** Fortnox answered HTTP 429: too many requests; the app backs off and retries. */
  'rate_limited',
  /** No connection to Fortnox (DNS, refused, reset, offline). */
  'network',
  /** Fortnox did not answer in time. */
  'timeout',
  /** Fortnox had a server error (5xx, often an HTML page). */
  'server_error',
  /** Fortnox's answer could not be understood (not JSON, or not the documented shape). */
  'invalid_response',
  /** Another OAuth error from Fortnox; its description is shown. */
  'oauth_error',
  /** The access token does not carry the scope the call needs (HTTP 403). */
  'missing_scope',
  /** The company lacks the licence for the scope (Fortnox error 2001101 or 2001103). */
  'no_license',
  /** Fortnox rejected the access token (HTTP 401, error 2000310/2000311). */
  'unauthorized',
  /** The stored tokens could not be decrypted on this computer (for example a reset keychain). */
  'undecryptable',
  /** The access token did not say which company it belongs to. */
  'unknown_company',
  /** The access token's `tenantId` and company information's `DatabaseNumber` name different companies. */
  'tenant_mismatch',
  /** Offline access was requested, but Fortnox's answer carried no refresh token. */
  'refresh_token_missing',
  /** An access-only connection (no offline access) whose one-hour access token has ended. */
  'access_only_ended',
  /** Fortnox's answer was larger than any real answer can be (1 MiB for tokens, 8 MiB for the API); it was not read. */
  'response_too_large',
  // Firm mode (issue 10 item 5): the firm's server, not Fortnox, refused or failed (shared/firm-problems.ts maps every code).
  /** The firm server cannot read its encryption keys (`server_key_missing`); nothing was changed. */
  'firm_server_key_missing',
  /** The firm server wants an integration key's scope where the desktop sent only a session (`key_scope_required`). */
  'firm_key_scope_required',
  /** The firm server no longer accepts this computer's session. */
  'firm_signed_out',
  /** The signed-in accountant's role (or the key's rights) does not allow this at the firm server. */
  'firm_role_required',
  /** The firm server does not exchange codes for this redirect URI. */
  'firm_redirect_uri_not_allowed',
  /** The firm server refused the request as malformed or unknown (an app and server that do not match). */
  'firm_request_refused',
  /** The firm server failed inside, or could not reach what it needs. */
  'firm_server_error',
  /** The firm server takes no more requests or attempts for now. */
  'firm_too_many_requests',
  /** The firm server has no such company (any more). */
  'firm_company_not_found',
] as const;

/** One reason a Fortnox call about a connection failed. */
export type ConnectionIssue = (typeof CONNECTION_ISSUES)[number];

/** Connection states shown per company. */
export const CONNECTION_STATUSES = ['active', 'refreshing', 'needs_reconnect', 'error', 'access_only'] as const;

/** A connection's state. */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** Why secrets are kept in memory only (see main/storage/secret-vault.ts). */
export const STORAGE_MODES = ['encrypted', 'memory'] as const;
