import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { SignedToolKeyStore, toolKeysMacKey } from '../../../../main/local-api/signed-tool-key-store';
import { toolKeyFileStore, type ToolKeysDocument } from '../../../../main/local-api/tool-key-file';
import { generateToolKey, toolKeyHash } from '../../../../main/local-api/tool-key-format';
import { ToolKeys } from '../../../../main/local-api/tool-keys';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { useTempDirs } from '../storage/temp-dir';

describe('tool key records authenticated by a secret in the vault', () => {
  const tempDir = useTempDirs();

  /** The app's start, as app-services.ts does it: the vault, its MAC key, the file, the registry. */
  async function start(dir: string, port = new FakeSafeStorage(), clock = new FakeClock()) {
    const logger = recordingLogger();
    const file = createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(clock.now()), log: logger.log });
    const vault = createSecretVault({ box: createSecretBox(port, 'linux'), file, log: logger.log });
    await vault.init();
    const store = new SignedToolKeyStore(
      toolKeyFileStore({ filePath: path.join(dir, 'tool-keys.json'), now: () => new Date(clock.now()), log: logger.log }),
      await toolKeysMacKey(vault, cryptoRandomBytes, logger.log),
      logger.log,
    );
    const keys = new ToolKeys({ store, random: cryptoRandomBytes, now: clock.now, log: logger.log });
    await keys.init();
    return { keys, store, logger };
  }

  const readDocument = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'tool-keys.json'), 'utf8')) as ToolKeysDocument;

  it('keeps a key made in the app across a restart', async () => {
    const dir = await tempDir();
    const first = await start(dir);
    const { key } = await first.keys.create({ name: 'Power BI', companies: 'all', right: 'read', lifetimeDays: null });

    const second = await start(dir);

    expect(second.keys.check(key).ok).toBe(true);
    expect(second.store.refused()).toBe(0);
  });

  it('refuses, logs and counts a record another program planted in tool-keys.json, signed or not, and never signs it', async () => {
    const dir = await tempDir();
    const first = await start(dir);
    const { record: legit, key: legitKey } = await first.keys.create({ name: 'Power BI', companies: ['1001'], right: 'read', lifetimeDays: null });
    const planted = generateToolKey(cryptoRandomBytes);
    const document = await readDocument(dir);
    const plantedRecord = { ...legit, id: 'key_00000000000000ff', name: 'x', companies: 'all' as const, right: 'token' as const, sha256: toolKeyHash(planted) };
    // One without a MAC, and one that copies the legit record's MAC (it authenticates other fields).
    document.keys.push(plantedRecord, { ...plantedRecord, id: 'key_00000000000000fe', mac: document.keys[0]?.mac });
    await writeFile(path.join(dir, 'tool-keys.json'), JSON.stringify(document));

    const second = await start(dir);

    expect(second.keys.check(planted).ok).toBe(false);
    expect(second.keys.check(legitKey).ok).toBe(true);
    expect(second.store.refused()).toBe(2);
    expect(second.logger.text()).toContain('tool key refused: its record in tool-keys.json is not authenticated');
    expect(second.logger.text()).not.toContain(toolKeyHash(planted));
    // A later save writes only authenticated records: the planted ones are gone, not signed.
    await second.keys.create({ name: 'Excel', companies: 'all', right: 'read', lifetimeDays: 30 });
    const third = await start(dir);
    expect(third.keys.check(planted).ok).toBe(false);
    expect((await readDocument(dir)).keys.map((each) => each.id)).not.toContain('key_00000000000000ff');
  });

  it('refuses a record whose rights were raised in the file', async () => {
    const dir = await tempDir();
    const first = await start(dir);
    const { key } = await first.keys.create({ name: 'Power BI', companies: ['1001'], right: 'read', lifetimeDays: 30 });
    const document = await readDocument(dir);
    document.keys = document.keys.map((each) => ({ ...each, right: 'token', companies: 'all', expiresAt: null }));
    await writeFile(path.join(dir, 'tool-keys.json'), JSON.stringify(document));

    expect((await start(dir)).keys.check(key).ok).toBe(false);
  });

  it('with a memory-only vault keeps keys for this session only: after a restart they are refused', async () => {
    const dir = await tempDir();
    const first = await start(dir, new FakeSafeStorage({ backend: 'basic_text' }));
    const { key } = await first.keys.create({ name: 'Power BI', companies: 'all', right: 'read', lifetimeDays: null });
    expect(first.keys.check(key).ok).toBe(true);

    const second = await start(dir, new FakeSafeStorage({ backend: 'basic_text' }));
    expect(second.keys.check(key).ok).toBe(false);
    expect(second.store.refused()).toBe(1);
  });
});
