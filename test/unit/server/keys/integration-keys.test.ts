import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { TOOL_KEY_SCAN_PATTERN, toolKeyChecksum, toolKeyHash } from '../../../../main/local-api/tool-key-format';
import { MAX_TOOL_KEYS } from '../../../../shared/tool-key-rules';
import type { Database, Queryable } from '../../../../server/db/database';
import { migrate } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';
import { openPostgres } from '../../../../server/db/postgres';
import { createTestDatabase } from '../../../support/postgres';
import { IntegrationKeys, TooManyIntegrationKeysError } from '../../../../server/keys/integration-keys';
import { FakeClock } from '../../main/fake-timers';

const DAY_MS = 24 * 60 * 60 * 1000;

let db: Database;

/** Opens a migrated database of `kind`, and how to dispose of it. */
async function openDatabase(kind: 'pglite' | 'postgres'): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (kind === 'postgres') {
    const database = await createTestDatabase('keys');
    const opened = openPostgres(database.url, { max: 4 });
    await migrate(opened);
    const dispose = async () => {
      await opened.close();
      await database.drop();
    };
    return { db: opened, dispose };
  }
  const folder = await mkdtemp(join(tmpdir(), 'fc-keys-'));
  const opened = await openPglite(folder);
  await migrate(opened);
  const dispose = async () => {
    await opened.close();
    await rm(folder, { recursive: true, force: true });
  };
  return { db: opened, dispose };
}

/** The database with every statement recorded (what a check costs, and that none runs for a malformed key). */
function recording(inner: Queryable) {
  const statements: string[] = [];
  const queryable: Queryable = {
    query: (sql, params) => {
      statements.push(sql.replace(/\s+/g, ' ').trim());
      return inner.query(sql, params);
    },
  };
  return { queryable, statements };
}

/** A registry (one replica) on the shared database and clock. */
function replica(clock: FakeClock, on: Queryable = db, failures: string[] = []) {
  return new IntegrationKeys({ db: on, random: cryptoRandomBytes, now: clock.now, onBackgroundFailure: (id) => failures.push(id) });
}

const newKey = { name: 'Lönesystemet', companies: ['101', '0202'] as string[] | 'all', right: 'token' as const, lifetimeDays: null };

describe.each(['pglite', 'postgres'] as const)('integration keys on %s', (kind) => {
  let dispose: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ db, dispose } = await openDatabase(kind));
  }, 60_000);
  afterAll(() => dispose());
  beforeEach(async () => {
    await db.query('DELETE FROM integration_keys');
  });

  it('hands the key out once and stores only its SHA-256: no column of the row holds the key or a part of it', async () => {
    const keys = replica(new FakeClock());

    const created = await keys.create(newKey, 'admin@firm.example');

    expect(created.key).toMatch(/^fxc_[0-9A-Za-z]{36}$/);
    expect(created.record).toMatchObject({ name: 'Lönesystemet', companies: ['101', '202'], right: 'token', sha256: toolKeyHash(created.key), createdBy: 'admin@firm.example', expiresAt: null });
    const { rows } = await db.query<Record<string, unknown>>("SELECT *, encode(key_hash, 'hex') AS hex FROM integration_keys");
    const stored = JSON.stringify(rows, (_name, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value));
    expect(stored).not.toContain(created.key);
    expect(stored).not.toContain(created.key.slice(4, 34));
    expect(stored.match(TOOL_KEY_SCAN_PATTERN)).toBeNull();
    expect(rows[0]?.hex).toBe(toolKeyHash(created.key));
    expect(JSON.stringify(await keys.list())).not.toContain(created.key);
  });

  it('accepts a created key with its companies and right, on every replica', async () => {
    const clock = new FakeClock();
    const { key } = await replica(clock).create(newKey, 'admin@firm.example');

    const check = await replica(clock).check(key);

    expect(check.ok && check.key).toMatchObject({ companies: ['101', '202'], right: 'token', name: 'Lönesystemet' });
  });

  it('refuses a malformed key or a bad checksum without asking the database, and an unknown well-formed key after one lookup', async () => {
    const clock = new FakeClock();
    const { key } = await replica(clock).create(newKey, 'admin@firm.example');
    const { queryable, statements } = recording(db);
    const keys = replica(clock, queryable);

    const hostile = ["fxc_' OR '1'='1' --", `fxc_${'a'.repeat(36)}`, `${key}\0`, key.slice(0, -1), `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, '', 'fxc_'.padEnd(40, '\0')];
    for (const presented of hostile) expect((await keys.check(presented)).ok, JSON.stringify(presented)).toBe(false);
    expect(statements).toEqual([]);

    const randomPart = 'Z'.repeat(30);
    expect(await keys.check(`fxc_${randomPart}${toolKeyChecksum(randomPart)}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(statements).toHaveLength(1);
  });

  it('refuses a key on every replica from the moment one revokes it, and keeps the first revocation time', async () => {
    const clock = new FakeClock();
    const first = replica(clock);
    const second = replica(clock);
    const { key, record } = await first.create(newKey, 'admin@firm.example');
    expect((await second.check(key)).ok).toBe(true);

    expect(await first.revoke(record.id)).toBe(true);
    const revokedAt = clock.now();
    clock.advance(60_000);
    expect(await second.revoke(record.id)).toBe(true);

    expect(await second.check(key)).toEqual({ ok: false, reason: 'revoked' });
    expect((await second.list())[0]?.revokedAt).toBe(revokedAt);
    expect(await first.revoke('key_0000000000000000')).toBe(false);
    expect(await first.revoke("key_'; DELETE FROM integration_keys; --")).toBe(false);
    expect(await first.revoke(`${record.id}\0`)).toBe(false);
    expect(await second.list()).toHaveLength(1);
  });

  it('refuses a key from the exact millisecond it expires', async () => {
    const clock = new FakeClock();
    const keys = replica(clock);
    const { key, record } = await keys.create({ ...newKey, lifetimeDays: 30 }, 'admin@firm.example');
    expect(record.expiresAt).toBe(clock.now() + 30 * DAY_MS);

    clock.advance(30 * DAY_MS - 1);
    expect((await keys.check(key)).ok).toBe(true);
    clock.advance(1);
    expect(await keys.check(key)).toEqual({ ok: false, reason: 'expired' });
  });

  it('notes when a key was last used at most once a minute, in the background', async () => {
    const clock = new FakeClock();
    const { key } = await replica(clock).create(newKey, 'admin@firm.example');
    const { queryable, statements } = recording(db);
    const keys = replica(clock, queryable);

    for (let call = 0; call < 5; call += 1) await keys.check(key);
    await keys.idle();
    clock.advance(59_999);
    await keys.check(key);
    clock.advance(1);
    await keys.check(key);
    await keys.idle();

    expect(statements.filter((sql) => sql.startsWith('UPDATE'))).toHaveLength(2);
    expect((await keys.list())[0]?.lastUsedAt).toBe(clock.now());
  });

  it('stores SQL metacharacters in a name verbatim, and refuses a NUL byte or a line break in a name or creator before the database', async () => {
    const keys = replica(new FakeClock());
    const name = "Robert'); DROP TABLE integration_keys; --";

    const created = await keys.create({ ...newKey, name }, "o'brien@firm.example");
    expect((await keys.list()).map((record) => [record.name, record.createdBy])).toEqual([[name, "o'brien@firm.example"]]);

    await expect(keys.create({ ...newKey, name: 'a\0b' }, 'admin@firm.example')).rejects.toThrow();
    await expect(keys.create({ ...newKey, name: 'a\nb' }, 'admin@firm.example')).rejects.toThrow();
    await expect(keys.create(newKey, 'admin\0@firm.example')).rejects.toThrow();
    await expect(keys.create({ ...newKey, companies: ["101' OR '1'='1"] }, 'admin@firm.example')).rejects.toThrow();
    await expect(keys.create({ ...newKey, right: 'admin' as 'token' }, 'admin@firm.example')).rejects.toThrow();
    expect((await keys.list()).map((record) => record.id)).toEqual([created.record.id]);
  });

  it('lets the table itself refuse rows out of the model: bad company ids, both all and a list, an unknown right, a short hash', async () => {
    const insert = (values: { all: boolean; ids: string[]; right?: string; hash?: Buffer }) =>
      db.query(
        "INSERT INTO integration_keys (id, name, key_hash, all_companies, company_ids, key_right, created_by, created_at) VALUES ('key_00000000000000aa', 'x', $1, $2, $3, $4, 'admin', now())",
        [values.hash ?? Buffer.alloc(32, 7), values.all, values.ids, values.right ?? 'read'],
      );

    await expect(insert({ all: false, ids: ['0'] })).rejects.toThrow();
    await expect(insert({ all: false, ids: ['101', "1' OR 1=1"] })).rejects.toThrow();
    await expect(insert({ all: false, ids: [] })).rejects.toThrow();
    await expect(insert({ all: true, ids: ['101'] })).rejects.toThrow();
    await expect(insert({ all: false, ids: ['101'], right: 'admin' })).rejects.toThrow();
    await expect(insert({ all: false, ids: ['101'], hash: Buffer.alloc(16) })).rejects.toThrow();
    await insert({ all: false, ids: ['101', '202'] });
    expect((await db.query('SELECT id FROM integration_keys')).rows).toHaveLength(1);
  });

  it(`keeps at most ${MAX_TOOL_KEYS} keys, and drops keys ended more than 90 days ago first`, async () => {
    const clock = new FakeClock();
    const keys = replica(clock);
    await db.query(
      `INSERT INTO integration_keys (id, name, key_hash, all_companies, key_right, created_by, created_at, revoked_at)
       SELECT 'key_' || lpad(to_hex(g), 16, '0'), 'old ' || g, sha256(g::text::bytea), true, 'read', 'admin', $1::timestamptz, CASE WHEN g <= 10 THEN $1::timestamptz END
       FROM generate_series(1, $2::int) AS g`,
      [new Date(clock.now()).toISOString(), MAX_TOOL_KEYS],
    );

    await expect(keys.create(newKey, 'admin@firm.example')).rejects.toBeInstanceOf(TooManyIntegrationKeysError);
    clock.advance(91 * DAY_MS);
    await keys.create(newKey, 'admin@firm.example');
    expect(await keys.list()).toHaveLength(MAX_TOOL_KEYS - 10 + 1);
  });

  it('reports a failed write of a last use by key id, and the check still accepts the key', async () => {
    const clock = new FakeClock();
    const { key, record } = await replica(clock).create(newKey, 'admin@firm.example');
    const failures: string[] = [];
    const flaky: Queryable = { query: (sql, params) => (sql.startsWith('UPDATE') ? Promise.reject(new Error('read-only replica')) : db.query(sql, params)) };
    const keys = replica(clock, flaky, failures);

    expect((await keys.check(key)).ok).toBe(true);
    await keys.idle();

    expect(failures).toEqual([record.id]);
  });
});
