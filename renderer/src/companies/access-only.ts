import type { CompanySummary } from '../../../shared/ipc-contract';

/**
 * Whether a connection was made without offline access and so has, or had, no refresh token: it
 * ends with its one-hour access token, and its action is to reconnect with offline access.
 */
export function isAccessOnly(company: Pick<CompanySummary, 'status' | 'statusIssue'>): boolean {
  return company.status === 'access_only' || company.statusIssue === 'access_only_ended';
}
