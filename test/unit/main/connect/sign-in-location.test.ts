import { describe, expect, it } from 'vitest';
import { signInLocationSchema } from '../../../../shared/ipc-contract';
import { displayLocation, MAX_DISPLAY_HOST, sameLocation, signInWindowTitle } from '../../../../main/connect/sign-in-location';

describe('displayLocation', () => {
  it('shows the host of an https page as secure', () => {
    expect(displayLocation('https://apps.fortnox.se/oauth-v1/auth?client_id=x&state=secret')).toEqual({
      host: 'apps.fortnox.se',
      secure: true,
    });
  });

  it('shows plain http as not secure, with its port', () => {
    expect(displayLocation('http://127.0.0.1:53682/oauth-v1/auth')).toEqual({ host: '127.0.0.1:53682', secure: false });
  });

  it('keeps a non-default port and drops the default one and a trailing dot', () => {
    expect(displayLocation('https://apps.fortnox.se:8443/x')?.host).toBe('apps.fortnox.se:8443');
    expect(displayLocation('https://apps.fortnox.se:443/x')?.host).toBe('apps.fortnox.se');
    expect(displayLocation('https://apps.fortnox.se./x')?.host).toBe('apps.fortnox.se');
  });

  it('never shows user info, path, query or fragment', () => {
    expect(displayLocation('https://apps.fortnox.se@evil.example/apps.fortnox.se?x#y')).toEqual({
      host: 'evil.example',
      secure: true,
    });
  });

  it('shows a single-script Latin name in Unicode', () => {
    expect(displayLocation('https://xn--rksmrgs-5wao1o.se/')?.host).toBe('räksmörgås.se');
  });

  it.each([
    ['a Cyrillic letter among Latin ones', 'https://аpps.fortnox.se/', 'xn--pps-5cd.fortnox.se'],
    ['a whole-Cyrillic look-alike', 'https://арр.se/', 'xn--80a6aa.se'],
    ['Greek letters', 'https://αβγ.se/', 'xn--mxacd.se'],
    ['a Latin name with one Greek label', 'https://räksmörgås.αβγ.se/', 'xn--rksmrgs-5wao1o.xn--mxacd.se'],
  ])('shows %s as punycode', (_name, candidate, host) => {
    expect(displayLocation(candidate)?.host).toBe(host);
  });

  it('cuts a very long host at its start, so the registrable domain stays visible', () => {
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.apps.fortnox.se.evil.example`;
    const host = displayLocation(`https://${long}/`)?.host ?? '';
    expect(host.length).toBe(MAX_DISPLAY_HOST);
    expect(host.startsWith('…')).toBe(true);
    expect(host.endsWith('.fortnox.se.evil.example')).toBe(true);
  });

  it.each(['about:blank', 'data:text/html,x', 'bankid:///?autostarttoken=x', 'not a url'])('has no location for %s', (candidate) => {
    expect(displayLocation(candidate)).toBeNull();
  });

  it.each([
    'https://apps.fortnox.se/',
    'http://[::1]:8080/',
    'https://xn--rksmrgs-5wao1o.se/',
    'https://аpps.fortnox.se/',
    `https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.se/`,
  ])('always fits the IPC contract (%s)', (candidate) => {
    expect(signInLocationSchema.safeParse(displayLocation(candidate)).success).toBe(true);
  });
});

describe('sameLocation', () => {
  it('compares host and security', () => {
    expect(sameLocation({ host: 'a.se', secure: true }, { host: 'a.se', secure: true })).toBe(true);
    expect(sameLocation({ host: 'a.se', secure: true }, { host: 'a.se', secure: false })).toBe(false);
    expect(sameLocation(null, null)).toBe(true);
    expect(sameLocation(null, { host: 'a.se', secure: true })).toBe(false);
  });
});

describe('signInWindowTitle', () => {
  it('shows a padlock only for https', () => {
    expect(signInWindowTitle({ host: 'apps.fortnox.se', secure: true })).toBe('🔒 apps.fortnox.se — Fortnox');
    expect(signInWindowTitle({ host: '127.0.0.1:4000', secure: false })).toBe('127.0.0.1:4000 — Fortnox');
    expect(signInWindowTitle(null)).toBe('Fortnox');
  });
});

describe('signInLocationSchema', () => {
  it.each([
    ['an empty host', ''],
    ['a space', 'apps.fortnox.se evil'],
    ['a right-to-left override', 'apps.\u202efortnox.se'],
    ['a path', 'evil.example/apps.fortnox.se'],
    ['user info', 'apps.fortnox.se@evil.example'],
    ['a control character', 'apps\u0000.se'],
    ['a very long host', 'a'.repeat(131)],
  ])('refuses %s in the location sent to the renderer', (_name, host) => {
    expect(signInLocationSchema.safeParse({ host, secure: true }).success).toBe(false);
  });
});
