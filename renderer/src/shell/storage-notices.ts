import type { StorageState } from '../../../shared/ipc-contract';
import type { Messages } from '../i18n/messages';

/** What the storage banner says; null parts are left out, and nothing at all when all is well. */
export interface StorageNotices {
  /** Secrets are kept in memory only: heading and why, with what to do. */
  memory: { heading: string; body: string } | null;
  /** One sentence per damaged file: what happened to it and which connections it affects. */
  problems: string[];
}

/** The warnings to show for main's storage state. */
export function storageNotices(storage: StorageState, messages: Messages): StorageNotices {
  const texts = messages.storage;
  const memory =
    storage.mode === 'memory'
      ? { heading: texts.memoryHeading, body: `${texts.memoryReasons[storage.reason ?? 'none']} ${texts.memoryToolKeys}` }
      : null;
  const problems = storage.problems.map((problem) => {
    const what = texts.problems[problem.kind](texts.fileNames[problem.file], nonEmpty(problem.backupName));
    return `${what} ${texts.consequences[problem.file]}`;
  });
  return { memory, problems };
}

/** True when the banner has something to say. */
export function hasStorageNotices(notices: StorageNotices): boolean {
  return notices.memory !== null || notices.problems.length > 0;
}

function nonEmpty(text: string | null): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}
