import { describe, expect, it } from 'vitest';
import { BATCH_ENTRIES_MAX } from '../../../../shared/batch-contract';
import type { ClientView } from '../../../../shared/ipc-contract';
import { BATCH_ENTRIES_LIMIT, missingClients } from '../../../../renderer/src/clients/missing-clients';

const client = (orgNumber: string, name: string | null, state: ClientView['state']): ClientView => ({ orgNumber, name, state, tenantId: null });

describe('missingClients', () => {
  it('takes the clients not connected yet, with their names, and leaves out connected, skipped and needing-reconnect ones', () => {
    const clients = [
      client('556677-8899', 'Ett AB', 'not_connected'),
      client('556123-4567', 'Två AB', 'connected'),
      client('559876-5435', null, 'not_connected'),
      client('556036-0793', 'Fyra AB', 'skipped'),
      client('212000-0142', 'Fem AB', 'needs_reconnect'),
    ];
    expect(missingClients(clients)).toEqual({ entries: [{ orgNumber: '556677-8899', name: 'Ett AB' }, { orgNumber: '559876-5435' }], missing: 2 });
  });

  it('takes at most one batch of clients and counts the rest', () => {
    const clients = Array.from({ length: 5 }, (_, index) => client(`55667788${index}0`, null, 'not_connected'));
    expect(missingClients(clients, 3)).toMatchObject({ missing: 5, entries: { length: 3 } });
  });

  it('uses the batch contract’s limit', () => {
    expect(BATCH_ENTRIES_LIMIT).toBe(BATCH_ENTRIES_MAX);
  });
});
