import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenEntryName } from '../../../../main/connections/vault-token-store';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { companiesChangedSchema, type CompaniesChanged } from '../../../../shared/ipc-contract';
import type { ConnectionIssue } from '../../../../shared/connection-issues';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import type { ReplacingFaultKind } from '../../../../simulator/fault-injection';
import { codeFor, connectionsScript, leakedSecrets, useSimulatedFortnox } from '../simulated-fortnox';
import { readAllFiles, useTempDirs } from '../storage/temp-dir';
import { connectCompany, grantFor, openConnections, takeAllPublished, upserts } from './connections-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Every published change fits the IPC contract and carries no secret the simulator knows. */
function expectPublishedClean(published: readonly CompaniesChanged[], simulator: FortnoxSimulator): void {
  expect(published.length).toBeGreaterThan(0);
  for (const change of published) expect(companiesChangedSchema.safeParse(change).success).toBe(true);
  expect(leakedSecrets(simulator, JSON.stringify(published))).toEqual([]);
}

describe('ConnectionsService with the real vault, companies file and token client', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  afterEach(() => {
    for (const change of takeAllPublished()) expect(companiesChangedSchema.parse(change)).toEqual(change);
  });

  async function setup() {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const opened = await openConnections({ dir, clock, simulator });
    const reopen = () => openConnections({ dir, clock, simulator, safeStorage: opened.safeStorage });
    return { clock, simulator, dir, reopen, ...opened };
  }

  describe('authorize', () => {
    it('lists the company with its name, organisation number, tenant id and scopes, tokens only in the vault', async () => {
      const { service, simulator, vault, published, dir, clock } = await setup();

      const connected = await connectCompany(service, simulator, 101);

      expect(connected).toEqual({
        tenantId: '101',
        companyName: 'Ettans Bokföring AB',
        reconnected: false,
        scopesNotGranted: [],
        scopesNotRequested: [],
      });
      expect(service.list()).toEqual([
        expect.objectContaining({
          tenantId: '101',
          companyName: 'Ettans Bokföring AB',
          organizationNumber: '556101-0101',
          accountType: 'user',
          requestedScopes: ['companyinformation', 'invoice'],
          grantedScopes: ['companyinformation', 'invoice'],
          status: 'active',
          connectedAt: clock.now(),
          accessTokenExpiresAt: clock.now() + HOUR,
          refreshTokenExpiresAt: clock.now() + 45 * DAY,
          lastTest: { at: clock.now(), ok: true, issue: null, companyName: 'Ettans Bokföring AB' },
        }),
      ]);
      const stored = JSON.parse((await vault.get(tokenEntryName('101'))) ?? '{}') as { refreshToken?: string };
      expect(stored.refreshToken).toBe(simulator.grants()[0]?.refreshToken);
      for (const content of (await readAllFiles(dir)).values()) expect(leakedSecrets(simulator, content)).toEqual([]);
      expect(published.map((change) => change.upserted.map((summary) => summary.tenantId))).toEqual([['101']]);
      expectPublishedClean(published, simulator);
    });

    it('tells which requested scopes Fortnox did not grant and which it granted unasked', async () => {
      const { service, simulator } = await setup();
      const code = await codeFor(simulator, 101, 'companyinformation customer');

      const connected = await service.authorize(grantFor(simulator, code, ['companyinformation', 'invoice']));

      expect(connected.scopesNotGranted).toEqual(['invoice']);
      expect(connected.scopesNotRequested).toEqual(['customer']);
      expect(service.record('101')?.grantedScopes).toEqual(['companyinformation', 'customer']);
    });

    it('updates a company that is connected again in place, replacing its tokens', async () => {
      const { service, simulator, vault, published, clock } = await setup();
      await connectCompany(service, simulator, 101);
      const before = JSON.parse((await vault.get(tokenEntryName('101'))) ?? '{}') as { accessToken?: string; refreshToken?: string };
      clock.advance(MINUTE);

      const again = await connectCompany(service, simulator, 101, ['companyinformation', 'customer']);

      const after = JSON.parse((await vault.get(tokenEntryName('101'))) ?? '{}') as { accessToken?: string; refreshToken?: string };
      expect(again.reconnected).toBe(true);
      expect(service.list()).toHaveLength(1);
      expect(service.record('101')?.requestedScopes).toEqual(['companyinformation', 'customer']);
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.refreshToken).toBe(simulator.grants()[1]?.refreshToken);
      expect(published.at(-1)?.upserted.map((summary) => summary.tenantId)).toEqual(['101']);
    });

    it('lets a running refresh finish before storing a new sign-in of the same company, so the new tokens are kept', async () => {
      const { service, simulator, vault } = await setup();
      await connectCompany(service, simulator, 101, ['companyinformation', 'invoice']);
      const code = await codeFor(simulator, 101, 'companyinformation customer');
      // The refresh's answer comes late (real time: the simulator's delay fault), the exchange's at once.
      simulator.injectFault({ route: 'token', kind: 'delay', ms: 150 });
      const refreshing = service.keeper.refresh('101');
      await vi.waitFor(() => expect(simulator.tokenRequests().map((request) => request.fault)).toEqual([null, 'delay']));

      await service.authorize(grantFor(simulator, code, ['companyinformation', 'customer']));
      await refreshing;

      const stored = JSON.parse((await vault.get(tokenEntryName('101'))) ?? '{}') as { refreshToken?: string; scopes?: string[] };
      expect(stored.refreshToken).toBe(simulator.grants()[1]?.refreshToken);
      expect(stored.scopes).toEqual(['companyinformation', 'customer']);
      expect(service.record('101')?.grantedScopes).toEqual(['companyinformation', 'customer']);
    });

    it('keeps two companies of one user as two records', async () => {
      const { service, simulator, reopen } = await setup();
      await connectCompany(service, simulator, 201);
      await connectCompany(service, simulator, 202);

      const names = service.list().map((summary) => [summary.tenantId, summary.companyName]);
      expect(names).toEqual([
        ['201', 'Tvåans Trä AB'],
        ['202', 'Treans Tak HB'],
      ]);
      const restarted = await reopen();
      expect(restarted.service.list()).toEqual(service.list());
    });

    it('gives one company by tenant id exactly as the list has it, and nothing for an unknown one', async () => {
      const { service, simulator } = await setup();
      await connectCompany(service, simulator, 201);
      await connectCompany(service, simulator, 202);

      expect(service.company('202')).toEqual(service.list().find((summary) => summary.tenantId === '202'));
      expect(service.company('203')).toBeUndefined();
    });

    it("gives a connected company's name as the list has it, and nothing for an unknown one", async () => {
      const { service, simulator } = await setup();
      await connectCompany(service, simulator, 201);
      await connectCompany(service, simulator, 202);

      expect(service.companyName('202')).toBe(service.list().find((summary) => summary.tenantId === '202')?.companyName);
      expect(service.companyName('202')).toBe('Treans Tak HB');
      expect(service.companyName('203')).toBeUndefined();
    });

    it('takes the tenant from the token claims when companyinformation was not granted, leaving the name empty', async () => {
      const { service, simulator } = await setup();

      const connected = await connectCompany(service, simulator, 101, ['invoice']);

      expect(connected).toMatchObject({ tenantId: '101', companyName: null });
      expect(service.record('101')).toMatchObject({ companyName: null, organizationNumber: null, lastTest: null, grantedScopes: ['invoice'] });
      expect(simulator.apiRequests()).toEqual([]);
    });

    it('still connects, without a name, when company information fails right after the exchange', async () => {
      const { service, simulator } = await setup();
      simulator.injectFault({ route: 'api', kind: 'html500' });

      const connected = await connectCompany(service, simulator, 101);

      expect(connected).toMatchObject({ tenantId: '101', companyName: null });
      expect(service.record('101')?.status).toBe('active');
    });

    it('stores nothing when the code exchange fails', async () => {
      const { service, simulator, vault } = await setup();
      const code = await codeFor(simulator, 101);
      await service.authorize(grantFor(simulator, code));
      await service.disconnect('101');

      const error: unknown = await service.authorize(grantFor(simulator, code)).catch((reason: unknown) => reason);

      expect(error).toBeInstanceOf(FortnoxCallError);
      expect((error as FortnoxCallError).issue).toBe('invalid_grant');
      expect(service.list()).toEqual([]);
      expect(vault.names()).toEqual([]);
    });
  });

  describe('test', () => {
    it('calls company information and records a successful test', async () => {
      const { service, simulator, clock } = await setup();
      await connectCompany(service, simulator, 101);
      clock.advance(MINUTE);

      await expect(service.test('101')).resolves.toEqual({ ok: true, companyName: 'Ettans Bokföring AB', at: clock.now() });
      expect(service.record('101')?.lastTest).toEqual({ at: clock.now(), ok: true, issue: null, companyName: 'Ettans Bokföring AB' });
    });

    it('refreshes an expired access token first', async () => {
      const { service, simulator, clock } = await setup();
      await connectCompany(service, simulator, 101);
      clock.advance(2 * HOUR);

      await expect(service.test('101')).resolves.toMatchObject({ ok: true });
      expect(simulator.refreshCount(101)).toBe(1);
      expect(service.record('101')).toMatchObject({ lastRefreshedAt: clock.now(), accessTokenExpiresAt: clock.now() + HOUR });
    });

    const faults: [ReplacingFaultKind, ConnectionIssue][] = [
      ['html500', 'server_error'],
      ['invalidJson', 'invalid_response'],
      ['status429', 'rate_limited'],
      ['reset', 'network'],
    ];

    it.each(faults)('reports the API fault %s as %s and records it', async (kind, issue) => {
      const { service, simulator, clock, published } = await setup();
      await connectCompany(service, simulator, 101);
      simulator.injectFault({ route: 'api', kind });

      await expect(service.test('101')).resolves.toEqual({ ok: false, issue, detail: null, at: clock.now() });
      expect(service.record('101')?.lastTest).toEqual({ at: clock.now(), ok: false, issue, companyName: null });
      expectPublishedClean(published, simulator);
    });

    it('reports a connection without the companyinformation scope as missing_scope', async () => {
      const { service, simulator } = await setup();
      await connectCompany(service, simulator, 101, ['invoice']);

      await expect(service.test('101')).resolves.toMatchObject({ ok: false, issue: 'missing_scope' });
    });

    it('reports consent removed in Fortnox as invalid_grant and marks the company for reconnecting', async () => {
      const { service, simulator, clock, published } = await setup();
      await connectCompany(service, simulator, 101);
      simulator.revokeConsent(101);
      clock.advance(2 * HOUR);

      await expect(service.test('101')).resolves.toMatchObject({ ok: false, issue: 'invalid_grant', detail: 'Invalid refresh token' });
      expect(service.record('101')).toMatchObject({ status: 'needs_reconnect', statusIssue: 'invalid_grant', statusDetail: 'Invalid refresh token' });
      expectPublishedClean(published, simulator);
    });

    it('reports an unknown tenant as unknown_company without calling Fortnox', async () => {
      const { service, simulator } = await setup();
      await expect(service.test('999')).resolves.toMatchObject({ ok: false, issue: 'unknown_company' });
      expect(simulator.apiRequests()).toEqual([]);
    });
  });

  describe('disconnect', () => {
    it('revokes the refresh token at Fortnox and deletes the record and the vault entry', async () => {
      const { service, simulator, vault, published, dir, reopen } = await setup();
      await connectCompany(service, simulator, 101);
      await connectCompany(service, simulator, 201);
      const refreshToken = simulator.grants()[0]?.refreshToken;

      await expect(service.disconnect('101')).resolves.toEqual({ removed: true, revoked: true, issue: null });

      expect(simulator.revocations()).toEqual([expect.objectContaining({ token: refreshToken, revoked: true, tenantId: 101, basicAuthValid: true })]);
      expect(service.list().map((summary) => summary.tenantId)).toEqual(['201']);
      expect(vault.names()).toEqual([tokenEntryName('201')]);
      const secrets = JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8')) as { entries: Record<string, string> };
      expect(Object.keys(secrets.entries)).toEqual([tokenEntryName('201')]);
      expect(published.at(-1)).toEqual({ upserted: [], removed: ['101'] });
      const restarted = await reopen();
      expect(restarted.service.list().map((summary) => summary.tenantId)).toEqual(['201']);
      await expect(restarted.vault.get(tokenEntryName('101'))).resolves.toBeUndefined();
      expectPublishedClean(published, simulator);
    });

    it('removes the company locally when revoking fails, and says it was not revoked', async () => {
      const { service, simulator, vault } = await setup();
      await connectCompany(service, simulator, 101);
      simulator.injectFault({ route: 'revoke', kind: 'reset' });

      await expect(service.disconnect('101')).resolves.toEqual({ removed: true, revoked: false, issue: 'network' });

      expect(service.list()).toEqual([]);
      expect(vault.names()).toEqual([]);
      expect(simulator.grants()[0]?.endedBy).toBeNull();
    });

    it('waits for a running refresh and revokes the refresh token it produced', async () => {
      const { service, simulator } = await setup();
      await connectCompany(service, simulator, 101);

      const refreshing = service.keeper.refresh('101');
      const result = await service.disconnect('101');
      await refreshing;

      expect(result).toMatchObject({ revoked: true });
      expect(simulator.revocations()[0]).toMatchObject({ token: simulator.grants()[0]?.refreshTokens[1], revoked: true });
      expect(simulator.grants()[0]?.endedBy).toBe('revoked');
    });

    it('answers unknown_company for a tenant that is not connected', async () => {
      const { service, simulator } = await setup();
      await expect(service.disconnect('999')).resolves.toEqual({ removed: false, revoked: false, issue: 'unknown_company' });
      expect(simulator.revocations()).toEqual([]);
    });
  });

  describe('background refresh', () => {
    it('refreshes companies older than seven days, oldest first and spaced, skipping and marking the others', async () => {
      const { service, simulator, clock, published, nextPublished } = await setup();
      await connectCompany(service, simulator, 501); // will pass its 45 days
      clock.advance(38 * DAY);
      await connectCompany(service, simulator, 101);
      clock.advance(MINUTE);
      await connectCompany(service, simulator, 201);
      clock.advance(MINUTE);
      await connectCompany(service, simulator, 401);
      await connectCompany(service, simulator, 202); // will need a reconnect
      clock.advance(8 * DAY);
      await connectCompany(service, simulator, 601); // young
      await service.markUndecryptable(['202']);
      const refreshes = () => simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token');
      const startedAt = clock.now();

      const expired = nextPublished(upserts('501', { status: 'needs_reconnect' }));
      const stop = service.startBackgroundRefresh();
      await expired;
      expect(service.record('501')).toMatchObject({ status: 'needs_reconnect', statusIssue: 'refresh_token_expired' });

      for (const [tenantId, offset] of [
        ['101', 0],
        ['201', 250],
        ['401', 500],
      ] as const) {
        clock.advance(offset === 0 ? 0 : 249);
        expect(refreshes()).toHaveLength(offset / 250);
        const done = nextPublished(upserts(tenantId, { status: 'active', lastRefreshedAt: startedAt + offset }));
        clock.advance(offset === 0 ? 0 : 1);
        expect(service.list().find((summary) => summary.tenantId === tenantId)?.status).toBe('refreshing');
        await done;
      }

      expect(refreshes().map((request) => [request.tenantId, request.at - startedAt])).toEqual([
        [101, 0],
        [201, 250],
        [401, 500],
      ]);
      expect(published.some(upserts('101', { status: 'refreshing' }))).toBe(true);
      expect([202, 501, 601].map((tenantId) => simulator.refreshCount(tenantId))).toEqual([0, 0, 0]);

      clock.advance(HOUR);
      await service.keeper.settle();
      expect(refreshes()).toHaveLength(3);
      stop();
      expect(clock.pendingTimers()).toBe(0);
      expectPublishedClean(published, simulator);
    });

    it('refreshes a young company once it turns seven days old, while the app keeps running', async () => {
      const { service, simulator, clock, nextPublished } = await setup();
      await connectCompany(service, simulator, 101);
      const connectedAt = clock.now();
      const stop = service.startBackgroundRefresh();

      clock.advance(7 * DAY - HOUR);
      await service.keeper.settle();
      expect(simulator.refreshCount(101)).toBe(0);
      const refreshed = nextPublished(upserts('101', { status: 'active', lastRefreshedAt: connectedAt + 7 * DAY }));
      clock.advance(HOUR);
      await refreshed;

      expect(simulator.refreshCount(101)).toBe(1);
      stop();
    });

    it('uses the plan options it is given', async () => {
      const { clock, simulator, dir } = await setup();
      const opened = await openConnections({ dir: `${dir}`, clock, simulator, plan: { refreshAfterMs: HOUR, spacingMs: 10_000 } });
      await connectCompany(opened.service, simulator, 101);
      await connectCompany(opened.service, simulator, 201);
      clock.advance(HOUR);

      const stop = opened.service.startBackgroundRefresh();
      const first = opened.nextPublished(upserts('101', { status: 'active', lastRefreshedAt: clock.now() }));
      clock.advance(0);
      await first;
      clock.advance(9_999);
      await opened.service.keeper.settle();
      expect(simulator.refreshCount(201)).toBe(0);
      const second = opened.nextPublished(upserts('201', { status: 'active' }));
      clock.advance(1);
      await second;
      stop();
    });
  });

  describe('markUndecryptable', () => {
    it('marks companies whose tokens no longer decrypt as needing a reconnect, and remembers it', async () => {
      const { service, simulator, safeStorage, dir, clock, published } = await setup();
      await connectCompany(service, simulator, 101);
      await connectCompany(service, simulator, 201);
      safeStorage.forgetKey();
      const restarted = await openConnections({ dir, clock, simulator, safeStorage });
      expect(restarted.vault.undecryptable()).toEqual([tokenEntryName('101'), tokenEntryName('201')]);

      await restarted.service.markUndecryptable(['101', '999']);

      expect(restarted.service.record('101')).toMatchObject({ status: 'needs_reconnect', statusIssue: 'undecryptable' });
      expect(restarted.service.record('201')?.status).toBe('active');
      expect(restarted.published).toEqual([{ upserted: [expect.objectContaining({ tenantId: '101', status: 'needs_reconnect' })], removed: [] }]);
      const again = await openConnections({ dir, clock, simulator, safeStorage });
      expect(again.service.record('101')?.statusIssue).toBe('undecryptable');
      expectPublishedClean([...published, ...restarted.published], simulator);
    });
  });

  it('gives the company details for the clipboard without any secret, and nothing for an unknown tenant', async () => {
    const { service, simulator } = await setup();
    await connectCompany(service, simulator, 101);

    const text = service.detailsText('101') ?? '';

    expect(text).toContain('Ettans Bokföring AB');
    expect(text).toContain('556101-0101');
    expect(text).toContain('Databasnummer: 101');
    expect(leakedSecrets(simulator, text)).toEqual([]);
    expect(service.detailsText('999')).toBeUndefined();
  });
});
