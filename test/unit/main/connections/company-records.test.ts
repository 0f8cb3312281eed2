import { describe, expect, it } from 'vitest';
import { MAX_EPOCH_MS, MAX_LISTED_COMPANIES } from '../../../../shared/company-record';
import { INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import { companyListSchema, type CompanyList, type DisconnectResult } from '../../../../shared/ipc-contract';
import { isCleanText } from '../../../../shared/untrusted-text';
import { openApp, readCompaniesFile, writeCompaniesFile } from '../app-under-test';
import { connectionsScript, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';

/**
 * Issue 7, finding 3: the stored-record schema was looser than the IPC schema, so one odd record
 * made the router drop the whole `companies:list` answer. Every example of the finding is planted
 * in companies.json one by one, and the list is read through the real services and IPC router.
 */
describe('one odd stored record never blanks the company list', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  /** Connects 101 and 501, lets `plant` change 501's stored record, and starts the app again. */
  async function withPlanted(plant: (record: Record<string, unknown>) => unknown) {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const first = await openApp({ dir, clock, simulator });
    await first.connect(101);
    await first.connect(501);
    const stored = await readCompaniesFile(dir);
    stored.companies = stored.companies.map((record) => (record.tenantId === '501' ? plant({ ...record }) : record)) as Record<string, unknown>[];
    await writeCompaniesFile(dir, stored);
    const app = await openApp({ dir, clock, simulator, safeStorage: first.safeStorage });
    const list = await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);
    return { app, list, clock, simulator, dir };
  }

  const NOW_PLUS = (ms: number) => (record: Record<string, unknown>) => (record.connectedAt as number) + ms;

  it.each([
    {
      example: 'a granted scope with a slash',
      plant: (record: Record<string, unknown>) => ({ ...record, grantedScopes: ['companyinformation', 'invoice', 'in/voice'] }),
      expected: { grantedScopes: ['companyinformation', 'invoice'] },
    },
    {
      example: 'a granted scope over 64 characters',
      plant: (record: Record<string, unknown>) => ({ ...record, grantedScopes: ['companyinformation', 'x'.repeat(65), 'invoice'] }),
      expected: { grantedScopes: ['companyinformation', 'invoice'] },
    },
    {
      example: 'an access-token expiry computed from expires_in 1e15',
      plant: (record: Record<string, unknown>) => ({ ...record, accessTokenExpiresAt: NOW_PLUS(1e15 * 1000)(record) }),
      expected: { accessTokenExpiresAt: MAX_EPOCH_MS },
    },
    {
      example: 'a negative time',
      plant: (record: Record<string, unknown>) => ({ ...record, lastRefreshedAt: -86_400_000 }),
      expected: { lastRefreshedAt: 0 },
    },
    {
      example: 'a fractional time',
      plant: (record: Record<string, unknown>) => ({ ...record, connectedAt: (record.connectedAt as number) + 0.75 }),
      expected: {},
    },
    {
      example: 'a 300-character lastTest.companyName',
      plant: (record: Record<string, unknown>) => ({ ...record, lastTest: { at: record.connectedAt, ok: true, issue: null, companyName: 'B'.repeat(300) } }),
      expected: { lastTest: expect.objectContaining({ companyName: `${'B'.repeat(199)}…` }) },
    },
    {
      example: 'a company name with a right-to-left override and a line separator',
      plant: (record: Record<string, unknown>) => ({ ...record, companyName: 'Bolag\u202e exe.gnp\u2028AB' }),
      expected: { companyName: 'Bolag exe.gnp AB' },
    },
  ])('a record with $example is normalised like a Fortnox answer and listed with the others', async ({ plant, expected }) => {
    const { app, list } = await withPlanted(plant);

    expect(list.companies.map((company) => company.tenantId).sort()).toEqual(['101', '501']);
    const planted = list.companies.find((company) => company.tenantId === '501');
    expect(planted).toMatchObject(expected);
    expect(Number.isInteger(planted?.connectedAt)).toBe(true);
    expect(list.attention).toEqual([]);
    expect(companyListSchema.safeParse(list).success).toBe(true);
    expect(app.records.some((record) => record.message.includes('normalised'))).toBe(true);
  });

  it.each([
    { example: 'an unknown status', plant: (record: Record<string, unknown>) => ({ ...record, status: 'paused' }), tenantId: '501', fields: ['status'] },
    { example: 'a test result of the wrong type', plant: (record: Record<string, unknown>) => ({ ...record, lastTest: { at: 1, ok: 'yes' } }), tenantId: '501', fields: ['lastTest.ok', 'lastTest.issue', 'lastTest.companyName'] },
    { example: 'a time that is not a number', plant: (record: Record<string, unknown>) => ({ ...record, connectedAt: 'yesterday' }), tenantId: '501', fields: ['connectedAt'] },
    { example: 'a missing tenant id', plant: (record: Record<string, unknown>) => ({ ...record, tenantId: undefined }), tenantId: null, fields: ['tenantId'] },
    { example: 'no object at all', plant: () => 42, tenantId: null, fields: ['record'] },
  ])('a record with $example that cannot be repaired is a damaged row among the healthy companies', async ({ plant, tenantId, fields }) => {
    const { app, list, dir } = await withPlanted(plant);

    expect(list.companies.map((company) => company.tenantId)).toEqual(['101']);
    expect(list.attention).toEqual([
      expect.objectContaining({ kind: 'damaged', tenantId, fields: expect.arrayContaining(fields), hasTokens: tenantId !== null }),
      // Without a readable tenant id the record cannot claim its tokens: they are listed on their own.
      ...(tenantId === null ? [{ kind: 'unknown', id: 'unknown-501', tenantId: '501', restorable: true }] : []),
    ]);
    // The healthy company still works, and saving it keeps the damaged record as it was.
    await expect(app.invoke(INVOKE_CHANNELS.testCompany, { tenantId: '101' })).resolves.toMatchObject({ ok: true });
    expect((await readCompaniesFile(dir)).companies).toHaveLength(2);
  });

  it('disconnecting a damaged row revokes its tokens at Fortnox and removes the record and the tokens', async () => {
    const { app, list, simulator, dir, clock } = await withPlanted((record) => ({ ...record, status: 'paused' }));
    const row = list.attention?.[0];
    expect(row).toMatchObject({ kind: 'damaged', tenantId: '501', companyName: 'Bolag 501 AB', hasTokens: true });

    const result = await app.invoke<DisconnectResult>(INVOKE_CHANNELS.disconnectAttention, { id: row?.id });

    expect(result).toEqual({ removed: true, revoked: true, issue: null });
    expect(simulator.revocations()).toEqual([expect.objectContaining({ tenantId: 501, revoked: true })]);
    expect(app.companyChanges().at(-1)).toEqual({ upserted: [], removed: [], attention: [] });
    expect((await readCompaniesFile(dir)).companies.map((record) => record.tenantId)).toEqual(['101']);
    const restarted = await openApp({ dir, clock, simulator, safeStorage: app.safeStorage });
    await expect(restarted.invoke(INVOKE_CHANNELS.listCompanies, undefined)).resolves.toMatchObject({ companies: [expect.objectContaining({ tenantId: '101' })], attention: [] });
  });

  it('a damaged row whose tenant has no tokens is removed locally and says Fortnox was not told', async () => {
    const { app, list, simulator } = await withPlanted((record) => ({ ...record, tenantId: 'not-a-tenant' }));
    const row = list.attention?.[0];
    expect(row).toMatchObject({ kind: 'damaged', tenantId: null, hasTokens: false });

    await expect(app.invoke(INVOKE_CHANNELS.disconnectAttention, { id: row?.id })).resolves.toEqual({ removed: true, revoked: false, issue: null });
    expect(simulator.revocations()).toEqual([]);
  });

  it('a damaged record’s name is cleaned before it is shown', async () => {
    const { list } = await withPlanted((record) => ({ ...record, status: 'paused', companyName: `\u202eBolag\u0000 ${'x'.repeat(400)}` }));
    const name = list.attention?.[0]?.kind === 'damaged' ? list.attention[0].companyName : undefined;
    expect(name?.startsWith('Bolag x')).toBe(true);
    expect(name).toHaveLength(200);
    expect(isCleanText(name ?? '')).toBe(true);
  });

  it(`lists at most ${MAX_LISTED_COMPANIES} companies, those needing attention first, and says how many were left out`, async () => {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const total = MAX_LISTED_COMPANIES + 50;
    const companies = Array.from({ length: total }, (_, i) => ({
      tenantId: String(100_000 + i),
      companyName: `Bolag ${i} AB`,
      organizationNumber: null,
      accountType: 'user',
      requestedScopes: ['companyinformation'],
      grantedScopes: ['companyinformation'],
      offlineAccess: true,
      connectedAt: clock.now(),
      lastRefreshedAt: null,
      accessTokenExpiresAt: null,
      refreshTokenIssuedAt: clock.now(),
      // The last 30 need a reconnect: they must be among the companies shown.
      status: i >= total - 30 ? 'needs_reconnect' : 'active',
      statusIssue: i >= total - 30 ? 'invalid_grant' : null,
      statusDetail: null,
      lastTest: null,
    }));
    await writeCompaniesFile(dir, { version: 2, companies });
    const app = await openApp({ dir, clock, simulator });

    const list = await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);

    expect(list.companies).toHaveLength(MAX_LISTED_COMPANIES);
    expect(list.omitted).toBe(50);
    expect(list.companies.filter((company) => company.status === 'needs_reconnect')).toHaveLength(30);
  });
});
