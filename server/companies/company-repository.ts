import { apiCompanySchema, type ApiCompany } from '../../shared/local-api-schemas';
import { normalizeTenantId } from '../../shared/tenant-id';
import type { Queryable } from '../db/database';

/**
 * The firm's connected companies as the `/v1` API shows them to tools (the local API's
 * `ApiCompany`: name, organisation number, database number, account type, scopes, status). A
 * disconnected company's row is deleted (001_initial.sql), so every row is a connected company.
 */
export interface CompanyDirectory {
  /** Every connected company, oldest connection first. */
  list(): Promise<ApiCompany[]>;
  /** One connected company by canonical tenant id, or undefined when none has it (or the id is not canonical). */
  one(tenantId: string): Promise<ApiCompany | undefined>;
}

interface CompanyRow {
  tenant_id: string;
  company_name: string | null;
  organization_number: string | null;
  account_type: string;
  granted_scopes: string[] | null;
  status: string;
}

const COLUMNS = 'tenant_id, company_name, organization_number, account_type, granted_scopes, status';

/** What `companyDirectory` reports besides answering. */
export interface CompanyDirectoryOptions {
  /** A row the API schema refuses (it is left out of every answer): told by tenant id only. */
  onInvalidRow?: (tenantId: string) => void;
}

/**
 * The companies table read through `db`, each row checked with the API's own schema before it
 * leaves (zod at the boundary: a row written by another version, or by hand, with a field out of
 * the contract is left out rather than sent). Parameters only: a tenant id never becomes SQL text.
 */
export function companyDirectory(db: Queryable, options: CompanyDirectoryOptions = {}): CompanyDirectory {
  const toApi = (row: CompanyRow): ApiCompany | undefined => {
    const parsed = apiCompanySchema.safeParse({
      name: row.company_name,
      organizationNumber: row.organization_number,
      databaseNumber: row.tenant_id,
      accountType: row.account_type,
      scopes: row.granted_scopes ?? [],
      status: row.status,
    });
    if (parsed.success) return parsed.data;
    options.onInvalidRow?.(row.tenant_id);
    return undefined;
  };
  return {
    async list() {
      const { rows } = await db.query<CompanyRow>(`SELECT ${COLUMNS} FROM companies ORDER BY connected_at, tenant_id`);
      return rows.map(toApi).filter((company): company is ApiCompany => company !== undefined);
    },
    async one(tenantId) {
      // Only a canonical id is looked up: anything else names no company (and PostgreSQL refuses a NUL byte in text outright).
      if (normalizeTenantId(tenantId) !== tenantId) return undefined;
      const { rows } = await db.query<CompanyRow>(`SELECT ${COLUMNS} FROM companies WHERE tenant_id = $1`, [tenantId]);
      const row = rows[0];
      return row ? toApi(row) : undefined;
    },
  };
}
