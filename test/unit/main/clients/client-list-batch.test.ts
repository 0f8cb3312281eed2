import { describe, expect, it, vi } from 'vitest';
import { clientsOfBatch } from '../../../../main/clients/client-handlers';
import type { ClientListing } from '../../../../shared/ipc-contract';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import { openApp } from '../app-under-test';
import { connectionsScript, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';

describe('clientsOfBatch', () => {
  it('takes the entries named by organisation number, not the connected companies a bulk reconnect names', () => {
    expect(
      clientsOfBatch([
        { orgNumber: '556677-8899', name: 'Ett AB' },
        { orgNumber: '556123-4567' },
        { orgNumber: '559876-5435', tenantId: '101' },
        { tenantId: '102' },
      ]),
    ).toEqual([{ orgNumber: '556677-8899', name: 'Ett AB' }, { orgNumber: '556123-4567' }]);
  });
});

describe('the client list and batch connect, over IPC', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();
  const START = { scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false };

  it('lists the organisation numbers a batch starts with as clients, and marks the one the batch skips', async () => {
    const { clock, simulator } = await start(connectionsScript());
    const { invoke, sent } = await openApp({ dir: await tempDir(), clock, simulator });
    const entries = [{ orgNumber: '556677-8899', name: 'Ett AB' }, { orgNumber: '556123-4567' }];
    expect(await invoke<{ started: boolean }>(INVOKE_CHANNELS.startBatch, { ...START, entries })).toMatchObject({ started: true });
    await vi.waitFor(async () => expect((await invoke<ClientListing>(INVOKE_CHANNELS.listClients, undefined)).clients).toHaveLength(2));

    expect(await invoke(INVOKE_CHANNELS.skipBatchEntry, {})).toEqual({ skipped: true });
    await vi.waitFor(async () =>
      expect((await invoke<ClientListing>(INVOKE_CHANNELS.listClients, undefined)).clients).toEqual([
        { orgNumber: '556677-8899', name: 'Ett AB', state: 'skipped', tenantId: null },
        { orgNumber: '556123-4567', name: null, state: 'not_connected', tenantId: null },
      ]),
    );
    // The window was told each time, so an open Clients view reads the list again.
    expect(sent.filter((event) => event.channel === EVENT_CHANNELS.clientsChanged).length).toBeGreaterThanOrEqual(2);

    // A new batch taking the skipped client up again clears its mark.
    await invoke(INVOKE_CHANNELS.stopBatch, undefined);
    expect(await invoke<{ started: boolean }>(INVOKE_CHANNELS.startBatch, { ...START, entries: entries.slice(0, 1) })).toMatchObject({ started: true });
    await vi.waitFor(async () => expect((await invoke<ClientListing>(INVOKE_CHANNELS.listClients, undefined)).counts.skipped).toBe(0));
  });
});
