import { describe, expect, it } from 'vitest';
import type { StoredTokens } from '../../../../main/connections/token-keeper';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { keeperAccessTokens, MIN_HANDED_TOKEN_LIFETIME_MS } from '../../../../main/local-api/access-token-source';

const NOW = Date.UTC(2025, 0, 15, 9);

function keeperWith(pair: StoredTokens | undefined) {
  const calls: string[] = [];
  return {
    calls,
    keeper: {
      accessToken: async (tenantId: string) => {
        calls.push(tenantId);
        return pair?.accessToken ?? '';
      },
      current: async () => pair,
    },
  };
}

const pair = (overrides: Partial<StoredTokens>): StoredTokens => ({
  accessToken: 'at',
  refreshToken: 'rt',
  accessTokenExpiresAt: NOW + 60 * 60 * 1000,
  refreshTokenIssuedAt: NOW,
  scopes: ['invoice'],
  ...overrides,
});

describe('access tokens from the token keeper', () => {
  it("asks the keeper (which refreshes when needed) and hands out the newest pair's token, expiry and scopes, never the refresh token", async () => {
    const { keeper, calls } = keeperWith(pair({}));
    const handed = await keeperAccessTokens(keeper, () => NOW).accessToken('101');
    expect(calls).toEqual(['101']);
    expect(handed).toEqual({
      accessToken: 'at',
      expiresAt: NOW + 60 * 60 * 1000,
      scopes: ['invoice'],
    });
  });

  it('refuses an access-only token with less than five minutes left: the company needs reconnecting', async () => {
    const { keeper } = keeperWith(
      pair({
        refreshToken: null,
        accessTokenExpiresAt: NOW + MIN_HANDED_TOKEN_LIFETIME_MS - 1,
      }),
    );
    await expect(keeperAccessTokens(keeper, () => NOW).accessToken('101')).rejects.toMatchObject({ issue: 'access_only_ended' });
  });

  it('hands out an access-only token while five minutes or more are left', async () => {
    const { keeper } = keeperWith(
      pair({
        refreshToken: null,
        accessTokenExpiresAt: NOW + MIN_HANDED_TOKEN_LIFETIME_MS,
      }),
    );
    await expect(keeperAccessTokens(keeper, () => NOW).accessToken('101')).resolves.toMatchObject({ accessToken: 'at' });
  });

  it('passes on what the keeper throws and refuses a company without stored tokens', async () => {
    const failing = {
      accessToken: () => Promise.reject(new FortnoxCallError('invalid_grant')),
      current: async () => undefined,
    };
    await expect(keeperAccessTokens(failing, () => NOW).accessToken('101')).rejects.toMatchObject({ issue: 'invalid_grant' });
    const { keeper } = keeperWith(undefined);
    await expect(keeperAccessTokens(keeper, () => NOW).accessToken('101')).rejects.toMatchObject({ issue: 'undecryptable' });
  });
  describe('with a keeper that says when it is refreshing', () => {
    function trackedKeeper(stored: StoredTokens, refreshing: boolean) {
      const calls: string[] = [];
      const keeper = {
        accessToken: async (tenantId: string) => {
          calls.push(`accessToken ${tenantId}`);
          return stored.accessToken;
        },
        current: async (tenantId: string) => {
          calls.push(`current ${tenantId}`);
          return stored;
        },
        isRefreshing: () => refreshing,
      };
      return { keeper, calls };
    }

    it("hands out the newest pair's token after one read of the keeper when more than five minutes are left and no refresh is under way", async () => {
      const { keeper, calls } = trackedKeeper(pair({}), false);

      const handed = await keeperAccessTokens(keeper, () => NOW).accessToken('101');

      expect(handed).toEqual({ accessToken: 'at', expiresAt: NOW + 60 * 60 * 1000, scopes: ['invoice'] });
      expect(calls).toEqual(['current 101']);
    });

    it('asks the keeper for its token (which waits for the refresh) while a refresh is under way', async () => {
      const { keeper, calls } = trackedKeeper(pair({}), true);

      await keeperAccessTokens(keeper, () => NOW).accessToken('101');

      expect(calls).toEqual(['accessToken 101', 'current 101']);
    });

    it('asks the keeper for its token (which refreshes) when five minutes or less are left', async () => {
      const { keeper, calls } = trackedKeeper(pair({ accessTokenExpiresAt: NOW + MIN_HANDED_TOKEN_LIFETIME_MS }), false);

      await keeperAccessTokens(keeper, () => NOW).accessToken('101');

      expect(calls).toEqual(['current 101', 'accessToken 101', 'current 101']);
    });
  });

  describe('the token at hand, synchronously (cachedAccessToken)', () => {
    const source = (newest: StoredTokens | undefined, refreshing = false) => {
      const { keeper, calls } = keeperWith(newest);
      const tokens = keeperAccessTokens({ ...keeper, isRefreshing: () => refreshing, peek: () => newest }, () => NOW);
      return { tokens, calls };
    };

    it("gives the keeper's newest token, expiry and scopes, never the refresh token, without asking the keeper to refresh", () => {
      const { tokens, calls } = source(pair({}));
      expect(tokens.cachedAccessToken?.('101')).toEqual({ accessToken: 'at', expiresAt: NOW + 60 * 60 * 1000, scopes: ['invoice'] });
      expect(calls).toEqual([]);
    });

    it('gives nothing while a refresh runs, with five minutes or less left, or without a pair at hand: then accessToken is asked', () => {
      expect(source(pair({}), true).tokens.cachedAccessToken?.('101')).toBeUndefined();
      expect(source(pair({ accessTokenExpiresAt: NOW + MIN_HANDED_TOKEN_LIFETIME_MS })).tokens.cachedAccessToken?.('101')).toBeUndefined();
      expect(source(pair({ accessTokenExpiresAt: NOW + MIN_HANDED_TOKEN_LIFETIME_MS + 1 })).tokens.cachedAccessToken?.('101')).toMatchObject({ accessToken: 'at' });
      expect(source(undefined).tokens.cachedAccessToken?.('101')).toBeUndefined();
    });

    it("hands out with it exactly what accessToken would hand out in the usual case", async () => {
      const { tokens } = source(pair({ scopes: ['invoice', 'customer'] }));
      expect(tokens.cachedAccessToken?.('101')).toEqual(await tokens.accessToken('101'));
    });

    it('is absent when the keeper cannot peek (every request asks accessToken)', () => {
      const { keeper } = keeperWith(pair({}));
      expect(keeperAccessTokens(keeper, () => NOW).cachedAccessToken).toBeUndefined();
    });
  });
});
