import { describe, expect, it } from 'vitest';
import {
  CLIENT_CREDENTIALS_REFUSAL_MS,
  TokenKeeper,
  type KeptAliveBy,
  type StoredTokens,
  type TokenStore,
} from '../../../../main/connections/token-keeper';
import { SlidingWindowLimiter } from '../../../../main/fortnox/rate-limiter';
import { TokenClient } from '../../../../main/fortnox/token-client';
import { obtainCode } from '../../simulator/token-test-kit';
import { recordingLogger } from '../recording-logger';
import { nodeFetch, storedFrom, tokenConfigFor, useSimulatedFortnox, withRefreshToken } from '../simulated-fortnox';

const HOUR = 60 * 60 * 1000;
const TENANT = '101';

class MemoryTokenStore implements TokenStore {
  readonly pairs = new Map<string, StoredTokens>();
  async read(tenantId: string): Promise<StoredTokens | undefined> {
    const pair = this.pairs.get(tenantId);
    return pair ? { ...pair } : undefined;
  }
  async write(tenantId: string, tokens: StoredTokens): Promise<void> {
    this.pairs.set(tenantId, { ...tokens });
  }
}

describe('TokenKeeper for service accounts', () => {
  const start = useSimulatedFortnox();

  async function setup(options: { accountType: 'user' | 'service'; consent: 'service' | 'user' }) {
    const { clock, simulator } = await start();
    const client = new TokenClient(nodeFetch, clock.now);
    const params = { scope: 'companyinformation', ...(options.consent === 'service' ? { account_type: 'service' } : {}) };
    const code = await obtainCode(simulator, { params });
    const set = withRefreshToken(await client.exchangeCode(tokenConfigFor(simulator), code, simulator.appCallbackUrl));
    const store = new MemoryTokenStore();
    store.pairs.set(TENANT, storedFrom(set, clock.now()));
    const keptAlive: (KeptAliveBy | undefined)[] = [];
    const keeper = new TokenKeeper({
      store,
      client,
      clientConfig: () => tokenConfigFor(simulator),
      limiter: new SlidingWindowLimiter(clock.now, clock.timers),
      now: clock.now,
      timers: clock.timers,
      log: recordingLogger().log,
      accountType: () => options.accountType,
      listener: { refreshing: () => undefined, refreshed: (_tenant, _tokens, by) => keptAlive.push(by), failed: () => undefined },
    });
    const requests = (grantType: string) => simulator.tokenRequests().filter((request) => request.grantType === grantType);
    return { clock, simulator, store, keeper, set, keptAlive, requests };
  }

  it('gets a service account’s expired access token from the client-credentials grant and never sends the refresh token', async () => {
    const { clock, store, keeper, set, keptAlive, requests } = await setup({ accountType: 'service', consent: 'service' });
    clock.advance(2 * HOUR);

    const token = await keeper.accessToken(TENANT);

    expect(token).not.toBe(set.accessToken);
    expect(requests('client_credentials')).toMatchObject([{ tenantIdHeader: TENANT, outcome: 'issued', basicAuthValid: true }]);
    expect(requests('refresh_token')).toHaveLength(0);
    expect(store.pairs.get(TENANT)).toMatchObject({ accessToken: token, refreshToken: set.refreshToken });
    expect(keptAlive).toEqual(['client_credentials']);
  });

  it('keeps a service account alive past the refresh token’s 45 days', async () => {
    const { clock, keeper, requests } = await setup({ accountType: 'service', consent: 'service' });
    clock.advance(50 * 24 * HOUR);

    await expect(keeper.accessToken(TENANT)).resolves.toEqual(expect.any(String));
    expect(requests('client_credentials')).toMatchObject([{ outcome: 'issued' }]);
  });

  it('makes one grant call for 50 concurrent access-token requests, and all get its token', async () => {
    const { clock, keeper, store, requests } = await setup({ accountType: 'service', consent: 'service' });
    clock.advance(2 * HOUR);

    const tokens = await Promise.all(Array.from({ length: 50 }, () => keeper.accessToken(TENANT)));

    expect(requests('client_credentials')).toHaveLength(1);
    expect(new Set(tokens)).toEqual(new Set([store.pairs.get(TENANT)?.accessToken]));
  });

  it('falls back to the refresh token when the grant is refused, and does not ask again within the hour', async () => {
    // A service account in the app whose consent at Fortnox was not a service-account consent.
    const { clock, keeper, keptAlive, requests } = await setup({ accountType: 'service', consent: 'user' });
    clock.advance(2 * HOUR);

    await keeper.accessToken(TENANT);
    expect(requests('client_credentials')).toMatchObject([{ outcome: 'unauthorized_client' }]);
    expect(requests('refresh_token')).toMatchObject([{ outcome: 'issued' }]);

    clock.advance(HOUR - 1);
    await keeper.accessToken(TENANT);
    expect(requests('client_credentials')).toHaveLength(1);
    expect(requests('refresh_token')).toHaveLength(2);

    clock.advance(CLIENT_CREDENTIALS_REFUSAL_MS);
    await keeper.accessToken(TENANT);
    expect(requests('client_credentials')).toHaveLength(2);
    expect(keptAlive).toEqual(['refresh_token', 'refresh_token', 'refresh_token']);
  });

  it('never uses the grant for a user account, even with a service-account consent at Fortnox', async () => {
    const { clock, keeper, keptAlive, requests } = await setup({ accountType: 'user', consent: 'service' });
    clock.advance(2 * HOUR);

    await keeper.accessToken(TENANT);

    expect(requests('client_credentials')).toHaveLength(0);
    expect(requests('refresh_token')).toMatchObject([{ outcome: 'issued' }]);
    expect(keptAlive).toEqual(['refresh_token']);
  });
});
