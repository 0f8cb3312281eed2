import { describe, expect, it } from 'vitest';
import { isNearRedirect, matchRedirect, parseRedirectTarget } from '../../../../main/connect/redirect-matcher';

const HTTPS = 'https://connect.example.se/fortnox/callback';
const https = parseRedirectTarget(HTTPS);
const loopback = parseRedirectTarget('http://127.0.0.1:53682/cb');
const fixed = parseRedirectTarget('https://connect.example.se/fortnox/callback?tenant=a');

describe('parseRedirectTarget', () => {
  it('keeps the parts a callback must match, with the default port made explicit', () => {
    expect(https).toEqual({
      protocol: 'https:',
      hostname: 'connect.example.se',
      port: '443',
      pathname: '/fortnox/callback',
      fixedQuery: [],
    });
    expect(loopback.port).toBe('53682');
    expect(fixed.fixedQuery).toEqual([['tenant', 'a']]);
  });
});

describe('matchRedirect with an https redirect URI', () => {
  it('yields code and state from an exact match', () => {
    expect(matchRedirect(`${HTTPS}?code=abc&state=xyz`, https)).toEqual({ code: 'abc', state: 'xyz', ambiguous: false });
  });

  it('decodes percent-encoded parameter values', () => {
    expect(matchRedirect(`${HTTPS}?code=a%2Bb%20c&state=s%3D1`, https)).toEqual({
      code: 'a+b c',
      state: 's=1',
      ambiguous: false,
    });
  });

  it('matches the bare redirect URI with no parameters at all (the locked-account answer)', () => {
    expect(matchRedirect(HTTPS, https)).toEqual({ ambiguous: false });
  });

  it('extracts error and error_description', () => {
    expect(
      matchRedirect(`${HTTPS}?error=access_denied&error_description=User+denied+access&state=xyz`, https),
    ).toEqual({ error: 'access_denied', errorDescription: 'User denied access', state: 'xyz', ambiguous: false });
  });

  it('matches an upper-case host, because URL lowercases host names', () => {
    expect(matchRedirect('https://CONNECT.Example.SE/fortnox/callback?code=abc', https)).toEqual({
      code: 'abc',
      ambiguous: false,
    });
  });

  it('matches an explicit :443, the default port of https', () => {
    expect(matchRedirect('https://connect.example.se:443/fortnox/callback?code=abc', https)?.code).toBe('abc');
  });

  it('normalises dot segments like a browser does, so ./ and x/../ reach the same path and match', () => {
    // Safe: the browser would request exactly /fortnox/callback for these, so they ARE the callback.
    expect(matchRedirect('https://connect.example.se/fortnox/./callback?code=abc', https)?.code).toBe('abc');
    expect(matchRedirect('https://connect.example.se/fortnox/x/../callback?code=abc', https)?.code).toBe('abc');
  });

  it.each([
    ['a look-alike host with our host as a prefix', 'https://connect.example.se.evil.com/fortnox/callback?code=abc'],
    ['a look-alike host with our host as a suffix', 'https://evil-connect.example.se/fortnox/callback?code=abc'],
    ['a subdomain of our host', 'https://a.connect.example.se/fortnox/callback?code=abc'],
    ['our host as user info of another host', 'https://connect.example.se@evil.com/fortnox/callback?code=abc'],
    ['our URL inside another URL’s query', 'https://evil.com/?https://connect.example.se/fortnox/callback&code=abc'],
    ['our URL inside another URL’s path', 'https://evil.com/connect.example.se/fortnox/callback?code=abc'],
    ['user info in front of our host', 'https://user:pw@connect.example.se/fortnox/callback?code=x'],
    ['a user name only in front of our host', 'https://user@connect.example.se/fortnox/callback?code=x'],
    ['an encoded @ in the host', 'https://connect.example.se%40evil.com/fortnox/callback?code=x'],
    ['another port', 'https://connect.example.se:8443/fortnox/callback?code=abc'],
    ['plain http', 'http://connect.example.se/fortnox/callback?code=abc'],
    ['a trailing slash', 'https://connect.example.se/fortnox/callback/?code=abc'],
    ['a longer last segment', 'https://connect.example.se/fortnox/callbackx?code=abc'],
    ['a parent path', 'https://connect.example.se/fortnox?code=abc'],
    ['the root path', 'https://connect.example.se/?code=abc'],
    ['other letter case in the path', 'https://connect.example.se/FORTNOX/callback?code=abc'],
    ['a percent-encoded letter in the path', 'https://connect.example.se/fortnox/c%61llback?code=abc'],
    ['a percent-encoded slash in the path', 'https://connect.example.se/fortnox%2Fcallback?code=abc'],
    ['an intermediate Fortnox hop that carries code=', 'https://apps.fortnox.se/oauth-v1/hop?code=abc&redirect_uri=https%3A%2F%2Fconnect.example.se%2Ffortnox%2Fcallback'],
    ['another scheme', 'wss://connect.example.se/fortnox/callback?code=abc'],
    ['text that is not a URL', 'connect.example.se/fortnox/callback?code=abc'],
    ['an empty string', ''],
  ])('is not the callback: %s', (_name, candidate) => {
    expect(matchRedirect(candidate, https)).toBeNull();
  });

  it('ignores a code in the fragment: matched, but with no code or state', () => {
    expect(matchRedirect(`${HTTPS}#code=abc&state=xyz`, https)).toEqual({ ambiguous: false });
  });

  it('reads the query and not the fragment when both carry a code', () => {
    expect(matchRedirect(`${HTTPS}?code=query#code=fragment`, https)).toEqual({ code: 'query', ambiguous: false });
  });

  it.each([
    ['code', `${HTTPS}?code=a&code=b&state=s`],
    ['state', `${HTTPS}?code=a&state=s&state=t`],
    ['error', `${HTTPS}?error=access_denied&error=server_error`],
    ['code, even when both copies are equal', `${HTTPS}?code=a&code=a&state=s`],
  ])('marks a duplicated %s as ambiguous', (_name, candidate) => {
    expect(matchRedirect(candidate, https)?.ambiguous).toBe(true);
  });

  it('keeps the first of duplicated values, but flags them', () => {
    expect(matchRedirect(`${HTTPS}?code=first&code=second`, https)).toEqual({ code: 'first', ambiguous: true });
  });
});

describe('matchRedirect with a loopback redirect URI', () => {
  it('matches the exact loopback URL with its port', () => {
    expect(matchRedirect('http://127.0.0.1:53682/cb?code=abc&state=s', loopback)).toEqual({
      code: 'abc',
      state: 's',
      ambiguous: false,
    });
  });

  it.each([
    ['another port', 'http://127.0.0.1:53683/cb?code=abc'],
    ['no port (80)', 'http://127.0.0.1/cb?code=abc'],
    ['localhost instead of the address', 'http://localhost:53682/cb?code=abc'],
    ['IPv6 loopback', 'http://[::1]:53682/cb?code=abc'],
    ['https', 'https://127.0.0.1:53682/cb?code=abc'],
    ['another path', 'http://127.0.0.1:53682/cb2?code=abc'],
    ['a look-alike host', 'http://127.0.0.1.evil.com:53682/cb?code=abc'],
  ])('is not the callback: %s', (_name, candidate) => {
    expect(matchRedirect(candidate, loopback)).toBeNull();
  });

  it('matches another spelling of the same IPv4 address, which URL normalises (same host, so safe)', () => {
    expect(matchRedirect('http://0x7f.0.0.1:53682/cb?code=abc', loopback)?.code).toBe('abc');
  });
});

describe('matchRedirect with a redirect URI that has a fixed query', () => {
  it('matches when the fixed parameter is repeated, in any position', () => {
    expect(matchRedirect('https://connect.example.se/fortnox/callback?tenant=a&code=abc&state=s', fixed)).toEqual({
      code: 'abc',
      state: 's',
      ambiguous: false,
    });
    expect(matchRedirect('https://connect.example.se/fortnox/callback?code=abc&tenant=a', fixed)?.code).toBe('abc');
  });

  it('is not the callback without the fixed parameter or with another value', () => {
    expect(matchRedirect('https://connect.example.se/fortnox/callback?code=abc', fixed)).toBeNull();
    expect(matchRedirect('https://connect.example.se/fortnox/callback?tenant=b&code=abc', fixed)).toBeNull();
    expect(matchRedirect('https://connect.example.se/fortnox/callback?tenant=A&code=abc', fixed)).toBeNull();
  });
});

describe('fully qualified host names', () => {
  it('treats the host with its root dot as the same redirect host, so the code is still captured', () => {
    const target = parseRedirectTarget('https://connect.example.se/fortnox/callback');
    expect(matchRedirect('https://connect.example.se./fortnox/callback?code=c&state=s', target)).toMatchObject({
      code: 'c',
      state: 's',
    });
  });
});

describe('isNearRedirect', () => {
  it.each([
    ['the redirect URI itself', `${HTTPS}?code=abc`],
    ['another case of host and path', 'https://Connect.Example.SE/FORTNOX/callback'],
    ['trailing dots on the host', 'https://connect.example.se../fortnox/callback'],
    ['another scheme', 'wss://connect.example.se/fortnox/callback'],
    ['another port', 'https://connect.example.se:444/fortnox/callback'],
    ['a trailing slash', 'https://connect.example.se/fortnox/callback/'],
    ['an encoded slash', 'https://connect.example.se/fortnox%2fcallback'],
    ['a double-encoded slash', 'https://connect.example.se/fortnox%252Fcallback'],
    ['an encoded letter', 'https://connect.example.se/%66ortnox/callback'],
    ['doubled slashes', 'https://connect.example.se//fortnox///callback'],
    ['a longer path', 'https://connect.example.se/fortnox/callbackx'],
    ['user info', 'https://user:pw@connect.example.se/fortnox/callback'],
  ])('is true for %s', (_name, candidate) => {
    expect(isNearRedirect(candidate, https)).toBe(true);
  });

  it.each([
    ['another host', 'https://connect.example.com/fortnox/callback'],
    ['a host that ends like it', 'https://evilconnect.example.se/fortnox/callback'],
    ['a subdomain of it', 'https://a.connect.example.se/fortnox/callback'],
    ['another path on the same host', 'https://connect.example.se/fortnox/other'],
    ['a parent path', 'https://connect.example.se/fortnox'],
    ['text that is not a URL', 'connect.example.se/fortnox/callback'],
  ])('is false for %s', (_name, candidate) => {
    expect(isNearRedirect(candidate, https)).toBe(false);
  });

  it('treats every path of the redirect host as near when the redirect URI is its root', () => {
    const root = parseRedirectTarget('https://connect.example.se/');
    expect(isNearRedirect('https://connect.example.se/anything', root)).toBe(true);
  });

  it('survives malformed percent-encoding', () => {
    expect(isNearRedirect('https://connect.example.se/fortnox/callback%E0%A4%A', https)).toBe(true);
    expect(isNearRedirect('https://connect.example.se/%E0%A4%A', https)).toBe(false);
  });
});
