import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
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

  it('never lists a restored unknown connection whose tokens a disconnect of the same row removed meanwhile', async () => {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const first = await openConnections({ dir, clock, simulator });
    await connectCompany(first.service, simulator, 101);
    const file = path.join(dir, 'companies.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { companies: unknown[] };
    await writeFile(file, JSON.stringify({ ...doc, companies: [] }));
    const { service, vault, client } = await openConnections({ dir, clock, simulator, safeStorage: first.safeStorage });
    let answerRevoke: () => void = () => undefined;
    const revoke = vi.spyOn(client, 'revoke').mockImplementationOnce(() => new Promise<void>((resolve) => (answerRevoke = resolve)));

    // The disconnect holds the company's exclusive section while Fortnox has not answered the revocation.
    const disconnecting = service.disconnectAttention('unknown-101');
    await vi.waitFor(() => expect(revoke).toHaveBeenCalled());
    const restoreWaits = new Promise<'waiting'>((resolve) => {
      const exclusive = service.keeper.exclusive.bind(service.keeper);
      vi.spyOn(service.keeper, 'exclusive').mockImplementation((tenantId, task) => {
        resolve('waiting');
        return exclusive(tenantId, task);
      });
    });
    const restoring = service.restore('101');
    // Without the exclusive section the restore finishes here, reading tokens that are about to go.
    await Promise.race([restoring, restoreWaits]);
    answerRevoke();
    const [disconnected, restored] = await Promise.all([disconnecting, restoring]);

    expect(disconnected).toMatchObject({ removed: true, revoked: true });
    expect(restored).toEqual({ ok: false, reason: 'not_found', issue: null });
    expect(service.list()).toEqual([]);
    expect(service.attentionRows()).toEqual([]);
    expect(vault.names()).toEqual([]);
  });
});
