import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { TokenClient } from '../../../../main/fortnox/token-client';
import { loadServerConfig } from '../../../../server/config';
import { openPglite } from '../../../../server/db/pglite';
import { startFirmServer } from '../../../../server/start-server';
import { TokenRows } from '../../../../server/tokens/token-rows';
import { recordingLogger } from '../../main/recording-logger';
import { obtainCode } from '../../simulator/token-test-kit';
import { companyStatus, expireAccessToken, generationOf, insertCompany, nodeFetch } from '../tokens/tokens-test-kit';

/**
 * Graceful shutdown on PGlite (issue 10 item 7: finish in-flight refreshes): a refresh a request
 * started, whose Fortnox answer comes after the HTTP grace has ended, still commits its rotated
 * pair before the database closes (FirmTokens.settled), so no rotation is lost to a shutdown.
 */
describe('firm server shutdown with a refresh in flight', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'shutdown-refresh-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it('a refresh whose Fortnox answer is delayed past the HTTP grace commits before the database closes', async () => {
    const dataDir = path.join(folder, 'data');
    const lines: string[] = [];
    const server = await startFirmServer({
      config: loadServerConfig({ DATA_DIR: dataDir, PORT: '0' }),
      backgroundRefresh: false,
      graceMs: 20,
      logDestination: { write: (line: string) => void lines.push(line) },
    });
    const demo = server.simulator;
    if (!demo) throw new Error('the embedded simulator is not running');
    const sim = demo.simulator;
    // A company connected as a sign-in would store it.
    const code = await obtainCode(sim, {
      username: 'bo',
      password: 'demo',
      params: { client_id: demo.clientId, redirect_uri: demo.redirectUri, scope: 'companyinformation', access_type: 'offline', state: 'state-1' },
    });
    const set = await new TokenClient(nodeFetch, Date.now).exchangeCode(server.fortnox.tokenClient(), code, demo.redirectUri);
    const tenant = sim.tokenRequests().at(-1)?.tenantId;
    if (tenant === null || tenant === undefined) throw new Error('the code exchange named no tenant');
    const tenantId = String(tenant);
    const rows = new TokenRows(server.keyRing, recordingLogger().log);
    await insertCompany(server.database, tenantId);
    await rows.storeNewPair(
      server.database,
      tenantId,
      { accessToken: set.accessToken, refreshToken: set.refreshToken, scopes: set.scopes, accessExpiresAt: set.accessTokenExpiresAt },
      { storedAt: Date.now(), nextRefreshAt: Date.now() + 1_800_000 },
    );
    await expireAccessToken(server.database, tenantId);
    const generation = await generationOf(server.database, tenantId);

    // Fortnox answers the refresh long after the grace: the request that started it is cut. The
    // server calls Fortnox through the global fetch: noticing the refresh leave (past the stopping
    // check, which holds back refreshes that have not reached Fortnox) is the signal to close.
    sim.injectFault({ route: 'token', kind: 'delay', ms: 1_000 });
    const realFetch = globalThis.fetch;
    let sent: () => void = () => undefined;
    const refreshSent = new Promise<void>((resolve) => {
      sent = resolve;
    });
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url === sim.tokenUrl) sent();
      return realFetch(input, init);
    });
    const refreshing = server.tokens.accessToken(tenantId).then(
      (ok) => ({ ok }),
      (error: unknown) => ({ error }),
    );
    await refreshSent;
    expect(server.tokens.isRefreshing(tenantId)).toBe(true);

    await server.close();
    // The refresh finished before close resolved, and succeeded.
    const outcome = await refreshing;
    expect(outcome).toEqual({ ok: expect.objectContaining({ accessToken: expect.any(String) }) });
    expect(sim.refreshCount(tenant)).toBe(1);
    expect(lines.join('')).not.toContain('LOST ROTATION');

    // What the database holds after the shutdown: the rotated pair, the company active.
    const db = await openPglite(dataDir);
    try {
      expect(await generationOf(db, tenantId)).toBe(generation + 1);
      expect(await companyStatus(db, tenantId)).toMatchObject({ status: 'active', issue: null });
      const stored = await rows.readAccess(db, tenantId);
      expect(stored).toMatchObject({ kind: 'found', pair: { accessToken: 'ok' in outcome ? outcome.ok.accessToken : 'none' } });
    } finally {
      await db.close();
    }
  }, 60_000);
});
