/**
 * The aad each encrypted column seals its value with: it binds a ciphertext to its table, row and
 * column, so a value copied into another row or column does not open (sealer.ts). Every reader and
 * writer of these columns takes its aad from here.
 */

/** A token column of `company_tokens`: `company_tokens:<tenant>:access` or `:refresh`. */
export function tokenAad(tenantId: string, column: 'access' | 'refresh'): string {
  return `company_tokens:${tenantId}:${column}`;
}

/** The client secret in `fortnox_client` (one row, id 1). */
export const CLIENT_SECRET_AAD = 'fortnox_client:1:secret';

/** The canary value of a key id in `key_canaries` (key-health.ts). */
export function canaryAad(keyId: string): string {
  return `key_canaries:${keyId}:canary`;
}
