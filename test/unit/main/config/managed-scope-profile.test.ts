import { describe, expect, it } from 'vitest';
import { buildManagedConfig, managedConfigSchema, mergeManagedValues, parseManagedValues } from '../../../../main/config/managed-config';
import { policyObjectFromRegistry, type RegistryValue } from '../../../../main/config/windows-registry-policy';

const text = (value: unknown) => ({ kind: 'text' as const, text: JSON.stringify(value) });
const value = (name: string, type: string, data: string): RegistryValue => ({ name, type, data });

describe('the scope profile in the managed file', () => {
  it('reads a name, scopes and lock, and keeps the profile apart from the Fortnox configuration', () => {
    const read = parseManagedValues(text({ clientId: 'it-client', scopeProfile: { name: 'Byråns standard', scopes: ['invoice', 'companyinformation'], lock: true } }));
    expect(read.values?.scopeProfile).toEqual({ name: 'Byråns standard', scopes: ['invoice', 'companyinformation'], lock: true });
    const config = buildManagedConfig(read.values ?? {});
    expect(config.scopeProfile).toEqual({ name: 'Byråns standard', scopes: ['invoice', 'companyinformation'], lock: true });
    expect(config.raw).toEqual({ clientId: 'it-client' });
  });

  it.each([
    ['no scopes', { scopeProfile: { name: 'Tom', scopes: [] } }],
    ['an unknown scope', { scopeProfile: { scopes: ['invoices'] } }],
    ['a repeated scope', { scopeProfile: { scopes: ['invoice', 'invoice'] } }],
    ['a name over 60 characters', { scopeProfile: { name: 'x'.repeat(61), scopes: ['invoice'] } }],
    ['a name on two lines', { scopeProfile: { name: 'a\nb', scopes: ['invoice'] } }],
    ['lock given as text', { scopeProfile: { scopes: ['invoice'], lock: 'yes' } }],
    ['a misspelt field', { scopeProfile: { scope: ['invoice'] } }],
  ])('refuses the file with %s', (_label, file) => {
    expect(parseManagedValues(text(file))).toEqual({ problem: 'invalid_file' });
  });

  it('lets the registry policy\'s profile replace the file\'s whole', () => {
    expect(
      mergeManagedValues({ scopeProfile: { name: 'Fil', scopes: ['salary'], lock: false } }, { scopeProfile: { scopes: ['invoice'] } }),
    ).toEqual({ scopeProfile: { scopes: ['invoice'] } });
  });
});

describe('the scope profile in the Windows registry policy', () => {
  it('reads ScopeProfileScopes (REG_MULTI_SZ), ScopeProfileName and ScopeProfileLock, and passes the file\'s schema', () => {
    const converted = policyObjectFromRegistry([
      value('ScopeProfileName', 'REG_SZ', 'Byråns standard'),
      value('ScopeProfileScopes', 'REG_MULTI_SZ', 'companyinformation\\0invoice'),
      value('ScopeProfileLock', 'REG_DWORD', '0x1'),
    ]);
    expect(converted).toEqual({ object: { scopeProfile: { name: 'Byråns standard', scopes: ['companyinformation', 'invoice'], lock: true } } });
    expect(managedConfigSchema.safeParse('object' in converted ? converted.object : null).success).toBe(true);
  });

  it('reads the scopes as one REG_SZ separated by spaces or commas, and the names in any case', () => {
    expect(policyObjectFromRegistry([value('scopeprofilescopes', 'REG_SZ', 'companyinformation, salary bookkeeping')])).toEqual({
      object: { scopeProfile: { scopes: ['companyinformation', 'salary', 'bookkeeping'] } },
    });
    expect(policyObjectFromRegistry([value('ScopeProfileLock', 'REG_DWORD', '0x0')])).toEqual({ object: { scopeProfile: { lock: false } } });
  });

  it('refuses wrong types and lock values, so a mistake is noticed', () => {
    expect(policyObjectFromRegistry([value('ScopeProfileLock', 'REG_SZ', '1')])).toHaveProperty('invalid');
    expect(policyObjectFromRegistry([value('ScopeProfileLock', 'REG_DWORD', '0x2')])).toHaveProperty('invalid');
    expect(policyObjectFromRegistry([value('ScopeProfileName', 'REG_DWORD', '0x1')])).toHaveProperty('invalid');
    expect(policyObjectFromRegistry([value('ScopeProfileScopes', 'REG_DWORD', '0x1')])).toHaveProperty('invalid');
  });

  it('makes a policy with a lock but no scopes invalid as a whole (a profile needs its scopes)', () => {
    const converted = policyObjectFromRegistry([value('ScopeProfileLock', 'REG_DWORD', '0x1')]);
    expect(managedConfigSchema.safeParse('object' in converted ? converted.object : null).success).toBe(false);
  });
});
