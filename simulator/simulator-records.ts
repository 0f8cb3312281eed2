import type { FaultKind } from './fault-injection';

/** What the token endpoint did with a request. */
export type TokenOutcome =
  | 'issued'
  | 'invalid_client'
  /** client_credentials for a tenant without a service-account consent. */
  | 'unauthorized_client'
  | 'invalid_request'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  /** A fault answered instead (without `afterHandling`), so nothing happened. */
  | 'not-handled';

/** One request to `/oauth-v1/token`, as received. */
export interface TokenRequestRecord {
  at: number;
  /** The form's `grant_type`, or null when absent. */
  grantType: string | null;
  /** The client id of the Basic header (even with a wrong secret); null without a readable header. */
  clientId: string | null;
  /** Whether the Basic header named a scripted client with its secret. */
  basicAuthValid: boolean;
  /** Whether the body carried `client_id` or `client_secret` (never accepted in place of Basic). */
  credentialsInBody: boolean;
  /** Whether the body was `application/x-www-form-urlencoded`. */
  formEncoded: boolean;
  code: string | null;
  redirectUri: string | null;
  refreshToken: string | null;
  /** The `TenantId` header (client-credentials grant), or null when absent. */
  tenantIdHeader: string | null;
  outcome: TokenOutcome;
  /** The tenant of the grant, when tokens were issued. */
  tenantId: number | null;
  /** The fault injected into this request, if one was. */
  fault: FaultKind | null;
}

/** One request to `/oauth-v1/revoke`, as received. */
export interface RevocationRecord {
  at: number;
  clientId: string | null;
  basicAuthValid: boolean;
  tokenTypeHint: string | null;
  token: string | null;
  /** Whether the token was the live refresh token of this client's grant, which now ended. */
  revoked: boolean;
  /** The tenant of the grant that ended, if one did. */
  tenantId: number | null;
  fault: FaultKind | null;
}

/** One request to the `/3/` API or the `/api/` services. */
export interface ApiRequestRecord {
  at: number;
  method: string;
  path: string;
  /** The request's headers as received (names lower-case, repeated values joined with `, `). */
  headers: Record<string, string>;
  /** The status answered (0 for a reset connection). */
  status: number;
  /** From the access token, when it was valid. */
  tenantId: number | null;
  clientId: string | null;
  fault: FaultKind | null;
}

/** The assertion records of the token, revoke and API endpoints, plus every secret seen. */
export class SimulatorRecords {
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly revocations: RevocationRecord[] = [];
  readonly apiRequests: ApiRequestRecord[] = [];
  private readonly secrets = new Set<string>();

  /** Remembers secret-bearing values issued or received (empty strings are ignored). */
  addSecrets(...values: readonly (string | null | undefined)[]): void {
    for (const value of values) if (value !== null && value !== undefined && value !== '') this.secrets.add(value);
  }

  /** The secrets added so far, in the order first seen. */
  secretList(): string[] {
    return [...this.secrets];
  }
}
