import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import type { CompanyList, RestoreResult } from '../../../../shared/ipc-contract';
import { openApp, readCompaniesFile, writeCompaniesFile } from '../app-under-test';
import { connectionsScript, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';

/**
 * Issue 7, finding 7: tokens in the vault without a company record (after a damaged
 * companies.json or a failed save) are listed as unknown connections at start, and can be
 * restored (identified again through /3/companyinformation) or disconnected (revoked, removed).
 */
describe('tokens without a company record are never left unseen', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  /** Connects 101 and 501, lets `damage` change companies.json, and starts the app again. */
  async function afterRestart(damage: (dir: string) => Promise<void>) {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const first = await openApp({ dir, clock, simulator });
    await first.connect(101);
    await first.connect(501);
    await damage(dir);
    const app = await openApp({ dir, clock, simulator, safeStorage: first.safeStorage });
    const reopen = () => openApp({ dir, clock, simulator, safeStorage: first.safeStorage });
    return { app, reopen, dir, clock, simulator };
  }

  /** companies.json as if the save after connecting 501 had failed. */
  const lose501 = async (dir: string) => {
    const stored = await readCompaniesFile(dir);
    await writeCompaniesFile(dir, { ...stored, companies: stored.companies.filter((record) => record.tenantId !== '501') });
  };

  it('lists the tokens of a damaged companies.json as unknown connections, beside the storage problem', async () => {
    const { app } = await afterRestart((dir) => writeCompaniesFile(dir, '{"version": 2, "companies": [{"tenant'));

    const list = await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);

    expect(list.companies).toEqual([]);
    expect(list.attention).toEqual([
      { kind: 'unknown', id: 'unknown-101', tenantId: '101', restorable: true },
      { kind: 'unknown', id: 'unknown-501', tenantId: '501', restorable: true },
    ]);
    expect(list.storage.problems).toEqual([expect.objectContaining({ file: 'companies', kind: 'corrupt' })]);
  });

  it('restores an unknown connection by asking Fortnox which company its tokens belong to', async () => {
    const { app, reopen, simulator } = await afterRestart(lose501);
    const calls = simulator.apiRequests().length;

    const result = await app.invoke<RestoreResult>(INVOKE_CHANNELS.restoreConnection, { tenantId: '501' });

    expect(result).toEqual({ ok: true, tenantId: '501', companyName: 'Bolag 501 AB' });
    expect(simulator.apiRequests().length).toBe(calls + 1);
    const list = await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);
    expect(list.attention).toEqual([]);
    expect(list.companies.find((company) => company.tenantId === '501')).toMatchObject({
      companyName: 'Bolag 501 AB',
      organizationNumber: '556501-0000',
      grantedScopes: ['companyinformation', 'invoice'],
      status: 'active',
    });
    expect(app.companyChanges().at(-1)).toMatchObject({ upserted: [expect.objectContaining({ tenantId: '501' })], attention: [] });
    // It is a normal company from now on: stored, testable, and listed so after a restart.
    await expect(app.invoke(INVOKE_CHANNELS.testCompany, { tenantId: '501' })).resolves.toMatchObject({ ok: true });
    const restarted = await reopen();
    await expect(restarted.invoke(INVOKE_CHANNELS.listCompanies, undefined)).resolves.toMatchObject({
      companies: [expect.objectContaining({ tenantId: '101' }), expect.objectContaining({ tenantId: '501' })],
      attention: [],
    });
  });

  it('disconnecting an unknown connection revokes its refresh token at Fortnox and removes it from the vault', async () => {
    const { app, reopen, simulator } = await afterRestart(lose501);

    await expect(app.invoke(INVOKE_CHANNELS.disconnectAttention, { id: 'unknown-501' })).resolves.toEqual({ removed: true, revoked: true, issue: null });

    expect(simulator.revocations()).toEqual([expect.objectContaining({ tenantId: 501, revoked: true })]);
    expect(app.companyChanges().at(-1)).toEqual({ upserted: [], removed: [], attention: [] });
    const restarted = await reopen();
    await expect(restarted.invoke(INVOKE_CHANNELS.listCompanies, undefined)).resolves.toMatchObject({ attention: [] });
    await expect(restarted.invoke(INVOKE_CHANNELS.restoreConnection, { tenantId: '501' })).resolves.toEqual({ ok: false, reason: 'not_found', issue: null });
  });

  it('does not restore tokens filed under another tenant than the one they belong to', async () => {
    const { app } = await afterRestart(async (dir) => {
      await lose501(dir);
      // The vault entry of 501 filed under 777 as well: its token says tenant 501.
      const file = path.join(dir, 'secrets.json');
      const secrets = JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, string> };
      secrets.entries['tokens:777'] = secrets.entries['tokens:501'] ?? '';
      await writeFile(file, JSON.stringify(secrets));
    });

    await expect(app.invoke(INVOKE_CHANNELS.restoreConnection, { tenantId: '777' })).resolves.toEqual({ ok: false, reason: 'tenant_mismatch', issue: null });
    const list = await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);
    expect(list.companies.map((company) => company.tenantId)).toEqual(['101']);
    expect(list.attention?.map((row) => row.id)).toEqual(['unknown-501', 'unknown-777']);
  });

  it('reports why a restore failed when Fortnox no longer accepts the tokens, and keeps the row', async () => {
    const { app, simulator, clock } = await afterRestart(lose501);
    simulator.revokeConsent(501);
    clock.advance(2 * 60 * 60 * 1000);

    await expect(app.invoke(INVOKE_CHANNELS.restoreConnection, { tenantId: '501' })).resolves.toEqual({ ok: false, reason: 'fortnox', issue: 'invalid_grant' });
    await expect(app.invoke(INVOKE_CHANNELS.listCompanies, undefined)).resolves.toMatchObject({ attention: [expect.objectContaining({ id: 'unknown-501' })] });
  });

  it('connecting the company again turns its unknown row into the company', async () => {
    const { app } = await afterRestart(lose501);

    await app.connect(501);

    expect(app.companyChanges().at(-1)).toMatchObject({ upserted: [expect.objectContaining({ tenantId: '501' })], attention: [] });
    await expect(app.invoke(INVOKE_CHANNELS.listCompanies, undefined)).resolves.toMatchObject({ attention: [] });
  });

  it('lists nothing as unknown while companies.json comes from a newer version: its companies exist', async () => {
    const { app } = await afterRestart((dir) => writeCompaniesFile(dir, { version: 99, companies: [] }));

    const list = await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);

    expect(list.attention).toEqual([]);
    expect(list.storage.problems).toEqual([expect.objectContaining({ kind: 'newer_version' })]);
  });
});
