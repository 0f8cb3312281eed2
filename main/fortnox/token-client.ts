import { z } from 'zod';
import type { Logger } from '../logging/logger';
import { FortnoxCallError, RAW_DESCRIPTION_MAX } from './fortnox-call-error';
import { parseJsonBody, retryAfterMs, sendHttp, TOKEN_RESPONSE_MAX_BYTES, TransportError, type HttpAnswer, type HttpFetch } from './fortnox-http';
import { clampExpiresInSeconds, normaliseGrantedScopes } from './untrusted-fields';

/** A token pair as Fortnox returns it, after validation. */
export interface TokenSet {
  accessToken: string;
  /**
   * Null when Fortnox sent none: an authorization without offline access (`access_type=offline`
   * left out) gives an access-only connection that ends with its access token.
   */
  refreshToken: string | null;
  /** The granted scopes, space-separated in the answer, as a list here. */
  scopes: string[];
  /** Epoch milliseconds when the access token expires (computed from `expires_in`). */
  accessTokenExpiresAt: number;
}

/**
 * Fortnox's token answer (fortnox.md section 3). `expires_in` may come as a number or a numeric
 * string; `token_type` is compared case-insensitively ("bearer" / "Bearer").
 */
const tokenResponseSchema = z.object({
  access_token: z.string().min(1).max(20_000),
  refresh_token: z.string().min(1).max(2_000).optional(),
  scope: z.string().max(4_000).default(''),
  // Clamped rather than refused (issue 7, finding 3): 1e15 once made every stored time invalid.
  expires_in: z.union([z.number(), z.string().regex(/^-?\d{1,20}(\.\d{1,20})?$/).transform(Number)]).transform(clampExpiresInSeconds),
  token_type: z.string().refine((value) => value.toLowerCase() === 'bearer', 'token_type must be bearer'),
});

/** Fortnox's OAuth error shape on the token endpoint (not ErrorInformation; section 12, pitfall 10). */
const oauthErrorSchema = z.object({ error: z.string().max(200), error_description: z.string().max(RAW_DESCRIPTION_MAX).optional() });

/** Where and as whom the token calls are made. */
export interface TokenClientConfig {
  tokenUrl: string;
  /** The revocation URL: `/oauth-v1/revoke` beside the token URL. */
  revokeUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Derives Fortnox's revoke URL from its token URL (both live under /oauth-v1/). */
export function revokeUrlFor(tokenUrl: string): string {
  return new URL('revoke', tokenUrl).href;
}

function basicAuth(config: TokenClientConfig): string {
  // Fortnox documents `Basic base64(ClientId:ClientSecret)` with the values as they are (fortnox.md
  // section 3, and the SDKs). Form-encoding them first (RFC 6749 section 2.3.1) would change a
  // secret containing + / = & % and make Fortnox refuse it.
  return `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`, 'utf8').toString('base64')}`;
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Maps an answer that is not a success to a typed error, reading OAuth's error shape when present. */
export function tokenErrorFrom(answer: HttpAnswer, now: number): FortnoxCallError {
  const status = answer.status;
  if (status === 429) {
    const wait = retryAfterMs(answer.retryAfter, now);
    return new FortnoxCallError('rate_limited', { status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  const parsed = oauthErrorSchema.safeParse(parseJsonBody(answer));
  if (parsed.success) {
    const { error } = parsed.data;
    // Kept raw (bounded by the schema): secrets are masked where it is shown, before any cut.
    const description = parsed.data.error_description;
    const details = { status, fortnoxCode: error.slice(0, 60), ...(description ? { description } : {}) };
    if (error === 'invalid_grant') return new FortnoxCallError('invalid_grant', details);
    if (error === 'invalid_client' || error === 'unauthorized_client') return new FortnoxCallError('invalid_client', details);
    if (status >= 500) return new FortnoxCallError('server_error', details);
    return new FortnoxCallError('oauth_error', details);
  }
  if (status === 401) return new FortnoxCallError('invalid_client', { status });
  if (status >= 500) return new FortnoxCallError('server_error', { status });
  return new FortnoxCallError('invalid_response', { status });
}

/** The token endpoint: code exchange, refresh and revocation (fortnox.md sections 3 and 4). */
export class TokenClient {
  constructor(
    private readonly fetcher: HttpFetch,
    private readonly now: () => number,
    private readonly timeoutMs?: number,
    private readonly log?: Logger,
  ) {}

  /**
   * Exchanges an authorization code. `redirect_uri` is always sent: Fortnox fails with "The
   * redirect URI is missing or do not match" without it (section 12, pitfall 2).
   */
  async exchangeCode(config: TokenClientConfig, code: string, redirectUri: string, offlineAccess = true): Promise<TokenSet> {
    const set = await this.tokenCall(config, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    // Without offline access a standard OAuth server issues no refresh token (what Fortnox does is
    // UNCONFIRMED, fortnox.md section 2): accepted then. With offline access asked for, a missing
    // refresh token would silently give a connection that dies within the hour: refused.
    if (set.refreshToken === null && offlineAccess) throw new FortnoxCallError('refresh_token_missing', { status: 200 });
    return set;
  }

  /** Trades a refresh token for a new pair. Fortnox rotates: the old refresh token dies. */
  async refresh(config: TokenClientConfig, refreshToken: string): Promise<TokenSet & { refreshToken: string }> {
    const set = await this.tokenCall(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
    // A refresh must rotate (section 3); an answer without the new refresh token cannot be used.
    if (set.refreshToken === null) throw new FortnoxCallError('invalid_response', { status: 200 });
    return { ...set, refreshToken: set.refreshToken };
  }

  /**
   * Client-credentials grant for a service account (fortnox.md sections 3 and 7): Basic auth, the
   * tenant in the `TenantId` header, no refresh token involved or expected. Fortnox refuses it with
   * `unauthorized_client` (issue `invalid_client`, `fortnoxCode` tells which) unless a system
   * administrator has authorized the integration once with `account_type=service`.
   */
  async clientCredentials(config: TokenClientConfig, tenantId: string): Promise<TokenSet & { refreshToken: null }> {
    const set = await this.tokenCall(config, { grant_type: 'client_credentials' }, { TenantId: tenantId });
    // A refresh token in this answer is not documented; it is ignored so the stored one stays the only one.
    return { ...set, refreshToken: null };
  }

  /**
   * Revokes a refresh token. Fortnox answers `{"revoked":true}` even for unknown tokens
   * (section 4), so `true` proves only that the call was accepted.
   */
  async revoke(config: TokenClientConfig, refreshToken: string): Promise<void> {
    const answer = await this.send(config.revokeUrl, config, { token_type_hint: 'refresh_token', token: refreshToken });
    if (answer.status < 200 || answer.status >= 300) throw tokenErrorFrom(answer, this.now());
  }

  private async tokenCall(config: TokenClientConfig, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<TokenSet> {
    const requestedAt = this.now();
    const answer = await this.send(config.tokenUrl, config, fields, headers);
    if (answer.status !== 200) throw tokenErrorFrom(answer, this.now());
    const parsed = tokenResponseSchema.safeParse(parseJsonBody(answer));
    if (!parsed.success) throw new FortnoxCallError('invalid_response', { status: answer.status });
    const body = parsed.data;
    const { scopes, dropped } = normaliseGrantedScopes(body.scope.split(/\s+/).filter(Boolean));
    if (dropped > 0) this.log?.warn('token answer carried malformed scopes; they were dropped', { dropped });
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token ?? null,
      scopes,
      // Counted from when the request was sent, so clock time spent on the wire shortens, never lengthens, it.
      accessTokenExpiresAt: requestedAt + body.expires_in * 1000,
    };
  }

  private async send(url: string, config: TokenClientConfig, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    try {
      return await sendHttp(
        this.fetcher,
        url,
        {
          method: 'POST',
          headers: {
            Authorization: basicAuth(config),
            'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
            Accept: 'application/json',
            ...headers,
          },
          body: formBody(fields),
        },
        this.timeoutMs,
        TOKEN_RESPONSE_MAX_BYTES,
      );
    } catch (error) {
      if (error instanceof TransportError) throw new FortnoxCallError(error.reason);
      throw error;
    }
  }
}
