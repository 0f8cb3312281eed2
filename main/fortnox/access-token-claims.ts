import { z } from 'zod';
import { normalizeTenantId } from '../../shared/tenant-id';
import { clampEpochMs, normaliseGrantedScopes } from './untrusted-fields';

/** What the app reads from a Fortnox access token. */
export interface AccessTokenClaims {
  tenantId: string;
  scopes: string[];
  userId?: string;
  clientId?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
}

/** A tenant id in canonical form (no leading zeros); zero is not a company (shared/tenant-id.ts). */
const tenantIdValue = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)])
  .transform((value) => normalizeTenantId(value))
  .pipe(z.string());

const claimsSchema = z.object({
  tenantId: tenantIdValue,
  scopes: z.array(z.unknown()).max(1_000).optional(),
  scope: z.string().max(4_000).optional(),
  userId: z.union([z.string(), z.number()]).transform(String).optional(),
  clientId: z.string().optional(),
  exp: z.number().optional(),
});

/**
 * Reads the claims of a Fortnox access token (a JWT; fortnox.md section 8). The signature is NOT
 * verified and cannot be: Fortnox signs with HS256 and a key it does not publish (section 3). So the
 * claims are used only to tell which company a token we just received over TLS from Fortnox's own
 * token endpoint belongs to, never to decide whether to trust a token from elsewhere.
 * Returns undefined for anything that is not a JWT with a usable `tenantId`.
 */
export function readAccessTokenClaims(accessToken: string): AccessTokenClaims | undefined {
  const parts = accessToken.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = claimsSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const claims = parsed.data;
  // Normalised like the token answer's scopes: malformed strings are not kept (issue 7, finding 3).
  const { scopes } = normaliseGrantedScopes(claims.scopes ?? claims.scope?.split(/\s+/).filter(Boolean) ?? []);
  return {
    tenantId: claims.tenantId,
    scopes,
    ...(claims.userId !== undefined ? { userId: claims.userId } : {}),
    ...(claims.clientId !== undefined ? { clientId: claims.clientId } : {}),
    ...(claims.exp !== undefined ? { expiresAt: clampEpochMs(claims.exp * 1000) } : {}),
  };
}
