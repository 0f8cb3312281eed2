import path from 'node:path';
import type { ZodType } from 'zod';
import type { Logger } from '../logging/logger';
import { errorCode, removeLeftoverTempFiles, withStorageFs, writeFileAtomic, type StorageFs } from './atomic-file';
import { FILE_LIMITS, readBoundedFile } from './read-bounded-file';

/** Why `load` could not return the stored document; `backupPath` is where a corrupt file was moved. */
export interface LoadProblem {
  /** `too_large`: over the file's size limit; `not_a_file`: a FIFO, device or folder in its place. */
  kind: 'corrupt' | 'unreadable' | 'newer_version' | 'too_large' | 'not_a_file';
  backupPath?: string;
}

/** What `load` returns: always a usable value, plus the problem when it is the empty one. */
export interface LoadResult<T> {
  value: T;
  problem?: LoadProblem;
}

/** A JSON document on disk with a schema version, migrations and atomic, serialized saves. */
export interface VersionedJsonFile<T> {
  readonly filePath: string;
  load(): Promise<LoadResult<T>>;
  save(value: T): Promise<void>;
}

/** Turns a document of version n into one of version n + 1. */
export type Migration = (old: unknown) => unknown;

/** How to read, upgrade and write one kind of document. */
export interface VersionedJsonFileOptions<T extends { version: number }> {
  filePath: string;
  currentVersion: number;
  /** The current version's shape, `version` included. */
  schema: ZodType<T>;
  /** `migrations[n]` upgrades version n to n + 1. */
  migrations: Record<number, Migration>;
  empty: () => T;
  now: () => Date;
  log: Logger;
  /** Replaces file-system calls (fault tests). */
  fs?: Partial<StorageFs>;
  /** A larger file is refused unread (and never overwritten); `FILE_LIMITS.companies` by default. */
  maxBytes?: number;
}

/** Why a save is refused: overwriting would destroy data this app could not read. */
export type SaveRefusedReason = 'not_loaded' | 'newer_version' | 'unreadable' | 'corrupt_not_moved';

/** Thrown by `save` when writing would overwrite a file the app must not touch. */
export class SaveRefusedError extends Error {
  override readonly name = 'SaveRefusedError';
  constructor(readonly reason: SaveRefusedReason) {
    super(`Refusing to save the file (${reason})`);
  }
}

/** Thrown by `save` when the value does not match the current schema; nothing is written. */
export class InvalidDocumentError extends Error {
  override readonly name = 'InvalidDocumentError';
  constructor() {
    super('Refusing to save a document that does not match its schema');
  }
}

type Parsed<T> = { ok: true; value: T; migratedFrom?: number } | { ok: false; kind: 'corrupt' | 'newer_version'; version?: number };

/** A timestamp usable in a file name on every OS (no colons). */
export function fileSafeTimestamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-');
}

function versionOf(document: unknown): number | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const version = (document as { version?: unknown }).version;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : undefined;
}

/** Parses, checks the version, migrates step by step and validates against the current schema. */
function parseDocument<T extends { version: number }>(text: string, options: VersionedJsonFileOptions<T>): Parsed<T> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'corrupt' };
  }
  const version = versionOf(document);
  if (version === undefined) return { ok: false, kind: 'corrupt' };
  if (version > options.currentVersion) return { ok: false, kind: 'newer_version', version };
  for (let from = version; from < options.currentVersion; from += 1) {
    const migrate = options.migrations[from];
    if (!migrate) return { ok: false, kind: 'corrupt', version };
    try {
      document = migrate(document);
    } catch {
      return { ok: false, kind: 'corrupt', version };
    }
  }
  const parsed = options.schema.safeParse(document);
  if (!parsed.success || parsed.data.version !== options.currentVersion) return { ok: false, kind: 'corrupt', version };
  return version < options.currentVersion ? { ok: true, value: parsed.data, migratedFrom: version } : { ok: true, value: parsed.data };
}

/** Creates a versioned JSON file; `load` must run before the first `save`. */
export function createVersionedJsonFile<T extends { version: number }>(options: VersionedJsonFileOptions<T>): VersionedJsonFile<T> {
  const { filePath, log } = options;
  const fileName = path.basename(filePath);
  const fs = options.fs ?? {};
  // Loads and saves run one at a time, in call order, so two writes never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  let refusal: SaveRefusedReason | undefined = 'not_loaded';

  const enqueue = <R>(task: () => Promise<R>): Promise<R> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  const write = (value: T) => writeFileAtomic(filePath, `${JSON.stringify(value, null, 2)}\n`, { fs });

  /** Moves the damaged document aside under a name no earlier backup uses; never deletes it. */
  const moveAside = async (): Promise<string | undefined> => {
    const real = withStorageFs(fs);
    const base = path.join(path.dirname(filePath), `${fileName}.corrupt-${fileSafeTimestamp(options.now())}`);
    for (let n = 0; n < 100; n += 1) {
      const candidate = n === 0 ? `${base}.bak` : `${base}-${n}.bak`;
      const taken = await real.access(candidate).then(
        () => true,
        (error: unknown) => errorCode(error) !== 'ENOENT',
      );
      if (taken) continue;
      try {
        await real.rename(filePath, candidate);
        return candidate;
      } catch {
        return undefined;
      }
    }
    return undefined;
  };

  const loadNow = async (): Promise<LoadResult<T>> => {
    const leftovers = await removeLeftoverTempFiles(filePath, fs);
    if (leftovers > 0) log.info('Removed leftover temp files from an interrupted save', { file: fileName, count: leftovers });

    const read = await readBoundedFile(filePath, options.maxBytes ?? FILE_LIMITS.companies);
    if (read.kind === 'absent') {
      refusal = undefined;
      return { value: options.empty() };
    }
    if (read.kind === 'unreadable') {
      refusal = 'unreadable';
      log.error('Stored file could not be read; it is left as it is and will not be overwritten', { file: fileName, code: read.code });
      return { value: options.empty(), problem: { kind: 'unreadable' } };
    }
    if (read.kind === 'too_large' || read.kind === 'not_a_file') {
      // Refused quickly and left as it is: it may be the user's data behind a mistake, or a trap
      // (a FIFO, /dev/zero behind a link); either way it is not overwritten.
      refusal = 'unreadable';
      log.error('Stored file refused: too large or not a regular file; it is left as it is and will not be overwritten', {
        file: fileName,
        reason: read.kind,
        ...(read.kind === 'too_large' ? { maxBytes: read.maxBytes } : {}),
      });
      return { value: options.empty(), problem: { kind: read.kind } };
    }

    const parsed = parseDocument(read.text, options);
    if (parsed.ok) {
      refusal = undefined;
      if (parsed.migratedFrom !== undefined) {
        log.info('Migrated stored file', { file: fileName, from: parsed.migratedFrom, to: options.currentVersion });
        await write(parsed.value).catch((error: unknown) =>
          log.warn('Could not save the migrated file; it will be migrated again next time', { file: fileName, code: errorCode(error) ?? 'UNKNOWN' }),
        );
      }
      return { value: parsed.value };
    }
    if (parsed.kind === 'newer_version') {
      refusal = 'newer_version';
      log.warn('Stored file comes from a newer version of the app; it is left untouched', { file: fileName, version: parsed.version, known: options.currentVersion });
      return { value: options.empty(), problem: { kind: 'newer_version' } };
    }

    const backupPath = await moveAside();
    if (backupPath === undefined) {
      refusal = 'corrupt_not_moved';
      log.error('Stored file is damaged and could not be moved aside; it will not be overwritten', { file: fileName });
      return { value: options.empty(), problem: { kind: 'corrupt' } };
    }
    refusal = undefined;
    log.warn('Stored file is damaged; moved it aside and started empty', { file: fileName, backup: path.basename(backupPath) });
    return { value: options.empty(), problem: { kind: 'corrupt', backupPath } };
  };

  const saveNow = async (value: T): Promise<void> => {
    if (refusal) throw new SaveRefusedError(refusal);
    const parsed = options.schema.safeParse(value);
    if (!parsed.success || parsed.data.version !== options.currentVersion) throw new InvalidDocumentError();
    await write(parsed.data);
  };

  return {
    filePath,
    load: () => enqueue(loadNow),
    save: (value) => enqueue(() => saveNow(value)),
  };
}
