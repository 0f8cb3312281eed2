import type { Logger } from '../logging/logger';
import { FILE_LIMITS, readBoundedFile, type BoundedFileRead } from '../storage/read-bounded-file';
import { buildManagedConfig, managedConfigPath, managedConfigSchema, mergeManagedValues, parseManagedValues, type ManagedConfig, type ManagedValues } from './managed-config';
import { checkPosixProtection, nodeFileFacts, parentFolder, type FileFactsPort, type ProtectionVerdict } from './managed-file-protection';
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
  /** Reads the checked file with the app's bounded reader (absent, text, unreadable, too large or not a file). */
  readFile: (filePath: string) => Promise<BoundedFileRead>;
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
  const read = await deps.readFile(verdict.readPath);
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
export function readManagedFile(filePath: string): Promise<BoundedFileRead> {
  return readBoundedFile(filePath, FILE_LIMITS.settings);
}

/** Windows' folder from SystemRoot when it is an absolute path, else the usual C:\Windows. */
export function windowsSystemRoot(env: NodeJS.ProcessEnv): string {
  const root = env.SystemRoot;
  return root && /^[A-Za-z]:\\/.test(root) ? root.replace(/\\+$/, '') : 'C:\\Windows';
}

/** The managed source on this computer: the real file system, reg.exe and PowerShell. */
export function systemManagedSource(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, log: Logger): ManagedSource {
  return createManagedSource({
    platform,
    filePath: managedConfigPath(platform, env),
    fs: nodeFileFacts,
    readFile: readManagedFile,
    ...(platform === 'win32' ? { command: nodeCommandPort(env), systemRoot: windowsSystemRoot(env) } : {}),
    log,
  });
}
