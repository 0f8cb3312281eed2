import { describe, expect, it } from 'vitest';
import type { SettingsFileRead } from '../../../../main/config/fortnox-config';
import { buildManagedConfig, managedConfigPath, mergeManagedValues, parseManagedValues } from '../../../../main/config/managed-config';

const text = (value: unknown) => ({ kind: 'text' as const, text: JSON.stringify(value) });

/** The managed file's read through the steps createManagedSource takes: parse, merge (no policy), build. */
function parseManagedConfig(read: SettingsFileRead) {
  const { values, problem } = parseManagedValues(read);
  if (problem) return { problem };
  const merged = mergeManagedValues(values, undefined);
  return merged ? { managed: buildManagedConfig(merged) } : {};
}

describe('managedConfigPath', () => {
  it('is under /Library/Application Support on macOS', () => {
    expect(managedConfigPath('darwin', {})).toBe('/Library/Application Support/Fortnox Connector/managed-settings.json');
  });

  it('is under %ProgramData% on Windows', () => {
    expect(managedConfigPath('win32', { ProgramData: 'D:\\Shared' })).toBe('D:\\Shared\\Fortnox Connector\\managed-settings.json');
  });

  it('falls back to C:\\ProgramData on Windows when ProgramData is not set', () => {
    expect(managedConfigPath('win32', {})).toBe('C:\\ProgramData\\Fortnox Connector\\managed-settings.json');
  });

  it.each(['', 'relative\\folder'])('falls back to C:\\ProgramData on Windows when ProgramData is %j, not an absolute path', (value) => {
    expect(managedConfigPath('win32', { ProgramData: value })).toBe('C:\\ProgramData\\Fortnox Connector\\managed-settings.json');
  });

  it.each(['linux', 'freebsd'] as const)('is under /etc on %s', (platform) => {
    expect(managedConfigPath(platform, { ProgramData: 'D:\\Shared' })).toBe('/etc/fortnox-connector/managed-settings.json');
  });
});

describe('the managed file, parsed as the managed source does', () => {
  it('manages nothing when the file is absent', () => {
    expect(parseManagedConfig({ kind: 'absent' })).toEqual({});
  });

  it('reports an unreadable file', () => {
    expect(parseManagedConfig({ kind: 'unreadable' })).toEqual({ problem: 'unreadable_file' });
  });

  it.each(['{', '', 'clientId: abc', '{"clientId": "a",}'])('reports %j as an invalid file', (body) => {
    expect(parseManagedConfig({ kind: 'text', text: body })).toEqual({ problem: 'invalid_file' });
  });

  it.each([[null], [[]], ['client-1'], [42]])('reports the JSON value %j, which is not an object, as an invalid file', (value) => {
    expect(parseManagedConfig(text(value))).toEqual({ problem: 'invalid_file' });
  });

  it('reports a misspelt key as an invalid file instead of ignoring it', () => {
    expect(parseManagedConfig(text({ clientID: 'client-1' }))).toEqual({ problem: 'invalid_file' });
    expect(parseManagedConfig(text({ clientId: 'client-1', locked: true }))).toEqual({ problem: 'invalid_file' });
  });

  it.each([
    ['a numeric client id', { clientId: 42 }],
    ['a lock that is not a boolean', { lock: 'yes' }],
    ['sign-in origins that are not a list', { signInOrigins: 'https://a.example' }],
    ['an empty client secret', { clientSecret: '' }],
    ['a client secret over 500 characters', { clientSecret: 'x'.repeat(501) }],
  ])('reports %s as an invalid file', (_label, value) => {
    expect(parseManagedConfig(text(value))).toEqual({ problem: 'invalid_file' });
  });

  it('locks every field it sets when lock is left out, except the client secret, which a user may replace with their own', () => {
    const result = parseManagedConfig(
      text({ clientId: 'client-1', redirectUri: 'https://it.example.se/cb', clientSecret: 'managed-secret-1234' }),
    );
    expect(result.problem).toBeUndefined();
    expect([...(result.managed?.locked ?? [])].sort()).toEqual(['clientId', 'redirectUri']);
  });

  it('locks only the fields it sets', () => {
    const result = parseManagedConfig(text({ clientId: 'client-1', apiBaseUrl: 'https://api.example.se/3/' }));
    expect([...(result.managed?.locked ?? [])]).toEqual(['clientId']);
  });

  it('locks nothing with lock: true and no values', () => {
    expect(parseManagedConfig(text({ lock: true }))).toStrictEqual({ managed: { raw: {}, locked: new Set() } });
  });

  it('locks nothing with lock: false but still provides the values', () => {
    const result = parseManagedConfig(
      text({ clientId: 'client-1', redirectUri: 'https://it.example.se/cb', clientSecret: 'managed-secret-1234', lock: false }),
    );
    expect(result.managed?.locked.size).toBe(0);
    expect(result.managed?.raw).toStrictEqual({ clientId: 'client-1', redirectUri: 'https://it.example.se/cb' });
    expect(result.managed?.clientSecret).toBe('managed-secret-1234');
  });

  it('keeps the client secret and the lock flag out of the raw configuration', () => {
    const result = parseManagedConfig(
      text({
        clientId: 'client-1',
        clientSecret: 'managed-secret-1234',
        authorizeUrl: 'https://auth.example.se/auth',
        tokenUrl: 'https://auth.example.se/token',
        apiBaseUrl: 'https://api.example.se/3/',
        signInOrigins: ['https://id.example.se'],
      }),
    );
    expect(result.managed?.clientSecret).toBe('managed-secret-1234');
    expect(result.managed?.raw).toStrictEqual({
      clientId: 'client-1',
      authorizeUrl: 'https://auth.example.se/auth',
      tokenUrl: 'https://auth.example.se/token',
      apiBaseUrl: 'https://api.example.se/3/',
      signInOrigins: ['https://id.example.se'],
    });
    expect(JSON.stringify(result.managed?.raw)).not.toContain('managed-secret-1234');
  });

  it('leaves clientSecret off the result when the file has none', () => {
    const result = parseManagedConfig(text({ clientId: 'client-1' }));
    expect(result.managed && 'clientSecret' in result.managed).toBe(false);
  });
});
