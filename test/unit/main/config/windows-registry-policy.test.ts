import { describe, expect, it } from 'vitest';
import { parseManagedValues } from '../../../../main/config/managed-config';
import {
  parseRegQueryOutput,
  policyObjectFromRegistry,
  POLICY_KEY,
  readRegistryPolicy,
  type RegistryValue,
} from '../../../../main/config/windows-registry-policy';
import { FakeCommandPort } from './fake-managed-ports';

/** `reg.exe query "HKLM\SOFTWARE\Policies\Fortnox Connector"` as Windows prints it (CRLF, four-space columns). */
const REG_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector',
  '    clientId    REG_SZ    AbCdEf123456',
  '    redirectUri    REG_SZ    https://connect.example.se/fortnox/callback',
  '    tokenUrl    REG_SZ    https://proxy.corp.example/oauth-v1/token',
  '    signInOrigins    REG_MULTI_SZ    https://id.corp.example\\0https://bankid.corp.example',
  '    lock    REG_DWORD    0x1',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Fortnox Connector\\Recommended',
  '',
].join('\r\n');

const value = (name: string, type: string, data: string): RegistryValue => ({ name, type, data });

describe('parseRegQueryOutput', () => {
  it('reads every value line and skips the key and subkey lines', () => {
    expect(parseRegQueryOutput(REG_OUTPUT)).toEqual([
      value('clientId', 'REG_SZ', 'AbCdEf123456'),
      value('redirectUri', 'REG_SZ', 'https://connect.example.se/fortnox/callback'),
      value('tokenUrl', 'REG_SZ', 'https://proxy.corp.example/oauth-v1/token'),
      value('signInOrigins', 'REG_MULTI_SZ', 'https://id.corp.example\\0https://bankid.corp.example'),
      value('lock', 'REG_DWORD', '0x1'),
    ]);
  });

  it('reads an empty string value, which reg.exe prints without data', () => {
    expect(parseRegQueryOutput('HKEY_LOCAL_MACHINE\\X\r\n    clientId    REG_SZ    \r\n')).toEqual([value('clientId', 'REG_SZ', '')]);
  });

  it('keeps spaces inside the data', () => {
    expect(parseRegQueryOutput('    clientId    REG_SZ    a b  c\r\n')).toEqual([value('clientId', 'REG_SZ', 'a b  c')]);
  });
});

describe('policyObjectFromRegistry', () => {
  it('turns the values into the managed file’s shape', () => {
    expect(policyObjectFromRegistry(parseRegQueryOutput(REG_OUTPUT))).toEqual({
      object: {
        clientId: 'AbCdEf123456',
        redirectUri: 'https://connect.example.se/fortnox/callback',
        tokenUrl: 'https://proxy.corp.example/oauth-v1/token',
        signInOrigins: ['https://id.corp.example', 'https://bankid.corp.example'],
        lock: true,
      },
    });
  });

  it('reads signInOrigins given as one comma-separated string', () => {
    expect(policyObjectFromRegistry([value('signInOrigins', 'REG_SZ', ' https://a.example , https://b.example,,')])).toEqual({
      object: { signInOrigins: ['https://a.example', 'https://b.example'] },
    });
  });

  it('reads signInFrameOrigins (BankID, captcha frames) like signInOrigins, as a list or one comma-separated string', () => {
    expect(policyObjectFromRegistry([value('signInFrameOrigins', 'REG_MULTI_SZ', 'https://bankid.example\\0https://captcha.example')])).toEqual({
      object: { signInFrameOrigins: ['https://bankid.example', 'https://captcha.example'] },
    });
    expect(policyObjectFromRegistry([value('signInFrameOrigins', 'REG_SZ', 'https://bankid.example')])).toEqual({
      object: { signInFrameOrigins: ['https://bankid.example'] },
    });
    expect(policyObjectFromRegistry([value('signInFrameOrigins', 'REG_DWORD', '0x1')])).toEqual({
      invalid: 'signInFrameOrigins must be REG_MULTI_SZ or REG_SZ, not REG_DWORD',
    });
  });

  it('reads lock 0 as unlocked', () => {
    expect(policyObjectFromRegistry([value('lock', 'REG_DWORD', '0x0')])).toEqual({ object: { lock: false } });
  });

  it('reads the local API limits (REG_DWORD) into localApi', () => {
    expect(
      policyObjectFromRegistry([value('LocalApiMaxResponseMB', 'REG_DWORD', '0x14'), value('LocalApiMaxRequestMB', 'REG_DWORD', '0x2'), value('localapiqueuewaitseconds', 'REG_DWORD', '0x3c')]),
    ).toEqual({ object: { localApi: { maxResponseMB: 20, maxRequestMB: 2, queueWaitSeconds: 60 } } });
    expect(policyObjectFromRegistry([value('LocalApiMaxResponseMB', 'REG_SZ', '20')])).toHaveProperty('invalid');
  });

  it('reads LocalApiEnabled and LocalApiPort (REG_DWORD, hexadecimal as reg.exe prints them) into localApi', () => {
    expect(policyObjectFromRegistry([value('LocalApiEnabled', 'REG_DWORD', '0x0'), value('LocalApiPort', 'REG_DWORD', '0xa410')])).toEqual({
      object: { localApi: { enabled: false, port: 42000 } },
    });
    expect(policyObjectFromRegistry([value('LocalApiEnabled', 'REG_DWORD', '0x1')])).toEqual({ object: { localApi: { enabled: true } } });
  });

  it('reads FirmServerUrl (REG_SZ) and FirmServerLock (REG_DWORD) into firmServer, which the managed schema then checks', () => {
    const policy = policyObjectFromRegistry([value('FirmServerUrl', 'REG_SZ', ' https://connector.byran.se '), value('firmserverlock', 'REG_DWORD', '0x0')]);
    expect(policy).toEqual({ object: { firmServer: { url: 'https://connector.byran.se', lock: false } } });
    expect(parseManagedValues({ kind: 'text', text: JSON.stringify('object' in policy ? policy.object : {}) }).values?.firmServer).toEqual({ url: 'https://connector.byran.se', lock: false });
    expect(policyObjectFromRegistry([value('FirmServerUrl', 'REG_DWORD', '0x1')])).toHaveProperty('invalid');
    expect(policyObjectFromRegistry([value('FirmServerLock', 'REG_DWORD', '0x2')])).toHaveProperty('invalid');
    const lockOnly = policyObjectFromRegistry([value('FirmServerLock', 'REG_DWORD', '0x1')]);
    expect(parseManagedValues({ kind: 'text', text: JSON.stringify('object' in lockOnly ? lockOnly.object : {}) })).toEqual({ problem: 'invalid_file' });
  });

  it('accepts the local API value names in any case, as the registry does', () => {
    expect(policyObjectFromRegistry([value('localapiport', 'REG_DWORD', '0xa410')])).toEqual({ object: { localApi: { port: 42000 } } });
  });

  it('skips reg.exe’s "(Default)" line in any language', () => {
    expect(policyObjectFromRegistry([value('(Standard)', 'REG_SZ', '(värde inte angivet)')])).toEqual({ object: {} });
  });

  it.each([
    ['a client id stored as a DWORD', [value('clientId', 'REG_DWORD', '0x1')]],
    ['lock stored as a string', [value('lock', 'REG_SZ', 'true')]],
    ['lock of 2', [value('lock', 'REG_DWORD', '0x2')]],
    ['sign-in origins stored as binary', [value('signInOrigins', 'REG_BINARY', '00')]],
    ['a misspelt value name', [value('clientID', 'REG_SZ', 'x')]],
    ['LocalApiEnabled stored as a string', [value('LocalApiEnabled', 'REG_SZ', '0')]],
    ['LocalApiEnabled of 2', [value('LocalApiEnabled', 'REG_DWORD', '0x2')]],
    ['LocalApiPort stored as a string', [value('LocalApiPort', 'REG_SZ', '42000')]],
  ])('refuses the policy with %s', (_label, values) => {
    expect(policyObjectFromRegistry(values)).toHaveProperty('invalid');
  });
});

describe('readRegistryPolicy', () => {
  it('runs reg.exe by absolute path on the machine policy key, without a shell', async () => {
    const command = new FakeCommandPort(() => ({ kind: 'exited', code: 0, stdout: REG_OUTPUT }));
    await expect(readRegistryPolicy(command, 'C:\\Windows')).resolves.toMatchObject({ kind: 'values' });
    expect(command.calls).toEqual([{ file: 'C:\\Windows\\System32\\reg.exe', args: ['query', POLICY_KEY], extraEnv: {} }]);
    expect(POLICY_KEY).toBe('HKLM\\SOFTWARE\\Policies\\Fortnox Connector');
  });

  it('takes exit code 1 (key not found, in whatever language) as no policy', async () => {
    await expect(readRegistryPolicy(new FakeCommandPort(() => ({ kind: 'exited', code: 1, stdout: '' })), 'C:\\Windows')).resolves.toEqual({
      kind: 'absent',
    });
  });

  it('reports a reg.exe that timed out or could not start', async () => {
    await expect(readRegistryPolicy(new FakeCommandPort(() => ({ kind: 'failed', reason: 'timeout' })), 'C:\\Windows')).resolves.toEqual({
      kind: 'failed',
      reason: 'timeout',
    });
  });
});
