import type { CompanySummary } from '../../../../shared/ipc-contract';

/** One company summary as main would send it, with what the test cares about overridden. */
export function company(overrides: Partial<CompanySummary> & Pick<CompanySummary, 'tenantId'>): CompanySummary {
  return {
    companyName: `Företag ${overrides.tenantId}`,
    organizationNumber: '556677-8899',
    accountType: 'user',
    requestedScopes: ['companyinformation'],
    grantedScopes: ['companyinformation'],
    offlineAccess: true,
    connectedAt: 1_000,
    lastRefreshedAt: null,
    accessTokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    status: 'active',
    statusIssue: null,
    statusDetail: null,
    lastTest: null,
    ...overrides,
  };
}
