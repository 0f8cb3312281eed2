import { describe, expect, it } from 'vitest';
import { companiesCsv, exportCompaniesCsv } from '../../../../main/connections/company-csv';
import { createLogger } from '../../../../main/logging/logger';
import { recordingSaveFile } from '../storage/recording-save-file';
import type { CompanySummary } from '../../../../shared/ipc-contract';

function company(overrides: Partial<CompanySummary> & Pick<CompanySummary, 'tenantId'>): CompanySummary {
  return {
    companyName: `Företag ${overrides.tenantId}`,
    organizationNumber: '556677-8899',
    accountType: 'user',
    requestedScopes: ['companyinformation'],
    grantedScopes: ['companyinformation'],
    offlineAccess: true,
    connectedAt: 1_000,
    lastRefreshedAt: null,
    accessTokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    status: 'active',
    statusIssue: null,
    statusDetail: null,
    lastTest: null,
    ...overrides,
  };
}

const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);
const DAY = 86_400_000;
const log = createLogger(() => undefined);

describe('company CSV', () => {
  it('writes a BOM, a header and one row per company, with the renew-by date', () => {
    const text = companiesCsv(
      [company({ tenantId: '1001', companyName: 'Bokföringsbyrån Norr AB', connectedAt: NOW - DAY, refreshTokenExpiresAt: NOW + 10 * DAY, grantedScopes: ['companyinformation', 'invoice'] })],
      NOW,
      'en',
    );
    expect(text).toBe(
      '\uFEFFname,organisation_number,database_number,status,status_issue,account_type,granted_scopes,requested_scopes,connected_at,last_refreshed_at,renew_by\r\n' +
        'Bokföringsbyrån Norr AB,556677-8899,1001,active,,user,companyinformation invoice,companyinformation,2026-12-01T09:00:00.000Z,,2026-12-12\r\n',
    );
  });

  it('separates cells with ; in Swedish and escapes names a spreadsheet would run as a formula', () => {
    const text = companiesCsv([company({ tenantId: '7', companyName: '=HYPERLINK("http://x";"y")' }), company({ tenantId: '8', companyName: '+46 AB; Filial' })], NOW, 'sv');
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFFname;organisation_number;database_number;/);
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x"";""y""\)";556677-8899;7;/);
    expect(lines[2]).toMatch(/^"'\+46 AB; Filial";/);
  });

  it('saves the chosen companies in the order given, leaving out disconnected ones', async () => {
    const save = recordingSaveFile();
    const known = new Map(['1', '2', '3'].map((tenantId) => [tenantId, company({ tenantId, companyName: `Bolag ${tenantId}` })]));
    const result = await exportCompaniesCsv({ company: (id) => known.get(id), save, now: () => NOW, log }, ['3', 'gone', '1'], 'en');
    expect(result).toEqual({ saved: true, rows: 2, failed: false });
    expect(save.files[0]?.name).toBe('fortnox-connector-companies-2026-12-02.csv');
    expect(save.files[0]?.text.split('\r\n').slice(1, 3).map((line) => line.split(',')[0])).toEqual(['Bolag 3', 'Bolag 1']);
  });

  it('reports a cancelled dialog as not saved, and a failed write as failed', async () => {
    const known = (id: string) => company({ tenantId: id });
    expect(await exportCompaniesCsv({ company: known, save: recordingSaveFile({ cancel: true }), now: () => NOW, log }, ['1'], 'sv')).toEqual({ saved: false, rows: 0, failed: false });
    const broken = { save: () => Promise.reject(new Error('disk full')) };
    expect(await exportCompaniesCsv({ company: known, save: broken, now: () => NOW, log }, ['1'], 'sv')).toEqual({ saved: false, rows: 0, failed: true });
  });
});
