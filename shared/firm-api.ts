import { z } from 'zod';
import { auditCompanyNameSchema } from './audit-entry';
import { companySummarySchema, epochMsSchema, tenantIdSchema } from './company-record';
import { keyIdSchema, newToolKeySchema, toolKeyRecordSchema } from './local-api-keys';
import { LOCAL_API_ERROR_CODES } from './local-api-errors';
import { SCOPE_NAMES } from './scope-names';
import { MAX_LISTED_COMPANIES } from './text-limits';
import { isCleanText } from './untrusted-text';

/**
 * The firm server's accountant API (issue 10 items 4–6): what the desktop app in firm mode calls.
 * Tools keep using the `/v1` routes of the local API contract (shared/local-api-schemas.ts) with an
 * integration key; these routes take an accountant's server session instead
 * (`Authorization: Bearer fxs_…`). Every body is strict, so a token or a secret cannot slip into an
 * answer by a field nobody declared. The client secret and Fortnox tokens never appear here.
 */

/** Who an accountant is on the firm server. */
export const FIRM_ROLES = ['admin', 'accountant'] as const;
export type FirmRole = (typeof FIRM_ROLES)[number];

/** Error codes beyond the local API's (same body shape: `{ error: { code, message } }`). */
export const FIRM_API_ERROR_CODES = [
  ...LOCAL_API_ERROR_CODES,
  /** No valid session: missing, malformed, unknown, expired or revoked (deliberately without detail). */
  'session_required',
  /** The identity provider's token was refused (signature, issuer, audience, expiry) or names nobody with a role. */
  'sign_in_refused',
  /** The signed-in user's role does not allow this (admin routes). */
  'role_required',
  /** A pairing code that is unknown, used or expired (deliberately without detail). */
  'pairing_code_invalid',
  /**
   * A pairing code for the address of a user who signs in with the firm's identity provider:
   * refused when an admin makes one, and when one made earlier is redeemed (it is used up).
   */
  'identity_bound',
  /** The redirect URI is not one the server is configured to exchange codes for. */
  'redirect_uri_not_allowed',
  /** Fortnox refused the authorization code (used, expired, or for another client). */
  'code_rejected',
  /** Too many failed sign-in or pairing attempts from this address; see Retry-After. */
  'too_many_attempts',
  /**
   * This server replica cannot decrypt the stored tokens with its encryption keys (a key missing
   * or wrong during a rotation); nothing was changed and the replica reports itself not ready.
   * Also answered by the tool routes (`/v1`). Try again: another replica may answer.
   */
  'server_key_missing',
] as const;
export type FirmApiErrorCode = (typeof FIRM_API_ERROR_CODES)[number];

export const firmErrorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.enum(FIRM_API_ERROR_CODES), message: z.string().max(300) }),
});

/** A server session's secret as the desktop holds it (in safeStorage): `fxs_` and 43 base64url characters. */
export const SESSION_TOKEN_PATTERN = /^fxs_[A-Za-z0-9_-]{43}$/;
export const sessionTokenSchema = z.string().regex(SESSION_TOKEN_PATTERN);

/** A pairing code an admin reads out or sends: 12 characters from an unambiguous alphabet, grouped 4-4-4. */
export const PAIRING_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

const emailSchema = z.string().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/);
const displayNameSchema = z.string().max(200).refine(isCleanText, 'one line of printable text');

export const firmUserSchema = z.strictObject({
  /** The server's id for the user (stable across sign-ins). */
  id: z.string().regex(/^usr_[A-Za-z0-9]{16,32}$/),
  email: emailSchema,
  name: displayNameSchema.nullable(),
  role: z.enum(FIRM_ROLES),
});
export type FirmUser = z.infer<typeof firmUserSchema>;

/** `GET /v1/firm/sign-in` (no session): how this firm's accountants sign in. */
export const signInOptionsSchema = z.strictObject({
  /** The firm's OpenID Connect provider for the desktop's system-browser sign-in; null when the firm uses pairing codes only. */
  oidc: z
    .strictObject({
      issuer: z.url().max(500),
      /** The desktop app's public client id at the provider (PKCE, loopback redirect). */
      clientId: z.string().min(1).max(200),
      scopes: z.array(z.string().regex(/^[\x21-\x7e]{1,100}$/)).max(20),
      /**
       * The desktop client's "client secret" when the provider demands one at its token endpoint
       * even with PKCE (Google's "Desktop app" clients); not confidential for an installed app, but
       * the desktop never logs or stores it. Absent: a public client (no client authentication).
       */
      clientSecret: z.string().regex(/^[\x21-\x7e]{1,500}$/).optional(),
    })
    .nullable(),
  pairing: z.boolean(),
});

/** A sign-in challenge's nonce: 32 random bytes as base64url (server/auth/oidc-challenges.ts). */
export const OIDC_NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * `POST /v1/sessions/oidc-challenge` (no session, no body): a nonce for one sign-in. The desktop
 * puts it in its authorization request; the provider's ID token then carries it, and the server
 * accepts that ID token once, before `expiresAt`.
 */
export const oidcChallengeResponseSchema = z.strictObject({ nonce: z.string().regex(OIDC_NONCE_PATTERN), expiresAt: epochMsSchema });

/** Longest provider token the sign-in takes (the server's MAX_TOKEN_LENGTH). */
export const MAX_PROVIDER_TOKEN_LENGTH = 16_384;
const providerTokenSchema = z.string().min(1).max(MAX_PROVIDER_TOKEN_LENGTH).regex(/^[A-Za-z0-9._~+/=-]+$/);

/** Whether a token is shaped like a JWS in compact form (three base64url parts); Google's access tokens are not. */
export function isJwtShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/**
 * `POST /v1/sessions/oidc` with a JSON body: the provider's ID token, whose `nonce` is a challenge
 * from `POST /v1/sessions/oidc-challenge`, and its access token when that is a JWT (an access token
 * for this server's API is checked as before; an opaque one, as Google issues, is ignored). The
 * route also still takes an access token alone as its Bearer, with no body.
 */
export const oidcSignInSchema = z.strictObject({ idToken: providerTokenSchema, accessToken: providerTokenSchema.optional() });

/** `POST /v1/sessions/oidc` takes {@link oidcSignInSchema} or the provider's access token as its Bearer; `POST /v1/sessions/pairing` takes this. */
export const pairingSignInSchema = z.strictObject({
  code: z.string().regex(PAIRING_CODE_PATTERN),
  /** Shown to admins in the session list ("Anna's laptop"). */
  deviceName: displayNameSchema.pipe(z.string().min(1).max(100)),
});

/** A new server session: the only answer that carries the session secret. */
export const sessionResponseSchema = z.strictObject({
  session: sessionTokenSchema,
  expiresAt: epochMsSchema,
  user: firmUserSchema,
});

/** `GET /v1/me`. */
export const meResponseSchema = z.strictObject({ user: firmUserSchema, sessionExpiresAt: epochMsSchema });

/** `GET /v1/firm/fortnox` (session): what the desktop needs to open Fortnox's sign-in; never the secret. */
export const firmFortnoxClientSchema = z.strictObject({
  clientId: z.string().min(1).max(200),
  authorizeUrl: z.url().max(2000),
  /** The redirect URIs the server exchanges codes for; the desktop uses the first it can capture. */
  redirectUris: z.array(z.url().max(2000)).min(1).max(10),
});

/** `GET /v1/firm/companies` (session), and each `companies` event of `GET /v1/firm/events`. */
export const firmCompaniesSchema = z.strictObject({
  companies: z.array(companySummarySchema).max(MAX_LISTED_COMPANIES),
  /** Increases with every change the server has seen; an event older than the list shown is ignored. */
  version: z.number().int().nonnegative(),
});

/** `POST /v1/authorizations` (session): the desktop hands over a code whose `state` it verified. */
export const authorizationRequestSchema = z.strictObject({
  code: z.string().min(1).max(2000).regex(/^[\x21-\x7e]+$/),
  redirectUri: z.url().max(2000),
  requestedScopes: z.array(z.enum(SCOPE_NAMES)).min(1).max(SCOPE_NAMES.length),
  offlineAccess: z.boolean(),
  accountType: z.enum(['user', 'service']),
});
export const authorizationResponseSchema = z.strictObject({ company: companySummarySchema, reconnected: z.boolean() });

export const firmTenantParamsSchema = z.strictObject({ tenantId: tenantIdSchema });
/** `POST /v1/firm/companies/:tenantId/test`. */
export const firmTestResponseSchema = z.strictObject({ company: companySummarySchema });
/** `DELETE /v1/firm/companies/:tenantId`: whether Fortnox accepted the revocation. */
export const firmDisconnectResponseSchema = z.strictObject({ revoked: z.boolean() });

/** `GET/POST /v1/admin/integration-keys`, `DELETE /v1/admin/integration-keys/:id` (admin). */
export const integrationKeyListSchema = z.strictObject({ keys: z.array(toolKeyRecordSchema.omit({ sha256: true })).max(1000) });
export const newIntegrationKeySchema = newToolKeySchema;
export const createdIntegrationKeySchema = z.strictObject({ key: z.string().regex(/^fxc_[0-9A-Za-z]{36}$/), record: toolKeyRecordSchema.omit({ sha256: true }) });
export const integrationKeyParamsSchema = z.strictObject({ id: keyIdSchema });

/** `DELETE /v1/admin/users/:id/sessions` (admin): ends every session of one user now; how many were live. */
export const firmUserParamsSchema = z.strictObject({ id: firmUserSchema.shape.id });
export const revokedSessionsResponseSchema = z.strictObject({ revoked: z.number().int().min(0) });

/** `POST /v1/admin/pairing-codes` (admin): a one-time code for one person, valid for minutes. */
export const newPairingCodeSchema = z.strictObject({ email: emailSchema, name: displayNameSchema.nullable(), role: z.enum(FIRM_ROLES) });
export const pairingCodeResponseSchema = z.strictObject({ code: z.string().regex(PAIRING_CODE_PATTERN), expiresAt: epochMsSchema });

/**
 * What the firm's audit records (item 6). `orphan_revoked`: the server itself (no actor) revoked at
 * Fortnox a rotated refresh token it could not store (the company's row changed meanwhile); status
 * 200 when Fortnox confirmed, 502 when it could not be told.
 */
export const FIRM_AUDIT_ACTIONS = [
  'token',
  'proxy',
  'connect',
  'reconnect',
  'disconnect',
  'test',
  'refused',
  'sign_in',
  'key_created',
  'key_revoked',
  'sessions_revoked',
  'orphan_revoked',
  'pairing_code_created',
] as const;

/** One row of `GET /v1/firm/audit` (session); `GET /v1/firm/audit.csv` has the same columns. */
export const firmAuditEntrySchema = z.strictObject({
  id: z.number().int().positive(),
  at: epochMsSchema,
  action: z.enum(FIRM_AUDIT_ACTIONS),
  /** Who: a user's e-mail or an integration key's name; null when refused before anyone was recognised. */
  actorKind: z.enum(['user', 'key']).nullable(),
  actor: z.string().max(320).refine(isCleanText, 'one line of printable text').nullable(),
  tenantId: tenantIdSchema.nullable(),
  companyName: auditCompanyNameSchema.nullable(),
  /** For proxied calls: method and path without the query; else null. */
  method: z.string().regex(/^[A-Z]{3,7}$/).nullable(),
  path: z.string().max(512).regex(/^\/[\x21-\x7e]*…?$/).nullable(),
  status: z.number().int().min(100).max(599).nullable(),
});
export const firmAuditPageSchema = z.strictObject({
  entries: z.array(firmAuditEntrySchema).max(500),
  /** Pass as `before` for the next (older) page; null at the end. */
  next: z.number().int().positive().nullable(),
});
export const firmAuditQuerySchema = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  tenantId: tenantIdSchema.optional(),
});
/**
 * The separators `GET /v1/firm/audit.csv` writes between cells: `,` (the default, so callers that
 * name none get what they always got) and `;`, Swedish Excel's list separator (a comma is the
 * decimal mark there), which the desktop asks for when its window is in Swedish.
 */
export const FIRM_AUDIT_CSV_SEPARATORS = [',', ';'] as const;
/** `GET /v1/firm/audit.csv`'s query: the company filter of a page, and the separator. */
export const firmAuditCsvQuerySchema = firmAuditQuerySchema.pick({ tenantId: true }).extend({
  separator: z.enum(FIRM_AUDIT_CSV_SEPARATORS).default(','),
});

/** How long the audit keeps rows. */
export { FIRM_AUDIT_RETENTION_DAYS } from './firm-audit-limits';

/**
 * The accountant routes by name, as both sides use them. Paths with `:tenantId` or `:id` take the
 * value URL-encoded. `DELETE /v1/sessions/current` and `DELETE /v1/admin/integration-keys/:id`
 * answer 204 with no body; `GET /v1/firm/audit.csv` answers `text/csv`.
 */
export const FIRM_ROUTES = {
  signInOptions: 'GET /v1/firm/sign-in',
  oidcChallenge: 'POST /v1/sessions/oidc-challenge',
  oidcSession: 'POST /v1/sessions/oidc',
  pairingSession: 'POST /v1/sessions/pairing',
  signOut: 'DELETE /v1/sessions/current',
  me: 'GET /v1/me',
  fortnoxClient: 'GET /v1/firm/fortnox',
  companies: 'GET /v1/firm/companies',
  events: 'GET /v1/firm/events',
  authorize: 'POST /v1/authorizations',
  testCompany: 'POST /v1/firm/companies/:tenantId/test',
  disconnectCompany: 'DELETE /v1/firm/companies/:tenantId',
  integrationKeys: 'GET /v1/admin/integration-keys',
  createIntegrationKey: 'POST /v1/admin/integration-keys',
  revokeIntegrationKey: 'DELETE /v1/admin/integration-keys/:id',
  createPairingCode: 'POST /v1/admin/pairing-codes',
  audit: 'GET /v1/firm/audit',
  auditCsv: 'GET /v1/firm/audit.csv',
} as const;

/**
 * `GET /v1/firm/events` (session) is a `text/event-stream`: each change of the company list is an
 * event named `companies` whose `data` is one line of JSON in `firmCompaniesSchema`'s shape (the
 * whole list and its `version`); the first event after connecting is the current list. Comment
 * lines (`:`) keep the connection alive; other event names are ignored by the desktop.
 */
export const FIRM_COMPANIES_EVENT = 'companies';
