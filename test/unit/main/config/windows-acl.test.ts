import { describe, expect, it } from 'vitest';
import {
  ACL_SCRIPT,
  judgeWindowsAcl,
  parseAclReport,
  readWindowsAcl,
  SID,
  type AclReport,
} from '../../../../main/config/windows-acl';
import { FakeCommandPort } from './fake-managed-ports';

/**
 * Realistic ACL_SCRIPT output, as .NET's GetAccessRules reports it by SID. FileSystemRights values:
 * FullControl 2032127, Modify 1245631, ReadAndExecute 1179817, Write (+Synchronize) 1048854,
 * GENERIC_ALL 268435456; ProgramData's own "Users may create" entry is 278 (WD, AD, WEA, WA).
 */
const FULL = 2032127;
const MODIFY = 1245631;
const READ_EXECUTE = 1179817;
const WRITE = 1048854;
const GENERIC_ALL = 268435456;
const ORDINARY_USER = 'S-1-5-21-3623811015-3361044348-30300820-1013';

type Ace = AclReport['file']['access'][number];
const allow = (sid: string, rights: number, extra: Partial<Ace> = {}): Ace => ({ sid, rights, type: 'Allow', inherited: false, inheritOnly: false, ...extra });
const deny = (sid: string, rights: number): Ace => ({ sid, rights, type: 'Deny', inherited: false, inheritOnly: false });

/** What the installer's icacls leaves: Administrators own it, SYSTEM and Administrators full, Users read. */
const INSTALLER_FOLDER = {
  owner: SID.administrators,
  access: [allow(SID.system, FULL), allow(SID.administrators, FULL), allow(SID.users, READ_EXECUTE)],
};
const ADMIN_FILE = {
  owner: SID.administrators,
  access: [
    allow(SID.system, FULL, { inherited: true }),
    allow(SID.administrators, FULL, { inherited: true }),
    allow(SID.users, READ_EXECUTE, { inherited: true }),
  ],
};

const report = (file: Partial<AclReport['file']> = {}, folder: Partial<AclReport['folder']> = {}): AclReport => ({
  file: { ...ADMIN_FILE, ...file },
  folder: { ...INSTALLER_FOLDER, ...folder },
});

describe('judgeWindowsAcl', () => {
  it('accepts a file and folder owned by Administrators that only SYSTEM and Administrators can write', () => {
    expect(judgeWindowsAcl(report())).toEqual({ kind: 'ok' });
  });

  it('accepts SYSTEM as owner, and TrustedInstaller among the writers', () => {
    expect(judgeWindowsAcl(report({ owner: SID.system, access: [...ADMIN_FILE.access, allow(SID.trustedInstaller, FULL)] }))).toEqual({ kind: 'ok' });
  });

  it('refuses a file planted by an ordinary user in a folder they created in %ProgramData%', () => {
    // What Windows gives a folder and file a user creates under ProgramData: the user owns both,
    // and CREATOR OWNER's inherited full control became the user's own entry.
    const planted = {
      file: {
        owner: ORDINARY_USER,
        access: [
          allow(SID.system, FULL, { inherited: true }),
          allow(SID.administrators, FULL, { inherited: true }),
          allow(ORDINARY_USER, FULL, { inherited: true }),
          allow(SID.users, READ_EXECUTE, { inherited: true }),
        ],
      },
      folder: {
        owner: ORDINARY_USER,
        access: [
          allow(SID.system, FULL, { inherited: true }),
          allow(SID.administrators, FULL, { inherited: true }),
          allow(ORDINARY_USER, FULL, { inherited: true }),
          allow(SID.creatorOwner, GENERIC_ALL, { inherited: true, inheritOnly: true }),
          allow(SID.users, READ_EXECUTE, { inherited: true }),
          allow(SID.users, 278, { inherited: true }),
        ],
      },
    };
    expect(judgeWindowsAcl(planted)).toEqual({ kind: 'refused', reason: `the managed file is owned by ${ORDINARY_USER}, not by SYSTEM or Administrators` });
  });

  it.each([
    ['Users with Modify on the file', report({ access: [...ADMIN_FILE.access, allow(SID.users, MODIFY)] })],
    ['Authenticated Users with Write on the file', report({ access: [...ADMIN_FILE.access, allow(SID.authenticatedUsers, WRITE)] })],
    ['Everyone with Full control on the file', report({ access: [...ADMIN_FILE.access, allow(SID.everyone, FULL)] })],
    ['an ordinary user with Modify on the file', report({ access: [...ADMIN_FILE.access, allow(ORDINARY_USER, MODIFY)] })],
    ['Users with an inherited Modify', report({ access: [...ADMIN_FILE.access, allow(SID.users, MODIFY, { inherited: true })] })],
    ['Users with ProgramData’s own create-files entry on the folder', report({}, { access: [...INSTALLER_FOLDER.access, allow(SID.users, 278, { inherited: true })] })],
    ['Users with GENERIC_WRITE printed as a negative Int32', report({ access: [...ADMIN_FILE.access, allow(SID.users, -1073741824)] })],
    ['a CREATOR OWNER entry that applies to the folder itself', report({}, { access: [...INSTALLER_FOLDER.access, allow(SID.creatorOwner, GENERIC_ALL)] })],
    ['Users who may delete the file and so put another in its place', report({ access: [...ADMIN_FILE.access, allow(SID.users, 0x10000)] })],
    ['Users who may change the file’s permissions (WRITE_DAC)', report({ access: [...ADMIN_FILE.access, allow(SID.users, 0x40000)] })],
  ])('refuses a file when %s', (_label, candidate) => {
    expect(judgeWindowsAcl(candidate)).toMatchObject({ kind: 'refused' });
  });

  it('refuses a folder owned by an ordinary user even when the file itself is an administrator’s', () => {
    expect(judgeWindowsAcl(report({}, { owner: ORDINARY_USER }))).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('folder is owned by'),
    });
  });

  it('does not let a deny entry rescue a file that Users may modify', () => {
    expect(judgeWindowsAcl(report({ access: [deny(SID.users, WRITE), ...ADMIN_FILE.access, allow(SID.users, MODIFY)] }))).toMatchObject({ kind: 'refused' });
  });

  it('accepts deny entries alongside an admin-only ACL', () => {
    expect(judgeWindowsAcl(report({ access: [deny(SID.everyone, WRITE), ...ADMIN_FILE.access] }))).toEqual({ kind: 'ok' });
  });

  it('ignores CREATOR OWNER and other inherit-only entries, which do not apply to the object itself', () => {
    const folderAccess = [...INSTALLER_FOLDER.access, allow(SID.creatorOwner, GENERIC_ALL, { inheritOnly: true }), allow(SID.users, MODIFY, { inheritOnly: true })];
    expect(judgeWindowsAcl(report({}, { access: folderAccess }))).toEqual({ kind: 'ok' });
  });

  it('does not count attribute-only rights, which cannot change what the file says', () => {
    expect(judgeWindowsAcl(report({ access: [...ADMIN_FILE.access, allow(SID.users, 0x100 | 0x10)] }))).toEqual({ kind: 'ok' });
  });

  it('names the principal and rights in the reason, for the log', () => {
    expect(judgeWindowsAcl(report({ access: [...ADMIN_FILE.access, allow(SID.users, MODIFY, { inherited: true })] }))).toEqual({
      kind: 'refused',
      reason: 'S-1-5-32-545 may write the managed file (rights 0x1301bf, inherited)',
    });
  });
});

describe('parseAclReport', () => {
  it('reads the script’s compressed JSON', () => {
    const text = JSON.stringify(report());
    expect(parseAclReport(`${text}\r\n`)).toEqual(report());
  });

  it('reads a single access entry that Windows PowerShell 5.1 printed as an object instead of a list', () => {
    const text = JSON.stringify({ file: { owner: SID.system, access: allow(SID.system, FULL) }, folder: INSTALLER_FOLDER });
    expect(parseAclReport(text)?.file.access).toEqual([allow(SID.system, FULL)]);
  });

  it('reads a list that Windows PowerShell 5.1 wrapped as { value, Count }', () => {
    const text = JSON.stringify({ file: { owner: SID.system, access: { value: [allow(SID.system, FULL)], Count: 1 } }, folder: INSTALLER_FOLDER });
    expect(parseAclReport(text)?.file.access).toEqual([allow(SID.system, FULL)]);
  });

  it('reads an empty access list (null) as no entries', () => {
    const text = JSON.stringify({ file: { owner: SID.system, access: null }, folder: INSTALLER_FOLDER });
    expect(parseAclReport(text)?.file.access).toEqual([]);
  });

  it.each(['', 'Get-Acl : Access is denied', '{"file":{}}', JSON.stringify({ file: { owner: 1, access: [] }, folder: INSTALLER_FOLDER })])(
    'returns nothing for %j, so the file is not used',
    (text) => {
      expect(parseAclReport(text)).toBeUndefined();
    },
  );
});

describe('ACL_SCRIPT', () => {
  it('invokes no cmdlet, which a module on the user\'s PSModulePath could shadow: .NET methods only', () => {
    for (const cmdlet of ['Get-Acl', 'ConvertTo-Json', 'Get-ItemProperty', 'ForEach-Object', 'New-Object', 'Write-Output']) {
      expect(ACL_SCRIPT.toLowerCase()).not.toContain(cmdlet.toLowerCase());
    }
    // No Verb-Noun command name at all (the only hyphens are operators such as -band and -eq).
    expect(ACL_SCRIPT.match(/\b[A-Za-z]+-[A-Za-z]+\b/g) ?? []).toEqual([]);
    expect(ACL_SCRIPT).toContain('[System.IO.File]::GetAccessControl(');
    expect(ACL_SCRIPT).toContain('[System.IO.Directory]::GetAccessControl(');
  });
});

describe('readWindowsAcl', () => {
  it('runs Windows PowerShell by absolute path with the paths in the environment, never in the command', async () => {
    const command = new FakeCommandPort(() => ({ kind: 'exited', code: 0, stdout: JSON.stringify(report()) }));
    const filePath = 'C:\\ProgramData\\Fortnox Connector\\managed-settings.json';
    await expect(readWindowsAcl(command, 'C:\\Windows', filePath, 'C:\\ProgramData\\Fortnox Connector')).resolves.toEqual({ report: report() });

    const call = command.calls[0];
    expect(call?.file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(call?.args.slice(0, 6)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(Buffer.from(call?.args[6] ?? '', 'base64').toString('utf16le')).toBe(ACL_SCRIPT);
    expect(call?.args.join(' ')).not.toContain('Fortnox Connector');
    expect(call?.extraEnv).toEqual({ FORTNOX_ACL_FILE: filePath, FORTNOX_ACL_FOLDER: 'C:\\ProgramData\\Fortnox Connector' });
  });

  it.each([
    [{ kind: 'failed', reason: 'timeout' } as const, 'timeout'],
    [{ kind: 'exited', code: 1, stdout: '' } as const, 'PowerShell exited with 1'],
    [{ kind: 'exited', code: 0, stdout: 'not json' } as const, 'PowerShell printed an ACL report of an unexpected shape'],
  ])('reports a PowerShell that does not give a report (%j)', async (result, failed) => {
    await expect(readWindowsAcl(new FakeCommandPort(() => result), 'C:\\Windows', 'a', 'b')).resolves.toEqual({ failed });
  });
});
