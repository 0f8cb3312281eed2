import type { BatchStartRequest } from '../../../shared/batch-contract';
import { CANONICAL_ORG_NUMBER } from '../../../shared/org-number';
import type { CompanySummary } from '../../../shared/ipc-contract';
import { isScopeName, type ScopeName } from '../../../shared/scope-names';
import { orderScopes } from './scope-difference';

/**
 * At most this many companies in one batch: shared/batch-contract.ts's BATCH_ENTRIES_MAX, copied
 * because that module brings zod, which the renderer bundle must not (a test keeps them equal).
 */
export const BULK_RECONNECT_MAX = 1_000;

/** Why selected companies cannot be reconnected as one batch. */
export type BulkReconnectProblem = 'too-many' | 'no-scopes';

/**
 * The `batch:start` request that reconnects these companies in place (entries by tenant id, in
 * the order shown). The request's scopes and options are only the batch's fallback: main asks each
 * connected company for its own stored scopes, offline access and account type (BatchRunnerDeps
 * `reconnectRequest`), so the union sent here never widens a narrower connection.
 */
export function bulkReconnectRequest(companies: readonly CompanySummary[]): BatchStartRequest | BulkReconnectProblem {
  if (companies.length > BULK_RECONNECT_MAX) return 'too-many';
  const scopes = orderScopes(companies.flatMap((company) => company.requestedScopes)).filter((name): name is ScopeName => isScopeName(name));
  if (scopes.length === 0) return 'no-scopes';
  return {
    entries: companies.map((company) => ({
      tenantId: company.tenantId,
      ...(company.companyName ? { name: company.companyName } : {}),
      ...(company.organizationNumber && CANONICAL_ORG_NUMBER.test(company.organizationNumber) ? { orgNumber: company.organizationNumber } : {}),
    })),
    scopes,
    offlineAccess: true,
    serviceAccount: companies.length > 0 && companies.every((company) => company.accountType === 'service'),
  };
}
