import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * What reading one of the app's JSON files found. Every JSON file the app reads (settings.json,
 * the managed file, companies.json, secrets.json) goes through this module, so each is bounded in
 * size, refused when it is not a regular file, and accepted with a UTF-8 byte order mark.
 */
export type BoundedFileRead =
  | { kind: 'absent' }
  | { kind: 'text'; text: string }
  /** Opening or reading failed; `code` is Node's error code (EACCES, EIO, ...). */
  | { kind: 'unreadable'; code: string }
  /** Larger than `maxBytes`; nothing past `maxBytes + 1` bytes was read. */
  | { kind: 'too_large'; maxBytes: number }
  /** A folder, FIFO, socket or device (such as a link to /dev/zero) where a file should be. */
  | { kind: 'not_a_file' };

/** Owner and permission bits of the opened file, as its handle's fstat reports them. */
export interface OpenedFileFacts {
  uid: number;
  /** Permission bits (`st_mode & 0o7777`). */
  mode: number;
}

/**
 * A check on the file that was actually opened (not on a path that may since point elsewhere):
 * the reason the file must not be read, or undefined to read it.
 */
export type OpenedFileCheck = (facts: OpenedFileFacts) => string | undefined;

/** A read with an OpenedFileCheck: what readBoundedFile finds, or the check's refusal. */
export type CheckedFileRead = BoundedFileRead | { kind: 'refused'; reason: string };

/** Size limits of the app's files: far above what they hold with 10,000 companies, far below harm. */
export const FILE_LIMITS = {
  /** settings.json and the managed file: a handful of short strings. */
  settings: 1024 * 1024,
  /** companies.json: about 1 KB a company, 10,000 companies at most. */
  companies: 32 * 1024 * 1024,
  /** secrets.json: a few KB of ciphertext a company (two tokens), 10,000 companies at most. */
  secrets: 64 * 1024 * 1024,
} as const;

/**
 * Open flags: read-only, and non-blocking so that opening a FIFO with no writer returns at once
 * instead of hanging startup (the fstat check then refuses it). Windows has no O_NONBLOCK.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The UTF-8 byte order mark that Windows Notepad writes, decoded. */
const BOM = '\uFEFF';

function errorCodeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

function openFailure(error: unknown): BoundedFileRead {
  const code = errorCodeOf(error);
  return code === 'ENOENT' ? { kind: 'absent' } : { kind: 'unreadable', code };
}

/** Decodes what was read, dropping one leading byte order mark. */
function decode(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

function checkLimit(maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be a non-negative integer: ${maxBytes}`);
}

/** Where a read of at most `maxBytes + 1` bytes stands: read on, done (text), or over the limit. */
function nextBuffer(buffer: Buffer, filled: number, maxBytes: number): Buffer | 'too_large' {
  if (filled < buffer.length) return buffer;
  if (buffer.length > maxBytes) return 'too_large';
  // The file grew past its fstat size while being read: go on, up to the limit.
  const grown = Buffer.alloc(maxBytes + 1);
  buffer.copy(grown);
  return grown;
}

/**
 * Reads a UTF-8 text file of at most `maxBytes` bytes without throwing and without ever blocking on
 * a FIFO or reading an endless device: opens non-blocking, checks with fstat that it is a regular
 * file no larger than the limit, then reads at most `maxBytes + 1` bytes (a file that grows while
 * being read is still caught). With `check`, the opened handle's owner and mode must pass it
 * too, so the file that is read is the file that was checked, even if its path was swapped.
 */
export function readBoundedFile(filePath: string, maxBytes: number): Promise<BoundedFileRead>;
export function readBoundedFile(filePath: string, maxBytes: number, check: OpenedFileCheck | undefined): Promise<CheckedFileRead>;
export async function readBoundedFile(filePath: string, maxBytes: number, check?: OpenedFileCheck): Promise<CheckedFileRead> {
  checkLimit(maxBytes);
  let handle: FileHandle;
  try {
    handle = await open(filePath, READ_FLAGS);
  } catch (error) {
    return openFailure(error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { kind: 'not_a_file' };
    const refusal = check?.({ uid: stats.uid, mode: stats.mode & 0o7777 });
    if (refusal !== undefined) return { kind: 'refused', reason: refusal };
    if (stats.size > maxBytes) return { kind: 'too_large', maxBytes };
    let buffer: Buffer = Buffer.alloc(stats.size + 1);
    let filled = 0;
    for (;;) {
      const next = nextBuffer(buffer, filled, maxBytes);
      if (next === 'too_large') return { kind: 'too_large', maxBytes };
      buffer = next;
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { kind: 'text', text: decode(buffer.subarray(0, filled)) };
  } catch (error) {
    return { kind: 'unreadable', code: errorCodeOf(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** `readBoundedFile` for the few reads that must be synchronous (configuration before `app` is ready). */
export function readBoundedFileSync(filePath: string, maxBytes: number): BoundedFileRead {
  checkLimit(maxBytes);
  let fd: number;
  try {
    fd = openSync(filePath, READ_FLAGS);
  } catch (error) {
    return openFailure(error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'not_a_file' };
    if (stats.size > maxBytes) return { kind: 'too_large', maxBytes };
    let buffer: Buffer = Buffer.alloc(stats.size + 1);
    let filled = 0;
    for (;;) {
      const next = nextBuffer(buffer, filled, maxBytes);
      if (next === 'too_large') return { kind: 'too_large', maxBytes };
      buffer = next;
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { kind: 'text', text: decode(buffer.subarray(0, filled)) };
  } catch (error) {
    return { kind: 'unreadable', code: errorCodeOf(error) };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Nothing useful to do about a failed close of a read-only descriptor.
    }
  }
}
