import { REFRESH_TOKEN_LIFETIME_MS } from '../../main/connections/token-keeper';
import { CONNECTION_ISSUES, type ConnectionIssue } from '../../shared/connection-issues';
import {
  COMPANY_NAME_MAX,
  companySummarySchema,
  GRANTED_SCOPE_PATTERN,
  MAX_EPOCH_MS,
  MAX_GRANTED_SCOPES,
  MAX_LISTED_COMPANIES,
  ORGANIZATION_NUMBER_MAX,
  STORED_STATUSES,
  UNTRUSTED_TEXT_MAX,
} from '../../shared/company-record';
import type { CompanySummary } from '../../shared/ipc-contract';
import { SCOPE_NAMES } from '../../shared/scope-names';
import { normalizeTenantId } from '../../shared/tenant-id';
import { cleanText } from '../../shared/untrusted-text';
import type { Queryable } from '../db/database';

/**
 * The firm's companies as the desktop app in firm mode shows them (`companySummarySchema`, the same
 * shape as the desktop's own list): `GET /v1/firm/companies`, each `companies` event and the
 * answers of connect and test. Built from the `companies` row and the token row's times, never
 * from a token; each summary is checked with the contract's strict schema before it leaves, so a
 * row written by hand or by another version is left out (and reported) rather than sent.
 */

/** The list with the version it was read at (`firmCompaniesSchema`). */
export interface FirmCompanyList {
  companies: CompanySummary[];
  version: number;
}

export interface FirmCompanySummaries {
  /** The version first, then the list (so a change committed between the two comes again with a later version). */
  list(q?: Queryable): Promise<FirmCompanyList>;
  /** One company, or undefined when none has this canonical tenant id. */
  one(tenantId: string, q?: Queryable): Promise<CompanySummary | undefined>;
  /** The company list's current version: 0 before the first change. */
  version(q?: Queryable): Promise<number>;
}

interface SummaryRow {
  tenant_id: string;
  company_name: string | null;
  organization_number: string | null;
  account_type: string;
  requested_scopes: string[] | null;
  granted_scopes: string[] | null;
  offline_access: boolean;
  status: string;
  issue: string | null;
  status_detail: string | null;
  connected_ms: number;
  last_test_ms: number | null;
  last_test_ok: boolean | null;
  last_test_issue: string | null;
  access_expires_ms: number | null;
  refreshed_ms: number | null;
  has_refresh: boolean | null;
}

const SELECT_SUMMARIES = `SELECT c.tenant_id, c.company_name, c.organization_number, c.account_type, c.requested_scopes,
  c.granted_scopes, c.offline_access, c.status, c.issue, c.status_detail,
  (extract(epoch FROM c.connected_at) * 1000)::float8 AS connected_ms,
  (extract(epoch FROM c.last_test_at) * 1000)::float8 AS last_test_ms, c.last_test_ok, c.last_test_issue,
  (extract(epoch FROM t.access_expires_at) * 1000)::float8 AS access_expires_ms,
  (extract(epoch FROM t.refreshed_at) * 1000)::float8 AS refreshed_ms,
  t.refresh_ciphertext IS NOT NULL AS has_refresh
FROM companies AS c LEFT JOIN company_tokens AS t USING (tenant_id)`;

const LIST_SQL = `${SELECT_SUMMARIES}\nORDER BY c.connected_at, c.tenant_id LIMIT $1`;
const ONE_SQL = `${SELECT_SUMMARIES}\nWHERE c.tenant_id = $1`;
const VERSION_SQL = `SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::float8 AS version FROM company_list_version`;

const ISSUES: ReadonlySet<string> = new Set(CONNECTION_ISSUES);
const STATUSES: ReadonlySet<string> = new Set(STORED_STATUSES);
const SCOPES: ReadonlySet<string> = new Set(SCOPE_NAMES);

function epochMs(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Math.min(MAX_EPOCH_MS, Math.max(0, Math.round(value)));
}

function issueOf(value: string | null): ConnectionIssue | null {
  return value !== null && ISSUES.has(value) ? (value as ConnectionIssue) : null;
}

/** A row as the contract's summary (unchecked: the caller parses it). */
function summaryOf(row: SummaryRow): unknown {
  const connectedAt = epochMs(row.connected_ms) ?? 0;
  const refreshedAt = epochMs(row.refreshed_ms);
  const lastTestAt = epochMs(row.last_test_ms);
  const companyName = cleanText(row.company_name, COMPANY_NAME_MAX) ?? null;
  return {
    tenantId: row.tenant_id,
    companyName,
    organizationNumber: cleanText(row.organization_number, ORGANIZATION_NUMBER_MAX) ?? null,
    accountType: row.account_type,
    requestedScopes: (row.requested_scopes ?? []).filter((scope) => SCOPES.has(scope)),
    grantedScopes: (row.granted_scopes ?? []).filter((scope) => GRANTED_SCOPE_PATTERN.test(scope)).slice(0, MAX_GRANTED_SCOPES),
    offlineAccess: row.offline_access,
    connectedAt,
    // A connect stores its pair at the connection's own time: only a later one is a refresh.
    lastRefreshedAt: refreshedAt !== null && refreshedAt > connectedAt ? refreshedAt : null,
    accessTokenExpiresAt: epochMs(row.access_expires_ms),
    refreshTokenExpiresAt: row.has_refresh && refreshedAt !== null ? Math.min(MAX_EPOCH_MS, refreshedAt + REFRESH_TOKEN_LIFETIME_MS) : null,
    status: STATUSES.has(row.status) ? row.status : 'error',
    statusIssue: issueOf(row.issue),
    statusDetail: cleanText(row.status_detail, UNTRUSTED_TEXT_MAX) ?? null,
    lastTest:
      lastTestAt === null
        ? null
        : { at: lastTestAt, ok: row.last_test_ok === true, issue: row.last_test_ok === true ? null : issueOf(row.last_test_issue), companyName: row.last_test_ok === true ? companyName : null },
  };
}

/** The summaries read through `db` (or the `q` a call passes, such as a transaction's). */
export function firmCompanySummaries(db: Queryable, options: { onInvalidRow?: (tenantId: string) => void } = {}): FirmCompanySummaries {
  const parse = (row: SummaryRow): CompanySummary | undefined => {
    const parsed = companySummarySchema.safeParse(summaryOf(row));
    if (parsed.success) return parsed.data;
    options.onInvalidRow?.(row.tenant_id);
    return undefined;
  };
  const version = async (q: Queryable = db): Promise<number> => {
    const { rows } = await q.query<{ version: number }>(VERSION_SQL);
    return rows[0]?.version ?? 0;
  };
  return {
    version,
    async list(q = db) {
      const current = await version(q);
      const { rows } = await q.query<SummaryRow>(LIST_SQL, [MAX_LISTED_COMPANIES]);
      return { version: current, companies: rows.map(parse).filter((company): company is CompanySummary => company !== undefined) };
    },
    async one(tenantId, q = db) {
      if (normalizeTenantId(tenantId) !== tenantId) return undefined;
      const { rows } = await q.query<SummaryRow>(ONE_SQL, [tenantId]);
      const row = rows[0];
      return row ? parse(row) : undefined;
    },
  };
}
