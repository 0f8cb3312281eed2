import type { CompanySummary } from '../../shared/ipc-contract';

/** Statuses of a company that only the user can mend (a new sign-in, or a look at what failed). */
const NEEDS_ATTENTION: ReadonlySet<CompanySummary['status']> = new Set(['needs_reconnect', 'error']);

/**
 * How many entries of the company list need the user: companies that must be reconnected or whose
 * refresh failed, plus the list's attention rows (damaged records and unknown connections, see
 * shared/attention-rows.ts). Access-only companies are working until their hour ends, when they
 * become `needs_reconnect` and are counted.
 */
export function countNeedingAttention(companies: readonly Pick<CompanySummary, 'status'>[], attentionRows: number): number {
  return companies.filter((company) => NEEDS_ATTENTION.has(company.status)).length + attentionRows;
}
