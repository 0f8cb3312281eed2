import { describe, expect, it } from 'vitest';
import { clientListing } from '../../../../main/clients/client-states';
import type { ClientRecord } from '../../../../main/clients/client-file';
import { DAY, NOW, summary } from '../background/company-summaries';

function record(orgNumber: string, overrides: Partial<ClientRecord> = {}): ClientRecord {
  return { orgNumber, name: null, addedAt: NOW - DAY, skippedAt: null, ...overrides };
}

describe('clientListing', () => {
  it('derives each state from the connected companies at read time, with counts per state', () => {
    const records = [
      record('556677-8899', { name: 'Ett AB' }),
      record('556123-4567'),
      record('559876-5435', { skippedAt: NOW - 1 }),
      record('556036-0793', { name: 'Fyra AB' }),
    ];
    const companies = [
      summary('101', { organizationNumber: '5566778899' }),
      summary('102', { organizationNumber: '556123-4567', companyName: 'Två från Fortnox AB', status: 'needs_reconnect', statusIssue: 'invalid_grant' }),
    ];
    const listing = clientListing(records, companies, NOW);
    expect(listing.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Ett AB', state: 'connected', tenantId: '101' },
      { orgNumber: '556123-4567', name: 'Två från Fortnox AB', state: 'needs_reconnect', tenantId: '102' },
      { orgNumber: '559876-5435', name: null, state: 'skipped', tenantId: null },
      { orgNumber: '556036-0793', name: 'Fyra AB', state: 'not_connected', tenantId: null },
    ]);
    expect(listing.counts).toEqual({ not_connected: 1, connected: 1, needs_reconnect: 1, skipped: 1 });
  });

  it('shows a skipped client as connected once a company with its number is connected', () => {
    const listing = clientListing([record('556677-8899', { skippedAt: NOW - 1 })], [summary('101', { organizationNumber: '556677-8899' })], NOW);
    expect(listing.clients[0]?.state).toBe('connected');
  });

  it('counts a company past its 45-day deadline, or whose access-only hour ended, as needing a reconnect', () => {
    const listing = clientListing(
      [record('556677-8899'), record('556123-4567')],
      [
        summary('101', { organizationNumber: '556677-8899' }, -1),
        summary('102', { organizationNumber: '556123-4567', status: 'needs_reconnect', statusIssue: 'access_only_ended' }),
      ],
      NOW,
    );
    expect(listing.clients.map((client) => client.state)).toEqual(['needs_reconnect', 'needs_reconnect']);
  });

  it('prefers a working company when two share the organisation number', () => {
    const companies = [
      summary('101', { organizationNumber: '556677-8899', status: 'needs_reconnect', statusIssue: 'invalid_grant' }),
      summary('102', { organizationNumber: '556677-8899' }),
    ];
    expect(clientListing([record('556677-8899')], companies, NOW).clients[0]).toMatchObject({ state: 'connected', tenantId: '102' });
  });

  it('ignores companies without a readable organisation number', () => {
    const companies = [summary('101', { organizationNumber: null }), summary('102', { organizationNumber: 'okänt' })];
    expect(clientListing([record('556677-8899')], companies, NOW).clients[0]?.state).toBe('not_connected');
  });
});
