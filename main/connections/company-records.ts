import { z } from 'zod';
import {
  COMPANY_NAME_MAX,
  companyRecordSchema,
  ORGANIZATION_NUMBER_MAX,
  UNTRUSTED_TEXT_MAX,
  type CompanyRecord,
} from '../../shared/company-record';
import { SCOPE_NAMES } from '../../shared/scope-names';
import { isTenantIdText } from '../../shared/tenant-id';
import { cleanText } from '../../shared/untrusted-text';
import { clampEpochMs, normaliseGrantedScopes } from '../fortnox/untrusted-fields';

export { companyRecordSchema, type CompanyRecord };

/** The current version of `companies.json`. */
export const COMPANIES_FILE_VERSION = 2;

/**
 * `companies.json`. The records are read one by one (see `readStoredCompany`), not here: one
 * record that cannot be read must not take the others down with it (issue 7, finding 3).
 */
export const companiesDocumentSchema = z.object({
  version: z.literal(COMPANIES_FILE_VERSION),
  companies: z.array(z.unknown()),
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

/** A stored record that cannot be read, with what could be read of it for the damaged row. */
export interface DamagedStoredRecord {
  /** The record exactly as stored, written back unchanged until the user disconnects it. */
  raw: unknown;
  tenantId: string | null;
  companyName: string | null;
  /** The paths of the fields that failed (e.g. `status`, `lastTest.ok`). */
  fields: string[];
}

/** A stored record: readable (perhaps after repair), or damaged. */
export type StoredCompany = { ok: true; record: CompanyRecord; repaired: boolean } | { ok: false; damaged: DamagedStoredRecord };

const TIME_FIELDS = ['connectedAt', 'lastRefreshedAt', 'accessTokenExpiresAt', 'refreshTokenIssuedAt'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function repairedText(value: unknown, max: number): unknown {
  return typeof value === 'string' ? (cleanText(value, max) ?? null) : value;
}

function repairedTime(value: unknown): unknown {
  return typeof value === 'number' && !Number.isNaN(value) ? clampEpochMs(value) : value;
}

/**
 * Applies the same normalisation as the Fortnox boundary to a stored record, for files written
 * before it existed: texts cleaned and cut, malformed scopes dropped, times made whole and clamped
 * into 1970–9999. Values of the wrong type are left for the schema to refuse.
 */
function repair(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  out.companyName = repairedText(raw.companyName, COMPANY_NAME_MAX);
  out.organizationNumber = repairedText(raw.organizationNumber, ORGANIZATION_NUMBER_MAX);
  out.statusDetail = repairedText(raw.statusDetail, UNTRUSTED_TEXT_MAX);
  for (const field of TIME_FIELDS) out[field] = repairedTime(raw[field]);
  if (Array.isArray(raw.grantedScopes)) out.grantedScopes = normaliseGrantedScopes(raw.grantedScopes).scopes;
  if (Array.isArray(raw.requestedScopes)) {
    out.requestedScopes = [...new Set(raw.requestedScopes)].filter((scope) => (SCOPE_NAMES as readonly unknown[]).includes(scope));
  }
  if (isPlainObject(raw.lastTest)) {
    out.lastTest = {
      ...raw.lastTest,
      at: repairedTime(raw.lastTest.at),
      companyName: repairedText(raw.lastTest.companyName, COMPANY_NAME_MAX),
    };
  }
  for (const key of Object.keys(out)) if (out[key] === undefined && !(key in raw)) delete out[key];
  return out;
}

/** Reads one stored record on its own: repaired where the boundary would have, else damaged. */
export function readStoredCompany(raw: unknown): StoredCompany {
  const candidate = isPlainObject(raw) ? repair(raw) : raw;
  const parsed = companyRecordSchema.safeParse(candidate);
  if (parsed.success) {
    return { ok: true, record: parsed.data, repaired: candidate !== raw && !companyRecordSchema.safeParse(raw).success };
  }
  const object = isPlainObject(raw) ? raw : {};
  const tenantId = typeof object.tenantId === 'string' && isTenantIdText(object.tenantId) ? object.tenantId : null;
  const companyName = typeof object.companyName === 'string' ? (cleanText(object.companyName, COMPANY_NAME_MAX) ?? null) : null;
  const fields = [
    ...new Set(
      parsed.error.issues
        .map((issue) => issue.path.filter((part) => typeof part === 'string' || typeof part === 'number').join('.'))
        .map((path) => (/^[A-Za-z0-9.]{1,80}$/.test(path) ? path : 'record')),
    ),
  ].slice(0, 20);
  return { ok: false, damaged: { raw, tenantId, companyName, fields } };
}
