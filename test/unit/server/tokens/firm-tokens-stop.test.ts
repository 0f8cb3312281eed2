import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFetch } from '../../../../main/fortnox/fortnox-http';
import { LOCAL_API_ERRORS, LocalApiError } from '../../../../main/local-api/local-api-error';
import type { Database } from '../../../../server/db/database';
import { FirmTokens } from '../../../../server/tokens/firm-tokens';
import type { FortnoxRequestSlots } from '../../../../server/tokens/fleet-rate-limiter';
import { TokenRows } from '../../../../server/tokens/token-rows';
import { openMigratedPglite, openMigratedPostgres } from '../auth/migrated-databases';
import { recordingLogger } from '../../main/recording-logger';
import { trackSimulators } from '../../simulator/simulator-test-kit';
import {
  clientConfigFor,
  companyStatus,
  connectCompanies,
  countingMetrics,
  expireAccessToken,
  firmScript,
  generationOf,
  nodeFetch,
  testSealer,
} from './tokens-test-kit';

/**
 * Shutdown stops refreshes before Fortnox (brief item 5): after `FirmTokens.stop()` a refresh
 * that was still waiting for its rate-limit slot never calls Fortnox (it answers 503
 * `server_stopping` and leaves the row as it was), while one already at Fortnox finishes and
 * commits its rotated pair; background renewal claims nothing more. On both adapters: PGlite
 * (no transaction across the Fortnox call) and PostgreSQL (the refresh inside its row-locked
 * transaction, where the slot wait and the check after it happen with the lock held).
 */

const startSimulator = trackSimulators();

/** A promise with its resolve, to hold a step until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const DATABASES = [
  ['PGlite', openMigratedPglite],
  ['PostgreSQL', () => openMigratedPostgres('tokensstop')],
] as const;

describe.each(DATABASES)('FirmTokens.stop at shutdown on %s', (kind, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  }, 60_000);
  afterAll(() => db.close());

  it('runs on the adapter it names', () => {
    // Guards the table above: a wrong opener would run every case on one adapter twice.
    expect(db.kind).toBe(kind === 'PGlite' ? 'pglite' : 'postgres');
  });

  it('a refresh queued for a slot when shutdown begins never reaches the simulator (503 server_stopping, row unchanged); one already at Fortnox commits', async () => {
    const atFortnox = 7201;
    const queued = 7202;
    const simulator = await startSimulator(firmScript([atFortnox, queued]));
    const { log, text } = recordingLogger();
    const rows = new TokenRows(testSealer(), log);
    await connectCompanies(simulator, db, rows, [atFortnox, queued], { parallel: 1 });
    for (const tenant of [atFortnox, queued]) await expireAccessToken(db, String(tenant));
    const generations = { atFortnox: await generationOf(db, String(atFortnox)), queued: await generationOf(db, String(queued)) };

    // `queued` waits for its rate-limit slot until the test opens it; `atFortnox` gets its slot at once.
    const slot = gate();
    const slotAsked = gate();
    const slots: FortnoxRequestSlots = {
      async acquire(tenantId) {
        if (tenantId === String(queued)) {
          slotAsked.open();
          await slot.promise;
        }
      },
    };
    // `atFortnox`'s refresh is on the wire (the request sent, its answer held) until the test lets it through.
    const answer = gate();
    const sent = gate();
    const fetcher: HttpFetch = async (url, init) => {
      const form = new URLSearchParams(init.body ?? '');
      if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') !== null) {
        sent.open();
        const response = await nodeFetch(url, init);
        await answer.promise;
        return response;
      }
      return nodeFetch(url, init);
    };
    const metrics = countingMetrics();
    const tokens = new FirmTokens({ db, rows, fetcher, clientConfig: () => clientConfigFor(simulator), slots, now: Date.now, log, metrics });

    const first = tokens.accessToken(String(atFortnox));
    await sent.promise;
    const second = tokens.accessToken(String(queued)).then(
      (ok) => ({ ok }),
      (error: unknown) => ({ error }),
    );
    await slotAsked.promise;

    // Shutdown begins: one refresh is at Fortnox, the other waits for its slot.
    tokens.stop();
    slot.open();
    answer.open();

    const handed = await first;
    const refused = await second;
    await tokens.settled();

    expect(refused).toEqual({ error: expect.any(LocalApiError) });
    const error = (refused as { error: LocalApiError }).error;
    expect(error.code).toBe('server_stopping');
    expect(LOCAL_API_ERRORS[error.code].status).toBe(503);
    // Fortnox saw exactly one refresh: the one that was already there.
    expect(simulator.refreshCount(queued)).toBe(0);
    expect(simulator.refreshCount(atFortnox)).toBe(1);
    // The one at Fortnox committed; the held-back one left its row as it was, active, with no failure recorded.
    expect(await generationOf(db, String(atFortnox))).toBe(generations.atFortnox + 1);
    expect(await rows.readAccess(db, String(atFortnox))).toMatchObject({ kind: 'found', pair: { accessToken: handed.accessToken } });
    expect(await generationOf(db, String(queued))).toBe(generations.queued);
    expect(await companyStatus(db, String(queued))).toMatchObject({ status: 'active', issue: null });
    const { rows: failures } = await db.query<{ failed_refreshes: number }>('SELECT failed_refreshes FROM company_tokens WHERE tenant_id = $1', [String(queued)]);
    expect(failures[0]?.failed_refreshes).toBe(0);
    // Not counted (nor announced) as a failed refresh.
    expect(Object.keys(metrics.counts).filter((name) => name.startsWith('failed'))).toEqual([]);
    expect(metrics.counts['refreshed:request']).toBe(1);
    expect(text()).toContain('the server is stopping');
    expect(text()).not.toContain('LOST ROTATION');

    // Background renewal claims nothing after stop, although `queued` is due.
    await db.query(`UPDATE company_tokens SET next_refresh_at = now() - interval '1 minute' WHERE tenant_id = $1`, [String(queued)]);
    expect(await tokens.renewNextDue()).toBeUndefined();
    expect(simulator.refreshCount(queued)).toBe(0);
  });
});
