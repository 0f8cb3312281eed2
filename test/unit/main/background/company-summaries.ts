import type { CompanySummary } from '../../../../shared/ipc-contract';

export const DAY = 24 * 60 * 60 * 1000;
/** A fixed "now" for the alert tests: 2026-12-02 09:00 UTC. */
export const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);

/** A healthy user company whose refresh token expires `daysLeft` days after NOW. */
export function summary(tenantId: string, overrides: Partial<CompanySummary> = {}, daysLeft = 40): CompanySummary {
  return {
    tenantId,
    companyName: `Bolag ${tenantId} AB`,
    organizationNumber: null,
    accountType: 'user',
    requestedScopes: ['companyinformation'],
    grantedScopes: ['companyinformation'],
    offlineAccess: true,
    connectedAt: NOW - 5 * DAY,
    lastRefreshedAt: null,
    accessTokenExpiresAt: null,
    statusIssue: null,
    statusDetail: null,
    refreshTokenExpiresAt: NOW + daysLeft * DAY,
    status: 'active',
    lastTest: null,
    ...overrides,
  };
}
