import { nodeFileFacts, type FileFacts, type FileFactsPort } from '../../../../main/config/managed-file-protection';
import type { CommandPort, CommandResult } from '../../../../main/config/system-command';

/** Owner and permission bits a fake reports for files and for folders. */
export interface FakeOwnership {
  file: { uid: number; mode: number };
  folder: { uid: number; mode: number };
}

/** Root-owned, 0644 file in a 0755 folder: what an administrator's install leaves. */
export const ROOT_OWNED: FakeOwnership = { file: { uid: 0, mode: 0o644 }, folder: { uid: 0, mode: 0o755 } };

/** A file an ordinary user (uid 1000) planted in a folder they could create. */
export const USER_PLANTED: FakeOwnership = { file: { uid: 1000, mode: 0o644 }, folder: { uid: 1000, mode: 0o755 } };

/**
 * The real file system (so the real files of a test are read and their kinds are real), with the
 * owner and mode bits replaced: tests cannot create root-owned files, and need not.
 */
export function fileFactsOwnedBy(ownership: FakeOwnership): FileFactsPort {
  const dress = (facts: FileFacts): FileFacts =>
    facts.kind === 'directory' ? { ...facts, ...ownership.folder } : { ...facts, ...ownership.file };
  return {
    lstat: async (filePath) => dress(await nodeFileFacts.lstat(filePath)),
    stat: async (filePath) => dress(await nodeFileFacts.stat(filePath)),
    realpath: (filePath) => nodeFileFacts.realpath(filePath),
  };
}

/** A command port that answers from a script and records what was run (reg.exe, PowerShell). */
export class FakeCommandPort implements CommandPort {
  readonly calls: { file: string; args: readonly string[]; extraEnv: Readonly<Record<string, string>> }[] = [];

  constructor(private readonly answer: (file: string, args: readonly string[]) => CommandResult) {}

  run(file: string, args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<CommandResult> {
    this.calls.push({ file, args, extraEnv });
    return Promise.resolve(this.answer(file, args));
  }
}

/** Answers reg.exe with `regOutput` (exit 1 when undefined: no policy key) and PowerShell with `aclJson`. */
export function windowsCommands(options: { regOutput?: string; aclJson?: unknown }): FakeCommandPort {
  return new FakeCommandPort((file) => {
    if (file.toLowerCase().endsWith('reg.exe')) {
      return options.regOutput === undefined ? { kind: 'exited', code: 1, stdout: '' } : { kind: 'exited', code: 0, stdout: options.regOutput };
    }
    if (file.toLowerCase().endsWith('powershell.exe')) {
      return options.aclJson === undefined ? { kind: 'failed', reason: 'not_started' } : { kind: 'exited', code: 0, stdout: JSON.stringify(options.aclJson) };
    }
    return { kind: 'failed', reason: 'not_started' };
  });
}
