import { describe, expect, it } from 'vitest';
import { companyAllowed, rightAllows, rightForProxyMethod } from '../../../../main/local-api/key-permissions';

describe('key permissions', () => {
  it('orders rights: token includes read-write, which includes read', () => {
    expect(rightAllows('read', 'read')).toBe(true);
    expect(rightAllows('read', 'read-write')).toBe(false);
    expect(rightAllows('read', 'token')).toBe(false);
    expect(rightAllows('read-write', 'read')).toBe(true);
    expect(rightAllows('read-write', 'token')).toBe(false);
    expect(rightAllows('token', 'read-write')).toBe(true);
  });

  it('allows every company for "all" and only listed ones otherwise', () => {
    expect(companyAllowed('all', '999')).toBe(true);
    expect(companyAllowed(['101', '202'], '202')).toBe(true);
    expect(companyAllowed(['101'], '1010')).toBe(false);
  });

  it('needs only reading for GET and HEAD, and writing for every other proxied method', () => {
    expect(rightForProxyMethod('GET')).toBe('read');
    expect(rightForProxyMethod('head')).toBe('read');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(rightForProxyMethod(method)).toBe('read-write');
  });
});
