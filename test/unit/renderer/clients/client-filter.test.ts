import { describe, expect, it } from 'vitest';
import type { ClientView } from '../../../../shared/ipc-contract';
import { filterClients, isClientFilterState, NO_CLIENT_FILTER } from '../../../../renderer/src/clients/client-filter';

const client = (orgNumber: string, name: string | null, state: ClientView['state']): ClientView => ({ orgNumber, name, state, tenantId: null });

const CLIENTS = [
  client('556677-8899', 'Örebro Bygg AB', 'not_connected'),
  client('556123-4567', 'Alfa AB', 'connected'),
  client('559876-5435', 'Zeta AB', 'not_connected'),
  client('556036-0793', null, 'not_connected'),
  client('212000-0142', 'Beta AB', 'needs_reconnect'),
  client('811218-9876', 'Åkes Firma', 'skipped'),
];

describe('filterClients', () => {
  it('lists what needs the accountant first, then by name in Swedish order, unnamed clients last', () => {
    expect(filterClients(CLIENTS, NO_CLIENT_FILTER, 'sv').map((shown) => shown.orgNumber)).toEqual([
      '212000-0142',
      '559876-5435',
      '556677-8899',
      '556036-0793',
      '811218-9876',
      '556123-4567',
    ]);
  });

  it('shows one state only', () => {
    expect(filterClients(CLIENTS, { state: 'skipped', query: '' }, 'en').map((shown) => shown.name)).toEqual(['Åkes Firma']);
  });

  it('finds a client by part of its name, whatever the case', () => {
    expect(filterClients(CLIENTS, { state: 'all', query: 'örebro' }, 'sv').map((shown) => shown.orgNumber)).toEqual(['556677-8899']);
  });

  it('finds a client by its organisation number with or without the hyphen', () => {
    expect(filterClients(CLIENTS, { state: 'all', query: '6778899' }, 'sv').map((shown) => shown.orgNumber)).toEqual(['556677-8899']);
    expect(filterClients(CLIENTS, { state: 'all', query: '556677-88' }, 'sv').map((shown) => shown.orgNumber)).toEqual(['556677-8899']);
  });

  it('does not change the list it was given', () => {
    const before = [...CLIENTS];
    filterClients(CLIENTS, NO_CLIENT_FILTER, 'sv');
    expect(CLIENTS).toEqual(before);
  });
});

describe('isClientFilterState', () => {
  it('accepts the states and "all", nothing else', () => {
    expect(['all', 'connected', 'skipped'].every(isClientFilterState)).toBe(true);
    expect(isClientFilterState('active')).toBe(false);
  });
});
