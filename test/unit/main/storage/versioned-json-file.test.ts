import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeStorageFs, type StorageFs } from '../../../../main/storage/atomic-file';
import {
  createVersionedJsonFile,
  InvalidDocumentError,
  SaveRefusedError,
  type Migration,
} from '../../../../main/storage/versioned-json-file';
import { recordingLogger } from '../recording-logger';
import { listDir, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

/** Version 3: `name` became `displayName` in v3; `tags` arrived in v2. */
const schemaV3 = z.object({ version: z.literal(3), displayName: z.string(), tags: z.array(z.string()) });
type DocV3 = z.infer<typeof schemaV3>;

const migrations: Record<number, Migration> = {
  1: (old) => ({ ...(old as object), version: 2, tags: [] }),
  2: (old) => {
    const { name, ...rest } = old as { name: string; tags: string[] };
    return { ...rest, version: 3, displayName: name };
  },
};

const NOW = new Date(Date.UTC(2025, 0, 15, 10, 20, 30, 123));

function makeFile(dir: string, options: { fs?: Partial<StorageFs>; migrations?: Record<number, Migration>; maxBytes?: number } = {}) {
  const { log, text } = recordingLogger();
  const file = createVersionedJsonFile<DocV3>({
    filePath: path.join(dir, 'store.json'),
    currentVersion: 3,
    schema: schemaV3,
    migrations: options.migrations ?? migrations,
    empty: () => ({ version: 3, displayName: '', tags: [] }),
    now: () => NOW,
    log,
    ...(options.fs ? { fs: options.fs } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  });
  return { file, logText: text };
}

const readJson = async (filePath: string): Promise<unknown> => JSON.parse(await readFile(filePath, 'utf8'));

describe('loading a versioned JSON file', () => {
  it('starts empty without a problem and without creating a file when none exists', async () => {
    const dir = await tempDir();
    const { file } = makeFile(dir);
    await expect(file.load()).resolves.toEqual({ value: { version: 3, displayName: '', tags: [] } });
    expect(await listDir(dir)).toEqual([]);
  });

  it('reads back what it saved', async () => {
    const dir = await tempDir();
    const { file } = makeFile(dir);
    await file.load();
    await file.save({ version: 3, displayName: 'Byrå AB', tags: ['a'] });
    await expect(makeFile(dir).file.load()).resolves.toEqual({ value: { version: 3, displayName: 'Byrå AB', tags: ['a'] } });
  });

  it('migrates a version 1 file through version 2 to version 3 and saves the result', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), JSON.stringify({ version: 1, name: 'Kund AB' }));
    const { file, logText } = makeFile(dir);
    const expected = { version: 3, displayName: 'Kund AB', tags: [] };
    await expect(file.load()).resolves.toEqual({ value: expected });
    expect(await readJson(path.join(dir, 'store.json'))).toEqual(expected);
    expect(await listDir(dir)).toEqual(['store.json']);
    expect(logText()).toContain('from=1 to=3');
  });

  it('migrates a version 2 file with only the remaining step', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), JSON.stringify({ version: 2, name: 'Kund AB', tags: ['x'] }));
    await expect(makeFile(dir).file.load()).resolves.toEqual({ value: { version: 3, displayName: 'Kund AB', tags: ['x'] } });
  });

  it.each([
    ['text that is not JSON', '{"version": 3, "displayName": '],
    ['JSON that fails the schema', JSON.stringify({ version: 3, displayName: 42, tags: [] })],
    ['JSON without a version', JSON.stringify({ displayName: 'x', tags: [] })],
    ['a JSON array', '[]'],
    ['a version with no migration', JSON.stringify({ version: 0 })],
  ])('moves %s aside as a dated backup and starts empty, reporting the problem', async (_label, content) => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), content);
    const { file, logText } = makeFile(dir);
    const backupPath = path.join(dir, 'store.json.corrupt-2025-01-15T10-20-30.123Z.bak');
    await expect(file.load()).resolves.toEqual({
      value: { version: 3, displayName: '', tags: [] },
      problem: { kind: 'corrupt', backupPath },
    });
    expect(await listDir(dir)).toEqual([path.basename(backupPath)]);
    expect(await readFile(backupPath, 'utf8')).toBe(content);
    expect(logText()).not.toContain(content);
  });

  it('moves a file aside when a migration throws, and the app can save afresh', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), JSON.stringify({ version: 1, name: 'x' }));
    const { file } = makeFile(dir, { migrations: { ...migrations, 2: () => { throw new Error('bug'); } } });
    const result = await file.load();
    expect(result.problem?.kind).toBe('corrupt');
    await file.save({ version: 3, displayName: 'fresh', tags: [] });
    expect(await listDir(dir)).toEqual(['store.json', 'store.json.corrupt-2025-01-15T10-20-30.123Z.bak']);
  });

  it('never overwrites an earlier backup made in the same millisecond', async () => {
    const dir = await tempDir();
    for (const content of ['bad one', 'bad two']) {
      await writeFile(path.join(dir, 'store.json'), content);
      await makeFile(dir).file.load();
    }
    const names = await listDir(dir);
    expect(names).toEqual(['store.json.corrupt-2025-01-15T10-20-30.123Z-1.bak', 'store.json.corrupt-2025-01-15T10-20-30.123Z.bak']);
    expect(await readFile(path.join(dir, names[1] ?? ''), 'utf8')).toBe('bad one');
    expect(await readFile(path.join(dir, names[0] ?? ''), 'utf8')).toBe('bad two');
  });

  it('leaves a file from a newer app version untouched, reports it, and refuses to save over it', async () => {
    const dir = await tempDir();
    const content = JSON.stringify({ version: 4, displayName: 'from the future', extra: true });
    await writeFile(path.join(dir, 'store.json'), content);
    const { file } = makeFile(dir);
    await expect(file.load()).resolves.toEqual({ value: { version: 3, displayName: '', tags: [] }, problem: { kind: 'newer_version' } });
    const error = await file.save({ version: 3, displayName: 'downgraded', tags: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaveRefusedError);
    expect((error as SaveRefusedError).reason).toBe('newer_version');
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe(content);
    expect(await listDir(dir)).toEqual(['store.json']);
  });

  it('reports a folder in the file’s place, leaves it alone and refuses to save over it', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'store.json'));
    const { file } = makeFile(dir);
    await expect(file.load()).resolves.toMatchObject({ problem: { kind: process.platform === 'win32' ? 'unreadable' : 'not_a_file' } });
    await expect(file.save({ version: 3, displayName: 'x', tags: [] })).rejects.toMatchObject({ reason: 'unreadable' });
    expect(await listDir(dir)).toEqual(['store.json']);
  });

  it('reads a file that starts with a UTF-8 byte order mark', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), `\uFEFF${JSON.stringify({ version: 3, displayName: 'Notepad', tags: ['å'] })}`);
    const { file } = makeFile(dir);
    await expect(file.load()).resolves.toEqual({ value: { version: 3, displayName: 'Notepad', tags: ['å'] } });
  });

  it('refuses a file over its size limit unread, reports it and never saves over it', async () => {
    const dir = await tempDir();
    const big = JSON.stringify({ version: 3, displayName: 'x'.repeat(2_000), tags: [] });
    await writeFile(path.join(dir, 'store.json'), big);
    const { file, logText } = makeFile(dir, { maxBytes: 1_000 });
    await expect(file.load()).resolves.toEqual({ value: { version: 3, displayName: '', tags: [] }, problem: { kind: 'too_large' } });
    await expect(file.save({ version: 3, displayName: 'x', tags: [] })).rejects.toMatchObject({ reason: 'unreadable' });
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe(big);
    expect(logText()).toContain('too_large');
  });

  it('refuses to save over a damaged file it could not move aside', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), 'garbage');
    const rename: StorageFs['rename'] = (from, to) =>
      to.endsWith('.bak') ? Promise.reject(Object.assign(new Error('no'), { code: 'EACCES' })) : nodeStorageFs.rename(from, to);
    const { file } = makeFile(dir, { fs: { rename } });
    await expect(file.load()).resolves.toMatchObject({ problem: { kind: 'corrupt' } });
    await expect(file.save({ version: 3, displayName: 'x', tags: [] })).rejects.toMatchObject({ reason: 'corrupt_not_moved' });
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe('garbage');
  });

  it('removes temp files left behind by a save that was killed', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, '.store.json.999-3-beef.tmp'), '{"version": 3, "displ');
    await makeFile(dir).file.load();
    expect(await listDir(dir)).toEqual([]);
  });
});

describe('saving a versioned JSON file', () => {
  it('refuses to save before the file has been loaded', async () => {
    const dir = await tempDir();
    await expect(makeFile(dir).file.save({ version: 3, displayName: 'x', tags: [] })).rejects.toMatchObject({ reason: 'not_loaded' });
    expect(await listDir(dir)).toEqual([]);
  });

  it('refuses a value that does not match the schema and writes nothing', async () => {
    const dir = await tempDir();
    const { file } = makeFile(dir);
    await file.load();
    await expect(file.save({ version: 3, displayName: 7 } as unknown as DocV3)).rejects.toBeInstanceOf(InvalidDocumentError);
    expect(await listDir(dir)).toEqual([]);
  });

  it('runs concurrent saves one at a time in call order, so the last one wins and the file is always valid JSON', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: unknown[] = [];
    const fs: Partial<StorageFs> = {
      open: (filePath, flags, mode) => {
        if (flags === 'wx') maxInFlight = Math.max(maxInFlight, ++inFlight);
        return nodeStorageFs.open(filePath, flags, mode);
      },
      rename: async (from, to) => {
        await nodeStorageFs.rename(from, to);
        if (to === target) {
          inFlight -= 1;
          seen.push(JSON.parse(await readFile(target, 'utf8')));
        }
      },
    };
    const { file } = makeFile(dir, { fs });
    await file.load();
    const values = Array.from({ length: 30 }, (_, i) => ({ version: 3 as const, displayName: `value ${i}`, tags: [String(i)] }));
    await Promise.all(values.map((value) => file.save(value)));
    expect(maxInFlight).toBe(1);
    expect(seen).toEqual(values);
    expect(await readJson(target)).toEqual(values.at(-1));
  });

  it('keeps saving after one save fails', async () => {
    const dir = await tempDir();
    let failNext = true;
    const fs: Partial<StorageFs> = {
      rename: (from, to) => (failNext ? ((failNext = false), Promise.reject(new Error('disk full'))) : nodeStorageFs.rename(from, to)),
    };
    const { file } = makeFile(dir, { fs });
    await file.load();
    const first = file.save({ version: 3, displayName: 'lost', tags: [] });
    const second = file.save({ version: 3, displayName: 'kept', tags: [] });
    await expect(first).rejects.toThrow('disk full');
    await second;
    expect(await readJson(path.join(dir, 'store.json'))).toEqual({ version: 3, displayName: 'kept', tags: [] });
  });
});
