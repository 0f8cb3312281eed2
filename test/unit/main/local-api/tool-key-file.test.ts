import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { toolKeyFileStore } from '../../../../main/local-api/tool-key-file';
import { ToolKeys } from '../../../../main/local-api/tool-keys';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { listDir, useTempDirs } from '../storage/temp-dir';

describe('tool keys in tool-keys.json', () => {
  const tempDir = useTempDirs();

  async function open(dir: string, clock = new FakeClock()) {
    const logger = recordingLogger();
    const store = toolKeyFileStore({
      filePath: path.join(dir, 'tool-keys.json'),
      now: () => new Date(clock.now()),
      log: logger.log,
    });
    const keys = new ToolKeys({
      store,
      random: cryptoRandomBytes,
      now: clock.now,
      log: logger.log,
    });
    await keys.init();
    return { keys, clock };
  }

  it('keeps keys across a restart in a versioned file that holds hashes, never a key', async () => {
    const dir = await tempDir();
    const first = await open(dir);
    const { key, record } = await first.keys.create({
      name: 'Power BI',
      companies: 'all',
      right: 'read-write',
      lifetimeDays: 365,
    });
    await first.keys.revoke(
      (
        await first.keys.create({
          name: 'old',
          companies: 'all',
          right: 'read',
          lifetimeDays: null,
        })
      ).record.id,
    );

    const text = await readFile(path.join(dir, 'tool-keys.json'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      keys: [{ id: record.id, sha256: record.sha256 }, { name: 'old' }],
    });
    expect(text).not.toContain(key);

    const second = await open(dir, first.clock);
    expect(second.keys.check(key)).toMatchObject({
      ok: true,
      key: { id: record.id, right: 'read-write' },
    });
    expect(second.keys.list()[1]?.revokedAt).not.toBeNull();
    await second.keys.idle();
  });

  it('moves a damaged file aside and starts with no keys, so every key is refused', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'tool-keys.json'), '{"version":1,"keys":[{"id":"x"}]}');

    const { keys } = await open(dir);

    expect(keys.list()).toEqual([]);
    expect((await listDir(dir)).some((name) => name.startsWith('tool-keys.json.corrupt-'))).toBe(true);
  });

  it('leaves a file from a newer version untouched and refuses to create keys over it', async () => {
    const dir = await tempDir();
    const newer = '{"version":2,"keys":[]}';
    await writeFile(path.join(dir, 'tool-keys.json'), newer);

    const { keys } = await open(dir);

    await expect(
      keys.create({
        name: 'x',
        companies: 'all',
        right: 'read',
        lifetimeDays: 30,
      }),
    ).rejects.toThrow(/Refusing to save/);
    expect(await readFile(path.join(dir, 'tool-keys.json'), 'utf8')).toBe(newer);
  });
});
