import type { FirmRole } from '../../shared/firm-api';

/**
 * Who gets which role on the firm server, from the identity provider's claims. The lists come from
 * the server's configuration (`OIDC_ADMIN_EMAILS`, `OIDC_ADMIN_GROUPS`, `OIDC_ACCOUNTANT_GROUPS`,
 * `OIDC_ACCOUNTANT_EMAIL_DOMAINS`); e-mail addresses and domains compare case-insensitively, group
 * names and ids exactly (Entra's group ids are lower-case GUIDs; other providers' names may differ
 * only in case and still be different groups).
 */
export interface RoleRules {
  adminEmails: readonly string[];
  adminGroups: readonly string[];
  accountantGroups: readonly string[];
  /** Domains without `@` (`byran.se`); a user's address must end in `@` and one of them exactly. */
  accountantEmailDomains: readonly string[];
}

/** The role `email` and `groups` give under `rules`: admin first, then accountant, else none. */
export function roleFor(rules: RoleRules, email: string | null, groups: readonly string[]): FirmRole | null {
  const address = email?.toLowerCase() ?? null;
  const groupSet = new Set(groups);
  if (address !== null && rules.adminEmails.some((admin) => admin.trim().toLowerCase() === address)) return 'admin';
  if (rules.adminGroups.some((group) => groupSet.has(group))) return 'admin';
  if (rules.accountantGroups.some((group) => groupSet.has(group))) return 'accountant';
  if (address !== null) {
    const domain = address.slice(address.lastIndexOf('@') + 1);
    if (rules.accountantEmailDomains.some((allowed) => allowed.trim().toLowerCase().replace(/^@/, '') === domain)) return 'accountant';
  }
  return null;
}
