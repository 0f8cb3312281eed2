import { describe, expect, it } from 'vitest';
import type { ReturnedCompany } from '../../../../main/batch/returned-company';
import { UnexpectedCompanyError } from '../../../../main/connections/connections-service';
import { HELD_GRANT_TIMEOUT_MS } from '../../../../main/connections/held-grants';
import { tokenEntryName } from '../../../../main/connections/vault-token-store';
import type { ScopeName } from '../../../../shared/scope-names';
import { codeFor, connectionsScript, flushPromises, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';
import { connectCompany, grantFor, openConnections } from './connections-harness';

const SCOPES: ScopeName[] = ['companyinformation', 'invoice'];

describe('ConnectionsService.authorizeIf (batch connect)', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup() {
    const { clock, simulator } = await start(connectionsScript());
    const opened = await openConnections({ dir: await tempDir(), clock, simulator });
    const signIn = async (tenantId: number, flowId: string) => ({
      ...grantFor(simulator, await codeFor(simulator, tenantId, SCOPES.join(' ')), SCOPES),
      flowId,
    });
    return { clock, simulator, signIn, ...opened };
  }

  it('shows the batch the company Fortnox returned, with its organisation number, and stores it when accepted', async () => {
    const { service, signIn } = await setup();
    const seen: ReturnedCompany[] = [];
    const connected = await service.authorizeIf(await signIn(201, 'flow-batch-0001'), (company) => {
      seen.push(company);
      return true;
    });
    expect(seen).toEqual([{ tenantId: '201', companyName: 'Tvåans Trä AB', organizationNumber: '556201-0201', alreadyConnected: false }]);
    expect(connected).toMatchObject({ tenantId: '201', reconnected: false });
    expect(service.list().map((company) => company.tenantId)).toEqual(['201']);
  });

  it('updates a company that is already connected in place, never a second row', async () => {
    const { service, simulator, signIn } = await setup();
    await connectCompany(service, simulator, 201, SCOPES);
    let already = false;
    const connected = await service.authorizeIf(await signIn(201, 'flow-batch-0002'), (company) => {
      already = company.alreadyConnected;
      return true;
    });
    expect(already).toBe(true);
    expect(connected.reconnected).toBe(true);
    expect(service.list()).toHaveLength(1);
  });

  it('stores nothing for a refused company, holds its grant for keep, and revokes it when let go', async () => {
    const { service, simulator, signIn, vault } = await setup();
    const error = await service.authorizeIf(await signIn(202, 'flow-batch-0003'), () => false).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(UnexpectedCompanyError);
    expect((error as UnexpectedCompanyError).company).toMatchObject({ tenantId: '202', organizationNumber: '969202-0202' });
    expect(service.list()).toEqual([]);
    expect(vault.names()).toEqual([]);
    expect(service.discardHeld('flow-batch-0003')).toBe(1);
    await service.revocationsSettled();
    expect(simulator.revocations()).toHaveLength(1);
  });

  it('revokes a refused company at once, holding nothing, when its code exchange ends after quitting began', async () => {
    const { service, simulator, signIn, vault } = await setup();
    const grant = await signIn(202, 'flow-batch-late');

    const exchanging = service.authorizeIf(grant, () => false).catch((reason: unknown) => reason);
    const quitting = service.shutdown();
    expect(await exchanging).toBeInstanceOf(UnexpectedCompanyError);
    await quitting;
    await service.revocationsSettled();

    expect(simulator.revocations()).toEqual([expect.objectContaining({ revoked: true, tenantId: 202 })]);
    expect(service.discardHeld('flow-batch-late')).toBe(0);
    expect(vault.names()).toEqual([]);
  });

  it('keeps a refused company when the user says so', async () => {
    const { service, signIn, vault } = await setup();
    await service.authorizeIf(await signIn(202, 'flow-batch-0004'), () => false).catch(() => undefined);
    const kept = await service.keepHeld('flow-batch-0004');
    expect(kept).toMatchObject({ tenantId: '202', reconnected: false });
    expect(vault.names()).toEqual([tokenEntryName('202')]);
  });

  it('lets a held company go by itself (revoked) when nobody answers in time', async () => {
    const { service, simulator, signIn, clock } = await setup();
    await service.authorizeIf(await signIn(202, 'flow-batch-0005'), () => false).catch(() => undefined);
    clock.advance(HELD_GRANT_TIMEOUT_MS);
    await flushPromises();
    await service.revocationsSettled();
    expect(simulator.revocations()).toHaveLength(1);
    expect(await service.keepHeld('flow-batch-0005')).toBeUndefined();
  });
});
