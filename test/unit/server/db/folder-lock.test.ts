import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DataFolderInUseError,
  DataFolderLockLostError,
  LOCK_NAME,
  lockDataFolder,
  type FolderLock,
} from '../../../../server/db/folder-lock';

const childScript = resolve(import.meta.dirname, '../../../support/data-folder-child.ts');

/** Starts the helper process; `lines` yields what it prints, one line at a time. */
function startChild(mode: 'hold' | 'open', folder: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', childScript, mode, folder], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the child ended without printing a line (exit ${child.exitCode})`);
    return value;
  };
  return { child, nextLine };
}

describe('the data folder lock', () => {
  let folder: string;
  const held: FolderLock[] = [];
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'fc-lock-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const lock of held.splice(0)) await lock.release();
    await rm(folder, { recursive: true, force: true });
  });

  it('stops a second process from opening PGlite on a folder this process holds, and says why', async () => {
    held.push(await lockDataFolder(folder));
    const { child, nextLine } = startChild('open', folder);
    children.push(child);
    const report = JSON.parse(await nextLine()) as { name: string; message: string };
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(3);
    expect(report.name).toBe('DataFolderInUseError');
    expect(report.message).toContain(folder);
    expect(report.message).toContain(`process ${process.pid}`);
    expect(report.message).toContain('several replicas need PostgreSQL: set DATABASE_URL');
  }, 30_000);

  it('refuses this process while another holds the folder, naming that process', async () => {
    const { child, nextLine } = startChild('hold', folder);
    children.push(child);
    expect(await nextLine()).toBe('locked');
    const refusal = await lockDataFolder(folder).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DataFolderInUseError);
    expect((refusal as DataFolderInUseError).owner?.pid).toBe(child.pid);
    expect((refusal as DataFolderInUseError).folder).toBe(folder);
  }, 30_000);

  it('is free again as soon as the holder releases it', async () => {
    const { child, nextLine } = startChild('hold', folder);
    children.push(child);
    expect(await nextLine()).toBe('locked');
    child.stdin.write('release\n');
    expect(await nextLine()).toBe('released');
    held.push(await lockDataFolder(folder));
  }, 30_000);

  it('is taken over once the lock of a killed holder has gone stale, not before', async () => {
    const { child, nextLine } = startChild('hold', folder);
    children.push(child);
    expect(await nextLine()).toBe('locked');
    child.kill('SIGKILL');
    await once(child, 'exit');
    // Killed outright, the holder could not remove its lock: still fresh, so still refused.
    await expect(lockDataFolder(folder, { staleMillis: 10_000 })).rejects.toBeInstanceOf(DataFolderInUseError);
    // Age the lock past the stale limit, as 11 s without its holder touching it would.
    const lockPath = join(folder, LOCK_NAME);
    const elevenSecondsAgo = new Date((await stat(lockPath)).mtimeMs - 11_000);
    await utimes(lockPath, elevenSecondsAgo, elevenSecondsAgo);
    held.push(await lockDataFolder(folder, { staleMillis: 10_000 }));
    const refusal = await lockDataFolder(folder).catch((error: unknown) => error);
    expect((refusal as DataFolderInUseError).owner?.pid).toBe(process.pid);
  }, 30_000);

  it('refuses a second lock in the same process, and can be taken again after release', async () => {
    const first = await lockDataFolder(folder);
    await expect(lockDataFolder(folder)).rejects.toBeInstanceOf(DataFolderInUseError);
    await first.release();
    await first.release();
    held.push(await lockDataFolder(folder));
  });

  it('tells its holder when the lock was taken away', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const lost: DataFolderLockLostError[] = [];
      const lock = await lockDataFolder(folder, { staleMillis: 2_000, onLost: (error) => lost.push(error) });
      await rm(join(folder, LOCK_NAME), { recursive: true });
      await vi.advanceTimersByTimeAsync(1_000);
      await vi.waitFor(() => expect(lost).toHaveLength(1), { timeout: 5_000, interval: 10 });
      expect(lost[0]).toBeInstanceOf(DataFolderLockLostError);
      expect(lost[0]?.message).toContain(folder);
      await lock.release().catch(() => {});
    } finally {
      vi.useRealTimers();
    }
  });
});
