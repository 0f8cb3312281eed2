import { describe, expect, it } from 'vitest';
import type { ScopeName } from '../../../../shared/scope-names';
import { obtainCode } from '../../simulator/token-test-kit';
import { connectionsScript, flushPromises, loginFor, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';
import { connectCompany, grantFor, openConnections, upserts } from './connections-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SCOPES: ScopeName[] = ['companyinformation', 'invoice'];

describe('ConnectionsService after the computer slept', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup() {
    const { clock, simulator } = await start(connectionsScript());
    const opened = await openConnections({ dir: await tempDir(), clock, simulator });
    return { clock, simulator, ...opened };
  }

  it('refreshes a company that fell due during the sleep right after resume, not at the old timer', async () => {
    const { service, simulator, clock, nextPublished } = await setup();
    await connectCompany(service, simulator, 101);
    const stop = service.startBackgroundRefresh();
    clock.advance(7 * DAY - 2 * HOUR);
    await service.keeper.settle();
    expect(simulator.refreshCount(101)).toBe(0);

    // Three days asleep: the seven-day mark passed, but the planner's timers count time awake.
    clock.suspend(3 * DAY);
    clock.advance(0);
    await service.keeper.settle();
    expect(simulator.refreshCount(101)).toBe(0);

    const refreshed = nextPublished(upserts('101', { status: 'active', lastRefreshedAt: clock.now() }));
    service.resumed();
    clock.advance(0);
    await refreshed;
    expect(simulator.refreshCount(101)).toBe(1);

    // The old plan is gone: no second refresh when its timers would have come due.
    clock.advance(2 * HOUR);
    await service.keeper.settle();
    expect(simulator.refreshCount(101)).toBe(1);
    stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('spaces the refreshes of several companies that fell due during the sleep as usual', async () => {
    const { service, simulator, clock, nextPublished } = await setup();
    await connectCompany(service, simulator, 101);
    await connectCompany(service, simulator, 201);
    const stop = service.startBackgroundRefresh();
    clock.suspend(8 * DAY);

    // Each wait ends once the refreshed company is saved (published after its companies.json write).
    const first = nextPublished(upserts('101', { status: 'active', lastRefreshedAt: clock.now() }));
    service.resumed();
    clock.advance(0);
    await first;
    expect([simulator.refreshCount(101), simulator.refreshCount(201)]).toEqual([1, 0]);
    const second = nextPublished(upserts('201', { status: 'active', lastRefreshedAt: clock.now() + 250 }));
    clock.advance(250);
    await second;
    expect([simulator.refreshCount(101), simulator.refreshCount(201)]).toEqual([1, 1]);
    stop();
  });

  it('marks a connection whose 45 days ended during the sleep as needing a reconnect, without calling Fortnox', async () => {
    const { service, simulator, clock, nextPublished } = await setup();
    await connectCompany(service, simulator, 101);
    const stop = service.startBackgroundRefresh();
    clock.suspend(46 * DAY);
    expect(service.record('101')?.status).toBe('active');

    const marked = nextPublished(upserts('101', { status: 'needs_reconnect' }));
    service.resumed();
    await marked;

    expect(service.record('101')).toMatchObject({ status: 'needs_reconnect', statusIssue: 'refresh_token_expired' });
    clock.advance(0);
    await service.keeper.settle();
    expect(simulator.refreshCount(101)).toBe(0);
    stop();
  });

  it('shows an access-only connection whose hour ended during the sleep as ended right after resume', async () => {
    const { service, simulator, clock, nextPublished } = await setup();
    const code = await obtainCode(simulator, { ...loginFor(101), params: { scope: SCOPES.join(' '), access_type: undefined } });
    await service.authorize({ ...grantFor(simulator, code, SCOPES), offlineAccess: false });
    clock.suspend(3 * HOUR);
    clock.advance(0);
    await flushPromises();
    expect(service.record('101')?.status).toBe('access_only');

    const marked = nextPublished(upserts('101', { status: 'needs_reconnect' }));
    service.resumed();
    clock.advance(0);
    await marked;

    expect(service.record('101')).toMatchObject({ status: 'needs_reconnect', statusIssue: 'access_only_ended' });
  });

  it('never hands out an access token that expired during the sleep: its next use refreshes it once', async () => {
    const { service, simulator, clock, nextPublished } = await setup();
    await connectCompany(service, simulator, 101);
    const before = await service.keeper.current('101');
    clock.suspend(2 * HOUR);
    service.resumed();

    const saved = nextPublished(upserts('101', { status: 'active', lastRefreshedAt: clock.now() }));
    const tokens = await Promise.all([service.keeper.accessToken('101'), service.keeper.accessToken('101')]);
    await saved;

    expect(simulator.refreshCount(101)).toBe(1);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[0]).not.toBe(before?.accessToken);
    expect((await service.keeper.current('101'))?.accessTokenExpiresAt).toBe(clock.now() + HOUR);
  });
});

