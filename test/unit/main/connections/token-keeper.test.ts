import { describe, expect, it } from 'vitest';
import type { Timers } from '../../../../main/connect/connect-flow';
import {
  ACCESS_TOKEN_SKEW_MS,
  REFRESH_TOKEN_LIFETIME_MS,
  KeeperStoppedError,
  TokenKeeper,
  type RefreshListener,
  type RetryPolicy,
  type StoredTokens,
  type TokenStore,
} from '../../../../main/connections/token-keeper';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { SlidingWindowLimiter } from '../../../../main/fortnox/rate-limiter';
import { TokenClient } from '../../../../main/fortnox/token-client';
import { recordingLogger } from '../recording-logger';
import { connectWithClient, flushPromises, leakedSecrets, nodeFetch, storedFrom, tokenConfigFor, useSimulatedFortnox } from '../simulated-fortnox';

const HOUR = 60 * 60 * 1000;
const TENANT = '101';

/** Whether the keeper's newest pair differs from the one on disk (its write is being retried). */
async function onlyInMemory(keeper: TokenKeeper, store: { pairs: Map<string, StoredTokens> }): Promise<boolean> {
  return (await keeper.current(TENANT))?.refreshToken !== store.pairs.get(TENANT)?.refreshToken;
}

/**
 * An in-memory token store the test can slow down or break: `holdWrites` keeps every write open
 * until `releaseWrites`, `failWrites` makes writes throw. Reads always see the last finished write.
 */
class ControlledTokenStore implements TokenStore {
  readonly pairs = new Map<string, StoredTokens>();
  readonly writes: StoredTokens[] = [];
  holdWrites = false;
  failWrites = false;
  private held: (() => void)[] = [];
  private writeWaiters: (() => void)[] = [];

  async read(tenantId: string): Promise<StoredTokens | undefined> {
    const pair = this.pairs.get(tenantId);
    return pair ? { ...pair } : undefined;
  }

  peek(tenantId: string): StoredTokens | undefined {
    return this.pairs.get(tenantId);
  }

  async write(tenantId: string, tokens: StoredTokens): Promise<void> {
    for (const wake of this.writeWaiters.splice(0)) wake();
    if (this.failWrites) throw new Error('disk full');
    if (this.holdWrites) await new Promise<void>((resolve) => this.held.push(resolve));
    this.pairs.set(tenantId, { ...tokens });
    this.writes.push({ ...tokens });
  }

  /** Resolves when the next write starts. */
  writeStarted(): Promise<void> {
    return new Promise((resolve) => this.writeWaiters.push(resolve));
  }

  releaseWrites(): void {
    this.holdWrites = false;
    for (const release of this.held.splice(0)) release();
  }
}

type ListenerEvent = ['refreshing', string] | ['refreshed', string, string | null] | ['failed', string, string, boolean];

describe('TokenKeeper against the simulator', () => {
  const start = useSimulatedFortnox();

  async function setup(options: { retry?: RetryPolicy } = {}) {
    const { clock, simulator } = await start();
    const client = new TokenClient(nodeFetch, clock.now);
    const store = new ControlledTokenStore();
    const set = await connectWithClient(simulator, client);
    store.pairs.set(TENANT, storedFrom(set, clock.now()));
    const events: ListenerEvent[] = [];
    const listener: RefreshListener = {
      refreshing: (tenantId) => events.push(['refreshing', tenantId]),
      refreshed: (tenantId, tokens) => events.push(['refreshed', tenantId, tokens.refreshToken]),
      failed: (tenantId, error, needsReconnect) => events.push(['failed', tenantId, error.issue, needsReconnect]),
    };
    // Backoff waits are recorded; the limiter gets the plain timers so only retries show up here.
    const backoffs: number[] = [];
    let timerSet: (() => void) | undefined;
    const timers: Timers = {
      set: (callback, ms) => {
        backoffs.push(ms);
        timerSet?.();
        return clock.timers.set(callback, ms);
      },
      clear: (handle) => clock.timers.clear(handle),
    };
    const nextBackoff = () => new Promise<void>((resolve) => (timerSet = resolve));
    const logger = recordingLogger();
    let configCalls = 0;
    let secretMissing = false;
    const keeper = new TokenKeeper({
      store,
      client,
      clientConfig: () => {
        configCalls += 1;
        if (secretMissing) throw new FortnoxCallError('client_secret_missing');
        return tokenConfigFor(simulator);
      },
      limiter: new SlidingWindowLimiter(clock.now, clock.timers),
      now: clock.now,
      timers,
      listener,
      log: logger.log,
      ...(options.retry ? { retry: options.retry } : {}),
    });
    const refreshRequests = () => simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token');
    return {
      clock,
      simulator,
      store,
      set,
      events,
      backoffs,
      nextBackoff,
      keeper,
      logger,
      refreshRequests,
      configCalls: () => configCalls,
      dropSecret: () => (secretMissing = true),
    };
  }

  it('hands out the stored access token while it has more than five minutes left, without calling Fortnox', async () => {
    const { clock, keeper, set, refreshRequests } = await setup();
    clock.advance(HOUR - ACCESS_TOKEN_SKEW_MS - 1);

    await expect(keeper.accessToken(TENANT)).resolves.toBe(set.accessToken);
    expect(refreshRequests()).toEqual([]);
  });

  it('refreshes an access token that expires within five minutes', async () => {
    const { clock, keeper, set, store, simulator } = await setup();
    clock.advance(HOUR - ACCESS_TOKEN_SKEW_MS);

    const token = await keeper.accessToken(TENANT);

    expect(token).not.toBe(set.accessToken);
    expect(token).toBe(store.pairs.get(TENANT)?.accessToken);
    expect(simulator.refreshCount(101)).toBe(1);
  });

  it('makes exactly one refresh for 50 concurrent callers of an expired token, and gives all of them the new token', async () => {
    const { clock, keeper, set, store, simulator, events } = await setup();
    clock.advance(2 * HOUR);

    const tokens = await Promise.all(Array.from({ length: 50 }, () => keeper.accessToken(TENANT)));

    expect(simulator.refreshCount(101)).toBe(1);
    expect(simulator.tokenRequests().filter((request) => request.grantType === 'refresh_token')).toHaveLength(1);
    const fresh = store.pairs.get(TENANT)?.accessToken;
    expect(fresh).not.toBe(set.accessToken);
    expect(new Set(tokens)).toEqual(new Set([fresh]));
    expect(events.filter((event) => event[0] === 'refreshing')).toHaveLength(1);
  });

  it('lets a refresh requested while one runs join it instead of starting a second', async () => {
    const { keeper, simulator } = await setup();

    const [first, second] = await Promise.all([keeper.refresh(TENANT), keeper.refresh(TENANT)]);

    expect(second).toBe(first);
    expect(simulator.refreshCount(101)).toBe(1);
  });

  it('never sends a refresh token twice: each refresh sends the token the previous answer carried', async () => {
    const { clock, keeper, set, store, simulator, refreshRequests } = await setup();
    for (let round = 0; round < 4; round += 1) {
      clock.advance(2 * HOUR);
      await Promise.all([keeper.accessToken(TENANT), keeper.accessToken(TENANT), keeper.refresh(TENANT)]);
    }

    const sent = refreshRequests().map((request) => request.refreshToken);
    const chain = simulator.grants()[0]?.refreshTokens ?? [];
    expect(sent).toHaveLength(4);
    expect(new Set(sent).size).toBe(4);
    expect(chain[0]).toBe(set.refreshToken);
    expect(sent).toEqual(chain.slice(0, 4));
    expect(store.pairs.get(TENANT)?.refreshToken).toBe(chain[4]);
    expect(refreshRequests().every((request) => request.outcome === 'issued')).toBe(true);
  });

  it('stores the new pair, with its issue time, before anyone gets the new token', async () => {
    const { clock, keeper, store, simulator } = await setup();
    clock.advance(2 * HOUR);
    store.holdWrites = true;
    let resolved: string | undefined;

    const writing = store.writeStarted();
    const pending = keeper.accessToken(TENANT).then((token) => (resolved = token));
    await writing;
    await flushPromises();

    expect(simulator.refreshCount(101)).toBe(1);
    expect(resolved).toBeUndefined();
    expect(keeper.isRefreshing(TENANT)).toBe(true);

    store.releaseWrites();
    await pending;
    expect(resolved).toBe(store.pairs.get(TENANT)?.accessToken);
    expect(store.pairs.get(TENANT)).toMatchObject({
      refreshToken: simulator.grants()[0]?.refreshToken,
      refreshTokenIssuedAt: clock.now(),
      accessTokenExpiresAt: clock.now() + HOUR,
    });
  });

  it('keeps a rotated pair whose write fails in memory and uses it: no reconnect, and the next refresh sends the NEW refresh token', async () => {
    const { clock, keeper, store, set, simulator, refreshRequests, events } = await setup();
    clock.advance(2 * HOUR);
    store.failWrites = true;

    const token = await keeper.accessToken(TENANT);

    const rotated = simulator.grants()[0]?.refreshToken;
    expect(rotated).not.toBe(set.refreshToken);
    expect(events.at(-1)).toEqual(['refreshed', TENANT, rotated]);
    expect(await onlyInMemory(keeper, store)).toBe(true);
    // Not on disk yet, but used: the access token comes from memory without another refresh.
    expect(store.pairs.get(TENANT)?.refreshToken).toBe(set.refreshToken);
    await expect(keeper.accessToken(TENANT)).resolves.toBe(token);
    await expect(keeper.current(TENANT)).resolves.toMatchObject({ refreshToken: rotated, accessToken: token });

    await keeper.refresh(TENANT);

    expect(refreshRequests().map((request) => [request.refreshToken, request.outcome])).toEqual([
      [set.refreshToken, 'issued'],
      [rotated, 'issued'],
    ]);
    expect(events.filter((event) => event[0] === 'failed')).toEqual([]);
  });

  it("peeks synchronously at the newest pair: the store's, or the rotated one kept in memory while its write fails", async () => {
    const { clock, keeper, store, set } = await setup();
    const stored = keeper.peek(TENANT);
    clock.advance(2 * HOUR);
    store.failWrites = true;
    const token = await keeper.accessToken(TENANT);

    expect(stored?.refreshToken).toBe(set.refreshToken);
    expect(keeper.peek(TENANT)).toEqual(await keeper.current(TENANT));
    expect(keeper.peek(TENANT)?.accessToken).toBe(token);
    expect(keeper.peek(TENANT)?.refreshToken).not.toBe(set.refreshToken);
    expect(keeper.peek('999')).toBeUndefined();
  });

  it('retries the write of a kept pair with backoff until the store recovers, and then that pair is the durable one', async () => {
    const { clock, keeper, store, simulator, backoffs, logger } = await setup();
    clock.advance(2 * HOUR);
    store.failWrites = true;
    await keeper.accessToken(TENANT);
    expect(backoffs).toEqual([1_000]);

    clock.advance(1_000);
    await flushPromises();
    expect(backoffs).toEqual([1_000, 2_000]);
    expect(await onlyInMemory(keeper, store)).toBe(true);

    store.failWrites = false;
    clock.advance(2_000);
    await flushPromises();

    expect(store.pairs.get(TENANT)?.refreshToken).toBe(simulator.grants()[0]?.refreshToken);
    expect(await onlyInMemory(keeper, store)).toBe(false);
    expect(backoffs).toEqual([1_000, 2_000]);
    expect(clock.pendingTimers()).toBe(0);
    expect(logger.text()).toContain('refreshed tokens stored after all');
  });

  it('tries a last write of a kept pair when the app quits', async () => {
    const { clock, keeper, store, simulator } = await setup();
    clock.advance(2 * HOUR);
    store.failWrites = true;
    await keeper.accessToken(TENANT);
    store.failWrites = false;

    await expect(keeper.flush()).resolves.toEqual([]);

    expect(store.pairs.get(TENANT)?.refreshToken).toBe(simulator.grants()[0]?.refreshToken);
    expect(await onlyInMemory(keeper, store)).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('names the companies whose kept pair still cannot be written at quit', async () => {
    const { clock, keeper, store } = await setup();
    clock.advance(2 * HOUR);
    store.failWrites = true;
    await keeper.accessToken(TENANT);

    await expect(keeper.flush()).resolves.toEqual([TENANT]);
  });

  it('stops at invalid_grant (consent removed in Fortnox): needs reconnect, no retry, stored pair kept', async () => {
    const { clock, keeper, store, simulator, events, backoffs, refreshRequests } = await setup();
    const before = store.pairs.get(TENANT);
    simulator.revokeConsent(101);
    clock.advance(2 * HOUR);

    const error: unknown = await keeper.accessToken(TENANT).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(FortnoxCallError);
    expect((error as FortnoxCallError).issue).toBe('invalid_grant');
    expect(events).toEqual([
      ['refreshing', TENANT],
      ['failed', TENANT, 'invalid_grant', true],
    ]);
    expect(refreshRequests()).toHaveLength(1);
    expect(backoffs).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
    expect(store.pairs.get(TENANT)).toEqual(before);
  });

  it('retries rate limits and network failures with doubling delays and never loses the stored pair', async () => {
    const { clock, keeper, store, simulator, events, backoffs, nextBackoff, refreshRequests, set } = await setup();
    const before = store.pairs.get(TENANT);
    simulator.injectFault({ route: 'token', kind: 'status429' });
    simulator.injectFault({ route: 'token', kind: 'reset' });
    simulator.injectFault({ route: 'token', kind: 'html500' });

    let waiting = nextBackoff();
    const refreshing = keeper.refresh(TENANT);
    for (const delay of [1_000, 2_000, 4_000]) {
      await waiting;
      expect(backoffs.at(-1)).toBe(delay);
      expect(store.pairs.get(TENANT)).toEqual(before);
      waiting = nextBackoff();
      clock.advance(delay - 1);
      await flushPromises();
      expect(refreshRequests()).toHaveLength(backoffs.length);
      clock.advance(1);
    }
    const result = await refreshing;

    expect(backoffs).toEqual([1_000, 2_000, 4_000]);
    expect(refreshRequests().map((request) => [request.fault, request.refreshToken])).toEqual([
      ['status429', set.refreshToken],
      ['reset', set.refreshToken],
      ['html500', set.refreshToken],
      [null, set.refreshToken],
    ]);
    expect(result.refreshToken).toBe(simulator.grants()[0]?.refreshToken);
    expect(store.pairs.get(TENANT)).toEqual(result);
    expect(events.map((event) => event[0])).toEqual(['refreshing', 'refreshed']);
  });

  it('stops a refresh sleeping in its backoff at once when the app quits: pair kept, company not marked failed, no further request', async () => {
    const { clock, keeper, store, simulator, events, backoffs, nextBackoff, refreshRequests } = await setup({
      retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const before = store.pairs.get(TENANT);
    simulator.injectFault({ route: 'token', kind: 'status429', times: 5 });
    const waiting = nextBackoff();
    const refreshing = keeper.refresh(TENANT).catch((reason: unknown) => reason);
    await waiting;
    expect(backoffs).toEqual([60_000]);

    keeper.stop();
    let settled = false;
    void keeper.settle().then(() => (settled = true));
    await flushPromises();

    expect(settled).toBe(true);
    expect(await refreshing).toBeInstanceOf(KeeperStoppedError);
    expect(events.filter((event) => event[0] === 'failed')).toEqual([]);
    expect(store.pairs.get(TENANT)).toEqual(before);
    clock.advance(10 * 60_000);
    await flushPromises();
    expect(refreshRequests()).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('refuses to start a refresh once the app is quitting, without marking the company failed', async () => {
    const { clock, keeper, store, events, refreshRequests } = await setup();
    const before = store.pairs.get(TENANT);
    clock.advance(2 * HOUR);

    keeper.stop();

    await expect(keeper.refresh(TENANT)).rejects.toBeInstanceOf(KeeperStoppedError);
    await expect(keeper.accessToken(TENANT)).rejects.toBeInstanceOf(KeeperStoppedError);
    expect(refreshRequests()).toEqual([]);
    expect(events).toEqual([]);
    expect(store.pairs.get(TENANT)).toEqual(before);
  });

  it('gives up after the last attempt and reports the transient issue without asking for a reconnect', async () => {
    const { clock, keeper, store, simulator, events, backoffs, nextBackoff } = await setup({
      retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 600 },
    });
    const before = store.pairs.get(TENANT);
    simulator.injectFault({ route: 'token', kind: 'status429', times: 3 });

    let waiting = nextBackoff();
    const refreshing = keeper.refresh(TENANT).catch((reason: unknown) => reason);
    for (const delay of [500, 600]) {
      await waiting;
      waiting = nextBackoff();
      clock.advance(delay);
    }
    const error = await refreshing;

    expect(backoffs).toEqual([500, 600]);
    expect((error as FortnoxCallError).issue).toBe('rate_limited');
    expect(events.at(-1)).toEqual(['failed', TENANT, 'rate_limited', false]);
    expect(store.pairs.get(TENANT)).toEqual(before);
  });

  it('ends in needs-reconnect when Fortnox rotated but the answer was lost: the retry gets invalid_grant', async () => {
    const { clock, keeper, simulator, events, nextBackoff, refreshRequests, set } = await setup();
    simulator.injectFault({ route: 'token', kind: 'reset', afterHandling: true });

    const waiting = nextBackoff();
    const refreshing = keeper.refresh(TENANT).catch((reason: unknown) => reason);
    await waiting;
    clock.advance(1_000);
    const error = await refreshing;

    expect(simulator.refreshCount(101)).toBe(1);
    expect(refreshRequests().map((request) => [request.refreshToken, request.outcome])).toEqual([
      [set.refreshToken, 'issued'],
      [set.refreshToken, 'invalid_grant'],
    ]);
    expect((error as FortnoxCallError).issue).toBe('invalid_grant');
    expect(events.at(-1)).toEqual(['failed', TENANT, 'invalid_grant', true]);
  });

  it('refuses a refresh token 45 days old as refresh_token_expired without calling Fortnox', async () => {
    const { clock, keeper, events, refreshRequests } = await setup();
    clock.advance(REFRESH_TOKEN_LIFETIME_MS);

    const error = await keeper.accessToken(TENANT).catch((reason: unknown) => reason);

    expect((error as FortnoxCallError).issue).toBe('refresh_token_expired');
    expect(events.at(-1)).toEqual(['failed', TENANT, 'refresh_token_expired', true]);
    expect(refreshRequests()).toEqual([]);
  });

  it('still refreshes a refresh token one millisecond short of 45 days', async () => {
    const { clock, keeper, simulator } = await setup();
    clock.advance(REFRESH_TOKEN_LIFETIME_MS - 1);

    await keeper.accessToken(TENANT);

    expect(simulator.refreshCount(101)).toBe(1);
  });

  it('reports a company without stored tokens as undecryptable', async () => {
    const { keeper } = await setup();
    const error = await keeper.accessToken('999').catch((reason: unknown) => reason);
    expect((error as FortnoxCallError).issue).toBe('undecryptable');
  });

  it('fails without retrying when no client secret is configured', async () => {
    const { clock, keeper, events, backoffs, refreshRequests, dropSecret } = await setup();
    dropSecret();
    clock.advance(2 * HOUR);

    const error = await keeper.accessToken(TENANT).catch((reason: unknown) => reason);

    expect((error as FortnoxCallError).issue).toBe('client_secret_missing');
    expect(events.at(-1)).toEqual(['failed', TENANT, 'client_secret_missing', false]);
    expect(backoffs).toEqual([]);
    expect(refreshRequests()).toEqual([]);
  });

  it('idle() resolves at once without a refresh, and only after a running refresh settled, even a failed one', async () => {
    const { keeper, store, simulator } = await setup();
    await keeper.idle(TENANT);

    store.holdWrites = true;
    const writing = store.writeStarted();
    const refreshing = keeper.refresh(TENANT);
    let idle = false;
    const waiting = keeper.idle(TENANT).then(() => (idle = true));
    await writing;
    await flushPromises();
    expect(idle).toBe(false);
    store.releaseWrites();
    await waiting;
    expect(keeper.isRefreshing(TENANT)).toBe(false);
    await refreshing;

    simulator.revokeConsent(101);
    const failing = keeper.refresh(TENANT).catch(() => undefined);
    await expect(keeper.idle(TENANT)).resolves.toBeUndefined();
    await failing;
  });

  it('logs neither tokens nor the client secret, whatever happens', async () => {
    const { clock, keeper, simulator, logger, store, nextBackoff } = await setup();
    clock.advance(2 * HOUR);
    await keeper.accessToken(TENANT);
    simulator.injectFault({ route: 'token', kind: 'reset', afterHandling: true });
    const waiting = nextBackoff();
    const lost = keeper.refresh(TENANT).catch(() => undefined);
    await waiting;
    clock.advance(1_000);
    await lost;
    store.failWrites = true;
    const set = await connectWithClient(simulator, new TokenClient(nodeFetch, clock.now), 202, 'invoice');
    store.pairs.set('202', storedFrom(set, clock.now()));
    await keeper.refresh('202').catch(() => undefined);

    expect(logger.text()).toMatch(/tokens refreshed[\s\S]*refresh will be retried[\s\S]*refresh failed[\s\S]*could not be stored/);
    expect(leakedSecrets(simulator, logger.text())).toEqual([]);
  });
});
