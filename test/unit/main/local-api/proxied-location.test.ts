import { describe, expect, it } from 'vitest';
import { proxiedLocation } from '../../../../main/local-api/proxied-location';

const origin = 'https://api.fortnox.se';
const requested = `${origin}/3/customers`;

describe("Fortnox's Location as a tool sees it", () => {
  it("rewrites an absolute or relative Location on the API's origin to the proxy's path", () => {
    expect(proxiedLocation(`${origin}/3/customers/12`, origin, requested, '101')).toBe('/v1/companies/101/fortnox/3/customers/12');
    expect(proxiedLocation('/api/time/registrations/5?x=1', origin, requested, '101')).toBe('/v1/companies/101/fortnox/api/time/registrations/5?x=1');
    expect(proxiedLocation('customers/12', origin, `${origin}/3/`, '101')).toBe('/v1/companies/101/fortnox/3/customers/12');
  });

  it('drops a Location on another host, scheme or port, with credentials, or outside the API paths', () => {
    for (const location of [
      'https://files.example.net/3/customers/12',
      '//files.example.net/3/customers/12',
      'http://api.fortnox.se/3/customers/12',
      'https://api.fortnox.se:8443/3/customers/12',
      'https://user:pw@api.fortnox.se/3/customers/12',
      'https://api.fortnox.se/oauth-v1/token',
      '/3/../oauth-v1/token',
      'https://api.fortnox.se/3/a%2fb',
      'not a url at all http://[',
    ]) {
      expect([location, proxiedLocation(location, origin, requested, '101')]).toEqual([location, undefined]);
    }
  });
});
