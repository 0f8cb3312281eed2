import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  nodeStorageFs,
  removeLeftoverTempFiles,
  writeFileAtomic,
  WINDOWS_RENAME_RETRY_BUDGET_MS,
  type StorageFs,
  type WritableHandle,
} from '../../../../main/storage/atomic-file';
import { listDir, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function failure(code: string): Error {
  return Object.assign(new Error(`simulated ${code}`), { code });
}

describe('writeFileAtomic', () => {
  it('creates the file and later replaces its content, leaving nothing else in the directory', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    await writeFileAtomic(target, 'first');
    await writeFileAtomic(target, 'second');
    expect(await readFile(target, 'utf8')).toBe('second');
    expect(await listDir(dir)).toEqual(['store.json']);
  });

  it.skipIf(process.platform === 'win32')('creates the file readable by its owner only', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    await writeFileAtomic(target, '{}');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file intact and removes its temp file when the rename throws', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    await writeFile(target, 'old content');
    const fs: Partial<StorageFs> = { rename: async () => Promise.reject(failure('EIO')) };
    await expect(writeFileAtomic(target, 'new content', { fs })).rejects.toMatchObject({ code: 'EIO' });
    expect(await readFile(target, 'utf8')).toBe('old content');
    expect(await listDir(dir)).toEqual(['store.json']);
  });

  it('leaves the old file intact and removes its temp file when writing or fsync fails', async () => {
    for (const step of ['writeFile', 'sync'] as const) {
      const dir = await tempDir();
      const target = path.join(dir, 'store.json');
      await writeFile(target, 'old content');
      const fs: Partial<StorageFs> = {
        open: async (filePath, flags, mode) => {
          const real = await nodeStorageFs.open(filePath, flags, mode);
          const handle: WritableHandle = {
            writeFile: (data, encoding) => (step === 'writeFile' ? Promise.reject(failure('ENOSPC')) : real.writeFile(data, encoding)),
            sync: () => (step === 'sync' ? Promise.reject(failure('EIO')) : real.sync()),
            close: () => real.close(),
          };
          return handle;
        },
      };
      await expect(writeFileAtomic(target, 'new content', { fs })).rejects.toThrow(/simulated/);
      expect(await readFile(target, 'utf8')).toBe('old content');
      expect(await listDir(dir)).toEqual(['store.json']);
    }
  });

  it('still succeeds where a directory cannot be opened for fsync (as on Windows)', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    const fs: Partial<StorageFs> = {
      open: (filePath, flags, mode) => (filePath === dir ? Promise.reject(failure('EISDIR')) : nodeStorageFs.open(filePath, flags, mode)),
    };
    await writeFileAtomic(target, 'content', { fs });
    expect(await readFile(target, 'utf8')).toBe('content');
  });

  it('fsyncs the directory after the rename where the platform allows it', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    const steps: string[] = [];
    const fs: Partial<StorageFs> = {
      open: async (filePath, flags, mode) => {
        const real = await nodeStorageFs.open(filePath, flags, mode);
        const who = filePath === dir ? 'dir' : 'temp';
        return {
          writeFile: (data, encoding) => real.writeFile(data, encoding),
          sync: () => (steps.push(`sync ${who}`), real.sync()),
          close: () => real.close(),
        };
      },
      rename: (from, to) => (steps.push('rename'), nodeStorageFs.rename(from, to)),
    };
    await writeFileAtomic(target, 'content', { fs });
    expect(steps).toEqual(['sync temp', 'rename', 'sync dir']);
  });

  it('writes concurrently to the same target through distinct temp files, and one complete write wins', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    const contents = Array.from({ length: 20 }, (_, i) => `content ${i} `.repeat(500));
    await Promise.all(contents.map((content) => writeFileAtomic(target, content)));
    expect(contents).toContain(await readFile(target, 'utf8'));
    expect(await listDir(dir)).toEqual(['store.json']);
  });

  it('on Windows retries a rename refused by a briefly held file, then succeeds', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    let refusals = 2;
    const waits: number[] = [];
    const fs: Partial<StorageFs> = {
      rename: (from, to) => (refusals-- > 0 ? Promise.reject(failure('EPERM')) : nodeStorageFs.rename(from, to)),
    };
    await writeFileAtomic(target, 'content', { fs, platform: 'win32', delay: async (ms) => void waits.push(ms) });
    expect(await readFile(target, 'utf8')).toBe('content');
    expect(waits).toHaveLength(2);
  });

  it.each(['EPERM', 'EACCES', 'EBUSY'])(
    'on Windows outlasts an antivirus lock (%s) of several seconds with growing waits, without sleeping',
    async (code) => {
      const dir = await tempDir();
      const target = path.join(dir, 'store.json');
      const waits: number[] = [];
      // Held for 8 s of (injected) time: the old retry gave up after 630 ms.
      const fs: Partial<StorageFs> = {
        rename: (from, to) => (sum(waits) < 8_000 ? Promise.reject(failure(code)) : nodeStorageFs.rename(from, to)),
      };
      await writeFileAtomic(target, 'content', { fs, platform: 'win32', delay: async (ms) => void waits.push(ms) });
      expect(await readFile(target, 'utf8')).toBe('content');
      expect(waits.slice(0, 4)).toEqual([10, 20, 40, 80]);
      expect(waits.every((ms, i) => i === 0 || ms >= waits[i - 1]!)).toBe(true);
    },
  );

  it('on Windows gives up after about 10 seconds of waiting and reports the refusal', async () => {
    const dir = await tempDir();
    const waits: number[] = [];
    let attempts = 0;
    const fs: Partial<StorageFs> = { rename: () => (attempts++, Promise.reject(failure('EBUSY'))) };
    await expect(
      writeFileAtomic(path.join(dir, 'store.json'), 'content', { fs, platform: 'win32', delay: async (ms) => void waits.push(ms) }),
    ).rejects.toMatchObject({ code: 'EBUSY' });
    expect(sum(waits)).toBeGreaterThan(9_000);
    expect(sum(waits)).toBeLessThanOrEqual(WINDOWS_RENAME_RETRY_BUDGET_MS);
    expect(attempts).toBe(waits.length + 1);
    expect(await listDir(dir)).toEqual([]);
  });

  it('does not retry a refused rename on other platforms', async () => {
    const dir = await tempDir();
    let attempts = 0;
    const fs: Partial<StorageFs> = { rename: () => (attempts++, Promise.reject(failure('EPERM'))) };
    await expect(writeFileAtomic(path.join(dir, 'store.json'), 'content', { fs, platform: 'linux' })).rejects.toMatchObject({ code: 'EPERM' });
    expect(attempts).toBe(1);
    expect(await listDir(dir)).toEqual([]);
  });
});

describe('removeLeftoverTempFiles', () => {
  it("removes only this file's temp files left by an interrupted writer", async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'store.json');
    await writeFile(target, 'kept');
    await writeFile(path.join(dir, '.store.json.123-1-abcd.tmp'), 'partial');
    await writeFile(path.join(dir, '.other.json.123-1-abcd.tmp'), 'someone else');
    await writeFile(path.join(dir, 'store.json.corrupt-x.bak'), 'backup');
    await expect(removeLeftoverTempFiles(target)).resolves.toBe(1);
    expect(await listDir(dir)).toEqual(['.other.json.123-1-abcd.tmp', 'store.json', 'store.json.corrupt-x.bak']);
  });
});
