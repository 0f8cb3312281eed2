import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  companiesDocumentSchema,
  companiesMigrations,
  COMPANIES_FILE_VERSION,
  emptyCompaniesDocument,
  type CompaniesDocument,
  type CompanyRecord,
} from '../../../../main/connections/company-records';
import { createVersionedJsonFile } from '../../../../main/storage/versioned-json-file';
import { recordingLogger } from '../recording-logger';
import { useTempDirs } from '../storage/temp-dir';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2025, 5, 1);

/** A varied record: every nullable field is null for some companies and set for others. */
function record(i: number): CompanyRecord {
  const tested = i % 3 === 0;
  return {
    tenantId: String(1_000_000 + i),
    companyName: i % 7 === 0 ? null : `Bolag nr ${i} "Åäö" AB`,
    organizationNumber: i % 5 === 0 ? null : `556${String(i).padStart(3, '0')}-${String(i % 10_000).padStart(4, '0')}`,
    accountType: i % 11 === 0 ? 'service' : 'user',
    requestedScopes: i % 2 === 0 ? ['companyinformation', 'invoice'] : ['customer'],
    grantedScopes: i % 2 === 0 ? ['companyinformation', 'invoice'] : ['customer', 'unknownscope'],
    offlineAccess: i % 4 !== 0,
    connectedAt: NOW - (i % 45) * DAY,
    lastRefreshedAt: i % 6 === 0 ? null : NOW - (i % 7) * DAY,
    accessTokenExpiresAt: i % 9 === 0 ? null : NOW + 3_600_000,
    refreshTokenIssuedAt: i % 13 === 0 ? null : NOW - (i % 40) * DAY - i,
    status: i % 17 === 0 ? 'needs_reconnect' : i % 19 === 0 ? 'error' : 'active',
    statusIssue: i % 17 === 0 ? 'invalid_grant' : i % 19 === 0 ? 'rate_limited' : null,
    statusDetail: i % 17 === 0 ? 'Invalid refresh token' : null,
    lastTest: tested ? { at: NOW - i, ok: i % 2 === 0, issue: i % 2 === 0 ? null : 'network', companyName: i % 2 === 0 ? `Bolag nr ${i}` : null } : null,
  };
}

describe('companies.json at scale', () => {
  const tempDir = useTempDirs();

  it('saves and loads 1,000 company records exactly as they were', async () => {
    const dir = await tempDir();
    const open = () =>
      createVersionedJsonFile<CompaniesDocument>({
        filePath: path.join(dir, 'companies.json'),
        currentVersion: COMPANIES_FILE_VERSION,
        schema: companiesDocumentSchema,
        migrations: companiesMigrations,
        empty: emptyCompaniesDocument,
        now: () => new Date(NOW),
        log: recordingLogger().log,
      });
    const document: CompaniesDocument = { version: COMPANIES_FILE_VERSION, companies: Array.from({ length: 1_000 }, (_, i) => record(i)) };
    const writer = open();
    await writer.load();

    await writer.save(document);
    const loaded = await open().load();

    expect(loaded.problem).toBeUndefined();
    expect(loaded.value).toEqual(document);
    expect(JSON.stringify(loaded.value)).toBe(JSON.stringify(document));
  });
});
