import type { ScopeName } from '../shared/scope-names';
import type { IssuedCode } from './code-store';
import { randomToken } from './random-token';

/** Refresh tokens live 45 days and are single use (fortnox.md section 3). */
export const REFRESH_TOKEN_LIFETIME_MS = 45 * 24 * 60 * 60 * 1000;

/** How a grant ended: revoked through `/oauth-v1/revoke`, or the customer removed the integration. */
export type GrantEnd = 'revoked' | 'consent-removed';

/**
 * One redeemed authorization code: the integration's access to one tenant, carried forward by a
 * chain of refresh tokens of which only the newest works.
 */
export interface GrantRecord {
  id: string;
  clientId: string;
  tenantId: number;
  /** The user who consented. */
  username: string;
  /** The `userId` claim of its access tokens (a service-account user for service accounts). */
  userId: string;
  scopes: ScopeName[];
  /** Whether the consent was for a service account (`account_type=service`); not a JWT claim. */
  serviceAccount: boolean;
  /** Whether the grant got a refresh token (offline access); an access-only grant has none. */
  offline: boolean;
  createdAt: number;
  /** The only refresh token that still works (unless the grant ended or it expired); '' for an access-only grant. */
  refreshToken: string;
  refreshTokenIssuedAt: number;
  /** Every refresh token of the grant, oldest first (the last is `refreshToken`). */
  refreshTokens: string[];
  /** Successful refreshes so far. */
  refreshCount: number;
  endedAt: number | null;
  endedBy: GrantEnd | null;
}

/** Why a refresh token was not accepted (all answer `invalid_grant` "Invalid refresh token"). */
export type RefreshRefusal = 'unknown' | 'other-client' | 'rotated' | 'ended' | 'expired';

/**
 * The userId of a service-account token. Fortnox creates a separate user for a service account
 * (fortnox.md section 7); its id format is not documented, so the simulator invents one.
 */
function serviceUserId(clientId: string, tenantId: number): string {
  return `service-account-${clientId}-${tenantId}`;
}

/** Grants by id, and the grant behind every refresh token ever issued. */
export class GrantStore {
  private readonly grants: GrantRecord[] = [];
  private readonly byRefreshToken = new Map<string, GrantRecord>();

  constructor(private readonly now: () => number) {}

  /** Opens a grant for a redeemed code, with its first refresh token unless it is access-only. */
  open(code: IssuedCode, withRefreshToken = true): GrantRecord {
    const at = this.now();
    const grant: GrantRecord = {
      id: randomToken(12),
      clientId: code.clientId,
      tenantId: code.tenantId,
      username: code.username,
      userId: code.serviceAccount ? serviceUserId(code.clientId, code.tenantId) : code.username,
      scopes: [...code.scopes],
      serviceAccount: code.serviceAccount,
      offline: withRefreshToken,
      createdAt: at,
      refreshToken: '',
      refreshTokenIssuedAt: at,
      refreshTokens: [],
      refreshCount: 0,
      endedAt: null,
      endedBy: null,
    };
    this.grants.push(grant);
    if (withRefreshToken) this.issueRefreshToken(grant);
    return grant;
  }

  /** The live grant whose current refresh token is `token` for `clientId`, or why there is none. */
  checkRefresh(token: string, clientId: string): GrantRecord | RefreshRefusal {
    const grant = this.byRefreshToken.get(token);
    if (grant === undefined) return 'unknown';
    if (grant.clientId !== clientId) return 'other-client';
    if (grant.endedBy !== null) return 'ended';
    if (grant.refreshToken !== token) return 'rotated';
    if (this.now() - grant.refreshTokenIssuedAt >= REFRESH_TOKEN_LIFETIME_MS) return 'expired';
    return grant;
  }

  /**
   * The newest live service-account consent of `clientId` for `tenantId`: what the
   * client-credentials grant needs (fortnox.md sections 3 and 7). Lasts until revoked or removed,
   * whatever became of its refresh tokens.
   */
  serviceConsent(clientId: string, tenantId: number): GrantRecord | undefined {
    return this.grants.findLast(
      (grant) => grant.clientId === clientId && grant.tenantId === tenantId && grant.serviceAccount && grant.endedBy === null,
    );
  }

  /** Rotates: the grant gets a new refresh token and the one just used dies. */
  rotate(grant: GrantRecord): string {
    grant.refreshCount += 1;
    return this.issueRefreshToken(grant);
  }

  /**
   * Ends the live grant whose current refresh token is `token`, if it belongs to `clientId`.
   * Returns the tenant of the grant that ended, or undefined when none did.
   */
  revokeRefreshToken(token: string, clientId: string): number | undefined {
    const grant = this.byRefreshToken.get(token);
    if (grant === undefined || grant.clientId !== clientId || grant.refreshToken !== token) return undefined;
    if (grant.endedBy !== null) return undefined;
    this.end(grant, 'revoked');
    return grant.tenantId;
  }

  /** Ends every live grant of `tenantId` (the customer removed the integration); returns how many. */
  removeConsent(tenantId: number): number {
    const live = this.grants.filter((grant) => grant.tenantId === tenantId && grant.endedBy === null);
    for (const grant of live) this.end(grant, 'consent-removed');
    return live.length;
  }

  /** Successful refreshes of every grant of `tenantId`. */
  refreshCount(tenantId: number): number {
    return this.grants
      .filter((grant) => grant.tenantId === tenantId)
      .reduce((sum, grant) => sum + grant.refreshCount, 0);
  }

  /** Every refresh token issued so far. */
  allRefreshTokens(): string[] {
    return [...this.byRefreshToken.keys()];
  }

  /** Copies of every grant, oldest first, safe for tests to keep. */
  list(): GrantRecord[] {
    return this.grants.map((grant) => ({
      ...grant,
      scopes: [...grant.scopes],
      refreshTokens: [...grant.refreshTokens],
    }));
  }

  private issueRefreshToken(grant: GrantRecord): string {
    // 30 random bytes are 40 base64url characters, the length the C# SDK describes (fortnox.md section 3).
    let token = randomToken(30);
    while (this.byRefreshToken.has(token)) token = randomToken(30);
    grant.refreshToken = token;
    grant.refreshTokenIssuedAt = this.now();
    grant.refreshTokens.push(token);
    this.byRefreshToken.set(token, grant);
    return token;
  }

  private end(grant: GrantRecord, by: GrantEnd): void {
    grant.endedAt = this.now();
    grant.endedBy = by;
  }
}
