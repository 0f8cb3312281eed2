import { timingSafeEqual } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { generateToolKey, toolKeyHash } from '../../../../main/local-api/tool-key-format';
import { MemoryToolKeyStore } from '../../../../main/local-api/tool-key-store';
import { LAST_USED_GRANULARITY_MS, newKeyMemo, TooManyToolKeysError, ToolKeys } from '../../../../main/local-api/tool-keys';
import { ENDED_KEY_KEPT_DAYS, MAX_TOOL_KEYS } from '../../../../shared/tool-key-rules';
import type { NewToolKey, ToolKeyRecord } from '../../../../shared/local-api-keys';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

// Node's own comparison, counted: every check must compare with every stored hash.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const DAY = 24 * 60 * 60 * 1000;
const NEW_KEY: NewToolKey = {
  name: 'Excel report',
  companies: ['101'],
  right: 'read',
  lifetimeDays: 30,
};

async function setup(initial: ToolKeyRecord[] = []) {
  const clock = new FakeClock();
  const store = new MemoryToolKeyStore(initial);
  const logger = recordingLogger();
  const keys = new ToolKeys({
    store,
    random: cryptoRandomBytes,
    now: clock.now,
    log: logger.log,
  });
  await keys.init();
  return { clock, store, keys, logger };
}

describe('ToolKeys', () => {
  it('stores only the SHA-256 of a new key, with its name, companies, right, creation and expiry', async () => {
    const { keys, store, clock } = await setup();

    const { key, record } = await keys.create(NEW_KEY);

    expect(record).toEqual({
      id: expect.stringMatching(/^key_[0-9a-f]{16}$/),
      name: 'Excel report',
      companies: ['101'],
      right: 'read',
      sha256: toolKeyHash(key),
      createdAt: clock.now(),
      expiresAt: clock.now() + 30 * DAY,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(store.peek()).toEqual([record]);
    expect(JSON.stringify(store.peek())).not.toContain(key);
  });

  it('accepts its own key and refuses one that was never created', async () => {
    const { keys } = await setup();
    const { key, record } = await keys.create(NEW_KEY);

    expect(keys.check(key)).toEqual({
      ok: true,
      key: expect.objectContaining({ id: record.id }),
    });
    expect(keys.check(generateToolKey(cryptoRandomBytes))).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });

  it('refuses a key with a bad checksum before looking it up, even if its hash were stored', async () => {
    const { key } = await (await setup()).keys.create(NEW_KEY);
    const tampered = `${key.slice(0, 10)}${key[10] === 'a' ? 'b' : 'a'}${key.slice(11)}`;
    const record: ToolKeyRecord = {
      id: 'key_0123456789abcdef',
      name: 'planted',
      companies: 'all',
      right: 'token',
      sha256: toolKeyHash(tampered),
      createdAt: 0,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    };
    const { keys } = await setup([record]);

    expect(keys.check(tampered)).toEqual({ ok: false, reason: 'bad_checksum' });
  });

  it('refuses a key from the moment it expires', async () => {
    const { keys, clock } = await setup();
    const { key } = await keys.create(NEW_KEY);

    clock.advance(30 * DAY - 1);
    expect(keys.check(key).ok).toBe(true);
    clock.advance(1);
    expect(keys.check(key)).toEqual({ ok: false, reason: 'expired' });
  });

  it('keeps a key without expiry working indefinitely', async () => {
    const { keys, clock } = await setup();
    const { key, record } = await keys.create({
      ...NEW_KEY,
      lifetimeDays: null,
    });

    clock.advance(3650 * DAY);
    expect(record.expiresAt).toBeNull();
    expect(keys.check(key).ok).toBe(true);
  });

  it('refuses a revoked key at once and stores the revocation', async () => {
    const { keys, store, clock } = await setup();
    const { key, record } = await keys.create(NEW_KEY);

    await expect(keys.revoke(record.id)).resolves.toBe(true);

    expect(keys.check(key)).toEqual({ ok: false, reason: 'revoked' });
    expect(store.peek()[0]?.revokedAt).toBe(clock.now());
    await expect(keys.revoke('key_ffffffffffffffff')).resolves.toBe(false);
  });

  it('refuses a revoked key even when the revocation could not be written', async () => {
    const { keys, store } = await setup();
    const { key, record } = await keys.create(NEW_KEY);
    store.failSaves = true;

    await expect(keys.revoke(record.id)).rejects.toThrow('disk full');
    expect(keys.check(key)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('forgets a key whose record could not be written, so it never works', async () => {
    const { keys, store } = await setup();
    store.failSaves = true;

    await expect(keys.create(NEW_KEY)).rejects.toThrow('disk full');
    expect(keys.list()).toEqual([]);
  });

  it('finds keys again after a restart from the same store', async () => {
    const first = await setup();
    const { key } = await first.keys.create(NEW_KEY);
    const restarted = new ToolKeys({
      store: first.store,
      random: cryptoRandomBytes,
      now: first.clock.now,
      log: first.logger.log,
    });
    await restarted.init();

    expect(restarted.check(key).ok).toBe(true);
  });

  it('records when a key was last used, writing at most once a minute', async () => {
    const { keys, store, clock } = await setup();
    const { key } = await keys.create(NEW_KEY);
    const savesAfterCreate = store.saved;

    keys.check(key);
    const firstUse = clock.now();
    clock.advance(LAST_USED_GRANULARITY_MS - 1);
    keys.check(key);
    keys.check(key);
    await Promise.resolve();

    expect(store.saved).toBe(savesAfterCreate + 1);
    expect(keys.list()[0]?.lastUsedAt).toBe(firstUse);
    clock.advance(1);
    keys.check(key);
    expect(keys.list()[0]?.lastUsedAt).toBe(clock.now());
    expect(store.saved).toBe(savesAfterCreate + 2);
  });

  it('logs a failed write of the last use without failing the check, and is idle afterwards', async () => {
    const { keys, store, logger } = await setup();
    const { key } = await keys.create(NEW_KEY);
    store.failSaves = true;

    expect(keys.check(key).ok).toBe(true);
    await keys.idle();

    expect(logger.text()).toContain('could not store when a tool key was last used');
  });

  it('normalises listed tenant ids and drops duplicates', async () => {
    const { keys } = await setup();
    const { record } = await keys.create({
      ...NEW_KEY,
      companies: ['0101', '101', '202'],
    });
    expect(record.companies).toEqual(['101', '202']);
  });

  it('refuses a key request with a bad name, lifetime or right', async () => {
    const { keys } = await setup();
    await expect(keys.create({ ...NEW_KEY, name: '  ' })).rejects.toThrow();
    await expect(keys.create({ ...NEW_KEY, name: 'a\u202eb' })).rejects.toThrow();
    await expect(keys.create({ ...NEW_KEY, lifetimeDays: 7 } as unknown as NewToolKey)).rejects.toThrow();
    await expect(keys.create({ ...NEW_KEY, right: 'admin' } as unknown as NewToolKey)).rejects.toThrow();
    await expect(keys.create({ ...NEW_KEY, companies: ['0'] })).rejects.toThrow();
  });

  it('compares a presented key with every stored hash in constant time, decoding no stored hash per check', async () => {
    const { keys } = await setup();
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push(await keys.create({ ...NEW_KEY, name: `tool ${i}` }));
    const first = created[0]!.key;
    const last = created[4]!.key;
    // A first use is stored (at most once a minute per key); the records then change, and only then are hashes decoded.
    for (const { key } of created) keys.check(key);
    const compare = vi.mocked(timingSafeEqual);
    const fromHex = vi.spyOn(Buffer, 'from');
    compare.mockClear();

    const checks = [keys.check(first), keys.check(last), keys.check(generateToolKey(cryptoRandomBytes))];

    expect(checks.map((check) => (check.ok ? check.key.name : check.reason))).toEqual(['tool 0', 'tool 4', 'unknown']);
    // Five comparisons per check, wherever (or whether) the key matches: no early exit.
    expect(compare).toHaveBeenCalledTimes(15);
    expect(fromHex.mock.calls.filter((call) => (call as unknown[])[1] === 'hex')).toEqual([]);
    fromHex.mockRestore();
  });

  it('never writes a key to the log', async () => {
    const { keys, logger } = await setup();
    const { key } = await keys.create(NEW_KEY);
    keys.check(key);
    expect(logger.text()).not.toContain(key);
  });

  describe('removing and dropping ended keys', () => {
    it('removes a revoked key for good, and refuses to remove one that still works', async () => {
      const { keys, store } = await setup();
      const working = await keys.create(NEW_KEY);
      const revoked = await keys.create({ ...NEW_KEY, name: 'Old script' });
      await keys.revoke(revoked.record.id);

      expect(await keys.remove(working.record.id)).toBe('still_usable');
      expect(await keys.remove(revoked.record.id)).toBe('removed');
      expect(await keys.remove(revoked.record.id)).toBe('unknown');

      expect(keys.list().map((record) => record.id)).toEqual([working.record.id]);
      expect(store.peek().map((record) => record.id)).toEqual([working.record.id]);
      expect(keys.check(revoked.key)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('still matches each remaining key to its own record after an earlier key is removed or dropped', async () => {
      const { keys, clock } = await setup();
      const first = await keys.create({ ...NEW_KEY, name: 'First', right: 'read' });
      const second = await keys.create({ ...NEW_KEY, name: 'Second', right: 'read-write' });
      const third = await keys.create({ ...NEW_KEY, name: 'Third', right: 'token', lifetimeDays: null });
      await keys.revoke(first.record.id);
      expect(await keys.remove(first.record.id)).toBe('removed');

      expect(keys.check(second.key)).toMatchObject({ ok: true, key: { id: second.record.id, right: 'read-write' } });
      expect(keys.check(third.key)).toMatchObject({ ok: true, key: { id: third.record.id, right: 'token' } });

      await keys.revoke(second.record.id);
      clock.advance(91 * DAY);
      expect(keys.list().map((record) => record.id)).toEqual([third.record.id]);
      expect(keys.check(third.key)).toMatchObject({ ok: true, key: { id: third.record.id, right: 'token' } });
      expect(keys.check(second.key)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('removes an expired key, and keeps it when the removal could not be written', async () => {
      const { keys, store, clock } = await setup();
      const { record } = await keys.create(NEW_KEY);
      clock.advance(30 * DAY);
      store.failSaves = true;

      await expect(keys.remove(record.id)).rejects.toThrow('disk full');
      expect(keys.list()).toHaveLength(1);
      store.failSaves = false;
      expect(await keys.remove(record.id)).toBe('removed');
      expect(store.peek()).toEqual([]);
    });

    it('makes room under MAX_TOOL_KEYS again when revoked keys are removed', async () => {
      const { keys } = await setup();
      const made: string[] = [];
      for (let count = 0; count < MAX_TOOL_KEYS; count += 1) made.push((await keys.create({ ...NEW_KEY, name: `k${count}` })).record.id);
      await expect(keys.create(NEW_KEY)).rejects.toBeInstanceOf(TooManyToolKeysError);

      await keys.revoke(made[0] ?? '');
      await keys.remove(made[0] ?? '');

      await expect(keys.create(NEW_KEY)).resolves.toMatchObject({ record: { name: 'Excel report' } });
    });

    it('drops a revoked or expired record 90 days after it stopped working, not a day sooner', async () => {
      const { keys, store, clock } = await setup();
      const revoked = await keys.create({ ...NEW_KEY, lifetimeDays: null, name: 'Revoked' });
      await keys.revoke(revoked.record.id);
      const expiring = await keys.create({ ...NEW_KEY, name: 'Expiring' }); // 30 days
      const forever = await keys.create({ ...NEW_KEY, lifetimeDays: null, name: 'Forever' });

      clock.advance(ENDED_KEY_KEPT_DAYS * DAY - 1);
      expect(keys.list().map((record) => record.name)).toEqual(['Revoked', 'Expiring', 'Forever']);
      clock.advance(1);
      expect(keys.list().map((record) => record.name)).toEqual(['Expiring', 'Forever']);
      await keys.idle();
      expect(store.peek().map((record) => record.name)).toEqual(['Expiring', 'Forever']);

      clock.advance(30 * DAY);
      expect(keys.list().map((record) => record.name)).toEqual(['Forever']);
      await keys.idle();
      expect(store.peek().map((record) => record.id)).toEqual([forever.record.id]);
      expect(keys.check(expiring.key)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('drops long-ended records when loading, and before counting toward the key limit', async () => {
      const clock = new FakeClock();
      const long = clock.now() - (ENDED_KEY_KEPT_DAYS + 1) * DAY;
      const ended = (index: number): ToolKeyRecord => ({
        id: `key_${index.toString(16).padStart(16, '0')}`,
        name: `old ${index}`,
        companies: 'all',
        right: 'read',
        sha256: toolKeyHash(generateToolKey(cryptoRandomBytes)),
        createdAt: long - DAY,
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: long,
      });
      const store = new MemoryToolKeyStore(Array.from({ length: MAX_TOOL_KEYS }, (_, index) => ended(index)));
      const keys = new ToolKeys({ store, random: cryptoRandomBytes, now: clock.now, log: recordingLogger().log });

      await keys.init();

      expect(store.peek()).toEqual([]);
      await expect(keys.create(NEW_KEY)).resolves.toMatchObject({ record: { name: 'Excel report' } });
    });
  });
  describe('with a memo per connection', () => {
    it('recognises the key its memo accepted with one constant-time comparison of the key, not one per stored hash', async () => {
      const { keys } = await setup();
      const created = [];
      for (let i = 0; i < 5; i += 1) created.push(await keys.create({ ...NEW_KEY, name: `tool ${i}` }));
      const memo = newKeyMemo();
      const key = created[3]!.key;
      keys.check(key, memo);
      const compare = vi.mocked(timingSafeEqual);
      compare.mockClear();

      const again = keys.check(key, memo);

      expect(again.ok && again.key.name).toBe('tool 3');
      expect(compare).toHaveBeenCalledTimes(1);
      expect(memo.presented?.toString('utf8')).toBe(key);
    });

    it('refuses a remembered key on the very next check after it is revoked', async () => {
      const { keys } = await setup();
      const { key, record } = await keys.create(NEW_KEY);
      const memo = newKeyMemo();
      expect(keys.check(key, memo).ok).toBe(true);
      expect(keys.check(key, memo).ok).toBe(true);

      await keys.revoke(record.id);

      expect(keys.check(key, memo)).toEqual({ ok: false, reason: 'revoked' });
    });

    it('refuses a remembered key from the moment its expiry passes', async () => {
      const { keys, clock } = await setup();
      const { key } = await keys.create(NEW_KEY);
      const memo = newKeyMemo();
      expect(keys.check(key, memo).ok).toBe(true);

      clock.advance(30 * DAY - 1);
      expect(keys.check(key, memo).ok).toBe(true);
      clock.advance(1);

      expect(keys.check(key, memo)).toEqual({ ok: false, reason: 'expired' });
    });

    it('checks another key presented on the same memo on its own: a second valid key is that key, an unknown or malformed one is refused', async () => {
      const { keys } = await setup();
      const first = await keys.create({ ...NEW_KEY, name: 'first' });
      const second = await keys.create({ ...NEW_KEY, name: 'second', right: 'token' });
      const memo = newKeyMemo();
      keys.check(first.key, memo);

      const other = keys.check(second.key, memo);
      expect(other.ok && [other.key.name, other.key.right]).toEqual(['second', 'token']);
      expect(keys.check(generateToolKey(cryptoRandomBytes), memo)).toEqual({ ok: false, reason: 'unknown' });
      expect(keys.check(`${first.key.slice(0, -1)}!`, memo)).toEqual({ ok: false, reason: 'malformed' });
      const first2 = keys.check(first.key, memo);
      expect(first2.ok && first2.key.name).toBe('first');
    });

    it("matches a remembered key to its own record after the records change, never to the record that took its place", async () => {
      const { keys } = await setup();
      const gone = await keys.create({ ...NEW_KEY, name: 'gone' });
      const kept = await keys.create({ ...NEW_KEY, name: 'kept', right: 'read' });
      const memo = newKeyMemo();
      expect(keys.check(kept.key, memo).ok).toBe(true);

      // The first record goes, so "kept" moves to the first place and a new key takes the second.
      await keys.revoke(gone.record.id);
      await keys.remove(gone.record.id);
      await keys.create({ ...NEW_KEY, name: 'newcomer', right: 'token', companies: 'all' });

      const check = keys.check(kept.key, memo);
      expect(check.ok && [check.key.name, check.key.right, check.key.companies]).toEqual(['kept', 'read', ['101']]);
    });
  });
});
