import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, encodeQueryValue, type AuthorizeRequest } from '../../../../main/connect/authorize-url';

const base: AuthorizeRequest = {
  authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth',
  clientId: 'Abc123XyZ',
  redirectUri: 'https://mysite.org/activation',
  state: 'somestate123',
  scopes: ['companyinformation', 'invoice'],
  offlineAccess: true,
  serviceAccount: false,
};

/** The query as ordered name/value pairs, decoded. */
function pairs(url: string): [string, string][] {
  return [...new URL(url).searchParams.entries()];
}

describe('buildAuthorizeUrl', () => {
  it('builds the exact URL of the documented example with offline access', () => {
    expect(buildAuthorizeUrl(base)).toBe(
      'https://apps.fortnox.se/oauth-v1/auth?client_id=Abc123XyZ' +
        '&redirect_uri=https%3A%2F%2Fmysite.org%2Factivation' +
        '&scope=companyinformation%20invoice&state=somestate123&response_type=code&access_type=offline',
    );
  });

  it('adds account_type=service after access_type when a service account is chosen', () => {
    expect(buildAuthorizeUrl({ ...base, serviceAccount: true })).toBe(
      'https://apps.fortnox.se/oauth-v1/auth?client_id=Abc123XyZ' +
        '&redirect_uri=https%3A%2F%2Fmysite.org%2Factivation' +
        '&scope=companyinformation%20invoice&state=somestate123&response_type=code' +
        '&access_type=offline&account_type=service',
    );
  });

  it('leaves out access_type and account_type when neither is chosen', () => {
    const url = buildAuthorizeUrl({ ...base, offlineAccess: false, serviceAccount: false });
    expect(url).not.toContain('access_type');
    expect(url).not.toContain('account_type');
    expect(pairs(url).map(([name]) => name)).toEqual(['client_id', 'redirect_uri', 'scope', 'state', 'response_type']);
  });

  it('sends account_type=service without access_type when only a service account is chosen', () => {
    const url = buildAuthorizeUrl({ ...base, offlineAccess: false, serviceAccount: true });
    expect(url).not.toContain('access_type');
    expect(new URL(url).searchParams.get('account_type')).toBe('service');
  });

  it('joins several scopes with %20 and never with +', () => {
    const url = buildAuthorizeUrl({ ...base, scopes: ['article', 'customer', 'invoice', 'bookkeeping'] });
    expect(url).toContain('&scope=article%20bookkeeping%20customer%20invoice&');
    expect(url).not.toContain('+');
  });

  it('puts the scopes in catalogue order whatever order they were chosen in, and drops repeats', () => {
    const url = buildAuthorizeUrl({ ...base, scopes: ['invoice', 'companyinformation', 'article', 'invoice'] });
    expect(new URL(url).searchParams.get('scope')).toBe('article companyinformation invoice');
  });

  it('always sends redirect_uri, even though Fortnox would fall back to the registered one', () => {
    const url = buildAuthorizeUrl({ ...base, redirectUri: 'http://127.0.0.1:53682/cb' });
    expect(new URL(url).searchParams.getAll('redirect_uri')).toEqual(['http://127.0.0.1:53682/cb']);
    expect(url).toContain('redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcb');
  });

  it('keeps query parameters the configured URL already has, in front of its own', () => {
    const url = buildAuthorizeUrl({ ...base, authorizeUrl: 'https://sim.example:8443/oauth-v1/auth?tenant=a&debug' });
    expect(url.startsWith('https://sim.example:8443/oauth-v1/auth?tenant=a&debug&client_id=Abc123XyZ&')).toBe(true);
  });

  it('does not duplicate a parameter of its own that the configured URL already has', () => {
    const url = buildAuthorizeUrl({
      ...base,
      authorizeUrl:
        'https://apps.fortnox.se/oauth-v1/auth?client_id=evil&state=fixed&scope=everything&response_type=token&keep=1&redirect_uri=https%3A%2F%2Fevil.example',
    });
    const query = new URL(url).searchParams;
    expect(query.getAll('client_id')).toEqual(['Abc123XyZ']);
    expect(query.getAll('state')).toEqual(['somestate123']);
    expect(query.getAll('scope')).toEqual(['companyinformation invoice']);
    expect(query.getAll('response_type')).toEqual(['code']);
    expect(query.getAll('redirect_uri')).toEqual(['https://mysite.org/activation']);
    expect(query.getAll('keep')).toEqual(['1']);
  });

  it('recognises its own parameter in the configured URL even when the name is percent-encoded', () => {
    const url = buildAuthorizeUrl({ ...base, authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth?client%5Fid=evil' });
    expect(new URL(url).searchParams.getAll('client_id')).toEqual(['Abc123XyZ']);
  });

  it('does not throw on a configured URL whose query holds a malformed percent escape', () => {
    const url = buildAuthorizeUrl({ ...base, authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth?%E0=1' });
    expect(url.startsWith('https://apps.fortnox.se/oauth-v1/auth?%E0=1&client_id=Abc123XyZ&')).toBe(true);
  });

  it('drops a fragment of the configured URL so that the parameters stay in the query', () => {
    const url = buildAuthorizeUrl({ ...base, authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth#frag' });
    expect(url).not.toContain('#');
    expect(new URL(url).searchParams.get('client_id')).toBe('Abc123XyZ');
  });

  it("percent-encodes special characters in values, including !'()*", () => {
    const url = buildAuthorizeUrl({ ...base, state: "a b&c=d+e/f?g#h!i'j(k)l*m~n" });
    expect(url).toContain("&state=a%20b%26c%3Dd%2Be%2Ff%3Fg%23h%21i%27j%28k%29l%2Am~n&");
    expect(new URL(url).searchParams.get('state')).toBe("a b&c=d+e/f?g#h!i'j(k)l*m~n");
  });

  it('percent-encodes non-ASCII characters as UTF-8', () => {
    const url = buildAuthorizeUrl({ ...base, redirectUri: 'https://bokföring.example/åter' });
    expect(url).toContain('redirect_uri=https%3A%2F%2Fbokf%C3%B6ring.example%2F%C3%A5ter&');
  });

  it('throws when no scope is requested', () => {
    expect(() => buildAuthorizeUrl({ ...base, scopes: [] })).toThrow('At least one scope is required');
  });
});

describe('encodeQueryValue', () => {
  it('writes a space as %20 and escapes the characters encodeURIComponent leaves alone', () => {
    expect(encodeQueryValue("x y!'()*")).toBe('x%20y%21%27%28%29%2A');
  });

  it('leaves RFC 3986 unreserved characters as they are', () => {
    expect(encodeQueryValue('AZaz09-._~')).toBe('AZaz09-._~');
  });
});
