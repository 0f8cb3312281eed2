import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Hs256Signer } from './jwt-hs256';

/** Access tokens live one hour (`expires_in` 3600, fortnox.md section 3). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
/** The `iss` claim of Fortnox's tokens (fortnox.md section 8). */
export const ACCESS_TOKEN_ISSUER = 'https://api.fortnox.se/oauth2';

/** The claims of an access token, after the sample token decoded in fortnox.md section 8. */
export const accessTokenClaimsSchema = z.object({
  tenantId: z.number().int(),
  userId: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  scope: z.string(),
  sub: z.string(),
  aud: z.string(),
  iss: z.literal(ACCESS_TOKEN_ISSUER),
  iat: z.number().int(),
  exp: z.number().int(),
  authsource: z.literal('OAUTH2'),
  jti: z.string(),
});

/** What an access token says about its caller. */
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

/** Who an access token is for. */
export interface AccessTokenSubject {
  tenantId: number;
  userId: string;
  clientId: string;
  scopes: readonly string[];
}

/** Why a bearer token was refused. */
export type AccessTokenProblem = 'missing' | 'invalid' | 'expired';

/** The outcome of checking a bearer token. */
export type AccessTokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; problem: AccessTokenProblem };

/**
 * Issues and checks the simulator's access tokens: HS256 JWTs with Fortnox's claims, timed by the
 * injected clock in whole seconds. `rightsAsJson` (a compressed blob) is left out. Like Fortnox's,
 * they cannot be revoked and stay valid until `exp` (fortnox.md section 4).
 */
export class AccessTokens {
  private readonly signer = new Hs256Signer();
  private readonly issued = new Map<number, string[]>();
  private readonly rejected = new Set<string>();
  private readonly rejectedTenants = new Set<number>();

  constructor(private readonly now: () => number) {}

  /** A fresh signed token for `subject`, valid for 3600 seconds from now. */
  issue(subject: AccessTokenSubject): { token: string; claims: AccessTokenClaims } {
    const iat = Math.floor(this.now() / 1000);
    const claims: AccessTokenClaims = {
      tenantId: subject.tenantId,
      userId: subject.userId,
      clientId: subject.clientId,
      scopes: [...subject.scopes],
      scope: subject.scopes.join(' '),
      sub: `${subject.userId}@${subject.tenantId}`,
      aud: subject.clientId,
      iss: ACCESS_TOKEN_ISSUER,
      iat,
      exp: iat + ACCESS_TOKEN_LIFETIME_SECONDS,
      authsource: 'OAUTH2',
      jti: randomUUID(),
    };
    this.issued.set(subject.tenantId, [...(this.issued.get(subject.tenantId) ?? []), claims.jti]);
    return { token: this.signer.sign(claims), claims };
  }

  /** Every access token issued so far for `tenantId` (and with `future`, every later one too) is answered 401 from now on. */
  rejectIssued(tenantId: number, future = false): void {
    for (const jti of this.issued.get(tenantId) ?? []) this.rejected.add(jti);
    if (future) this.rejectedTenants.add(tenantId);
  }

  /** Checks a token's signature and `exp` against the injected clock. */
  check(token: string | undefined): AccessTokenCheck {
    if (token === undefined || token === '') return { ok: false, problem: 'missing' };
    const parsed = accessTokenClaimsSchema.safeParse(this.signer.verify(token));
    if (!parsed.success) return { ok: false, problem: 'invalid' };
    if (this.now() >= parsed.data.exp * 1000) return { ok: false, problem: 'expired' };
    if (this.rejected.has(parsed.data.jti) || this.rejectedTenants.has(parsed.data.tenantId)) return { ok: false, problem: 'invalid' };
    return { ok: true, claims: parsed.data };
  }
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}
