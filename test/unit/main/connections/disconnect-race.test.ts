import { describe, expect, it } from 'vitest';
import { tokenEntryName } from '../../../../main/connections/vault-token-store';
import { connectionsScript, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';
import { connectCompany, openConnections } from './connections-harness';

const HOUR = 3_600_000;

describe('disconnect while a refresh is asked for', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  it('revokes the newest refresh token and leaves no token in the vault or alive at Fortnox', async () => {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const { service, vault } = await openConnections({ dir, clock, simulator });
    await connectCompany(service, simulator, 101);
    clock.advance(2 * HOUR); // the access token has expired: a test would refresh
    simulator.injectFault({ route: 'revoke', kind: 'delay', ms: 100 });
    const [disconnected] = await Promise.all([service.disconnect('101'), service.test('101')]);
    await service.keeper.settle();
    expect(disconnected).toMatchObject({ removed: true, revoked: true });
    expect(simulator.revocations().map((revocation) => revocation.revoked)).toEqual([true]);
    expect(simulator.grants().filter((grant) => grant.tenantId === 101 && grant.endedAt === null)).toEqual([]);
    expect(await vault.get(tokenEntryName('101'))).toBeUndefined();
  });

  it('keeps the new pair of a reconnect when a refresh of the old grant is asked for at the same time', async () => {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const { service, vault } = await openConnections({ dir, clock, simulator });
    await connectCompany(service, simulator, 101);
    clock.advance(2 * HOUR);
    const refreshing = service.keeper.refresh('101').catch(() => undefined);
    await connectCompany(service, simulator, 101);
    await refreshing;
    await service.keeper.settle();
    const stored = JSON.parse((await vault.get(tokenEntryName('101'))) ?? '{}') as { refreshToken?: string };
    const live = simulator.grants().filter((grant) => grant.tenantId === 101 && grant.endedAt === null);
    expect(live.map((grant) => grant.refreshToken)).toContain(stored.refreshToken);
  });
});
