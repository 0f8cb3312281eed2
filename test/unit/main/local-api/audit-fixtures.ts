import type { AuditContext } from '../../../../main/local-api/audit-recording';

/** 2026-03-10 12:00 UTC. */
export const AUDIT_NOON = Date.UTC(2026, 2, 10, 12, 0, 0);

/** A token handed out by key `Power BI` for company 101 (Café Söder AB) at noon, as the local API records it. */
export function tokenContext(overrides: Partial<AuditContext> = {}): AuditContext {
  return {
    startedAt: AUDIT_NOON,
    kind: 'token',
    method: 'POST',
    tenantId: '101',
    path: '/v1/companies/101/access-token',
    keyId: 'key_00000000000000aa',
    keyName: 'Power BI',
    bytesOut: 158,
    companyName: 'Café Söder AB',
    ...overrides,
  };
}
