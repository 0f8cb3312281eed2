import { describe, expect, it } from 'vitest';
import { decideNavigation, decideRequest, ERR_ABORTED, type NavigationPolicy } from '../../../../main/connect/navigation-policy';
import { parseRedirectTarget } from '../../../../main/connect/redirect-matcher';

const policy: NavigationPolicy = {
  redirect: parseRedirectTarget('https://connect.example.se/fortnox/callback'),
  allowedOrigins: new Set(['https://apps.fortnox.se', 'https://id.fortnox.se']),
};

describe('decideNavigation', () => {
  it('allows pages on an allowed origin', () => {
    expect(decideNavigation('https://apps.fortnox.se/oauth-v1/auth?client_id=x', policy)).toEqual({ kind: 'allow' });
    expect(decideNavigation('https://id.fortnox.se/login', policy)).toEqual({ kind: 'allow' });
    expect(decideNavigation('https://APPS.fortnox.se:443/x', policy)).toEqual({ kind: 'allow' });
  });

  it.each([
    ['a host that starts with an allowed host', 'https://apps.fortnox.se.evil.example/login', 'https://apps.fortnox.se.evil.example'],
    ['another port', 'https://apps.fortnox.se:444/login', 'https://apps.fortnox.se:444'],
    ['plain http', 'http://apps.fortnox.se/login', 'http://apps.fortnox.se'],
    ['another subdomain', 'https://evil.fortnox.se/login', 'https://evil.fortnox.se'],
    ['an allowed host as user info', 'https://apps.fortnox.se@evil.example/login', 'https://evil.example'],
  ])('blocks %s and names the parsed origin', (_name, candidate, origin) => {
    expect(decideNavigation(candidate, policy)).toEqual({ kind: 'block', origin });
  });

  it('hands bankid: links to the operating system', () => {
    expect(decideNavigation('bankid:///?autostarttoken=x&redirect=null', policy)).toEqual({
      kind: 'open-external',
      url: 'bankid:///?autostarttoken=x&redirect=null',
    });
  });

  it.each([
    ['mailto:', 'mailto:support@fortnox.se'],
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['ms-settings:', 'ms-settings:privacy'],
    ['ws:', 'ws://apps.fortnox.se/socket'],
  ])('blocks the %s scheme and names only the scheme', (scheme, candidate) => {
    expect(decideNavigation(candidate, policy)).toEqual({ kind: 'block', origin: scheme });
  });

  it('blocks text that is not a URL', () => {
    expect(decideNavigation('not a url', policy)).toEqual({ kind: 'block', origin: 'invalid URL' });
  });

  it('allows about:blank and nothing else under about:', () => {
    expect(decideNavigation('about:blank', policy)).toEqual({ kind: 'allow' });
    expect(decideNavigation('about:srcdoc', policy)).toEqual({ kind: 'block', origin: 'about:' });
  });

  it('captures the callback with its parameters', () => {
    expect(decideNavigation('https://connect.example.se/fortnox/callback?code=abc&state=s', policy)).toEqual({
      kind: 'callback',
      params: { code: 'abc', state: 's', ambiguous: false },
    });
  });

  it('captures the callback even when its origin is also allowed', () => {
    const both: NavigationPolicy = { ...policy, allowedOrigins: new Set([...policy.allowedOrigins, 'https://connect.example.se']) };
    expect(decideNavigation('https://connect.example.se/fortnox/callback?code=abc', both).kind).toBe('callback');
    expect(decideNavigation('https://connect.example.se/other', both)).toEqual({ kind: 'allow' });
  });

  it('blocks other pages of the redirect host when that origin is not allowed', () => {
    expect(decideNavigation('https://connect.example.se/fortnox/callbackx?code=abc', policy)).toEqual({
      kind: 'block',
      origin: 'https://connect.example.se',
    });
  });

  it('does not treat a Fortnox hop that carries code= as the callback', () => {
    expect(
      decideNavigation(
        'https://apps.fortnox.se/oauth-v1/hop?code=abc&redirect_uri=https%3A%2F%2Fconnect.example.se%2Ffortnox%2Fcallback',
        policy,
      ),
    ).toEqual({ kind: 'allow' });
  });
});

describe('decideRequest', () => {
  it('captures a sub-resource request to the redirect URI, so the code never reaches its host', () => {
    expect(decideRequest('https://connect.example.se/fortnox/callback?code=abc&state=s', false, policy)).toEqual({
      kind: 'callback',
      params: { code: 'abc', state: 's', ambiguous: false },
    });
  });

  it('lets other sub-resources pass, whatever their origin', () => {
    expect(decideRequest('https://cdn.example.com/app.js', false, policy)).toEqual({ kind: 'allow' });
    expect(decideRequest('https://apps.fortnox.se/api/session', false, policy)).toEqual({ kind: 'allow' });
  });

  it('judges main-frame requests like navigations', () => {
    expect(decideRequest('https://cdn.example.com/app.js', true, policy)).toEqual({
      kind: 'block',
      origin: 'https://cdn.example.com',
    });
    expect(decideRequest('bankid:///?autostarttoken=x', true, policy).kind).toBe('open-external');
    expect(decideRequest('https://connect.example.se/fortnox/callback?code=abc', true, policy).kind).toBe('callback');
  });
});

describe('ERR_ABORTED', () => {
  it('is Chromium’s net error -3', () => {
    expect(ERR_ABORTED).toBe(-3);
  });
});
