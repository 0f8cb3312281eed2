import { ACCESS_TOKEN_SKEW_MS, type StoredTokens, type TokenKeeper } from '../connections/token-keeper';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';

/** An access token handed to a tool can be used for at least this long. */
export const MIN_HANDED_TOKEN_LIFETIME_MS = 5 * 60 * 1000;

/** An access token as the local API hands it out: never with the refresh token. */
export interface HandedAccessToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  scopes: readonly string[];
}

/** Where the local API gets access tokens: the app's one owner of each company's tokens. */
export interface AccessTokenSource {
  /** A token with at least `MIN_HANDED_TOKEN_LIFETIME_MS` left; throws `FortnoxCallError` otherwise. */
  accessToken(tenantId: string): Promise<HandedAccessToken>;
  /**
   * The usual case of `accessToken`, synchronously: the token it would hand out without refreshing
   * or waiting on anything (in memory, no refresh under way, more than five minutes left), else
   * undefined (then call `accessToken`). Never throws. Absent: always use `accessToken`.
   */
  cachedAccessToken?(tenantId: string): HandedAccessToken | undefined;
  /**
   * Fortnox rejected `token` (401 on a proxied call): a newer token, refreshed once for every
   * caller (only when `token` is still the stored one). Absent: no retry.
   */
  rejected?(tenantId: string, token: string): Promise<string>;
}

/**
 * Access tokens from the token keeper, so that every tool shares the app's one refresh per company
 * (Fortnox refresh tokens are single-use: fortnox.md sections 3 and 12). The keeper refreshes a
 * token with five minutes or less left; its newest pair then supplies expiry and scopes. An
 * access-only connection (no refresh token) is used to its last minute by the app, but a tool
 * gets it only while five minutes remain.
 */
export function keeperAccessTokens(
  keeper: Pick<TokenKeeper, 'accessToken' | 'current'> & Partial<Pick<TokenKeeper, 'refresh' | 'isRefreshing' | 'peek'>>,
  now: () => number,
): AccessTokenSource {
  const handed = (pair: StoredTokens): HandedAccessToken => ({
    accessToken: pair.accessToken,
    expiresAt: pair.accessTokenExpiresAt,
    scopes: [...pair.scopes],
  });
  /** Enough left that `keeper.accessToken` would not refresh and a tool gets its five minutes. */
  const usable = (pair: Readonly<StoredTokens>) => pair.accessTokenExpiresAt - now() > Math.max(ACCESS_TOKEN_SKEW_MS, MIN_HANDED_TOKEN_LIFETIME_MS);
  const { isRefreshing, peek } = keeper;
  return {
    ...(isRefreshing && peek
      ? {
          cachedAccessToken(tenantId: string): HandedAccessToken | undefined {
            if (isRefreshing.call(keeper, tenantId)) return undefined;
            const newest = peek.call(keeper, tenantId);
            // The keeper's own pair, read only: its scopes are not copied for each answer.
            return newest && usable(newest) ? { accessToken: newest.accessToken, expiresAt: newest.accessTokenExpiresAt, scopes: newest.scopes } : undefined;
          },
        }
      : {}),
    async accessToken(tenantId) {
      // The usual case, read once from the keeper's newest pair (in memory): no refresh under way,
      // and more than the keeper's refresh margin and the five minutes a tool is promised left,
      // so `keeper.accessToken` would hand out this same token without refreshing.
      if (keeper.isRefreshing && !keeper.isRefreshing(tenantId)) {
        const newest = await keeper.current(tenantId);
        if (newest && usable(newest)) return handed(newest);
      }
      // Refreshes (once for every caller at the same time) when five minutes or less are left.
      await keeper.accessToken(tenantId);
      // The newest pair: the token just checked, or one a reconnect stored a moment later.
      const pair = await keeper.current(tenantId);
      if (!pair) throw new FortnoxCallError('undecryptable');
      if (pair.accessTokenExpiresAt - now() < MIN_HANDED_TOKEN_LIFETIME_MS) {
        throw new FortnoxCallError(pair.refreshToken === null ? 'access_only_ended' : 'invalid_response');
      }
      return handed(pair);
    },
    async rejected(tenantId, token) {
      const pair = await keeper.current(tenantId);
      // Another caller already replaced the rejected token: use the new one without a refresh.
      if (pair && pair.accessToken !== token) return pair.accessToken;
      if (!keeper.refresh) throw new FortnoxCallError('unauthorized');
      return (await keeper.refresh(tenantId)).accessToken;
    },
  };
}
