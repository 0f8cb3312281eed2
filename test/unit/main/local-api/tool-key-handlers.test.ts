import { describe, expect, it } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { createIpcRouter, IpcRefusedError, type IpcHandlers } from '../../../../main/ipc/ipc-router';
import type { IpcSender } from '../../../../main/ipc/trusted-sender';
import { createToolKeyHandlers, examplePort } from '../../../../main/local-api/tool-key-handlers';
import { MemoryToolKeyStore } from '../../../../main/local-api/tool-key-store';
import { ToolKeys } from '../../../../main/local-api/tool-keys';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { createLogger, formatLogRecord, type LogRecord } from '../../../../main/logging/logger';
import { INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import { invokeContract, type CreateToolKeyResult, type ToolKeyList } from '../../../../shared/ipc-contract';
import { MAX_TOOL_KEYS } from '../../../../shared/tool-key-rules';
import { toolExample } from '../../../../shared/tool-examples';
import { FakeClock } from '../fake-timers';

const SENDER: IpcSender = { webContentsId: 1, frameUrl: 'app://renderer/index.html', isMainFrame: true };
const DAY = 24 * 60 * 60 * 1000;
const PORT = 41817;

/**
 * The Tools view's IPC (issue 8, item 2) through the real router, so every answer is also checked
 * against the contract on its way out, over a real key registry in memory.
 */
async function setup(options: { tools?: boolean; connected?: string[] } = {}) {
  const clock = new FakeClock();
  const store = new MemoryToolKeyStore();
  const secrets = new KnownSecrets();
  const records: LogRecord[] = [];
  const log = createLogger((record) => records.push(record), () => new Date(clock.now()), secrets);
  const keys = new ToolKeys({ store, random: cryptoRandomBytes, now: clock.now, log });
  await keys.init();
  const clipboard: string[] = [];
  const notUsed = Object.fromEntries(
    Object.keys(invokeContract).map((channel) => [
      channel,
      () => {
        throw new Error(`${channel} is not used here`);
      },
    ]),
  ) as unknown as IpcHandlers;
  const handlers: IpcHandlers = {
    ...notUsed,
    ...createToolKeyHandlers({
      tools: options.tools === false ? undefined : { keys, port: () => PORT },
      connectedTenantIds: () => options.connected ?? ['1001', '1002', '2001'],
      writeClipboard: (text) => clipboard.push(text),
      now: clock.now,
      secrets,
      log,
    }),
  };
  const router = createIpcRouter(handlers, { appWebContentsId: () => 1, appOrigin: 'app://renderer' }, log);
  const invoke = (channel: string, payload?: unknown) => router.invoke(channel, SENDER, payload);
  const create = (payload: Record<string, unknown> = {}) =>
    invoke(INVOKE_CHANNELS.createToolKey, { name: 'Excel-rapport', companies: ['1001', '1002'], right: 'read', lifetimeDays: 90, ...payload }) as Promise<CreateToolKeyResult>;
  const logText = () => records.map(formatLogRecord).join('\n');
  return { clock, store, keys, clipboard, invoke, create, logText, log };
}

/** The key of a successful create. */
function keyOf(result: CreateToolKeyResult): string {
  if (!result.ok) throw new Error(`not created: ${result.reason}`);
  return result.key;
}

describe('the Tools view IPC', () => {
  it('creates a key for chosen companies and returns it once with its record (no hash) and the API port', async () => {
    const { create, clock, store } = await setup();

    const result = await create();

    expect(result).toEqual({
      ok: true,
      key: expect.stringMatching(/^fxc_[0-9A-Za-z]{36}$/),
      port: PORT,
      record: {
        id: expect.stringMatching(/^key_[0-9a-f]{16}$/),
        name: 'Excel-rapport',
        companies: ['1001', '1002'],
        right: 'read',
        createdAt: clock.now(),
        expiresAt: clock.now() + 90 * DAY,
        lastUsedAt: null,
        revokedAt: null,
      },
    });
    expect(JSON.stringify(result)).not.toContain('sha256');
    expect(store.peek()).toHaveLength(1);
  });

  it('lists keys without their hash, and never the key itself', async () => {
    const { create, invoke, store } = await setup();
    const key = keyOf(await create({ companies: 'all', right: 'token', lifetimeDays: null }));

    const list = (await invoke(INVOKE_CHANNELS.listToolKeys)) as ToolKeyList;

    expect(list.keys).toHaveLength(1);
    expect(list.keys[0]).toMatchObject({ companies: 'all', right: 'token', expiresAt: null });
    expect(Object.keys(list.keys[0] ?? {})).not.toContain('sha256');
    const text = JSON.stringify(list);
    expect(text).not.toContain(key);
    expect(text).not.toContain(store.peek()[0]?.sha256);
  });

  it('adds the new key to the known secrets, so a log line that carries it by mistake is redacted', async () => {
    const { create, log, logText } = await setup();
    const key = keyOf(await create());

    log.info(`a careless message with ${key} in it`, { header: `Bearer ${key}` });

    expect(logText()).not.toContain(key);
    expect(logText()).toContain('[redacted]');
  });

  it('refuses companies that are not connected, and stores nothing', async () => {
    const { create, store } = await setup({ connected: ['1001'] });

    expect(await create({ companies: ['1001', '9999'] })).toEqual({ ok: false, reason: 'unknown_companies' });
    expect(store.peek()).toEqual([]);
  });

  it('accepts a company named with leading zeros as the connected company', async () => {
    const { create } = await setup({ connected: ['1001'] });

    const result = await create({ companies: ['001001'] });

    expect(result.ok && result.record.companies).toEqual(['1001']);
  });

  it('says so when the key limit is reached or the key could not be stored', async () => {
    const { create, store, keys } = await setup();
    store.failSaves = true;
    expect(await create()).toEqual({ ok: false, reason: 'not_saved' });
    expect(keys.list()).toEqual([]);

    store.failSaves = false;
    for (let made = 0; made < MAX_TOOL_KEYS; made += 1) await keys.create({ name: `k${made}`, companies: 'all', right: 'read', lifetimeDays: 30 });
    expect(await create()).toEqual({ ok: false, reason: 'too_many_keys' });
  });

  it('says keys are unavailable when the registry could not be opened', async () => {
    const { create, invoke } = await setup({ tools: false });

    expect(await create()).toEqual({ ok: false, reason: 'unavailable' });
    expect(await invoke(INVOKE_CHANNELS.listToolKeys)).toEqual({ keys: [] });
    expect(await invoke(INVOKE_CHANNELS.revokeToolKey, { id: 'key_0123456789abcdef' })).toEqual({ revoked: false, saved: false });
  });

  it('revokes a key at once: the registry refuses it from then on, and the list shows when', async () => {
    const { create, invoke, keys, clock } = await setup();
    const result = await create();
    const key = keyOf(result);
    if (!result.ok) throw new Error('unreachable');
    expect(keys.check(key).ok).toBe(true);
    clock.advance(5_000);

    expect(await invoke(INVOKE_CHANNELS.revokeToolKey, { id: result.record.id })).toEqual({ revoked: true, saved: true });

    expect(keys.check(key)).toEqual({ ok: false, reason: 'revoked' });
    const list = (await invoke(INVOKE_CHANNELS.listToolKeys)) as ToolKeyList;
    expect(list.keys[0]?.revokedAt).toBe(clock.now());
  });

  it('reports a revocation that could not be stored (refused all the same), and an unknown key', async () => {
    const { create, invoke, keys, store } = await setup();
    const result = await create();
    if (!result.ok) throw new Error('not created');
    store.failSaves = true;

    expect(await invoke(INVOKE_CHANNELS.revokeToolKey, { id: result.record.id })).toEqual({ revoked: true, saved: false });
    expect(keys.check(result.key).ok).toBe(false);
    expect(await invoke(INVOKE_CHANNELS.revokeToolKey, { id: 'key_0123456789abcdef' })).toEqual({ revoked: false, saved: true });
  });

  it('removes a revoked key at once, refuses one that still works, and says when the removal was not stored', async () => {
    const { create, invoke, store } = await setup();
    const working = await create({ name: 'Working' });
    const revoked = await create({ name: 'Revoked' });
    if (!working.ok || !revoked.ok) throw new Error('not created');
    await invoke(INVOKE_CHANNELS.revokeToolKey, { id: revoked.record.id });

    expect(await invoke(INVOKE_CHANNELS.removeToolKey, { id: working.record.id })).toEqual({ outcome: 'still_usable' });
    store.failSaves = true;
    expect(await invoke(INVOKE_CHANNELS.removeToolKey, { id: revoked.record.id })).toEqual({ outcome: 'not_saved' });
    store.failSaves = false;
    expect(await invoke(INVOKE_CHANNELS.removeToolKey, { id: revoked.record.id })).toEqual({ outcome: 'removed' });
    expect(await invoke(INVOKE_CHANNELS.removeToolKey, { id: revoked.record.id })).toEqual({ outcome: 'unknown' });

    const list = (await invoke(INVOKE_CHANNELS.listToolKeys)) as ToolKeyList;
    expect(list.keys.map((key) => key.name)).toEqual(['Working']);
    await expect(invoke(INVOKE_CHANNELS.removeToolKey, { id: '../key' })).rejects.toBeInstanceOf(IpcRefusedError);
    expect(await (await setup({ tools: false })).invoke(INVOKE_CHANNELS.removeToolKey, { id: working.record.id })).toEqual({ outcome: 'unavailable' });
  });

  it('copies the key, or an example built by main with the API port, to the clipboard', async () => {
    const { create, invoke, clipboard } = await setup();
    const key = keyOf(await create());

    expect(await invoke(INVOKE_CHANNELS.copyToolText, { what: 'key', key, databaseNumber: null })).toEqual({ copied: true });
    expect(await invoke(INVOKE_CHANNELS.copyToolText, { what: 'curl', key, databaseNumber: '1001' })).toEqual({ copied: true });
    expect(await invoke(INVOKE_CHANNELS.copyToolText, { what: 'power-query', key, databaseNumber: '1001' })).toEqual({ copied: true });

    expect(clipboard).toEqual([
      key,
      toolExample('curl', { port: PORT, key, databaseNumber: '1001' }),
      toolExample('power-query', { port: PORT, key, databaseNumber: '1001' }),
    ]);
  });

  it('copies only a key made in this session in the last 15 minutes, and answers why it did not', async () => {
    const { create, invoke, clipboard, clock, logText, log } = await setup();
    const key = keyOf(await create());
    const other = await setup();
    const elsewhere = keyOf(await other.create());

    // A well-formed key this session did not make (here: another registry's) is not copied, nor learnt as a secret.
    expect(await invoke(INVOKE_CHANNELS.copyToolText, { what: 'key', key: elsewhere, databaseNumber: null })).toEqual({ copied: false, reason: 'not_recent' });
    log.info('probe', { text: elsewhere });
    expect(logText()).toContain(elsewhere);

    clock.advance(15 * 60 * 1000);
    expect(await invoke(INVOKE_CHANNELS.copyToolText, { what: 'key', key, databaseNumber: null })).toEqual({ copied: true });
    clock.advance(1);
    expect(await invoke(INVOKE_CHANNELS.copyToolText, { what: 'curl', key, databaseNumber: '1001' })).toEqual({ copied: false, reason: 'not_recent' });
    expect(clipboard).toEqual([key]);
  });

  it('copies nothing for a string that has a key\'s shape but a wrong checksum', async () => {
    const { create, invoke, clipboard } = await setup();
    const key = keyOf(await create());
    const last = key.at(-1) === 'a' ? 'b' : 'a';

    expect(await invoke(INVOKE_CHANNELS.copyToolText, { what: 'key', key: `${key.slice(0, -1)}${last}`, databaseNumber: null })).toEqual({ copied: false });
    expect(clipboard).toEqual([]);
  });

  it.each([
    ['an empty name', { name: '   ' }],
    ['a name with a line break', { name: 'Excel\nrapport' }],
    ['a name over 100 characters', { name: 'x'.repeat(101) }],
    ['no companies', { companies: [] }],
    ['a company that is not a tenant id', { companies: ['abc'] }],
    ['an unknown right', { right: 'admin' }],
    ['a lifetime not offered', { lifetimeDays: 7 }],
    ['an extra field', { sha256: 'a'.repeat(64) }],
  ])('refuses to create a key with %s', async (_case, payload) => {
    const { create, store } = await setup();

    await expect(create(payload)).rejects.toBeInstanceOf(IpcRefusedError);
    expect(store.peek()).toEqual([]);
  });

  it.each([
    ['a text that is not a key', { what: 'key', key: 'hello world', databaseNumber: null }],
    ['an unknown example', { what: 'bash', key: 'fxc_0123456789ABCDEFGHIJabcdefghij012345', databaseNumber: null }],
    ['a database number that is not digits', { what: 'curl', key: 'fxc_0123456789ABCDEFGHIJabcdefghij012345', databaseNumber: '1; rm' }],
  ])('refuses to copy %s', async (_case, payload) => {
    const { invoke, clipboard } = await setup();

    await expect(invoke(INVOKE_CHANNELS.copyToolText, payload)).rejects.toBeInstanceOf(IpcRefusedError);
    expect(clipboard).toEqual([]);
  });

  it('names in the examples the port the local API runs or tries to run on, and while it is off the port chosen in Settings or the default', () => {
    expect(examplePort({ state: 'running', port: 50123 }, 41900)).toBe(50123);
    expect(examplePort({ state: 'port_in_use', port: 41900 }, null)).toBe(41900);
    expect(examplePort({ state: 'off', by: 'user' }, 41950)).toBe(41950);
    expect(examplePort({ state: 'off', by: 'managed' }, null)).toBe(41817);
    expect(examplePort({ state: 'starting', port: 0 }, null)).toBe(41817);
  });

  it('refuses to revoke with an id that is not a key id', async () => {
    const { invoke } = await setup();

    await expect(invoke(INVOKE_CHANNELS.revokeToolKey, { id: '../key' })).rejects.toBeInstanceOf(IpcRefusedError);
  });
});
