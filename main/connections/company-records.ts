import { z } from 'zod';
import { CONNECTION_ISSUES } from '../../shared/connection-issues';
import { SCOPE_NAMES } from '../../shared/scope-names';

/** The current version of `companies.json`. */
export const COMPANIES_FILE_VERSION = 2;

const lastTestSchema = z.object({
  at: z.number(),
  ok: z.boolean(),
  issue: z.enum(CONNECTION_ISSUES).nullable(),
  companyName: z.string().nullable(),
});

/** One connected company as stored (no secrets: tokens live encrypted in the vault). */
export const companyRecordSchema = z.object({
  tenantId: z.string().regex(/^\d{1,20}$/),
  companyName: z.string().max(200).nullable(),
  organizationNumber: z.string().max(40).nullable(),
  accountType: z.enum(['user', 'service']),
  requestedScopes: z.array(z.enum(SCOPE_NAMES)),
  grantedScopes: z.array(z.string().max(64)).max(64),
  offlineAccess: z.boolean(),
  connectedAt: z.number(),
  lastRefreshedAt: z.number().nullable(),
  accessTokenExpiresAt: z.number().nullable(),
  refreshTokenIssuedAt: z.number().nullable(),
  status: z.enum(['active', 'needs_reconnect', 'error', 'access_only']),
  statusIssue: z.enum(CONNECTION_ISSUES).nullable(),
  statusDetail: z.string().max(500).nullable(),
  lastTest: lastTestSchema.nullable(),
});

/** A stored company. */
export type CompanyRecord = z.infer<typeof companyRecordSchema>;

/** `companies.json`. */
export const companiesDocumentSchema = z.object({
  version: z.literal(COMPANIES_FILE_VERSION),
  companies: z.array(companyRecordSchema),
});

/** The parsed document. */
export type CompaniesDocument = z.infer<typeof companiesDocumentSchema>;

/**
 * Version 1 kept one `scopes` list per company and no test result. Version 2 splits it into what
 * was requested and what Fortnox granted, and adds `lastTest`.
 */
export const companiesMigrations = {
  1: (old: unknown): unknown => {
    const doc = old as { companies?: Record<string, unknown>[] };
    return {
      version: 2,
      companies: (doc.companies ?? []).map((company) => {
        const { scopes, ...rest } = company as { scopes?: unknown } & Record<string, unknown>;
        const list = Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [];
        return {
          ...rest,
          requestedScopes: list.filter((scope) => (SCOPE_NAMES as readonly string[]).includes(scope)),
          grantedScopes: list,
          lastTest: null,
        };
      }),
    };
  },
};

/** An empty document. */
export function emptyCompaniesDocument(): CompaniesDocument {
  return { version: COMPANIES_FILE_VERSION, companies: [] };
}
