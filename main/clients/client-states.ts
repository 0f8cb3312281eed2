import type { ClientListing, ClientView } from '../../shared/client-contract';
import { CLIENT_STATES, type ClientState } from '../../shared/client-list-rules';
import type { CompanySummary } from '../../shared/ipc-contract';
import { canonicalOrgNumber } from '../../shared/org-number';
import { summarizeAttention } from '../background/attention-summary';
import type { ClientRecord } from './client-file';

/**
 * Each client with its state, worked out from the connected companies now: `connected` when a
 * company with its organisation number works, `needs_reconnect` when that company needs a new
 * sign-in, else `skipped` when a batch skipped it, else `not_connected`. Fortnox's organisation
 * number is read with the same parser as the import, so "5566778899" and "556677-8899" match.
 * A company needs reconnecting as the alerts count it (marked so, or past its 45-day deadline),
 * and also when its access-only hour has ended. When two companies share a number (two Fortnox
 * databases of one firm), a working one wins.
 */
export function clientListing(records: readonly ClientRecord[], companies: readonly CompanySummary[], now: number): ClientListing {
  const attention = new Set(summarizeAttention(companies, now).reconnect.map((company) => company.tenantId));
  const needsReconnect = (company: CompanySummary) => company.status === 'needs_reconnect' || attention.has(company.tenantId);
  const byOrgNumber = new Map<string, CompanySummary>();
  for (const company of companies) {
    const orgNumber = canonicalOrgNumber(company.organizationNumber);
    if (orgNumber === undefined) continue;
    const known = byOrgNumber.get(orgNumber);
    if (!known || (needsReconnect(known) && !needsReconnect(company))) byOrgNumber.set(orgNumber, company);
  }
  const counts = Object.fromEntries(CLIENT_STATES.map((state) => [state, 0])) as Record<ClientState, number>;
  const clients = records.map((record): ClientView => {
    const company = byOrgNumber.get(record.orgNumber);
    const state: ClientState = company
      ? needsReconnect(company)
        ? 'needs_reconnect'
        : 'connected'
      : record.skippedAt !== null
        ? 'skipped'
        : 'not_connected';
    counts[state] += 1;
    return { orgNumber: record.orgNumber, name: record.name ?? company?.companyName ?? null, state, tenantId: company?.tenantId ?? null };
  });
  return { clients, counts };
}
