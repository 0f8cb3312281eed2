import { KEY_RIGHTS, type KeyCompanies, type KeyRight } from '../../shared/local-api-keys';

/** Whether a key with `granted` may do what needs `needed` (each right includes the weaker ones). */
export function rightAllows(granted: KeyRight, needed: KeyRight): boolean {
  return KEY_RIGHTS.indexOf(granted) >= KEY_RIGHTS.indexOf(needed);
}

/** Whether a key for `companies` may use the company `tenantId` (both canonical tenant ids). */
export function companyAllowed(companies: KeyCompanies, tenantId: string): boolean {
  return companies === 'all' || companies.includes(tenantId);
}

/** The right a proxied Fortnox call needs: reading for GET and HEAD, writing for anything else. */
export function rightForProxyMethod(method: string): KeyRight {
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'HEAD' ? 'read' : 'read-write';
}
