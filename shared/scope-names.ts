/**
 * Every Fortnox scope the app can request, under its exact wire name (case-sensitive).
 * Source: ../shared/reference/fortnox.md section 6 (Fortnox's scopes page, plus the values that
 * the C# SDK's Scope enum adds). The last five are in the SDK but not on Fortnox's scopes page.
 */
export const SCOPE_NAMES = [
  'archive',
  'article',
  'bookkeeping',
  'companyinformation',
  'connectfile',
  'costcenter',
  'currency',
  'customer',
  'inbox',
  'invoice',
  'noxfinansinvoice',
  'offer',
  'order',
  'payment',
  'price',
  'print',
  'profile',
  'project',
  'salary',
  'settings',
  'supplier',
  'supplierinvoice',
  'timereporting',
  'assets',
  'warehouse',
  'warehousecustomdocument',
  'companylogo',
  'deletevoucher',
] as const;

/** A Fortnox scope's wire name. */
export type ScopeName = (typeof SCOPE_NAMES)[number];

/** The scope the app needs to tell which company was connected; selected by default. */
export const COMPANY_INFORMATION_SCOPE: ScopeName = 'companyinformation';

/** Scopes in the SDK enum that Fortnox's scopes page does not list (status unconfirmed). */
export const UNLISTED_SCOPES: readonly ScopeName[] = [
  'assets',
  'warehouse',
  'warehousecustomdocument',
  'companylogo',
  'deletevoucher',
];

/** True when `value` is a known scope wire name. */
export function isScopeName(value: string): value is ScopeName {
  return (SCOPE_NAMES as readonly string[]).includes(value);
}
