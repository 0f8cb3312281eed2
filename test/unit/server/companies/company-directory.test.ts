import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { companiesResponseSchema } from '../../../../shared/local-api-schemas';
import { companyDirectory } from '../../../../server/companies/company-repository';
import type { Database } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';

let db: Database;
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'fc-companies-'));
  db = await openPglite(folder);
  await migrate(db);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await rm(folder, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.query('DELETE FROM companies');
});

/** Inserts a company row as the connect flow would store it. */
async function connect(tenantId: string, fields: { name?: string | null; status?: string; scopes?: string[]; accountType?: string; at?: string } = {}) {
  await db.query(
    `INSERT INTO companies (tenant_id, company_name, organization_number, account_type, granted_scopes, status, connected_at, connected_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, 'anna@firm.example')`,
    [tenantId, fields.name === undefined ? `Bolag ${tenantId} AB` : fields.name, `556${tenantId}-0000`, fields.accountType ?? 'user', fields.scopes ?? ['companyinformation', 'invoice'], fields.status ?? 'active', fields.at ?? '2025-01-15T09:00:00Z'],
  );
}

describe('company directory', () => {
  it("lists every connected company, oldest connection first, in the local API's company shape", async () => {
    await connect('202', { at: '2025-01-16T09:00:00Z', status: 'needs_reconnect' });
    await connect('101', { name: null, accountType: 'service', status: 'access_only', scopes: ['invoice'] });

    const companies = await companyDirectory(db).list();

    expect(companies).toEqual([
      { name: null, organizationNumber: '556101-0000', databaseNumber: '101', accountType: 'service', scopes: ['invoice'], status: 'access_only' },
      { name: 'Bolag 202 AB', organizationNumber: '556202-0000', databaseNumber: '202', accountType: 'user', scopes: ['companyinformation', 'invoice'], status: 'needs_reconnect' },
    ]);
    expect(companiesResponseSchema.safeParse({ companies }).success).toBe(true);
  });

  it('finds one company by its canonical number, and nothing for SQL metacharacters or a NUL byte, which stay parameters', async () => {
    await connect('101');
    const directory = companyDirectory(db);

    expect((await directory.one('101'))?.databaseNumber).toBe('101');
    for (const hostile of ["101' OR '1'='1", "1; DELETE FROM companies; --", '101\0', '0101', '']) {
      expect(await directory.one(hostile), JSON.stringify(hostile)).toBeUndefined();
    }
    expect(await directory.list()).toHaveLength(1);
  });

  it('leaves out a row the API schema refuses (a name past its length, a scope it cannot be) and names it by tenant id', async () => {
    await connect('101');
    await connect('202', { name: 'x'.repeat(300) });
    await connect('303', { scopes: ['invoice', 'bad scope with spaces'] });
    const refused: string[] = [];

    const directory = companyDirectory(db, { onInvalidRow: (tenantId) => refused.push(tenantId) });

    expect((await directory.list()).map((company) => company.databaseNumber)).toEqual(['101']);
    expect(await directory.one('202')).toBeUndefined();
    expect(refused).toEqual(['202', '303', '202']);
  });
});
