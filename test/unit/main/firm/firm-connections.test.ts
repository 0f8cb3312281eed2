import { describe, expect, it } from 'vitest';
import { isAllowedSignInPage } from '../../../../main/connector-main';
import { FirmConnections } from '../../../../main/firm/firm-connections';
import { firmFortnoxConfig } from '../../../../main/firm/firm-mode';
import type { CompaniesChanged } from '../../../../shared/ipc-contract';
import { firmCompany } from '../../../support/fake-firm-server';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

function connections() {
  const published: CompaniesChanged[] = [];
  const firm = new FirmConnections({ client: () => null, now: new FakeClock().now, log: recordingLogger().log, publish: (change) => published.push(change) });
  return { firm, published };
}

describe('the firm server’s company list on the desktop', () => {
  it('ignores a list older than the one shown, and sends only what changed for a newer one', () => {
    const { firm, published } = connections();
    expect(firm.apply({ version: 3, companies: [firmCompany('1001', 'Bageriet AB'), firmCompany('2002', 'Snickeriet AB')] })).toBe(true);
    expect(published).toHaveLength(1);

    // An event that was overtaken (the server's version 2) changes nothing.
    expect(firm.apply({ version: 2, companies: [] })).toBe(false);
    expect(published).toHaveLength(1);
    expect(firm.list().map((company) => company.tenantId)).toEqual(['1001', '2002']);

    const renamed = firmCompany('2002', 'Snickeriet i Ås AB');
    expect(firm.apply({ version: 4, companies: [renamed, firmCompany('3003', 'Måleriet AB')] })).toBe(true);
    expect(published.at(-1)).toEqual({ upserted: [renamed, firmCompany('3003', 'Måleriet AB')], removed: ['1001'] });

    // The same version again (a reconnect's first event) sends nothing when nothing changed.
    firm.apply({ version: 4, companies: [renamed, firmCompany('3003', 'Måleriet AB')] });
    expect(published).toHaveLength(2);
  });

  it('forgets the list on sign-out, telling the window each company is gone, and takes any version after', () => {
    const { firm, published } = connections();
    firm.apply({ version: 9, companies: [firmCompany('1001', 'Bageriet AB')] });
    firm.clear();
    expect(published.at(-1)).toEqual({ upserted: [], removed: ['1001'] });
    expect(firm.version()).toBe(-1);
    expect(firm.apply({ version: 1, companies: [] })).toBe(true);
  });

  it('answers test and disconnect as not connected while signed out, without any call', async () => {
    const { firm } = connections();
    firm.apply({ version: 1, companies: [firmCompany('1001', 'Bageriet AB')] });
    expect(await firm.test('1001')).toMatchObject({ ok: false, issue: 'unknown_company' });
    expect(await firm.disconnect('1001')).toEqual({ removed: false, revoked: false, issue: 'unknown_company' });
    expect(firm.listing()).toMatchObject({ attention: [], omitted: 0 });
    expect(firm.detailsText('1001', 'en')).toContain('Bageriet AB');
  });
});

describe('the Fortnox client the firm server names', () => {
  it('becomes the connect flow’s configuration with the first redirect URI the sign-in window can capture', () => {
    const config = firmFortnoxConfig({
      clientId: 'firm-client',
      authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth',
      redirectUris: ['http://firm.example/callback', 'https://firm.example/fortnox/callback'],
    });
    expect(config).toMatchObject({ clientId: 'firm-client', redirectUri: 'https://firm.example/fortnox/callback', authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth' });
    expect(config?.signInOrigins).toContain('https://apps.fortnox.se');
    expect(config?.signInFrameOrigins).toEqual([]);
  });

  it('is unusable when no redirect URI can be captured or the authorize URL is plain http elsewhere', () => {
    expect(firmFortnoxConfig({ clientId: 'c', authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth', redirectUris: ['http://firm.example/cb'] })).toBeNull();
    expect(firmFortnoxConfig({ clientId: 'c', authorizeUrl: 'http://apps.fortnox.se/oauth-v1/auth', redirectUris: ['https://firm.example/cb'] })).toBeNull();
  });
});

describe('the identity provider’s page in the system browser', () => {
  it('opens only https pages, or plain http on this computer, without credentials', () => {
    expect(isAllowedSignInPage('https://login.microsoftonline.com/tenant/oauth2/v2.0/authorize?client_id=x')).toBe(true);
    expect(isAllowedSignInPage('http://127.0.0.1:8080/auth?x=1')).toBe(true);
    expect(isAllowedSignInPage('http://idp.example/auth')).toBe(false);
    expect(isAllowedSignInPage('https://user:pw@idp.example/auth')).toBe(false);
    expect(isAllowedSignInPage('file:///etc/passwd')).toBe(false);
    expect(isAllowedSignInPage('javascript:alert(1)')).toBe(false);
    expect(isAllowedSignInPage('not a url')).toBe(false);
  });
});
