/**
 * Switches a test flips to make the simulator misbehave (or behave differently) the way a real
 * Fortnox, or an attacker, might. Tests set them directly on `simulator.controls`.
 */
export interface SimulatorControls {
  /** One-shot: the next redirect that would carry `state` carries a different value instead. */
  tamperNextState: boolean;
  /**
   * One-shot: the next redirect to the integration has no query parameters at all (no code, state
   * or error), as Fortnox does for locked accounts (fortnox.md section 2, accounted #146).
   */
  nextCallbackWithoutCode: boolean;
  /**
   * Sticky: while true, error redirects leave `state` out. Off, the simulator sends `state` with
   * every error whose request had one, as RFC 6749 section 4.1.2.1 requires (whether Fortnox does is
   * unconfirmed, fortnox.md section 2); on, it scripts the stateless variant the app must refuse.
   */
  dropStateOnError: boolean;
  /**
   * Sticky: the `token_type` value of token responses. Fortnox documents lower-case `bearer`
   * (fortnox.md section 3); set e.g. `Bearer` to prove the app compares it case-insensitively.
   */
  tokenType: string;
  /**
   * Sticky: while true, `/3/companyinformation` sends `DatabaseNumber` as a string, as the C# SDK
   * models it, instead of the spec's int32 (fortnox.md section 8).
   */
  databaseNumberAsString: boolean;
  /**
   * Sticky: when set, every 429 of the API (the rate limit and the `status429` fault) carries
   * `Retry-After: <seconds>`. Off by default: Fortnox documents no Retry-After (fortnox.md section 9).
   */
  retryAfterSeconds: number | null;
  /** Sticky: while true, the `/3/` rate limit (25 requests per 5 s, fortnox.md section 9) is off. */
  disableRateLimit: boolean;
  /**
   * Sticky: whether a code whose authorize request left out `access_type=offline` still gets a
   * refresh token. What Fortnox does then is UNCONFIRMED (fortnox.md section 2); its docs say
   * `offline` "means the app may refresh while the user is away", and a standard OAuth server
   * issues no refresh token without it, so the default is false: no refresh token.
   */
  refreshTokenWithoutOfflineAccess: boolean;
  /**
   * Sticky fault: when set, `/3/companyinformation` reports this `DatabaseNumber` whatever the
   * token's `tenantId` claim says, so the claim and the company information disagree (a string
   * such as "00101" tests leading zeros).
   */
  databaseNumberOverride: number | string | null;
  /**
   * Sticky: replaces fields of successful token answers with odd values an untrusted server could
   * send (a `scope` with malformed names, an absurd `expires_in`), to prove the app normalises them.
   */
  tokenAnswerOverrides: { scope?: string; expires_in?: number | string } | null;
  /**
   * Sticky: the `error_description` of every OAuth error from the token endpoint. `{refresh_token}`
   * and `{code}` are replaced with what the request carried: a server that echoes secrets back.
   */
  errorDescription: string | null;
  /**
   * Sticky: while true, an `invalid_scope` redirect carries no `error_description`, so the app
   * cannot tell which scope was refused. Off, the simulator names them ("Invalid scope: salary");
   * what Fortnox's own text says is unconfirmed (fortnox.md section 2).
   */
  invalidScopeWithoutDescription: boolean;
  /**
   * Sticky: while true, the client-credentials grant is refused with `unauthorized_client` even for
   * a tenant with a live service-account consent, as Fortnox answers a tenant without one
   * (fortnox.md sections 3 and 7); refresh tokens go on working. For end-to-end tests of the
   * app's fall-back to the refresh token, where the consent itself cannot be made a user's.
   */
  refuseClientCredentials: boolean;
}

/**
 * Controls at Fortnox's documented behaviour: every switch off, `token_type` lower-case `bearer`,
 * no refresh token without `access_type=offline`.
 */
export function createControls(): SimulatorControls {
  return {
    tamperNextState: false,
    nextCallbackWithoutCode: false,
    dropStateOnError: false,
    tokenType: 'bearer',
    databaseNumberAsString: false,
    disableRateLimit: false,
    retryAfterSeconds: null,
    refreshTokenWithoutOfflineAccess: false,
    databaseNumberOverride: null,
    tokenAnswerOverrides: null,
    errorDescription: null,
    invalidScopeWithoutDescription: false,
    refuseClientCredentials: false,
  };
}
