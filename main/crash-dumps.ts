import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';
import { cleanText } from '../shared/untrusted-text';

/** One entry of a directory, as the crash-dump listing needs it. */
export interface DirectoryEntry {
  name: string;
  isFile: boolean;
  size: number;
  modifiedMs: number;
}

/** Lists at most `max` entries of a directory (none when it does not exist). Never reads a file. */
export type ListDirectory = (dir: string, max: number) => Promise<DirectoryEntry[]>;

/** A crash dump as diagnostics show it: where it is under the dumps folder, and its size. */
export interface CrashDump {
  name: string;
  size: number;
}

/** The dumps found, newest first, and how many more were left out. */
export interface CrashDumpList {
  dumps: CrashDump[];
  omitted: number;
}

/**
 * Reads a directory with `opendir`, stopping after `max` entries (a folder of a million files
 * costs no more than `max`), and `lstat`s each (a symlink is reported as what it is, never
 * followed). A missing or unreadable folder lists as empty.
 */
export const listDirectoryWithNode: ListDirectory = async (dir, max) => {
  const entries: DirectoryEntry[] = [];
  let handle;
  try {
    handle = await opendir(dir);
  } catch {
    return entries;
  }
  try {
    for await (const entry of handle) {
      if (entries.length >= max) break;
      try {
        const stats = await lstat(path.join(dir, entry.name));
        entries.push({ name: entry.name, isFile: stats.isFile(), size: stats.size, modifiedMs: stats.mtimeMs });
      } catch {
        // Gone since it was listed.
      }
    }
  } catch {
    // Unreadable part-way: keep what was read.
  } finally {
    await handle.close().catch(() => undefined);
  }
  return entries;
};

/** Crashpad keeps reports in these subfolders of `app.getPath('crashDumps')`; older layouts use the root. */
const DUMP_FOLDERS = ['completed', 'pending', 'new', ''];

/** How much a listing may read and show. */
export interface CrashDumpLimits {
  /** Entries read per folder. */
  maxEntries: number;
  /** Dumps shown. */
  maxDumps: number;
}

const DEFAULT_LIMITS: CrashDumpLimits = { maxEntries: 500, maxDumps: 20 };

/** A file name as shown: through the one sanitiser (shared/untrusted-text.ts), bounded. */
function printable(name: string): string {
  return cleanText(name, 120) ?? '?';
}

/**
 * The crash dumps (`*.dmp`) in Crashpad's folders under `root`, newest first: names and sizes only,
 * never their contents (a minidump holds memory, which may hold tokens).
 */
export async function listCrashDumps(
  root: string,
  list: ListDirectory = listDirectoryWithNode,
  limits: CrashDumpLimits = DEFAULT_LIMITS,
): Promise<CrashDumpList> {
  const found: (CrashDump & { modifiedMs: number })[] = [];
  for (const folder of DUMP_FOLDERS) {
    for (const entry of await list(folder ? path.join(root, folder) : root, limits.maxEntries)) {
      if (!entry.isFile || !entry.name.toLowerCase().endsWith('.dmp')) continue;
      found.push({ name: printable(folder ? `${folder}/${entry.name}` : entry.name), size: entry.size, modifiedMs: entry.modifiedMs });
    }
  }
  found.sort((a, b) => b.modifiedMs - a.modifiedMs || a.name.localeCompare(b.name));
  return {
    dumps: found.slice(0, limits.maxDumps).map(({ name, size }) => ({ name, size })),
    omitted: Math.max(0, found.length - limits.maxDumps),
  };
}
