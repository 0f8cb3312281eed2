import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CONNECTIONS_SHUTDOWN_MS, WrongCompanyError } from '../../../../main/connections/connections-service';
import { HELD_GRANT_TIMEOUT_MS } from '../../../../main/connections/held-grants';
import { tokenEntryName } from '../../../../main/connections/vault-token-store';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import type { ScopeName } from '../../../../shared/scope-names';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { obtainCode } from '../../simulator/token-test-kit';
import { codeFor, connectionsScript, flushPromises, loginFor, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';
import { connectCompany, grantFor, openConnections } from './connections-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SCOPES: ScopeName[] = ['companyinformation', 'invoice'];

/** A code for `tenantId` whose authorize request left out `access_type=offline`. */
function codeWithoutOfflineAccess(simulator: FortnoxSimulator, tenantId: number): Promise<string> {
  return obtainCode(simulator, { ...loginFor(tenantId), params: { scope: SCOPES.join(' '), access_type: undefined } });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
}

describe('ConnectionsService reconnects, revocation and access-only connections', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup() {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const opened = await openConnections({ dir, clock, simulator });
    const storedTokens = async (tenantId: string) =>
      JSON.parse((await opened.vault.get(tokenEntryName(tenantId))) ?? 'null') as { refreshToken: string | null; accessToken: string } | null;
    const reopen = () => openConnections({ dir, clock, simulator, safeStorage: opened.safeStorage });
    return { clock, simulator, dir, storedTokens, reopen, ...opened };
  }

  /** Connects 201 and then reconnects it, signing in to 202 instead. */
  async function reconnectToOtherCompany() {
    const context = await setup();
    const { service, simulator, storedTokens } = context;
    await connectCompany(service, simulator, 201, SCOPES);
    const before = await storedTokens('201');
    const code = await codeFor(simulator, 202, SCOPES.join(' '));
    const grant = { ...grantFor(simulator, code, SCOPES), flowId: 'flow-wrongcompany', reconnectTenantId: '201' };
    const error = await rejection(service.authorize(grant));
    return { ...context, before, error };
  }

  describe('a reconnect that signs in to another company', () => {
    it('stores nothing, names both companies and keeps the target company as it was', async () => {
      const { service, simulator, storedTokens, before, error, vault, clock } = await reconnectToOtherCompany();

      expect(error).toBeInstanceOf(WrongCompanyError);
      expect((error as WrongCompanyError).wrong).toEqual({
        expected: { tenantId: '201', companyName: 'Tvåans Trä AB' },
        actual: { tenantId: '202', companyName: 'Treans Tak HB' },
        alreadyConnected: false,
      });
      expect(service.list().map((company) => company.tenantId)).toEqual(['201']);
      expect(await storedTokens('201')).toEqual(before);
      expect(vault.names()).toEqual([tokenEntryName('201')]);
      expect(simulator.revocations()).toEqual([]);

      // The target's own grant is still the one in use: a later refresh sends ITS refresh token.
      clock.advance(2 * HOUR);
      await service.keeper.refresh('201');
      const refreshes = simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token');
      expect(refreshes.map((request) => [request.refreshToken, request.tenantId])).toEqual([[before?.refreshToken, 201]]);
    });

    it('says when the other company is already connected, so keeping the sign-in would reconnect it', async () => {
      const { service, simulator } = await setup();
      await connectCompany(service, simulator, 201, SCOPES);
      await connectCompany(service, simulator, 202, SCOPES);
      const code = await codeFor(simulator, 202, SCOPES.join(' '));
      const error = await rejection(service.authorize({ ...grantFor(simulator, code, SCOPES), flowId: 'flow-wrongcompany', reconnectTenantId: '201' }));
      expect(error).toBeInstanceOf(WrongCompanyError);
      expect((error as WrongCompanyError).wrong).toMatchObject({ actual: { tenantId: '202' }, alreadyConnected: true });
    });

    it('revokes the other company’s grant at Fortnox when the user declines it', async () => {
      const { service, simulator } = await reconnectToOtherCompany();
      const other = simulator.grants().find((grant) => grant.tenantId === 202);

      expect(service.discardHeld('flow-wrongcompany')).toBe(1);
      await service.revocationsSettled();

      expect(simulator.revocations()).toEqual([expect.objectContaining({ token: other?.refreshToken, revoked: true, tenantId: 202 })]);
      expect(service.list().map((company) => company.tenantId)).toEqual(['201']);
      await expect(service.keepHeld('flow-wrongcompany')).resolves.toBeUndefined();
    });

    it('revokes the other company’s grant by itself after five minutes, and tells who listens', async () => {
      const { service, simulator, clock } = await reconnectToOtherCompany();
      const released: string[] = [];
      service.onHeldReleased((flowId) => released.push(flowId));

      clock.advance(HELD_GRANT_TIMEOUT_MS - 1);
      expect(simulator.revocations()).toEqual([]);
      clock.advance(1);
      await service.revocationsSettled();

      expect(released).toEqual(['flow-wrongcompany']);
      expect(simulator.revocations()).toEqual([expect.objectContaining({ revoked: true, tenantId: 202 })]);
      await expect(service.keepHeld('flow-wrongcompany')).resolves.toBeUndefined();
    });

    it('revokes every held grant when the app shuts down', async () => {
      const { service, simulator } = await reconnectToOtherCompany();

      await service.shutdown();

      expect(simulator.revocations()).toEqual([expect.objectContaining({ revoked: true, tenantId: 202 })]);
    });

    it('revokes, and never holds, a sign-in to another company whose code exchange ends after quitting began', async () => {
      const { service, simulator } = await setup();
      await connectCompany(service, simulator, 201, SCOPES);
      const code = await codeFor(simulator, 202, SCOPES.join(' '));
      const released: string[] = [];
      service.onHeldReleased((flowId) => released.push(flowId));

      const exchanging = rejection(service.authorize({ ...grantFor(simulator, code, SCOPES), flowId: 'flow-late', reconnectTenantId: '201' }));
      const quitting = service.shutdown();
      expect(await exchanging).toBeInstanceOf(WrongCompanyError);
      await quitting;
      await service.revocationsSettled();

      const late = simulator.grants().find((grant) => grant.tenantId === 202);
      expect(simulator.revocations()).toEqual([expect.objectContaining({ token: late?.refreshToken, revoked: true, tenantId: 202 })]);
      expect(released).toEqual(['flow-late']);
      await expect(service.keepHeld('flow-late')).resolves.toBeUndefined();
      expect(service.list().map((company) => company.tenantId)).toEqual(['201']);
    });

    it('does not let a revocation that never gets an answer hold up quitting beyond the shutdown budget', async () => {
      const { service, simulator, clock } = await reconnectToOtherCompany();
      simulator.injectFault({ route: 'revoke', kind: 'noAnswer' });
      let done = false;

      const quitting = service.shutdown().then(() => {
        done = true;
      });
      await flushPromises();
      clock.advance(CONNECTIONS_SHUTDOWN_MS - 1);
      await flushPromises();
      expect(done).toBe(false);
      clock.advance(1);
      await flushPromises();

      expect(done).toBe(true);
      await quitting;
    });

    it('does not let a last write of refreshed tokens that never finishes hold up quitting beyond the same budget', async () => {
      const { service, simulator, clock, vault } = await reconnectToOtherCompany();
      clock.advance(2 * HOUR);
      vi.spyOn(vault, 'set').mockRejectedValueOnce(new Error('disk busy'));
      await service.keeper.refresh('201');
      vi.spyOn(vault, 'set').mockImplementation(() => new Promise<void>(() => undefined));
      simulator.injectFault({ route: 'revoke', kind: 'noAnswer' });
      let done = false;

      const quitting = service.shutdown().then(() => {
        done = true;
      });
      await flushPromises();
      clock.advance(CONNECTIONS_SHUTDOWN_MS - 1);
      await flushPromises();
      expect(done).toBe(false);
      clock.advance(1);
      await flushPromises();

      expect(done).toBe(true);
      await quitting;
    });

    it('adds the other company as a new row when the user keeps it, and revokes nothing', async () => {
      const { service, simulator, storedTokens, before } = await reconnectToOtherCompany();

      const kept = await service.keepHeld('flow-wrongcompany');

      expect(kept).toMatchObject({ tenantId: '202', companyName: 'Treans Tak HB', reconnected: false });
      expect(service.list().map((company) => company.tenantId)).toEqual(['201', '202']);
      expect((await storedTokens('202'))?.refreshToken).toBe(simulator.grants().find((grant) => grant.tenantId === 202)?.refreshToken);
      expect(await storedTokens('201')).toEqual(before);
      await service.revocationsSettled();
      expect(simulator.revocations()).toEqual([]);
    });
  });

  it('updates a reconnect of the same company in place, whatever zeros its tenant id is written with', async () => {
    const { service, simulator } = await setup();
    await connectCompany(service, simulator, 201, SCOPES);
    const code = await codeFor(simulator, 201, SCOPES.join(' '));

    const again = await service.authorize({ ...grantFor(simulator, code, SCOPES), reconnectTenantId: '000201' });

    expect(again).toMatchObject({ tenantId: '201', reconnected: true });
    expect(service.list().map((company) => company.tenantId)).toEqual(['201']);
  });

  it('refuses and revokes tokens whose tenantId claim disagrees with company information’s DatabaseNumber', async () => {
    const { service, simulator, vault } = await setup();
    simulator.controls.databaseNumberOverride = 999;

    const error = await rejection(connectCompany(service, simulator, 101, SCOPES));
    await service.revocationsSettled();

    expect(error).toBeInstanceOf(FortnoxCallError);
    expect((error as FortnoxCallError).issue).toBe('tenant_mismatch');
    expect(service.list()).toEqual([]);
    expect(vault.names()).toEqual([]);
    expect(simulator.revocations()).toEqual([expect.objectContaining({ revoked: true, tenantId: 101 })]);
  });

  describe('the refresh token a reconnect replaces', () => {
    it('is revoked at Fortnox after the new pair is stored', async () => {
      const { service, simulator, storedTokens } = await setup();
      await connectCompany(service, simulator, 101, SCOPES);
      const replaced = (await storedTokens('101'))?.refreshToken;

      await connectCompany(service, simulator, 101, SCOPES);
      await service.revocationsSettled();

      const grants = simulator.grants();
      expect((await storedTokens('101'))?.refreshToken).toBe(grants[1]?.refreshToken);
      expect(simulator.revocations()).toEqual([expect.objectContaining({ token: replaced, revoked: true, tenantId: 101 })]);
      expect(grants.map((grant) => grant.endedBy)).toEqual(['revoked', null]);
    });

    it('is only logged when its revocation fails; the reconnect still succeeds', async () => {
      const { service, simulator, logger } = await setup();
      await connectCompany(service, simulator, 101, SCOPES);
      simulator.injectFault({ route: 'revoke', kind: 'reset' });

      const again = await connectCompany(service, simulator, 101, SCOPES);
      await service.revocationsSettled();

      expect(again).toMatchObject({ tenantId: '101', reconnected: true });
      expect(service.record('101')?.status).toBe('active');
      expect(simulator.revocations().map((record) => record.fault)).toEqual(['reset']);
      expect(logger.text()).toContain('refresh token could not be revoked');
    });
  });

  describe('without offline access', () => {
    async function connectAccessOnly() {
      const context = await setup();
      const code = await codeWithoutOfflineAccess(context.simulator, 101);
      const connected = await context.service.authorize({ ...grantFor(context.simulator, code, SCOPES), offlineAccess: false });
      return { ...context, connected };
    }

    it('stores an access-only connection that ends with its access token', async () => {
      const { service, connected, storedTokens, clock } = await connectAccessOnly();

      expect(connected).toMatchObject({ tenantId: '101', companyName: 'Ettans Bokföring AB' });
      expect(service.list()).toEqual([
        expect.objectContaining({
          tenantId: '101',
          status: 'access_only',
          offlineAccess: false,
          accessTokenExpiresAt: clock.now() + HOUR,
          refreshTokenExpiresAt: null,
        }),
      ]);
      expect(await storedTokens('101')).toMatchObject({ refreshToken: null });
      await expect(service.test('101')).resolves.toMatchObject({ ok: true });
    });

    it('is marked as needing a reconnect when the hour is over, and never refreshed', async () => {
      const { service, simulator, clock } = await connectAccessOnly();
      const stop = service.startBackgroundRefresh();

      clock.advance(HOUR);
      await new Promise((resolve) => setImmediate(resolve));
      expect(service.record('101')).toMatchObject({ status: 'needs_reconnect', statusIssue: 'access_only_ended' });
      clock.advance(10 * DAY);
      await expect(service.test('101')).resolves.toMatchObject({ ok: false, issue: 'access_only_ended' });
      stop();

      expect(simulator.tokenRequests().map((request) => request.grantType)).toEqual(['authorization_code']);
    });

    it('is disconnected without a revocation call (there is no refresh token to revoke)', async () => {
      const { service, simulator, vault } = await connectAccessOnly();

      await expect(service.disconnect('101')).resolves.toEqual({ removed: true, revoked: true, issue: null });

      expect(simulator.revocations()).toEqual([]);
      expect(vault.names()).toEqual([]);
    });

    it('is refused with its own issue when offline access WAS requested but no refresh token came', async () => {
      const { service, simulator, vault } = await setup();
      const code = await codeWithoutOfflineAccess(simulator, 101);

      const error = await rejection(service.authorize({ ...grantFor(simulator, code, SCOPES), offlineAccess: true }));

      expect((error as FortnoxCallError).issue).toBe('refresh_token_missing');
      expect(service.list()).toEqual([]);
      expect(vault.names()).toEqual([]);
    });
  });

  it('moves a company stored under a tenant id with leading zeros to its canonical id, tokens and all', async () => {
    const { service, simulator, dir, vault, reopen } = await setup();
    await connectCompany(service, simulator, 101, SCOPES);
    const file = path.join(dir, 'companies.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { companies: { tenantId: string }[] };
    for (const company of doc.companies) company.tenantId = '00101';
    await writeFile(file, JSON.stringify(doc));
    const tokens = (await vault.get(tokenEntryName('101'))) ?? '';
    await vault.set(tokenEntryName('00101'), tokens);
    await vault.delete(tokenEntryName('101'));

    const restarted = await reopen();

    expect(restarted.service.list().map((company) => company.tenantId)).toEqual(['101']);
    expect(restarted.vault.names()).toEqual([tokenEntryName('101')]);
    await expect(restarted.service.test('00101')).resolves.toMatchObject({ ok: true });
  });

  it('restores an unknown connection whose tokens are filed under a tenant id with leading zeros, as its canonical id', async () => {
    const { service, simulator, dir, vault, reopen } = await setup();
    await connectCompany(service, simulator, 101, SCOPES);
    const file = path.join(dir, 'companies.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { companies: unknown[] };
    await writeFile(file, JSON.stringify({ ...doc, companies: [] }));
    await vault.set(tokenEntryName('00101'), (await vault.get(tokenEntryName('101'))) ?? '');
    await vault.delete(tokenEntryName('101'));
    const restarted = await reopen();
    expect(restarted.service.attentionRows()).toEqual([expect.objectContaining({ kind: 'unknown', tenantId: '00101' })]);

    const result = await restarted.service.restore('00101');

    expect(result).toMatchObject({ ok: true, tenantId: '101' });
    expect(restarted.service.list().map((company) => company.tenantId)).toEqual(['101']);
    expect(restarted.service.attentionRows()).toEqual([]);
    expect(restarted.vault.names()).toEqual([tokenEntryName('101')]);
    await expect(restarted.service.test('101')).resolves.toMatchObject({ ok: true });
  });

  it('lists a second stored record of the same company (with leading zeros) as damaged, and keeps it in companies.json', async () => {
    const { service, simulator, dir, vault, reopen } = await setup();
    await connectCompany(service, simulator, 101, SCOPES);
    const file = path.join(dir, 'companies.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { companies: { tenantId: string }[] };
    const [record] = doc.companies;
    await writeFile(file, JSON.stringify({ ...doc, companies: [record, { ...record, tenantId: '00101' }] }));
    await vault.set(tokenEntryName('00101'), (await vault.get(tokenEntryName('101'))) ?? '');

    const restarted = await reopen();

    expect(restarted.service.list().map((company) => company.tenantId)).toEqual(['101']);
    expect(restarted.service.attentionRows()).toEqual([
      expect.objectContaining({ kind: 'damaged', tenantId: '00101', fields: ['tenantId'], hasTokens: true }),
    ]);
    expect(restarted.logger.records).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'a second record of the same company was found; listed as damaged' }),
    );
    const stored = JSON.parse(await readFile(file, 'utf8')) as { companies: { tenantId: string }[] };
    expect(stored.companies.map((company) => company.tenantId).sort()).toEqual(['00101', '101']);
  });

  describe('a store that fails half-way', () => {
    /** The refresh tokens Fortnox was asked to revoke. */
    const revokedTokens = (simulator: FortnoxSimulator) => simulator.revocations().map((revocation) => revocation.token);

    it('keeps a company kept with "add it instead" listed with its new grant when companies.json cannot be saved, revoking neither grant', async () => {
      const context = await setup();
      const { service, simulator, storedTokens, file } = context;
      await connectCompany(service, simulator, 202, SCOPES);
      const earlier = (await storedTokens('202'))?.refreshToken;
      await connectCompany(service, simulator, 201, SCOPES);
      const code = await codeFor(simulator, 202, SCOPES.join(' '));
      await rejection(service.authorize({ ...grantFor(simulator, code, SCOPES), flowId: 'flow-wrongcompany', reconnectTenantId: '201' }));
      vi.spyOn(file, 'save').mockRejectedValueOnce(new Error('disk full'));

      await expect(service.keepHeld('flow-wrongcompany')).rejects.toThrow('disk full');
      await service.revocationsSettled();

      const kept = (await storedTokens('202'))?.refreshToken;
      expect(kept).not.toBe(earlier);
      expect(revokedTokens(simulator)).toEqual([]);
      expect(service.list().map((company) => company.tenantId)).toEqual(['202', '201']);
      expect(context.vault.names().sort()).toEqual([tokenEntryName('201'), tokenEntryName('202')].sort());
    });

    it('revokes a new grant whose tokens could not be written, and lists nothing for it', async () => {
      const { service, simulator, vault } = await setup();
      vi.spyOn(vault, 'set').mockRejectedValueOnce(new Error('vault locked'));

      await expect(connectCompany(service, simulator, 201, SCOPES)).rejects.toThrow('vault locked');
      await service.revocationsSettled();

      const issued = simulator.grants().find((grant) => grant.tenantId === 201)?.refreshToken;
      expect(revokedTokens(simulator)).toEqual([issued]);
      expect(service.list()).toEqual([]);
      expect(vault.names()).toEqual([]);
    });

    it('keeps a reconnected company listed with its new pair when companies.json cannot be saved, and revokes nothing yet', async () => {
      const { service, simulator, storedTokens, file, vault } = await setup();
      await connectCompany(service, simulator, 201, SCOPES);
      vi.spyOn(file, 'save').mockRejectedValueOnce(new Error('disk full'));
      const code = await codeFor(simulator, 201, SCOPES.join(' '));

      await expect(service.authorize({ ...grantFor(simulator, code, SCOPES), reconnectTenantId: '201' })).rejects.toThrow('disk full');
      await service.revocationsSettled();

      expect(revokedTokens(simulator)).not.toContain((await storedTokens('201'))?.refreshToken);
      expect(revokedTokens(simulator)).toEqual([]);
      expect(service.list().map((company) => company.tenantId)).toEqual(['201']);
      expect(vault.names()).toEqual([tokenEntryName('201')]);
    });

    it('revokes a new grant when identifying its company fails unexpectedly', async () => {
      const { clock, simulator } = await start(connectionsScript());
      const { service } = await openConnections({ dir: await tempDir(), clock, simulator, apiBaseUrl: () => 'not a url' });

      await expect(connectCompany(service, simulator, 201, SCOPES)).rejects.toThrow(TypeError);
      await service.revocationsSettled();

      const issued = simulator.grants().find((grant) => grant.tenantId === 201)?.refreshToken;
      expect(simulator.revocations()).toEqual([expect.objectContaining({ token: issued, revoked: true })]);
      expect(service.list()).toEqual([]);
    });
  });
});
