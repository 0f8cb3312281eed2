import { z } from 'zod';
import { CONNECTION_ISSUES, CONNECTION_STATUSES } from './connection-issues';
import { SCOPE_NAMES } from './scope-names';
import { COMPANY_NAME_MAX, ORGANIZATION_NUMBER_MAX, UNTRUSTED_TEXT_MAX } from './text-limits';
import { TENANT_ID_PATTERN } from './tenant-id';
import { isCleanText } from './untrusted-text';

/**
 * The one schema of a connected company. `companies.json` stores `companyRecordSchema`; the IPC
 * contract sends `companySummarySchema`, derived from the same fields. So a record that loads is
 * a record the IPC router accepts: an odd stored value can no longer pass storage and then make
 * the router drop the whole `companies:list` answer (issue 7, finding 3).
 */

/** How a company's access tokens are renewed (see `keptAliveBy`). */
export const KEPT_ALIVE_BY = ['client_credentials', 'refresh_token'] as const;

/** The latest time accepted anywhere (the end of year 9999): larger values are clamped or refused. */
export const MAX_EPOCH_MS = 253_402_300_799_999;
/** Epoch milliseconds: a whole number between 1970 and the end of year 9999. */
export const epochMsSchema = z.number().int().min(0).max(MAX_EPOCH_MS);
/** Fortnox's tenant id (`DatabaseNumber`), as a decimal string. */
export const tenantIdSchema = z.string().regex(TENANT_ID_PATTERN);
/** What a granted scope string may look like: possibly a scope this app does not know yet. */
export const GRANTED_SCOPE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
/** A scope name as Fortnox returned it. */
export const grantedScopeSchema = z.string().regex(GRANTED_SCOPE_PATTERN);
/** At most this many granted scopes are kept per company. */
export const MAX_GRANTED_SCOPES = 64;
export { COMPANY_NAME_MAX, MAX_LISTED_COMPANIES, ORGANIZATION_NUMBER_MAX, UNTRUSTED_TEXT_MAX } from './text-limits';

/** Untrusted text that went through `cleanText` (no control or bidirectional characters). */
export function cleanTextSchema(max: number) {
  return z.string().max(max).refine(isCleanText, 'text must be cleaned with cleanText');
}

const lastTestFields = {
  at: epochMsSchema,
  ok: z.boolean(),
  issue: z.enum(CONNECTION_ISSUES).nullable(),
  companyName: cleanTextSchema(COMPANY_NAME_MAX).nullable(),
};

/** The fields every company has, stored and sent alike. */
const sharedFields = {
  tenantId: tenantIdSchema,
  companyName: cleanTextSchema(COMPANY_NAME_MAX).nullable(),
  organizationNumber: cleanTextSchema(ORGANIZATION_NUMBER_MAX).nullable(),
  accountType: z.enum(['user', 'service']),
  requestedScopes: z.array(z.enum(SCOPE_NAMES)).max(SCOPE_NAMES.length),
  grantedScopes: z.array(grantedScopeSchema).max(MAX_GRANTED_SCOPES),
  offlineAccess: z.boolean(),
  connectedAt: epochMsSchema,
  lastRefreshedAt: epochMsSchema.nullable(),
  accessTokenExpiresAt: epochMsSchema.nullable(),
  statusIssue: z.enum(CONNECTION_ISSUES).nullable(),
  statusDetail: cleanTextSchema(UNTRUSTED_TEXT_MAX).nullable(),
  /**
   * How the access tokens were last renewed: a service account's client-credentials grant (no
   * 45-day deadline) or the refresh token. Absent in records stored before it existed.
   */
  keptAliveBy: z.enum(KEPT_ALIVE_BY).optional(),
};

/** States a record is stored in (`refreshing` exists only while main runs). */
export const STORED_STATUSES = ['active', 'needs_reconnect', 'error', 'access_only'] as const;

/**
 * One connected company as stored (no secrets: tokens live encrypted in the vault). Unknown keys
 * are dropped on load, so a field added by a later version does not make the record unreadable.
 */
export const companyRecordSchema = z.object({
  ...sharedFields,
  refreshTokenIssuedAt: epochMsSchema.nullable(),
  status: z.enum(STORED_STATUSES),
  lastTest: z.object(lastTestFields).nullable(),
});

/** A stored company. */
export type CompanyRecord = z.infer<typeof companyRecordSchema>;

/**
 * A company as the renderer gets it: the stored record without the refresh token's issue time
 * (sent as its estimated expiry instead) and with the live `refreshing` state. Strict, so a field
 * that is not declared here (a token) cannot slip through.
 */
export const companySummarySchema = z.strictObject({
  ...sharedFields,
  /** Estimated: 45 days after the refresh token was issued (fortnox.md section 3). */
  refreshTokenExpiresAt: epochMsSchema.nullable(),
  status: z.enum(CONNECTION_STATUSES),
  lastTest: z.strictObject(lastTestFields).nullable(),
});
