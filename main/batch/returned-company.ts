import { normalizeTenantId } from '../../shared/tenant-id';

/** The company a batch sign-in reached, as the token exchange identified it. */
export interface ReturnedCompany {
  /** Canonical tenant id (`DatabaseNumber`). */
  tenantId: string;
  companyName: string | null;
  /** Company information's `OrganizationNumber`, as Fortnox sent it (cleaned), or null. */
  organizationNumber: string | null;
  /** True when the company was connected before this sign-in: storing it updates it in place. */
  alreadyConnected: boolean;
}

/**
 * The canonical `NNNNNN-NNNN` form of an organisation number as Fortnox returns it
 * (`OrganizationNumber`, e.g. "556677-8899", "5566778899" or with the century, "165566778899"),
 * or null when it is not one. Only for matching against the list, whose numbers were checked
 * (Luhn included) by shared/org-number.ts when they were imported; Fortnox's own value needs no
 * check digit to be matched, only the same shape.
 */
export function canonicalOrgNumber(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.length > 40) return null;
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^[0-9]+$/.test(digits)) return null;
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  return ten.length === 10 ? `${ten.slice(0, 6)}-${ten.slice(6)}` : null;
}

/** The canonical tenant id of a list entry or a returned company (leading zeros dropped). */
export function canonicalTenant(raw: string | null | undefined): string | null {
  return normalizeTenantId(raw ?? undefined) ?? null;
}
