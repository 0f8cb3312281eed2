import { describe, expect, it } from 'vitest';
import { buildManagedConfig, mergeManagedValues, parseManagedValues } from '../../../../main/config/managed-config';

const text = (value: unknown) => ({ kind: 'text' as const, text: JSON.stringify(value) });

describe('the local API in the managed file', () => {
  it('reads enabled and port', () => {
    expect(parseManagedValues(text({ localApi: { enabled: false, port: 42000 } }))).toEqual({ values: { localApi: { enabled: false, port: 42000 } } });
  });

  it.each([
    ['a port below 1024', { localApi: { port: 80 } }],
    ['a port above 65535', { localApi: { port: 70000 } }],
    ['a port given as text', { localApi: { port: '42000' } }],
    ['enabled given as text', { localApi: { enabled: 'no' } }],
    ['a misspelt field', { localApi: { enable: false } }],
    ['an answer cap of 0 MB', { localApi: { maxResponseMB: 0 } }],
    ['an answer cap above 4096 MB', { localApi: { maxResponseMB: 4097 } }],
    ['a request cap above 100 MB', { localApi: { maxRequestMB: 101 } }],
    ['a queue wait above 300 seconds', { localApi: { queueWaitSeconds: 301 } }],
    ['a fractional queue wait', { localApi: { queueWaitSeconds: 1.5 } }],
  ])('refuses the file with %s', (_label, value) => {
    expect(parseManagedValues(text(value))).toEqual({ problem: 'invalid_file' });
  });

  it('merges the registry policy over the file field by field inside localApi', () => {
    expect(mergeManagedValues({ localApi: { enabled: false, port: 42000 } }, { localApi: { port: 43000 } })).toEqual({ localApi: { enabled: false, port: 43000 } });
    expect(mergeManagedValues({ clientId: 'it-client' }, { localApi: { enabled: false } })).toEqual({ clientId: 'it-client', localApi: { enabled: false } });
  });

  it('keeps the local API apart from the Fortnox configuration, even when lock is false', () => {
    const managed = buildManagedConfig({ clientId: 'it-client', lock: false, localApi: { enabled: false } });
    expect(managed.raw).toEqual({ clientId: 'it-client' });
    expect(managed.localApi).toEqual({ enabled: false });
    expect([...managed.locked]).toEqual([]);
  });

  it('has no local API part when the file says nothing about it', () => {
    expect(buildManagedConfig({ clientId: 'it-client' }).localApi).toBeUndefined();
  });
});

describe('the firm server in the managed file', () => {
  it('sets the URL for every user, locked unless the file says lock: false', () => {
    const parsed = parseManagedValues(text({ firmServer: { url: 'https://connector.byran.se' } }));
    expect(parsed).toEqual({ values: { firmServer: { url: 'https://connector.byran.se' } } });
    expect(buildManagedConfig(parsed.values ?? {}).firmServer).toEqual({ url: 'https://connector.byran.se', locked: true });
    expect(buildManagedConfig({ firmServer: { url: 'https://connector.byran.se', lock: false } }).firmServer).toEqual({ url: 'https://connector.byran.se', locked: false });
  });

  it('keeps the firm server apart from the Fortnox configuration', () => {
    const managed = buildManagedConfig({ clientId: 'it-client', firmServer: { url: 'https://connector.byran.se' } });
    expect(managed.raw).toEqual({ clientId: 'it-client' });
  });

  it.each([
    ['a URL given as a list', { firmServer: { url: ['https://a.example'] } }],
    ['a misspelt field', { firmServer: { adress: 'https://a.example' } }],
    ['lock given as text', { firmServer: { url: 'https://a.example', lock: 'yes' } }],
  ])('refuses the file with %s', (_label, value) => {
    expect(parseManagedValues(text(value))).toEqual({ problem: 'invalid_file' });
  });
});
