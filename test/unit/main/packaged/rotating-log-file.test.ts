import fs from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRotatingLogFile, type LogFs } from '../../../../main/logging/rotating-log-file';
import { useTempDirs } from '../storage/temp-dir';

const tempDir = useTempDirs();

/** `line-007 ........` : 20 bytes with its newline, so sizes are easy to count. */
const line = (n: number) => `line-${String(n).padStart(3, '0')} ..........`;
const LINE_BYTES = Buffer.byteLength(`${line(0)}\n`);

const linesOf = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);

describe('rotating log file', () => {
  it('appends lines to main.log in the given folder, creating the folder', async () => {
    const dir = path.join(await tempDir(), 'logs', 'nested');
    const log = createRotatingLogFile({ dir });
    log.write(line(1));
    log.write(line(2));
    expect(log.filePath).toBe(path.join(dir, 'main.log'));
    expect(await linesOf(log.filePath)).toEqual([line(1), line(2)]);
  });

  it.skipIf(process.platform === 'win32')('creates the file readable and writable by its owner only', async () => {
    const log = createRotatingLogFile({ dir: await tempDir() });
    log.write(line(1));
    expect((await stat(log.filePath)).mode & 0o777).toBe(0o600);
  });

  it('rotates to main.1.log when the next line would pass maxBytes, keeping each file within it', async () => {
    const dir = await tempDir();
    const log = createRotatingLogFile({ dir, maxBytes: LINE_BYTES * 3, maxFiles: 5 });
    for (let n = 1; n <= 4; n += 1) log.write(line(n));
    expect((await readdir(dir)).sort()).toEqual(['main.1.log', 'main.log']);
    expect(await linesOf(path.join(dir, 'main.1.log'))).toEqual([line(1), line(2), line(3)]);
    expect(await linesOf(path.join(dir, 'main.log'))).toEqual([line(4)]);
    for (const name of await readdir(dir)) expect((await stat(path.join(dir, name))).size).toBeLessThanOrEqual(LINE_BYTES * 3);
  });

  it('shifts older files up and never keeps more than maxFiles', async () => {
    const dir = await tempDir();
    const log = createRotatingLogFile({ dir, maxBytes: LINE_BYTES * 2, maxFiles: 3 });
    for (let n = 1; n <= 20; n += 1) {
      log.write(line(n));
      expect((await readdir(dir)).length).toBeLessThanOrEqual(3);
    }
    expect((await readdir(dir)).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    expect(await linesOf(path.join(dir, 'main.2.log'))).toEqual([line(15), line(16)]);
    expect(await linesOf(path.join(dir, 'main.1.log'))).toEqual([line(17), line(18)]);
    expect(await linesOf(path.join(dir, 'main.log'))).toEqual([line(19), line(20)]);
  });

  it('keeps a single file when maxFiles is 1, starting it afresh on rotation', async () => {
    const dir = await tempDir();
    const log = createRotatingLogFile({ dir, maxBytes: LINE_BYTES * 2, maxFiles: 1 });
    for (let n = 1; n <= 5; n += 1) log.write(line(n));
    expect(await readdir(dir)).toEqual(['main.log']);
    expect(await linesOf(path.join(dir, 'main.log'))).toEqual([line(5)]);
  });

  it('uses the base name given, e.g. connector.log -> connector.1.log', async () => {
    const dir = await tempDir();
    const log = createRotatingLogFile({ dir, baseName: 'connector.log', maxBytes: LINE_BYTES, maxFiles: 2 });
    log.write(line(1));
    log.write(line(2));
    expect((await readdir(dir)).sort()).toEqual(['connector.1.log', 'connector.log']);
  });

  it('counts the size of a file left by an earlier run, rotating at the first write that would pass maxBytes', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'main.log'), `${line(1)}\n${line(2)}\n`);
    const log = createRotatingLogFile({ dir, maxBytes: LINE_BYTES * 2, maxFiles: 3 });
    log.write(line(3));
    expect(await linesOf(path.join(dir, 'main.1.log'))).toEqual([line(1), line(2)]);
    expect(await linesOf(path.join(dir, 'main.log'))).toEqual([line(3)]);
  });

  it('writes a single line longer than maxBytes rather than dropping it', async () => {
    const dir = await tempDir();
    const log = createRotatingLogFile({ dir, maxBytes: 10 });
    log.write('x'.repeat(50));
    expect(await linesOf(path.join(dir, 'main.log'))).toEqual(['x'.repeat(50)]);
  });

  it('tail(n) returns the newest n lines across the previous and the current file, oldest first', async () => {
    const dir = await tempDir();
    const log = createRotatingLogFile({ dir, maxBytes: LINE_BYTES * 3, maxFiles: 5 });
    for (let n = 1; n <= 8; n += 1) log.write(line(n));
    // main.2.log: 1-3, main.1.log: 4-6, main.log: 7-8
    expect(log.tail(3)).toEqual([line(6), line(7), line(8)]);
    expect(log.tail(5)).toEqual([line(4), line(5), line(6), line(7), line(8)]);
  });

  it('tail reads no further back than the previous file', async () => {
    const dir = await tempDir();
    const log = createRotatingLogFile({ dir, maxBytes: LINE_BYTES * 3, maxFiles: 5 });
    for (let n = 1; n <= 8; n += 1) log.write(line(n));
    expect(log.tail(100)).toEqual([line(4), line(5), line(6), line(7), line(8)]);
  });

  it('tail is empty before anything is written', async () => {
    const log = createRotatingLogFile({ dir: await tempDir() });
    expect(log.tail(10)).toEqual([]);
  });

  it('turns newlines inside a line into spaces so one write is one line', async () => {
    const dir = await tempDir();
    const log = createRotatingLogFile({ dir });
    log.write('real line\nFAKE ERROR forged\r\nand\rmore');
    log.write('next');
    expect(await linesOf(path.join(dir, 'main.log'))).toEqual(['real line FAKE ERROR forged and more', 'next']);
  });
});

/** The real file system with some calls replaced. */
const realFs = (overrides: Partial<LogFs>): LogFs => ({
  mkdirSync: (dir, options) => fs.mkdirSync(dir, options),
  appendFileSync: (file, data, options) => fs.appendFileSync(file, data, options),
  statSync: (file) => fs.statSync(file),
  renameSync: (from, to) => fs.renameSync(from, to),
  rmSync: (file, options) => fs.rmSync(file, options),
  readFileSync: (file, encoding) => fs.readFileSync(file, encoding),
  existsSync: (file) => fs.existsSync(file),
  ...overrides,
});

describe('rotating log file when the disk fails', () => {
  /** A file system where every call throws, as on a full or read-only disk. */
  const brokenFs = (): LogFs => {
    const fail = (): never => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    return { mkdirSync: fail, appendFileSync: fail, statSync: fail, renameSync: fail, rmSync: fail, readFileSync: fail, existsSync: fail };
  };

  it('does not throw when writing fails', () => {
    const log = createRotatingLogFile({ dir: '/nowhere', fs: brokenFs(), maxBytes: 10 });
    expect(() => {
      log.write(line(1));
      log.write(line(2));
    }).not.toThrow();
  });

  it('does not throw when rotation fails half way, and tail still answers', async () => {
    const dir = await tempDir();
    const lockedFs = realFs({
      renameSync: () => {
        throw new Error('EPERM: file is locked');
      },
    });
    const log = createRotatingLogFile({ dir, fs: lockedFs, maxBytes: LINE_BYTES });
    expect(() => {
      for (let n = 1; n <= 3; n += 1) log.write(line(n));
    }).not.toThrow();
    expect(log.tail(10)).toEqual([line(1)]);
  });

  it('returns an empty tail when the files cannot be read', () => {
    const log = createRotatingLogFile({ dir: '/nowhere', fs: brokenFs() });
    expect(log.tail(5)).toEqual([]);
  });

  it('writes again once the disk recovers', async () => {
    const dir = await tempDir();
    let full = true;
    const flakyFs = realFs({
      appendFileSync: (file, data, options) => {
        if (full) throw new Error('ENOSPC: no space left on device');
        fs.appendFileSync(file, data, options);
      },
    });
    const log = createRotatingLogFile({ dir, fs: flakyFs });
    log.write(line(1));
    full = false;
    log.write(line(2));
    expect(log.tail(10)).toEqual([line(2)]);
  });
});
