/**
 * One process per PGlite data folder. PGlite has no protection of its own: two processes on one
 * folder each see only their own writes and then lose rows (firm-server.md §2). The lock is a folder
 * created atomically inside the data folder (proper-lockfile); its holder touches it every
 * `staleMillis / 2`, so the lock of a process that died (killed, power cut) counts as free once it is
 * `staleMillis` old. A file beside it names the holder for the error message.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { lock } from 'proper-lockfile';
import { z } from 'zod';

/** The lock's folder and its owner file, inside the data folder. */
export const LOCK_NAME = 'fortnox-connector.lock';
export const OWNER_FILE_NAME = 'fortnox-connector.lock-owner.json';

const ownerSchema = z.object({ pid: z.number().int(), hostname: z.string(), since: z.string() });
/** Who holds a data folder, as its owner file says. */
export type LockOwner = z.infer<typeof ownerSchema>;

/** Another process (or another open database in this one) holds the data folder. */
export class DataFolderInUseError extends Error {
  readonly folder: string;
  readonly owner: LockOwner | undefined;
  constructor(folder: string, owner: LockOwner | undefined, staleMillis: number) {
    const who = owner
      ? `process ${owner.pid} on ${owner.hostname} (since ${owner.since})`
      : 'another process (unknown)';
    super(
      `The data folder ${folder} is in use by ${who}. One data folder serves one server process: ` +
        `several replicas need PostgreSQL: set DATABASE_URL. If that process has stopped, its lock ` +
        `expires ${Math.round(staleMillis / 1000)} s after it stopped.`,
    );
    this.name = 'DataFolderInUseError';
    this.folder = folder;
    this.owner = owner;
  }
}

/** The lock was taken away (its folder removed or touched by someone else): stop writing at once. */
export class DataFolderLockLostError extends Error {
  constructor(folder: string, cause: unknown) {
    super(`Lost the lock on the data folder ${folder}: another process may be writing to it.`, { cause });
    this.name = 'DataFolderLockLostError';
  }
}

export interface FolderLockOptions {
  /** Age after which the lock of a process that stopped without releasing it is taken over (default 10 s, minimum 2 s). */
  staleMillis?: number;
  /** Called if the lock is lost while held; the default throws (crashing the process) so it stops writing. */
  onLost?: (error: DataFolderLockLostError) => void;
}

/** A held data folder lock. */
export interface FolderLock {
  readonly folder: string;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

/** Takes the data folder's lock (creating the folder if needed), or throws `DataFolderInUseError`. */
export async function lockDataFolder(folder: string, options: FolderLockOptions = {}): Promise<FolderLock> {
  const path = resolve(folder);
  const staleMillis = Math.max(options.staleMillis ?? 10_000, 2_000);
  await mkdir(path, { recursive: true });
  let unlock: () => Promise<void>;
  try {
    unlock = await lock(path, {
      lockfilePath: join(path, LOCK_NAME),
      realpath: false,
      stale: staleMillis,
      onCompromised: (error) => {
        const lost = new DataFolderLockLostError(path, error);
        if (options.onLost) options.onLost(lost);
        else throw lost;
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new DataFolderInUseError(path, await readOwner(path), staleMillis);
    }
    throw error;
  }
  await writeOwner(path);
  let released: Promise<void> | undefined;
  return {
    folder: path,
    release() {
      released ??= (async () => {
        await rm(join(path, OWNER_FILE_NAME), { force: true });
        await unlock();
      })();
      return released;
    },
  };
}

async function writeOwner(folder: string): Promise<void> {
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
  const temporary = join(folder, `${OWNER_FILE_NAME}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temporary, JSON.stringify(owner));
  await rename(temporary, join(folder, OWNER_FILE_NAME));
}

async function readOwner(folder: string): Promise<LockOwner | undefined> {
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(await readFile(join(folder, OWNER_FILE_NAME), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
