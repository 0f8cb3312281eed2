import type { CompanySummary } from '../../../shared/ipc-contract';
import type { Messages } from '../i18n/messages';

/**
 * How a service account's connection is kept alive, for its row: the client-credentials grant
 * (no 45-day deadline) or the refresh token (the grant was refused). Null for a user account, which
 * has only its refresh token, and for a service account not renewed since this was recorded.
 */
export function keptAliveText(company: Pick<CompanySummary, 'accountType' | 'keptAliveBy'>, messages: Messages): string | null {
  if (company.accountType !== 'service' || company.keptAliveBy === undefined) return null;
  return messages.companies.keptAliveBy[company.keptAliveBy];
}
