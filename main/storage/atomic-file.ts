import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';

/** The parts of an open file handle the writer uses (`fs/promises` FileHandle satisfies it). */
export interface WritableHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system calls the storage layer makes; injectable so tests can fail any step. */
export interface StorageFs {
  open(filePath: string, flags: string, mode?: number): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(filePath: string): Promise<void>;
  readdir(dirPath: string): Promise<string[]>;
  access(filePath: string): Promise<void>;
}

/** The real `node:fs/promises` functions. */
export const nodeStorageFs: StorageFs = {
  open: (filePath, flags, mode) => fsp.open(filePath, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (filePath) => fsp.unlink(filePath),
  readdir: (dirPath) => fsp.readdir(dirPath),
  access: (filePath) => fsp.access(filePath),
};

/** Options for `writeFileAtomic`. */
export interface WriteFileAtomicOptions {
  /** Permission bits for a newly created file; owner-only by default (it may hold ciphertext). */
  mode?: number;
  /** Replaces some or all file-system calls (fault tests). */
  fs?: Partial<StorageFs>;
  /** Platform for the Windows rename retry; `process.platform` by default. */
  platform?: NodeJS.Platform;
  /** Waits between Windows rename retries; a short timer by default. */
  delay?: (ms: number) => Promise<void>;
}

/** Windows refuses a rename while antivirus or the indexer briefly holds the target open. */
const WINDOWS_TRANSIENT = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * How long a refused rename is retried on Windows. Antivirus scanners can hold a freshly written
 * file for seconds; VS Code (`fs.rename` with `windowsRetryTimeout` in src/vs/base/node/pfs.ts) and
 * graceful-fs keep retrying for a long while with growing waits for the same reason.
 */
export const WINDOWS_RENAME_RETRY_BUDGET_MS = 10_000;

/** The wait before retry number `attempt` (0-based): 10 ms, doubling, at most 1 s. */
export function windowsRenameRetryDelay(attempt: number): number {
  return Math.min(10 * 2 ** attempt, 1_000);
}

let tempCounter = 0;

/** The error code of a Node file-system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Prefix and suffix of this module's temp files for `filePath`, so leftovers can be recognised. */
export function tempFileAffixes(filePath: string): { prefix: string; suffix: string } {
  return { prefix: `.${path.basename(filePath)}.`, suffix: '.tmp' };
}

function tempPathFor(filePath: string): string {
  const { prefix, suffix } = tempFileAffixes(filePath);
  tempCounter += 1;
  const unique = `${process.pid}-${tempCounter}-${randomBytes(4).toString('hex')}`;
  return path.join(path.dirname(filePath), `${prefix}${unique}${suffix}`);
}

/** The real file-system calls with any overrides applied. */
export function withStorageFs(overrides: Partial<StorageFs> | undefined): StorageFs {
  return { ...nodeStorageFs, ...overrides };
}

/** Flushes a directory entry change to disk; skipped where directories cannot be opened (Windows). */
async function syncDirectory(dirPath: string, fs: StorageFs): Promise<void> {
  let handle: WritableHandle;
  try {
    handle = await fs.open(dirPath, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems reject fsync on a directory (EINVAL); the rename itself has happened.
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function renameWithRetry(from: string, to: string, fs: StorageFs, options: WriteFileAtomicOptions): Promise<void> {
  const platform = options.platform ?? process.platform;
  const delay = options.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let waited = 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const wait = windowsRenameRetryDelay(attempt);
      const transient = platform === 'win32' && WINDOWS_TRANSIENT.has(errorCode(error) ?? '');
      // Waits are counted, not measured, so injected delays (tests) and real ones give the same budget.
      if (!transient || waited + wait > WINDOWS_RENAME_RETRY_BUDGET_MS) throw error;
      await delay(wait);
      waited += wait;
    }
  }
}

/**
 * Replaces `filePath` with `data` so that a crash at any moment leaves either the old or the new
 * content: write a unique temp file beside it (`wx`, owner-only), fsync, close, rename over the
 * target, then fsync the directory (best effort). On failure the temp file is removed and the old
 * file is left as it was.
 */
export async function writeFileAtomic(filePath: string, data: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const fs = withStorageFs(options.fs);
  const tempPath = tempPathFor(filePath);
  const handle = await fs.open(tempPath, 'wx', options.mode ?? 0o600);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(tempPath, filePath, fs, options);
  } catch (error) {
    await fs.unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(filePath), fs);
}

/**
 * Deletes temp files a killed writer left beside `filePath`; returns how many. Call it only when
 * no write to `filePath` is in flight (the versioned file does so inside its queue).
 */
export async function removeLeftoverTempFiles(filePath: string, fs: Partial<StorageFs> = {}): Promise<number> {
  const real = withStorageFs(fs);
  const { prefix, suffix } = tempFileAffixes(filePath);
  const dir = path.dirname(filePath);
  let names: string[];
  try {
    names = await real.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix)) continue;
    try {
      await real.unlink(path.join(dir, name));
      removed += 1;
    } catch {
      // Already gone, or not ours to remove: leave it.
    }
  }
  return removed;
}
