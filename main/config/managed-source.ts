import { statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger';
import { FILE_LIMITS, readBoundedFile, type CheckedFileRead, type OpenedFileCheck } from '../storage/read-bounded-file';
import { buildManagedConfig, managedConfigPath, managedConfigSchema, mergeManagedValues, parseManagedValues, type ManagedConfig, type ManagedValues } from './managed-config';
import { checkPosixProtection, nodeFileFacts, parentFolder, rootOwnedOnlyProblem, type FileFactsPort, type ProtectionVerdict } from './managed-file-protection';
import { nodeCommandPort, type CommandPort } from './system-command';
import { judgeWindowsAcl, readWindowsAcl } from './windows-acl';
import { policyObjectFromRegistry, readRegistryPolicy } from './windows-registry-policy';

/** A problem with one managed source; either blocks connecting until the IT department fixes it. */
export interface ManagedProblem {
  /** `managedFile`: the machine-wide file; `managedPolicy`: the Windows registry policy. */
  field: 'managedFile' | 'managedPolicy';
  problem: 'unreadable_file' | 'invalid_file' | 'not_protected' | 'file_too_large' | 'not_a_file';
}

/** The managed configuration, merged from its sources, and what was wrong with them. */
export interface ManagedLoad {
  managed?: ManagedConfig;
  problems: ManagedProblem[];
}

/** Loads the IT department's managed configuration; read again whenever settings are reloaded. */
export interface ManagedSource {
  load(): Promise<ManagedLoad>;
}

/** What a managed source is built from; every system call behind a port. */
export interface ManagedSourceDeps {
  platform: NodeJS.Platform;
  /** Where the managed file lives (managedConfigPath). */
  filePath: string;
  fs: FileFactsPort;
  /**
   * Reads the checked file with the app's bounded reader (absent, text, unreadable, too large or
   * not a file), refusing it when the opened file fails `check`.
   */
  readFile: (filePath: string, check: OpenedFileCheck | undefined) => Promise<CheckedFileRead>;
  /** Runs reg.exe and PowerShell (Windows only). */
  command?: CommandPort;
  /** Windows' own folder, where reg.exe and PowerShell are taken from. */
  systemRoot?: string;
  log: Logger;
}

/**
 * Checks the managed file on Windows: a regular file (no link) in a real folder, with an ACL that
 * only SYSTEM and Administrators can write (judgeWindowsAcl). %ProgramData% lets any user create
 * folders and files, so a file there proves nothing until its ACL does.
 */
async function checkWindowsProtection(deps: ManagedSourceDeps): Promise<ProtectionVerdict> {
  const folder = parentFolder(deps.filePath);
  try {
    const entry = await deps.fs.lstat(deps.filePath);
    if (entry.kind === 'symlink') return { kind: 'refused', reason: 'the managed file is a link; Windows links are not followed' };
    if (entry.kind !== 'file') return { kind: 'unreadable', reason: `the managed file is not a regular file (${entry.kind})` };
    const folderEntry = await deps.fs.lstat(folder);
    if (folderEntry.kind !== 'directory') return { kind: 'refused', reason: `the managed file's folder is a ${folderEntry.kind}, not a folder` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'unreadable', reason: 'the managed file could not be examined' };
  }
  if (!deps.command || !deps.systemRoot) return { kind: 'unreadable', reason: 'no way to read the managed file\'s ACL' };
  const acl = await readWindowsAcl(deps.command, deps.systemRoot, deps.filePath, folder);
  if ('failed' in acl) return { kind: 'unreadable', reason: `the managed file's ACL could not be read (${acl.failed})` };
  const verdict = judgeWindowsAcl(acl.report);
  return verdict.kind === 'ok' ? { kind: 'protected', readPath: deps.filePath } : verdict;
}

/** Reads the managed file after its protection is confirmed; a refused file is never read. */
async function loadManagedFile(deps: ManagedSourceDeps): Promise<{ values?: ManagedValues; problem?: ManagedProblem }> {
  const verdict = deps.platform === 'win32' ? await checkWindowsProtection(deps) : await checkPosixProtection(deps.fs, deps.filePath);
  if (verdict.kind === 'absent') return {};
  if (verdict.kind === 'refused') {
    deps.log.warn('managed settings file refused: it is not protected', { reason: verdict.reason });
    return { problem: { field: 'managedFile', problem: 'not_protected' } };
  }
  if (verdict.kind === 'unreadable') {
    deps.log.warn('managed settings file not used', { reason: verdict.reason });
    return { problem: { field: 'managedFile', problem: 'unreadable_file' } };
  }
  // On macOS and Linux the opened file is checked again (its fstat), so the file read is the file
  // checked; a path swapped after the check is refused. Windows has no owner in fstat: its ACL
  // check above stands, on a path no ordinary user can change once the ACL is an admin's.
  const read = await deps.readFile(verdict.readPath, deps.platform === 'win32' ? undefined : rootOwnedOnlyProblem);
  if (read.kind === 'refused') {
    deps.log.warn('managed settings file refused: it is not protected', { reason: read.reason });
    return { problem: { field: 'managedFile', problem: 'not_protected' } };
  }
  const parsed = parseManagedValues(read);
  return parsed.problem ? { problem: { field: 'managedFile', problem: parsed.problem } } : parsed.values ? { values: parsed.values } : {};
}

/** Reads the Windows machine policy (HKLM\SOFTWARE\Policies\Fortnox Connector). */
async function loadRegistryPolicy(deps: ManagedSourceDeps): Promise<{ values?: ManagedValues; problem?: ManagedProblem }> {
  if (!deps.command || !deps.systemRoot) return { problem: { field: 'managedPolicy', problem: 'unreadable_file' } };
  const read = await readRegistryPolicy(deps.command, deps.systemRoot);
  if (read.kind === 'absent') return {};
  if (read.kind === 'failed') {
    deps.log.warn('machine policy could not be read', { reason: read.reason });
    return { problem: { field: 'managedPolicy', problem: 'unreadable_file' } };
  }
  const converted = policyObjectFromRegistry(read.values);
  if ('invalid' in converted) {
    deps.log.warn('machine policy is invalid', { reason: converted.invalid });
    return { problem: { field: 'managedPolicy', problem: 'invalid_file' } };
  }
  const parsed = managedConfigSchema.safeParse(converted.object);
  if (!parsed.success) return { problem: { field: 'managedPolicy', problem: 'invalid_file' } };
  return Object.keys(converted.object).length > 0 ? { values: parsed.data } : {};
}

/**
 * The managed configuration: on Windows the machine policy from the registry (written only by
 * administrators) over the managed file; everywhere the file only once its owner and permissions
 * show that only an administrator could have written it. A refused or broken source is reported
 * and contributes nothing; the other source still applies (and the problem blocks connecting).
 */
export function createManagedSource(deps: ManagedSourceDeps): ManagedSource {
  return {
    load: async () => {
      type SourceLoad = { values?: ManagedValues; problem?: ManagedProblem };
      const [file, policy] = await Promise.all<[Promise<SourceLoad>, Promise<SourceLoad>]>([
        loadManagedFile(deps),
        deps.platform === 'win32' ? loadRegistryPolicy(deps) : Promise.resolve({}),
      ]);
      const problems = [file.problem, policy.problem].filter((problem): problem is ManagedProblem => problem !== undefined);
      const merged = mergeManagedValues(file.values, policy.values);
      return { ...(merged ? { managed: buildManagedConfig(merged) } : {}), problems };
    },
  };
}

/**
 * Reads the managed file with the app's bounded reader: at most 1 MiB, a UTF-8 BOM accepted, and
 * never blocking, even if the checked file is swapped for a FIFO or a device after its check.
 */
export function readManagedFile(filePath: string, check: OpenedFileCheck | undefined): Promise<CheckedFileRead> {
  return readBoundedFile(filePath, FILE_LIMITS.settings, check);
}

/** Windows' folder from SystemRoot when it is an absolute path, else the usual C:\Windows (development only). */
export function windowsSystemRoot(env: NodeJS.ProcessEnv): string {
  const root = env.SystemRoot;
  return root && /^[A-Za-z]:\\/.test(root) ? root.replace(/\\+$/, '') : 'C:\\Windows';
}

/** Where a packaged build takes Windows' own folder and the machine-wide data folder from. */
export const PACKAGED_WINDOWS_FOLDERS = { systemRoot: 'C:\\Windows', programData: 'C:\\ProgramData' } as const;

/** Windows' folders for the managed sources, or why they cannot be trusted. */
export type WindowsFolders = { systemRoot: string; programData: string } | { unavailable: string };

/**
 * The folders reg.exe, PowerShell and the managed file are taken from. A packaged build never
 * takes them from the environment: SystemRoot, windir and ProgramData are set by whoever starts
 * the app, so a same-user launcher could point them at its own fake reg.exe and plant policy. It
 * uses the fixed C:\Windows and C:\ProgramData instead, and when either does not exist (Windows
 * installed on another drive) the managed configuration is reported as unreadable, which blocks
 * connecting until IT looks: a missing policy must not silently fall back to what the environment
 * says. A development run keeps taking them from the environment.
 */
export function windowsFolders(packaged: boolean, env: NodeJS.ProcessEnv, folderExists: (folder: string) => boolean): WindowsFolders {
  if (!packaged) {
    const programData = env.ProgramData && path.win32.isAbsolute(env.ProgramData) ? env.ProgramData : PACKAGED_WINDOWS_FOLDERS.programData;
    return { systemRoot: windowsSystemRoot(env), programData };
  }
  const missing = Object.values(PACKAGED_WINDOWS_FOLDERS).filter((folder) => !folderExists(folder));
  return missing.length > 0 ? { unavailable: `${missing.join(' and ')} not found` } : { ...PACKAGED_WINDOWS_FOLDERS };
}

/**
 * The whole environment of reg.exe and PowerShell: SystemRoot and nothing else. Neither needs
 * PATH (both run by absolute path), and the user's PATH, PSModulePath or profile variables must
 * not reach a program whose answer the app trusts.
 */
export function childEnvironment(systemRoot: string): Record<string, string> {
  return { SystemRoot: systemRoot };
}

/** A managed source that reports both Windows sources as unreadable (see windowsFolders). */
function unavailableManagedSource(reason: string, log: Logger): ManagedSource {
  return {
    load: () => {
      log.warn('managed settings not read: Windows folders not found', { reason });
      return Promise.resolve({
        problems: [
          { field: 'managedFile', problem: 'unreadable_file' },
          { field: 'managedPolicy', problem: 'unreadable_file' },
        ],
      });
    },
  };
}

/** The system calls behind the managed source on this computer; tests replace them. */
export interface SystemManagedPorts {
  fs: FileFactsPort;
  folderExists: (folder: string) => boolean;
  /** The command port, given the whole environment its children get. */
  commandPort: (childEnv: Record<string, string>) => CommandPort;
}

const NODE_PORTS: SystemManagedPorts = {
  fs: nodeFileFacts,
  folderExists: (folder) => {
    try {
      return statSync(folder).isDirectory();
    } catch {
      return false;
    }
  },
  commandPort: (childEnv) => nodeCommandPort(childEnv),
};

/** The managed source on this computer: the real file system, reg.exe and PowerShell. */
export function systemManagedSource(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  log: Logger,
  packaged: boolean,
  ports: SystemManagedPorts = NODE_PORTS,
): ManagedSource {
  const base = { platform, fs: ports.fs, readFile: readManagedFile, log };
  if (platform !== 'win32') return createManagedSource({ ...base, filePath: managedConfigPath(platform, env) });
  const folders = windowsFolders(packaged, env, ports.folderExists);
  if ('unavailable' in folders) return unavailableManagedSource(folders.unavailable, log);
  return createManagedSource({
    ...base,
    filePath: managedConfigPath(platform, { ProgramData: folders.programData }),
    command: ports.commandPort(childEnvironment(folders.systemRoot)),
    systemRoot: folders.systemRoot,
  });
}
