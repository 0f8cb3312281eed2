import type { Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';

/** What `lstat`/`stat` say about one path, reduced to what the protection checks need. */
export interface FileFacts {
  kind: 'file' | 'directory' | 'symlink' | 'other';
  /** Owner's user id (0 is root; always 0 on Windows, where the ACL check decides instead). */
  uid: number;
  /** Permission bits (`st_mode & 0o7777`). */
  mode: number;
}

/** The file-system calls the managed-file checks make; tests pass fakes that report any owner. */
export interface FileFactsPort {
  /** The entry itself (a symbolic link is reported as one). Rejects with `code: 'ENOENT'` when absent. */
  lstat(filePath: string): Promise<FileFacts>;
  /** What the path points at, following links. */
  stat(filePath: string): Promise<FileFacts>;
  /** The path with every link resolved. */
  realpath(filePath: string): Promise<string>;
}

/** The outcome of checking the managed file before it is read. */
export type ProtectionVerdict =
  | { kind: 'absent' }
  /** Safe to read; `readPath` is the checked file (a link's resolved target), to be read and nothing else. */
  | { kind: 'protected'; readPath: string }
  /** Someone other than root/Administrators could have written it: nothing in it is used. */
  | { kind: 'refused'; reason: string }
  /** Not a regular file, or its protection could not be checked. */
  | { kind: 'unreadable'; reason: string };

/** The facts about a managed file on macOS and Linux: the entry, what it points at, and their folders. */
export interface PosixFacts {
  /** The entry at the managed path (lstat). */
  entry: FileFacts;
  /** What it points at (stat); the same as `entry` unless the entry is a symbolic link. */
  target: FileFacts;
  /** The folder of the managed path and, for a link, the folder of its resolved target. */
  folders: FileFacts[];
}

/** What a pure protection check decides: fine, refused (someone else could write it), or not a file. */
export type ProtectionJudgement = { kind: 'ok' } | { kind: 'refused'; reason: string } | { kind: 'unreadable'; reason: string };

/** Group- or world-writable permission bits. */
const WRITABLE_BY_OTHERS = 0o022;

function describeOwner(facts: Pick<FileFacts, 'uid' | 'mode'>): string {
  return `owner uid ${facts.uid}, mode ${facts.mode.toString(8).padStart(4, '0')}`;
}

/**
 * The managed file's own requirement on macOS and Linux: owned by root and writable by no one
 * else. Used on the path before reading and again on the opened file (readBoundedFile's check),
 * so a file swapped in between is refused too. Returns the reason it fails, or undefined.
 */
export function rootOwnedOnlyProblem(facts: Pick<FileFacts, 'uid' | 'mode'>): string | undefined {
  if (facts.uid === 0 && (facts.mode & WRITABLE_BY_OTHERS) === 0) return undefined;
  return `the managed file must be owned by root and writable by no one else (${describeOwner(facts)})`;
}

/**
 * Decides whether a managed file on macOS or Linux may be used: the file and its folder must be
 * owned by root (uid 0) and be neither group- nor world-writable, so that only root could have
 * written what it says. A symbolic link (configuration tools place them) is judged by what it
 * points at, and the link itself and both folders must be root-owned and closed to others too;
 * the caller then reads the resolved target, never the path again, so nothing can be swapped in
 * between. Only the immediate folders are checked: the standard locations (/etc,
 * /Library/Application Support) are root's own.
 */
export function judgePosixProtection(facts: PosixFacts): ProtectionJudgement {
  if (facts.entry.kind === 'symlink' && facts.entry.uid !== 0) {
    return { kind: 'refused', reason: `the managed file is a symbolic link not owned by root (${describeOwner(facts.entry)})` };
  }
  if (facts.target.kind !== 'file') return { kind: 'unreadable', reason: `the managed file is not a regular file (${facts.target.kind})` };
  const targetProblem = rootOwnedOnlyProblem(facts.target);
  if (targetProblem !== undefined) return { kind: 'refused', reason: targetProblem };
  for (const folder of facts.folders) {
    if (folder.kind !== 'directory' || folder.uid !== 0 || (folder.mode & WRITABLE_BY_OTHERS) !== 0) {
      return {
        kind: 'refused',
        reason: `the managed file's folder must be owned by root and writable by no one else (${describeOwner(folder)})`,
      };
    }
  }
  return { kind: 'ok' };
}

/** The error code of a file-system error, if any. */
function codeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The parent folder of a path, for either separator. */
export function parentFolder(filePath: string): string {
  const cut = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  if (cut <= 0) return filePath.slice(0, cut + 1) || '/';
  // Keep a drive root's separator ("C:\"), which is a folder of its own.
  return /^[A-Za-z]:$/.test(filePath.slice(0, cut)) ? filePath.slice(0, cut + 1) : filePath.slice(0, cut);
}

/** Gathers the POSIX facts (lstat, stat, realpath, folders) and judges them. */
export async function checkPosixProtection(fs: FileFactsPort, filePath: string): Promise<ProtectionVerdict> {
  let entry: FileFacts;
  try {
    entry = await fs.lstat(filePath);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return { kind: 'absent' };
    return { kind: 'unreadable', reason: `the managed file could not be examined (${codeOf(error) ?? 'error'})` };
  }
  try {
    const readPath = entry.kind === 'symlink' ? await fs.realpath(filePath) : filePath;
    const target = entry.kind === 'symlink' ? await fs.stat(readPath) : entry;
    const folderPaths = [...new Set([parentFolder(filePath), parentFolder(readPath)])];
    const folders = await Promise.all(folderPaths.map((folder) => fs.stat(folder)));
    const verdict = judgePosixProtection({ entry, target, folders });
    return verdict.kind === 'ok' ? { kind: 'protected', readPath } : verdict;
  } catch (error) {
    // A dangling link or a folder that vanished: nothing trustworthy to read.
    return { kind: 'unreadable', reason: `the managed file could not be examined (${codeOf(error) ?? 'error'})` };
  }
}

function factsOf(stats: Stats): FileFacts {
  const kind = stats.isSymbolicLink() ? 'symlink' : stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
  return { kind, uid: stats.uid, mode: stats.mode & 0o7777 };
}

/** The real file system. */
export const nodeFileFacts: FileFactsPort = {
  lstat: async (filePath) => factsOf(await fsp.lstat(filePath)),
  stat: async (filePath) => factsOf(await fsp.stat(filePath)),
  realpath: (filePath) => fsp.realpath(filePath),
};
