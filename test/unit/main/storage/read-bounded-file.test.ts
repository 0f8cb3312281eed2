import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readBoundedFile, readBoundedFileSync, type BoundedFileRead } from '../../../../main/storage/read-bounded-file';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const run = promisify(execFile);
const MiB = 1024 * 1024;
const posixOnly = process.platform === 'win32';

/** Both readers, so each behaviour is checked for the async one (storage) and the sync one (startup config). */
const readers: [string, (filePath: string, maxBytes: number) => Promise<BoundedFileRead>][] = [
  ['readBoundedFile', readBoundedFile],
  ['readBoundedFileSync', async (filePath, maxBytes) => readBoundedFileSync(filePath, maxBytes)],
];

/** Runs `read` and returns its result with how long it took in real time. */
async function timed(read: () => Promise<BoundedFileRead>): Promise<{ result: BoundedFileRead; ms: number }> {
  const start = performance.now();
  const result = await read();
  return { result, ms: performance.now() - start };
}

describe.each(readers)('%s', (_name, read) => {
  it('reports a missing file as absent', async () => {
    const dir = await tempDir();
    expect(await read(path.join(dir, 'missing.json'), MiB)).toEqual({ kind: 'absent' });
  });

  it('returns the text of a file within the limit, up to exactly the limit', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.json'), 'hello åäö');
    expect(await read(path.join(dir, 'a.json'), MiB)).toEqual({ kind: 'text', text: 'hello åäö' });
    await writeFile(path.join(dir, 'b.json'), 'x'.repeat(64));
    expect(await read(path.join(dir, 'b.json'), 64)).toEqual({ kind: 'text', text: 'x'.repeat(64) });
    expect(await read(path.join(dir, 'b.json'), 63)).toEqual({ kind: 'too_large', maxBytes: 63 });
  });

  it('drops one UTF-8 byte order mark, as Windows Notepad writes, and keeps the rest', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"ö"}')]));
    expect(await read(path.join(dir, 'bom.json'), MiB)).toEqual({ kind: 'text', text: '{"a":"ö"}' });
  });

  it('refuses a 200 MB file at once without reading it', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'companies.json');
    await writeFile(file, '');
    await truncate(file, 200 * MiB); // sparse: no 200 MB written to disk
    const { result, ms } = await timed(() => read(file, 32 * MiB));
    expect(result).toEqual({ kind: 'too_large', maxBytes: 32 * MiB });
    expect(ms).toBeLessThan(1_000);
  });

  it('reports a folder in the file’s place as not a file', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'a.json'));
    expect(await read(path.join(dir, 'a.json'), MiB)).toEqual(posixOnly ? { kind: 'unreadable', code: 'EISDIR' } : { kind: 'not_a_file' });
  });

  it.skipIf(posixOnly)('refuses a FIFO with no writer at once instead of waiting for one', async () => {
    const dir = await tempDir();
    const fifo = path.join(dir, 'companies.json');
    await run('mkfifo', [fifo]);
    const { result, ms } = await timed(() => read(fifo, MiB));
    expect(result).toEqual({ kind: 'not_a_file' });
    expect(ms).toBeLessThan(1_000);
  });

  it.skipIf(posixOnly)('refuses a link to /dev/zero at once instead of reading forever', async () => {
    const dir = await tempDir();
    const link = path.join(dir, 'secrets.json');
    await symlink('/dev/zero', link);
    const { result, ms } = await timed(() => read(link, MiB));
    expect(result).toEqual({ kind: 'not_a_file' });
    expect(ms).toBeLessThan(1_000);
  });

  // Root may open any file, so this runs only as an ordinary user.
  it.skipIf(posixOnly || process.getuid?.() === 0)('reports a file it may not open as unreadable with the error code', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.json');
    await writeFile(file, '{}', { mode: 0o000 });
    expect(await read(file, MiB)).toEqual({ kind: 'unreadable', code: 'EACCES' });
  });
});

describe.skipIf(posixOnly)('readBoundedFile with a check on the opened file', () => {
  /** The managed file's requirement (rootOwnedOnlyProblem's rule), kept here so this test stays in storage. */
  const rootOnly = (facts: { uid: number; mode: number }) => (facts.uid === 0 && (facts.mode & 0o022) === 0 ? undefined : `uid ${facts.uid} mode ${facts.mode.toString(8)}`);
  const isRoot = process.getuid?.() === 0;

  it('refuses a world-writable file at read time, naming what the check found', async () => {
    const dir = await tempDir();
    const filePath = path.join(dir, 'managed-settings.json');
    await writeFile(filePath, '{}');
    await chmod(filePath, 0o666);
    expect(await readBoundedFile(filePath, MiB, rootOnly)).toEqual({ kind: 'refused', reason: `uid ${process.getuid?.() ?? 0} mode 666` });
  });

  it.skipIf(!isRoot)('refuses a file owned by another user at read time (needs root to hand the file over)', async () => {
    const dir = await tempDir();
    const filePath = path.join(dir, 'managed-settings.json');
    await writeFile(filePath, '{}', { mode: 0o644 });
    await chown(filePath, 1000, 1000);
    expect(await readBoundedFile(filePath, MiB, rootOnly)).toEqual({ kind: 'refused', reason: 'uid 1000 mode 644' });
  });

  it.skipIf(!isRoot)('reads a root-owned file that no one else can write (needs root)', async () => {
    const dir = await tempDir();
    const filePath = path.join(dir, 'managed-settings.json');
    await writeFile(filePath, '{"clientId":"it"}');
    await chmod(filePath, 0o644);
    expect(await readBoundedFile(filePath, MiB, rootOnly)).toEqual({ kind: 'text', text: '{"clientId":"it"}' });
  });

  it('checks the file it opened: a FIFO is still refused as not a file before the check', async () => {
    const dir = await tempDir();
    const fifo = path.join(dir, 'fifo');
    await run('mkfifo', [fifo]);
    expect(await readBoundedFile(fifo, MiB, () => 'never asked')).toEqual({ kind: 'not_a_file' });
  });
});
