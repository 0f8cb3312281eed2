import { describe, expect, it } from 'vitest';
import { companiesChangedSchema } from '../../../../shared/ipc-contract';
import { obtainCode } from '../../simulator/token-test-kit';
import { connectionsScript, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';
import { grantFor, openConnections, upserts } from './connections-harness';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('ConnectionsService with a service-account company', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup() {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const opened = await openConnections({ dir, clock, simulator });
    const code = await obtainCode(simulator, { params: { scope: 'companyinformation invoice', account_type: 'service' } });
    await opened.service.authorize({ ...grantFor(simulator, code), serviceAccount: true });
    const requests = (grantType: string) => simulator.tokenRequests().filter((request) => request.grantType === grantType);
    return { clock, simulator, requests, ...opened };
  }

  it('renews its access token with the client-credentials grant and says so in its row', async () => {
    const { service, clock, requests, nextPublished } = await setup();
    expect(service.record('101')).toMatchObject({ accountType: 'service' });
    clock.advance(2 * HOUR);

    const shown = nextPublished(upserts('101', { keptAliveBy: 'client_credentials' }));
    await expect(service.test('101')).resolves.toMatchObject({ ok: true });

    const change = await shown;
    expect(companiesChangedSchema.safeParse(change).success).toBe(true);
    expect(service.record('101')).toMatchObject({ keptAliveBy: 'client_credentials', lastRefreshedAt: clock.now(), status: 'active' });
    expect(requests('client_credentials')).toHaveLength(1);
    expect(requests('refresh_token')).toHaveLength(0);
  });

  it('keeps working after its refresh token’s 45 days, never marked as expired', async () => {
    const { service, clock, requests } = await setup();
    clock.advance(2 * HOUR);
    await service.test('101');

    const stop = service.startBackgroundRefresh();
    clock.advance(50 * DAY);

    expect(service.record('101')).toMatchObject({ status: 'active', statusIssue: null });
    await expect(service.test('101')).resolves.toMatchObject({ ok: true });
    stop();
    expect(requests('refresh_token')).toHaveLength(0);
  });
});
