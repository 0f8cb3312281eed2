/** What a tenant id may look like as text (before normalising): 1 to 20 decimal digits. */
export const TENANT_ID_PATTERN = /^[0-9]{1,20}$/;

/** True when `text` looks like a tenant id (see {@link TENANT_ID_PATTERN}). */
export function isTenantIdText(text: string): boolean {
  return TENANT_ID_PATTERN.test(text);
}

/**
 * Fortnox's tenant id (`DatabaseNumber`, the `tenantId` claim) is a number, but arrives as a JSON
 * number in one place and a string in another (fortnox.md section 8). "0012345" and "12345" are the
 * same company, so every id is reduced to its canonical decimal form where it enters the app.
 * Zero is not a company: Fortnox numbers its databases from 1 (an id of 0 is what a missing or
 * defaulted int32 looks like), so "0", "000" and 0 are refused rather than stored as a company.
 */
export function normalizeTenantId(raw: string | number | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw <= 0) return undefined;
    return String(raw);
  }
  if (!isTenantIdText(raw)) return undefined;
  const stripped = raw.replace(/^0+/, '');
  return stripped === '' ? undefined : stripped;
}
