import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedSource, systemManagedSource, windowsFolders, windowsSystemRoot, type SystemManagedPorts } from '../../../../main/config/managed-source';
import type { CommandPort } from '../../../../main/config/system-command';
import { SettingsService } from '../../../../main/settings/settings-service';
import { FILE_LIMITS, readBoundedFile, type CheckedFileRead } from '../../../../main/storage/read-bounded-file';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import type { StorageState } from '../../../../shared/ipc-contract';
import { recordingLogger } from '../recording-logger';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { useTempDirs } from '../storage/temp-dir';
import { fileFactsOwnedBy, ROOT_OWNED, USER_PLANTED, windowsCommands, type FakeOwnership } from './fake-managed-ports';
import { SID } from '../../../../main/config/windows-acl';

const tempDir = useTempDirs();
const STORAGE: StorageState = { mode: 'encrypted', reason: null, problems: [] };

/** What an attacker's planted file would do: send token calls, with the secret, to their host. */
const PLANTED = {
  clientId: 'planted-client',
  redirectUri: 'https://attacker.example/cb',
  tokenUrl: 'https://attacker.example/token',
  clientSecret: 'planted-secret-0123456789',
};
const ADMIN = {
  clientId: 'it-client',
  redirectUri: 'https://it.example.se/cb',
  tokenUrl: 'https://proxy.it.example.se/oauth-v1/token',
};
const USER_ENV = { FORTNOX_CLIENT_ID: 'user-client', FORTNOX_REDIRECT_URI: 'https://user.example.se/cb', FORTNOX_CLIENT_SECRET: 'user-secret-0123456789' };

const ADMIN_ACL = {
  file: {
    owner: SID.administrators,
    access: [
      { sid: SID.system, rights: 2032127, type: 'Allow', inherited: true, inheritOnly: false },
      { sid: SID.administrators, rights: 2032127, type: 'Allow', inherited: true, inheritOnly: false },
      { sid: SID.users, rights: 1179817, type: 'Allow', inherited: true, inheritOnly: false },
    ],
  },
  folder: {
    owner: SID.administrators,
    access: [
      { sid: SID.system, rights: 2032127, type: 'Allow', inherited: false, inheritOnly: false },
      { sid: SID.administrators, rights: 2032127, type: 'Allow', inherited: false, inheritOnly: false },
      { sid: SID.users, rights: 1179817, type: 'Allow', inherited: false, inheritOnly: false },
    ],
  },
};
const ORDINARY_USER = 'S-1-5-21-3623811015-3361044348-30300820-1013';
const PLANTED_ACL = {
  file: { owner: ORDINARY_USER, access: [{ sid: ORDINARY_USER, rights: 2032127, type: 'Allow', inherited: true, inheritOnly: false }] },
  folder: { owner: ORDINARY_USER, access: [{ sid: SID.users, rights: 278, type: 'Allow', inherited: true, inheritOnly: false }] },
};

interface Setup {
  platform: 'linux' | 'darwin' | 'win32';
  /** The managed file's JSON, written for real; left out means no file. */
  file?: object;
  ownership?: FakeOwnership;
  /** Permission bits given to the real file after it is written (its real owner is whoever runs the test). */
  realMode?: number;
  /** Windows only: reg.exe output (undefined: no policy key) and the ACL report PowerShell prints. */
  regOutput?: string;
  acl?: unknown;
  env?: Record<string, string>;
}

/** Opens the settings over real files with the managed source's system calls faked. */
async function open(setup: Setup) {
  const dir = await tempDir();
  const managedDir = await tempDir();
  const filePath = path.join(managedDir, 'managed-settings.json');
  if (setup.file) await writeFile(filePath, JSON.stringify(setup.file));
  if (setup.file && setup.realMode !== undefined) await chmod(filePath, setup.realMode);
  const logger = recordingLogger();
  const reads: string[] = [];
  const commands = windowsCommands({ ...(setup.regOutput !== undefined ? { regOutput: setup.regOutput } : {}), aclJson: setup.acl });
  const managed = createManagedSource({
    platform: setup.platform,
    filePath,
    fs: fileFactsOwnedBy(setup.ownership ?? ROOT_OWNED),
    readFile: (file, check): Promise<CheckedFileRead> => {
      reads.push(file);
      return readBoundedFile(file, FILE_LIMITS.settings, check);
    },
    command: commands,
    systemRoot: 'C:\\Windows',
    log: logger.log,
  });
  const vault = createSecretVault({
    box: createSecretBox(new FakeSafeStorage(), 'linux'),
    file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(0), log: logger.log }),
    log: logger.log,
  });
  await vault.init();
  const settings = new SettingsService({ settingsPath: path.join(dir, 'settings.json'), env: setup.env ?? USER_ENV, vault, now: () => 0, log: logger.log, managed });
  await settings.init();
  return { settings, reads, commands, logger };
}

describe('a managed file on macOS and Linux', () => {
  it.each(['linux', 'darwin'] as const)('is refused on %s when an ordinary user owns it: nothing in it is used and connecting is blocked', async (platform) => {
    const { settings, reads, logger } = await open({ platform, file: PLANTED, ownership: USER_PLANTED });

    const config = settings.config();
    expect(config).toEqual({ ok: false, problems: [{ field: 'managedFile', problem: 'not_protected', source: 'managed' }] });
    expect(reads).toEqual([]);
    const view = settings.view(STORAGE);
    expect(view).toMatchObject({ clientId: 'user-client', clientIdSource: 'environment', locked: [] });
    expect(view.clientSecret.source).toBe('environment');
    expect(() => settings.credentials()).toThrow(expect.objectContaining({ issue: 'invalid_client' }));
    expect(JSON.stringify(view) + logger.text()).not.toContain('attacker.example');
    expect(logger.text()).toContain('managed settings file refused');
  });

  it('is refused when root owns it but it is group-writable', async () => {
    const { settings } = await open({ platform: 'darwin', file: ADMIN, ownership: { file: { uid: 0, mode: 0o664 }, folder: { uid: 0, mode: 0o755 } } });
    expect(settings.config()).toMatchObject({ ok: false, problems: [{ field: 'managedFile', problem: 'not_protected' }] });
  });

  it('is refused when its folder is writable by others', async () => {
    const { settings } = await open({ platform: 'linux', file: ADMIN, ownership: { file: { uid: 0, mode: 0o644 }, folder: { uid: 0, mode: 0o777 } } });
    expect(settings.config()).toMatchObject({ ok: false, problems: [{ field: 'managedFile', problem: 'not_protected' }] });
  });

  it('is used when root owns it and its folder and no one else can write them', async () => {
    const { settings, reads } = await open({ platform: 'linux', file: ADMIN, ownership: ROOT_OWNED });

    const config = settings.config();
    expect(config.ok && config.config).toMatchObject({ clientId: 'it-client', tokenUrl: ADMIN.tokenUrl });
    expect(reads).toHaveLength(1);
    expect(settings.view(STORAGE).locked).toEqual(['clientId', 'redirectUri']);
  });

  it('refuses, at read time, a file whose opened handle is world-writable even when the check of its path passed', async () => {
    // The path check is faked to pass (as if the file were swapped after it); the real file is 0666.
    const { settings, reads, logger } = await open({ platform: 'linux', file: PLANTED, ownership: ROOT_OWNED, realMode: 0o666 });

    expect(reads).toHaveLength(1);
    expect(settings.config()).toEqual({ ok: false, problems: [{ field: 'managedFile', problem: 'not_protected', source: 'managed' }] });
    expect(JSON.stringify(settings.view(STORAGE)) + logger.text()).not.toContain('attacker.example');
    expect(logger.text()).toContain('mode 0666');
  });

  it('never asks reg.exe or PowerShell', async () => {
    const { commands } = await open({ platform: 'linux', file: ADMIN });
    expect(commands.calls).toEqual([]);
  });
});

describe('managed configuration on Windows', () => {
  it('refuses a managed file an ordinary user planted in %ProgramData%, without reading it', async () => {
    const { settings, reads, logger } = await open({ platform: 'win32', file: PLANTED, acl: PLANTED_ACL });

    expect(settings.config()).toEqual({ ok: false, problems: [{ field: 'managedFile', problem: 'not_protected', source: 'managed' }] });
    expect(reads).toEqual([]);
    expect(settings.view(STORAGE)).toMatchObject({ clientId: 'user-client', locked: [] });
    expect(logger.text()).toContain(ORDINARY_USER);
  });

  it('uses a managed file that only SYSTEM and Administrators can write', async () => {
    const { settings } = await open({ platform: 'win32', file: ADMIN, acl: ADMIN_ACL });
    const config = settings.config();
    expect(config.ok && config.config).toMatchObject({ clientId: 'it-client', tokenUrl: ADMIN.tokenUrl });
    expect(config.ok && config.sources.tokenUrl).toBe('managed');
  });

  it('does not use a managed file whose ACL could not be read, and says it could not be read', async () => {
    const { settings, reads } = await open({ platform: 'win32', file: ADMIN });
    expect(settings.config()).toMatchObject({ ok: false, problems: [{ field: 'managedFile', problem: 'unreadable_file', source: 'managed' }] });
    expect(reads).toEqual([]);
  });

  it('takes the machine policy from the registry, locking what it sets', async () => {
    const regOutput = [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector',
      '    clientId    REG_SZ    policy-client',
      '    redirectUri    REG_SZ    https://policy.example.se/cb',
      '    signInOrigins    REG_SZ    https://id.policy.example.se',
      '',
    ].join('\r\n');
    const { settings } = await open({ platform: 'win32', regOutput });
    const config = settings.config();
    expect(config.ok && config.config).toMatchObject({ clientId: 'policy-client', redirectUri: 'https://policy.example.se/cb' });
    expect(config.ok && config.config.signInOrigins).toContain('https://id.policy.example.se');
    expect(settings.view(STORAGE)).toMatchObject({ clientIdSource: 'managed', locked: ['clientId', 'redirectUri'] });
  });

  it('lets registry values win over the managed file’s, field by field', async () => {
    const regOutput = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector\r\n    tokenUrl    REG_SZ    https://policy.example.se/token\r\n    lock    REG_DWORD    0x0\r\n';
    const { settings } = await open({ platform: 'win32', file: ADMIN, acl: ADMIN_ACL, regOutput });
    const config = settings.config();
    expect(config.ok && config.config).toMatchObject({ clientId: 'it-client', tokenUrl: 'https://policy.example.se/token' });
    expect(settings.view(STORAGE).locked).toEqual([]);
  });

  it('still applies the registry policy when the managed file is refused, and reports the file', async () => {
    const regOutput = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector\r\n    clientId    REG_SZ    policy-client\r\n';
    const { settings } = await open({ platform: 'win32', file: PLANTED, acl: PLANTED_ACL, regOutput });
    expect(settings.config()).toMatchObject({ ok: false, problems: [{ field: 'managedFile', problem: 'not_protected' }] });
    expect(settings.view(STORAGE)).toMatchObject({ clientId: 'policy-client', clientIdSource: 'managed' });
  });

  it('reports an invalid policy (a misspelt value) as managedPolicy invalid_file, which blocks connecting', async () => {
    const regOutput = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector\r\n    clientID    REG_SZ    policy-client\r\n';
    const { settings } = await open({ platform: 'win32', regOutput });
    expect(settings.config()).toEqual({ ok: false, problems: [{ field: 'managedPolicy', problem: 'invalid_file', source: 'managed' }] });
  });

  it('turns the local API off by policy, port from the managed file, field by field; a port out of range makes the policy invalid', async () => {
    const regOutput = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector\r\n    LocalApiEnabled    REG_DWORD    0x0\r\n';
    const { settings } = await open({ platform: 'win32', file: { ...ADMIN, localApi: { enabled: true, port: 42000 } }, acl: ADMIN_ACL, regOutput });
    expect(settings.localApi()).toEqual({ enabled: false, port: 42000, locked: ['enabled', 'port'] });

    const badPort = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector\r\n    LocalApiPort    REG_DWORD    0x50\r\n';
    const refused = await open({ platform: 'win32', regOutput: badPort });
    expect(refused.settings.config()).toMatchObject({ ok: false, problems: [{ field: 'managedPolicy', problem: 'invalid_file' }] });
    expect(refused.settings.localApi()).toEqual({ enabled: true, port: null, locked: [] });
  });

  it('uses nothing managed when there is neither a policy key nor a file', async () => {
    const { settings, commands } = await open({ platform: 'win32' });
    expect(settings.config().ok).toBe(true);
    // No file: PowerShell is not even started.
    expect(commands.calls.map((call) => call.file)).toEqual(['C:\\Windows\\System32\\reg.exe']);
  });
});

describe('windowsSystemRoot', () => {
  it('takes SystemRoot when it is an absolute Windows path, else C:\\Windows', () => {
    expect(windowsSystemRoot({ SystemRoot: 'D:\\WINDOWS\\' })).toBe('D:\\WINDOWS');
    expect(windowsSystemRoot({ SystemRoot: 'relative' })).toBe('C:\\Windows');
    expect(windowsSystemRoot({})).toBe('C:\\Windows');
  });
});

/** What a same-user launcher sets to run its own reg.exe and PowerShell modules. */
const LAUNCHER_ENV = {
  SystemRoot: 'C:\\Users\\me\\x',
  windir: 'C:\\Users\\me\\x',
  ProgramData: 'C:\\Users\\me\\data',
  PATH: 'C:\\Users\\me\\bin',
  PSModulePath: 'C:\\Users\\me\\modules',
};

/** The system managed source on Windows with every system call faked; records what it was given. */
function windowsSystemSource(options: { packaged: boolean; folders?: readonly string[]; regOutput?: string }) {
  const commands = windowsCommands(options.regOutput === undefined ? {} : { regOutput: options.regOutput });
  const childEnvs: Record<string, string>[] = [];
  const lstats: string[] = [];
  const ports: SystemManagedPorts = {
    fs: {
      lstat: (filePath) => {
        lstats.push(filePath);
        return Promise.reject(Object.assign(new Error('absent'), { code: 'ENOENT' }));
      },
      stat: () => Promise.reject(new Error('not used')),
      realpath: () => Promise.reject(new Error('not used')),
    },
    folderExists: (folder) => (options.folders ?? ['C:\\Windows', 'C:\\ProgramData']).includes(folder),
    commandPort: (childEnv): CommandPort => {
      childEnvs.push(childEnv);
      return commands;
    },
  };
  const logger = recordingLogger();
  const source = systemManagedSource('win32', LAUNCHER_ENV, logger.log, options.packaged, ports);
  return { source, commands, childEnvs, lstats, logger };
}

describe('the managed source on Windows in a packaged build', () => {
  it('runs reg.exe from C:\\Windows and looks in C:\\ProgramData even when the environment points elsewhere', async () => {
    const regOutput = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector\r\n    clientId    REG_SZ    policy-client\r\n';
    const { source, commands, lstats } = windowsSystemSource({ packaged: true, regOutput });

    await expect(source.load()).resolves.toMatchObject({ managed: { raw: { clientId: 'policy-client' } }, problems: [] });
    expect(commands.calls.map((call) => call.file)).toEqual(['C:\\Windows\\System32\\reg.exe']);
    expect(lstats[0]).toBe('C:\\ProgramData\\Fortnox Connector\\managed-settings.json');
  });

  it('gives reg.exe and PowerShell SystemRoot as their whole environment: no PSModulePath, no PATH of the user', async () => {
    const { source, childEnvs } = windowsSystemSource({ packaged: true });
    await source.load();

    expect(childEnvs).toEqual([{ SystemRoot: 'C:\\Windows' }]);
  });

  it('reports the policy and the file as unreadable when C:\\Windows does not exist, instead of trusting the environment', async () => {
    const { source, commands, logger } = windowsSystemSource({ packaged: true, folders: ['C:\\ProgramData'] });

    await expect(source.load()).resolves.toEqual({
      problems: [
        { field: 'managedFile', problem: 'unreadable_file' },
        { field: 'managedPolicy', problem: 'unreadable_file' },
      ],
    });
    expect(commands.calls).toEqual([]);
    expect(logger.text()).toContain('C:\\\\Windows not found');
  });

  it('takes the folders from the environment only in a development run', async () => {
    const { source, commands, childEnvs, lstats } = windowsSystemSource({ packaged: false });
    await source.load();

    expect(commands.calls.map((call) => call.file)).toEqual(['C:\\Users\\me\\x\\System32\\reg.exe']);
    expect(lstats[0]).toBe('C:\\Users\\me\\data\\Fortnox Connector\\managed-settings.json');
    expect(childEnvs).toEqual([{ SystemRoot: 'C:\\Users\\me\\x' }]);
  });
});

describe('windowsFolders', () => {
  it('is C:\\Windows and C:\\ProgramData in a packaged build, whatever the environment says', () => {
    expect(windowsFolders(true, LAUNCHER_ENV, () => true)).toEqual({ systemRoot: 'C:\\Windows', programData: 'C:\\ProgramData' });
  });

  it('names the fixed folders that do not exist', () => {
    expect(windowsFolders(true, LAUNCHER_ENV, () => false)).toEqual({ unavailable: 'C:\\Windows and C:\\ProgramData not found' });
  });
});
