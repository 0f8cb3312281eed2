import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { MAX_PROVIDER_TOKEN_LENGTH, type FirmRole } from '../../shared/firm-api';
import { cleanText, isCleanText } from '../../shared/untrusted-text';
import { boundedJwksFetch, discoverIssuer, OidcDiscoveryError, type DiscoveredIssuer } from './oidc-discovery';
import { roleFor, type RoleRules } from './role-rules';

/**
 * Verifies the token an accountant's desktop app got from the firm's identity provider (Entra ID,
 * Google, Keycloak, …), and tells who it names and with which role. Two kinds are taken:
 * - an access token issued for this server's API (`verify`; aud = OIDC_AUDIENCE), and
 * - an ID token issued to the desktop's client (`verifyIdToken`; aud = OIDC_DESKTOP_CLIENT_ID)
 *   only when its `nonce` is a challenge this server issued and has not seen used (see
 *   {@link isAccessToken} for why an ID token needs that, and oidc-challenges.ts). Google issues
 *   opaque access tokens, so a Google firm signs in this way.
 * The checks, each a known way to get this wrong (firm-server.md §4):
 * - only asymmetric signatures (RS256, ES256, PS256) from the provider's published keys: never
 *   `none`, never HS* (a forged token "signed" with the public key as an HMAC secret);
 * - `iss` exactly the configured issuer, `aud` our API or (ID token) our desktop client (so a
 *   Graph token or another app's token is refused), `exp`, `iat` and `sub` required (jose accepts
 *   a token without `exp` unless told);
 * - an access token must say it is one, and an ID token must not (security review item C);
 * - the role comes from the server's configuration (e-mail and groups), never from the client, and
 *   an e-mail address gives a role only when the provider vouches for it (see {@link EmailTrust}):
 *   on a multi-tenant provider anyone can put any address in their profile unverified.
 * The keys are fetched on first use, bounded in time (JWKS_TIMEOUT_MS) and size (JWKS_MAX_BYTES),
 * and cached by jose (10 min, 30 s cool-down before a refetch for an unknown key id).
 */

/** Algorithms accepted on the provider's tokens. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256', 'PS256'] as const;
/** Clock skew allowed between this server and the provider, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE_S = 60;
/** How long fetching the provider's keys may take. */
export const JWKS_TIMEOUT_MS = 5_000;
/** Longest token looked at (Entra's with 200 group ids are about 10 kB; Node caps all headers at 16 kB). */
export const MAX_TOKEN_LENGTH = MAX_PROVIDER_TOKEN_LENGTH;
/** Most groups read from a token (Entra emits at most 200 before switching to its overage claim). */
const MAX_GROUPS = 1_000;
/** Longest group name or id read. */
const MAX_GROUP_LENGTH = 256;
/** What an e-mail address must look like (as `shared/firm-api.ts` sends it). */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Why a sign-in was refused: for the server's log and tests; the caller answers `sign_in_refused` without it. */
export type SignInRefusal =
  /** Malformed, badly signed, wrong algorithm, unknown key, wrong issuer or audience, not yet valid. */
  | 'invalid_token'
  /** Past its `exp` (with the clock tolerance). */
  | 'expired'
  /** An ID token (or anything else that does not say it is an access token), not an access token for this API. */
  | 'not_an_access_token'
  /** Presented as an ID token, but it says it is an access token (`typ: at+jwt`). */
  | 'not_an_id_token'
  /** An ID token whose `nonce` is missing, or not a challenge this server issued, or used, or expired. */
  | 'nonce_mismatch'
  /** This kind of token is not configured: no OIDC_AUDIENCE (access tokens) or no OIDC_DESKTOP_CLIENT_ID (ID tokens). */
  | 'not_configured'
  /** No `email`, `preferred_username` or `upn` claim shaped like an e-mail address. */
  | 'no_email'
  /** The token carries Entra's group-overage claim instead of `groups`, and the e-mail alone gives no role. */
  | 'groups_overage'
  /** Valid, but neither the e-mail nor any group gives a role on this server. */
  | 'no_role';

/** The provider's token was refused. The message names the reason, never the token or its claims. */
export class SignInRefusedError extends Error {
  override readonly name = 'SignInRefusedError';
  constructor(readonly reason: SignInRefusal) {
    super(`Sign-in refused: ${reason}`);
  }
}

/** The provider's discovery document or keys could not be fetched: not the user's fault; try again later. */
export class IdentityProviderUnavailableError extends Error {
  override readonly name = 'IdentityProviderUnavailableError';
}

/**
 * Which e-mail claim the server believes enough to give a role by (OIDC_ADMIN_EMAILS,
 * OIDC_ACCOUNTANT_EMAIL_DOMAINS):
 * - `email_verified` (any provider): the `email` claim, only when the token also says
 *   `email_verified: true` (OpenID Connect Core §5.1). Without it the address is the user's own
 *   unproven statement: shown and stored, never a role.
 * - `entra_directory` (chosen by configuration for a single-tenant Microsoft Entra ID issuer, see
 *   oidc-settings.ts `entraTenantOf`): Entra sends no `email_verified`, and its `email` claim is the
 *   mutable, unverified `mail` attribute (the "nOAuth" mistake), so it is never trusted; `upn`, then
 *   `preferred_username`, are the user's sign-in name in the firm's own directory, whose domain
 *   Entra only allows when the tenant has verified it. A guest's name (`#EXT#`) is not trusted.
 * - `google_hosted_domain` (chosen by configuration for the issuer https://accounts.google.com):
 *   Google's `email_verified` is authoritative only for gmail.com addresses or when the token
 *   carries `hd` (developers.google.com/identity/gsi/web/guides/verify-google-id-token). Anyone can
 *   make a personal Google account with an existing work address (anna@byran.se): Google then says
 *   `email_verified: true` and sends no `hd`. So the `email` claim is trusted only with
 *   `email_verified: true` and `hd` present, equal to the address's domain and one of the firm's
 *   hosted domains ({@link googleHostedDomains}: the domains of the role lists).
 * Group and app-role claims are unaffected: the firm's directory issues them.
 */
export type EmailTrust = 'email_verified' | 'entra_directory' | 'google_hosted_domain';

/** Google's issuer as its discovery document writes it; the one OIDC_ISSUER names for a Google Workspace firm. */
export const GOOGLE_ISSUER = 'https://accounts.google.com';
/** The other `iss` Google documents for its ID tokens, the same issuer without the scheme. */
export const GOOGLE_ISSUER_WITHOUT_SCHEME = 'accounts.google.com';

/** Whether the configured issuer is Google's (a trailing slash forgiven, as isSameIssuer does). */
export function isGoogleIssuer(issuer: string): boolean {
  return issuer === GOOGLE_ISSUER || issuer === `${GOOGLE_ISSUER}/`;
}

/**
 * The Google Workspace domains (`hd`) whose addresses may give a role: the domains of
 * OIDC_ACCOUNTANT_EMAIL_DOMAINS and of the addresses in OIDC_ADMIN_EMAILS, lower-case. Derived, not
 * configured separately, so it can never allow a domain the role rules would not use anyway; a
 * Workspace user's `hd` is their organisation's domain, so an address on a secondary domain or a
 * gmail.com address gives no role by e-mail (groups still can).
 */
export function googleHostedDomains(rules: RoleRules): string[] {
  const domains = [
    ...rules.accountantEmailDomains.map((domain) => domain.trim().toLowerCase().replace(/^@/, '')),
    ...rules.adminEmails.map((address) => address.trim().toLowerCase().slice(address.trim().lastIndexOf('@') + 1)),
  ];
  return [...new Set(domains.filter((domain) => domain.length > 0))];
}

/** Who a verified token names. */
export interface VerifiedIdentity {
  issuer: string;
  /** The provider's stable id of the user: with `issuer`, what the server binds its user to (never the e-mail). */
  subject: string;
  /** Lower-case: the trusted address when there is one, else the first address-shaped claim (for display). */
  email: string;
  /** Whether `email` is vouched for by the provider under the configured {@link EmailTrust}. */
  emailVerified: boolean;
  /** The `name` claim, cleaned to one line; null when absent. */
  name: string | null;
  groups: string[];
  role: FirmRole;
}

export interface OidcVerifierOptions {
  /** `OIDC_ISSUER`, as the provider writes `iss` (a trailing `/` on an origin-only issuer is forgiven, see isSameIssuer). */
  issuer: string;
  /**
   * `OIDC_AUDIENCE`: this API's identifier at the provider (Entra: the API's application id URI or
   * client id); null when the provider issues no access tokens for it (Google): access tokens are
   * then refused and only ID tokens bound to a challenge sign in.
   */
  audience: string | readonly string[] | null;
  /** `OIDC_DESKTOP_CLIENT_ID`: the audience of the desktop's ID tokens; absent or null, ID tokens are refused. */
  idTokenAudience?: string | null;
  roles: RoleRules;
  /** Which e-mail claim may give a role (default `email_verified`). */
  emailTrust?: EmailTrust;
  /** The clock, in epoch milliseconds (tests move it). */
  now?: () => number;
  clockToleranceSeconds?: number;
  /** Fetch for the discovery document (tests). */
  fetch?: typeof fetch;
  jwksTimeoutMs?: number;
}

/** Takes a sign-in challenge once: true when `nonce` was outstanding (oidc-challenges.ts `consume`). */
export type TakeNonce = (nonce: string) => Promise<boolean>;

/** Verifies provider tokens; one per server, it caches the discovery document and keys. */
export interface OidcVerifier {
  /** Whether an API audience is configured, so access tokens can be checked at all. */
  readonly acceptsAccessTokens: boolean;
  /** Verifies an access token and returns who it names; throws {@link SignInRefusedError} or {@link IdentityProviderUnavailableError}. */
  verify(token: string): Promise<VerifiedIdentity>;
  /**
   * Verifies an ID token issued to the desktop's client and takes its `nonce` with `takeNonce`
   * (after the signature and claims check out, before any role is given): a second use of the same
   * token, or one whose nonce this server never issued, is refused (`nonce_mismatch`).
   */
  verifyIdToken(token: string, takeNonce: TakeNonce): Promise<VerifiedIdentity>;
}

/** The claim `name` when it holds a string shaped like an e-mail address, lower-cased. */
function addressClaim(payload: JWTPayload, name: string): string | null {
  const value = payload[name];
  return typeof value === 'string' && value.length <= 320 && EMAIL.test(value) && isCleanText(value) ? value.toLowerCase() : null;
}

/** The first address-shaped claim, for display only (it gives no role). */
function displayEmailFrom(payload: JWTPayload): string | null {
  for (const name of ['email', 'preferred_username', 'upn']) {
    const address = addressClaim(payload, name);
    if (address !== null) return address;
  }
  return null;
}

/**
 * The address the provider vouches for under `trust` (see {@link EmailTrust}), or null.
 * `hostedDomains` are the Google Workspace domains accepted in `hd` (only for `google_hosted_domain`).
 */
export function trustedEmailFrom(payload: JWTPayload, trust: EmailTrust, hostedDomains: readonly string[] = []): string | null {
  if (trust === 'email_verified') return payload['email_verified'] === true ? addressClaim(payload, 'email') : null;
  if (trust === 'google_hosted_domain') {
    const address = payload['email_verified'] === true ? addressClaim(payload, 'email') : null;
    const hd = payload['hd'];
    if (address === null || typeof hd !== 'string') return null;
    const domain = hd.toLowerCase();
    return address.slice(address.lastIndexOf('@') + 1) === domain && hostedDomains.includes(domain) ? address : null;
  }
  for (const name of ['upn', 'preferred_username']) {
    const address = addressClaim(payload, name);
    if (address !== null && !address.includes('#ext#')) return address;
  }
  return null;
}

/** The union of the `groups` and `roles` claims (strings only, bounded). */
function groupsFrom(payload: JWTPayload): string[] {
  const groups = new Set<string>();
  for (const name of ['groups', 'roles']) {
    const value = payload[name];
    if (!Array.isArray(value)) continue;
    for (const item of value.slice(0, MAX_GROUPS)) {
      if (typeof item === 'string' && item.length > 0 && item.length <= MAX_GROUP_LENGTH) groups.add(item);
    }
  }
  return [...groups].slice(0, MAX_GROUPS);
}

/**
 * Whether the token says its groups did not fit (Entra's overage: `_claim_names.groups` pointing at
 * Graph, or `hasgroups` in the implicit flow). The server does not call Graph: configure the
 * provider to emit only the groups assigned to the application, or app roles (`roles`).
 */
function hasGroupOverage(payload: JWTPayload): boolean {
  const claimNames = payload['_claim_names'];
  const overage = typeof claimNames === 'object' && claimNames !== null && 'groups' in claimNames;
  return overage || payload['hasgroups'] === true || payload['hasgroups'] === 'true';
}

/** A refusal for a jose error, or null when the error is about reaching the provider. */
function refusalFor(error: unknown): SignInRefusal | null {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof OidcDiscoveryError) return null;
  if (
    error instanceof joseErrors.JWTClaimValidationFailed ||
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JWSInvalid ||
    error instanceof joseErrors.JWTInvalid ||
    error instanceof joseErrors.JOSEAlgNotAllowed ||
    error instanceof joseErrors.JOSENotSupported ||
    error instanceof joseErrors.JWKSNoMatchingKey ||
    error instanceof joseErrors.JWKSMultipleMatchingKeys ||
    error instanceof joseErrors.JWKInvalid
  ) {
    return 'invalid_token';
  }
  // Anything else from jose (a JWKS answer that is not 200 or not JSON) or from fetch is the provider's trouble.
  if (error instanceof joseErrors.JOSEError) return null;
  if (error instanceof TypeError || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) return null;
  return 'invalid_token';
}

/**
 * Whether a verified token is an access token for an API rather than an ID token.
 *
 * Why an ID token is never taken as an access token: an ID token says who signed in to the
 * desktop client; its audience is the client id, and it is bound to one sign-in only by its
 * `nonce`. When OIDC_AUDIENCE is the desktop's client id (Entra allows one app registration for
 * both), an ID token the desktop got for any other purpose, or one replayed from a log or another
 * flow, would otherwise open a session. So the access-token path (`verify`) wants a token that
 * positively says it is an access token, whatever its audience:
 * - the header `typ` is `at+jwt` (RFC 9068 §2.1; oidc-provider, Okta's and Auth0's JWT format), or
 * - it grants scopes: `scp` (Entra ID, Okta) or `scope` (RFC 9068 §2.2.3, Keycloak). ID tokens
 *   carry neither.
 * And it must carry no ID-token-only claim (`nonce`, `at_hash`, `c_hash`, `auth_time` with `nonce`…):
 * any of `nonce`, `at_hash`, `c_hash` refuses it even when it also has a scope.
 * ID tokens have their own path (`verifyIdToken`), where the nonce is the binding: the server
 * issues it (`POST /v1/sessions/oidc-challenge`), the desktop sends it to the provider, and the
 * server takes it once when the ID token comes back (oidc-challenges.ts). That is how a firm whose
 * provider issues opaque access tokens (Google) signs in.
 */
export function isAccessToken(header: { typ?: unknown }, payload: JWTPayload): boolean {
  if ('nonce' in payload || 'at_hash' in payload || 'c_hash' in payload) return false;
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
  if (typ === 'at+jwt' || typ === 'application/at+jwt') return true;
  const grants = (claim: unknown) => typeof claim === 'string' && claim.trim().length > 0;
  return grants(payload['scp']) || grants(payload['scope']) || (Array.isArray(payload['scp']) && payload['scp'].length > 0);
}

/** A verifier for `options.issuer`; nothing is fetched until the first token. */
export function createOidcVerifier(options: OidcVerifierOptions): OidcVerifier {
  const now = options.now ?? Date.now;
  const audience = options.audience === null ? null : typeof options.audience === 'string' ? options.audience : [...options.audience];
  let keys: Promise<{ discovered: DiscoveredIssuer; jwks: ReturnType<typeof createRemoteJWKSet> }> | null = null;

  const loadKeys = () => {
    if (!keys) {
      keys = discoverIssuer(options.issuer, options.fetch).then((discovered) => ({
        discovered,
        jwks: createRemoteJWKSet(discovered.jwksUri, {
          timeoutDuration: options.jwksTimeoutMs ?? JWKS_TIMEOUT_MS,
          [customFetch]: boundedJwksFetch(options.fetch),
        }),
      }));
      // A failed discovery is tried again by the next sign-in, not cached for the process's life.
      keys.catch(() => {
        keys = null;
      });
    }
    return keys;
  };

  const idTokenAudience = options.idTokenAudience ?? null;
  const emailTrust = options.emailTrust ?? 'email_verified';
  const hostedDomains = emailTrust === 'google_hosted_domain' ? googleHostedDomains(options.roles) : [];
  /** What `iss` may say: the discovered issuer, and for Google also its documented form without https. */
  const issuersFor = (discovered: string): string | string[] =>
    isGoogleIssuer(options.issuer) ? [discovered, GOOGLE_ISSUER_WITHOUT_SCHEME] : discovered;

  /** The token's signature and standard claims against the provider's keys; its header and payload. */
  const checked = async (token: string, expectedAudience: string | string[]) => {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new SignInRefusedError('invalid_token');
    let loaded;
    try {
      loaded = await loadKeys();
    } catch (error) {
      throw new IdentityProviderUnavailableError(error instanceof Error ? error.message : 'The identity provider could not be reached');
    }
    try {
      const { payload, protectedHeader } = await jwtVerify(token, loaded.jwks, {
        issuer: issuersFor(loaded.discovered.issuer),
        audience: expectedAudience,
        algorithms: [...ACCEPTED_ALGORITHMS],
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_S,
        currentDate: new Date(now()),
      });
      // The discovered spelling, whichever form `iss` had: the user is bound to (issuer, subject).
      return { payload, header: protectedHeader as { typ?: unknown }, issuer: loaded.discovered.issuer };
    } catch (error) {
      const refusal = refusalFor(error);
      if (refusal === null) {
        throw new IdentityProviderUnavailableError(error instanceof OidcDiscoveryError ? error.message : "The identity provider's keys could not be fetched");
      }
      throw new SignInRefusedError(refusal);
    }
  };

  /** Who a verified token names, and the role the server's rules give them. */
  const identityOf = (payload: JWTPayload, issuer: string): VerifiedIdentity => {
    const subject = payload.sub;
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) throw new SignInRefusedError('invalid_token');
    const trusted = trustedEmailFrom(payload, emailTrust, hostedDomains);
    const email = trusted ?? displayEmailFrom(payload);
    if (email === null) throw new SignInRefusedError('no_email');
    const groups = groupsFrom(payload);
    // An address the provider does not vouch for gives no role: only groups can.
    const role = roleFor(options.roles, trusted, groups);
    if (role === null) throw new SignInRefusedError(hasGroupOverage(payload) && groups.length === 0 ? 'groups_overage' : 'no_role');
    const rawName = payload['name'];
    const name = typeof rawName === 'string' ? (cleanText(rawName, 200) ?? null) : null;
    return { issuer, subject, email, emailVerified: trusted !== null, name, groups, role };
  };

  return {
    acceptsAccessTokens: audience !== null,

    async verify(token) {
      if (audience === null) throw new SignInRefusedError('not_configured');
      const { payload, header, issuer } = await checked(token, audience);
      if (!isAccessToken(header, payload)) throw new SignInRefusedError('not_an_access_token');
      return identityOf(payload, issuer);
    },

    async verifyIdToken(token, takeNonce) {
      if (idTokenAudience === null) throw new SignInRefusedError('not_configured');
      const { payload, header, issuer } = await checked(token, idTokenAudience);
      const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
      if (typ === 'at+jwt' || typ === 'application/at+jwt') throw new SignInRefusedError('not_an_id_token');
      // OpenID Connect Core §3.1.3.7: with several audiences, the authorized party must be our client.
      const azp = payload['azp'];
      const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      if (azp !== undefined ? azp !== idTokenAudience : audiences.length > 1) throw new SignInRefusedError('invalid_token');
      const nonce = payload['nonce'];
      if (typeof nonce !== 'string' || !(await takeNonce(nonce))) throw new SignInRefusedError('nonce_mismatch');
      return identityOf(payload, issuer);
    },
  };
}
