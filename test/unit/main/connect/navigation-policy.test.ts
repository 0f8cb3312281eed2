import { describe, expect, it } from 'vitest';
import {
  decideFrameNavigation,
  decideNavigation,
  decideRequest,
  decideSubresource,
  decideWindowOpen,
  ERR_ABORTED,
  FORTNOX_FRAME_SITES,
  parseBankIdLaunch,
  requestSourceOf,
  type NavigationPolicy,
} from '../../../../main/connect/navigation-policy';
import { parseRedirectTarget } from '../../../../main/connect/redirect-matcher';

const policy: NavigationPolicy = {
  redirect: parseRedirectTarget('https://connect.example.se/fortnox/callback'),
  allowedOrigins: new Set(['https://apps.fortnox.se', 'https://id.fortnox.se']),
  frameOrigins: new Set(['https://app.bankid.example', 'https://captcha.example']),
};
const open = { flowOpen: true };
const closed = { flowOpen: false };
const TOKEN = '7c40b5c9-fa74-49cf-b98c-bfe651f9a7c6';
const BANKID = `bankid:///?autostarttoken=${TOKEN}&redirect=null`;

describe('decideNavigation', () => {
  it('allows pages on an allowed origin', () => {
    expect(decideNavigation('https://apps.fortnox.se/oauth-v1/auth?client_id=x', policy, open)).toEqual({ kind: 'allow' });
    expect(decideNavigation('https://id.fortnox.se/login', policy, open)).toEqual({ kind: 'allow' });
    expect(decideNavigation('https://APPS.fortnox.se:443/x', policy, open)).toEqual({ kind: 'allow' });
  });

  it.each([
    ['a host that starts with an allowed host', 'https://apps.fortnox.se.evil.example/login', 'https://apps.fortnox.se.evil.example'],
    ['another port', 'https://apps.fortnox.se:444/login', 'https://apps.fortnox.se:444'],
    ['plain http', 'http://apps.fortnox.se/login', 'http://apps.fortnox.se'],
    ['another subdomain', 'https://evil.fortnox.se/login', 'https://evil.fortnox.se'],
    ['an allowed host as user info', 'https://apps.fortnox.se@evil.example/login', 'https://evil.example'],
    ['a frame origin (BankID, captcha), which is never the main page', 'https://app.bankid.example/', 'https://app.bankid.example'],
  ])('blocks %s and names the parsed origin', (_name, candidate, origin) => {
    expect(decideNavigation(candidate, policy, open)).toEqual({ kind: 'block', origin });
  });

  it('hands a BankID launch link in its documented shape to the operating system while the flow is open', () => {
    expect(decideNavigation(BANKID, policy, open)).toEqual({ kind: 'open-external', url: BANKID });
  });

  it('refuses a BankID link once the flow is no longer open', () => {
    expect(decideNavigation(BANKID, policy, closed)).toEqual({ kind: 'block', origin: 'bankid:' });
  });

  it.each([
    ['mailto:', 'mailto:support@fortnox.se'],
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['ms-settings:', 'ms-settings:privacy'],
    ['ws:', 'ws://apps.fortnox.se/socket'],
    ['bankid:', 'bankid:///?autostarttoken=x&redirect=null'],
  ])('blocks the %s scheme and names only the scheme', (scheme, candidate) => {
    expect(decideNavigation(candidate, policy, open)).toEqual({ kind: 'block', origin: scheme });
  });

  it('blocks text that is not a URL', () => {
    expect(decideNavigation('not a url', policy, open)).toEqual({ kind: 'block', origin: 'invalid URL' });
  });

  it('allows about:blank and nothing else under about:', () => {
    expect(decideNavigation('about:blank', policy, open)).toEqual({ kind: 'allow' });
    expect(decideNavigation('about:srcdoc', policy, open)).toEqual({ kind: 'block', origin: 'about:' });
  });

  it('captures the callback with its parameters', () => {
    expect(decideNavigation('https://connect.example.se/fortnox/callback?code=abc&state=s', policy, open)).toEqual({
      kind: 'callback',
      params: { code: 'abc', state: 's', ambiguous: false },
    });
  });

  it('captures the callback even when its origin is also allowed', () => {
    const both: NavigationPolicy = { ...policy, allowedOrigins: new Set([...policy.allowedOrigins, 'https://connect.example.se']) };
    expect(decideNavigation('https://connect.example.se/fortnox/callback?code=abc', both, open).kind).toBe('callback');
    expect(decideNavigation('https://connect.example.se/other', both, open)).toEqual({ kind: 'allow' });
  });

  it('blocks other pages of the redirect host when that origin is not allowed', () => {
    expect(decideNavigation('https://connect.example.se/fortnox/callbackx?code=abc', policy, open)).toEqual({
      kind: 'block',
      origin: 'https://connect.example.se',
    });
  });

  it('blocks a near miss of the redirect URI in the main frame even when the redirect origin is allowed', () => {
    const both: NavigationPolicy = { ...policy, allowedOrigins: new Set([...policy.allowedOrigins, 'https://connect.example.se']) };
    expect(decideNavigation('https://connect.example.se/fortnox/callback/?code=abc', both, open)).toEqual({
      kind: 'block',
      origin: 'https://connect.example.se',
    });
    expect(decideNavigation('https://connect.example.se/Fortnox/Callback?code=abc', both, open).kind).toBe('block');
  });

  it('does not treat a Fortnox hop that carries code= as the callback', () => {
    expect(
      decideNavigation(
        'https://apps.fortnox.se/oauth-v1/hop?code=abc&redirect_uri=https%3A%2F%2Fconnect.example.se%2Ffortnox%2Fcallback',
        policy,
        open,
      ),
    ).toEqual({ kind: 'allow' });
  });
});

describe('parseBankIdLaunch', () => {
  it('accepts exactly the documented desktop shape and rebuilds it from its parts', () => {
    expect(parseBankIdLaunch(BANKID)).toBe(BANKID);
    expect(parseBankIdLaunch(`bankid:///?redirect=null&autostarttoken=${TOKEN}`)).toBe(BANKID);
    expect(parseBankIdLaunch(`BANKID:///?autostarttoken=${TOKEN}&redirect=null`)).toBe(BANKID);
  });

  it.each([
    ['a token that is not a UUID', 'bankid:///?autostarttoken=x&redirect=null'],
    ['a token with something appended', `bankid:///?autostarttoken=${TOKEN}x&redirect=null`],
    ['a return URL instead of null', `bankid:///?autostarttoken=${TOKEN}&redirect=https%3A%2F%2Fevil.example`],
    ['no redirect parameter', `bankid:///?autostarttoken=${TOKEN}`],
    ['a repeated token', `bankid:///?autostarttoken=${TOKEN}&autostarttoken=${TOKEN}&redirect=null`],
    ['an extra parameter', `${BANKID}&rpref=x`],
    ['a fragment', `${BANKID}#x`],
    ['a host', `bankid://evil.example/?autostarttoken=${TOKEN}&redirect=null`],
    ['a path', `bankid:///sign?autostarttoken=${TOKEN}&redirect=null`],
    ['no slashes', `bankid:?autostarttoken=${TOKEN}&redirect=null`],
    ['one slash', `bankid:/?autostarttoken=${TOKEN}&redirect=null`],
    ['another scheme', `bankidx:///?autostarttoken=${TOKEN}&redirect=null`],
    ['an empty token', 'bankid:///?autostarttoken=&redirect=null'],
    ['text that is not a URL', 'bankid'],
  ])('refuses %s', (_name, candidate) => {
    expect(parseBankIdLaunch(candidate)).toBeNull();
  });
});

describe('decideFrameNavigation', () => {
  it('lets a subframe show an allowed origin, a frame origin, about:blank and about:srcdoc', () => {
    expect(decideFrameNavigation('https://id.fortnox.se/frame', policy)).toEqual({ kind: 'allow' });
    expect(decideFrameNavigation('https://app.bankid.example/qr', policy)).toEqual({ kind: 'allow' });
    expect(decideFrameNavigation('https://captcha.example/challenge', policy)).toEqual({ kind: 'allow' });
    expect(decideFrameNavigation('about:blank', policy)).toEqual({ kind: 'allow' });
    expect(decideFrameNavigation('about:srcdoc', policy)).toEqual({ kind: 'allow' });
  });

  it.each([
    ['a foreign origin', 'https://evil.example/frame', 'https://evil.example'],
    ['plain http on an allowed host', 'http://id.fortnox.se/frame', 'http://id.fortnox.se'],
    ['a look-alike of a frame origin', 'https://app.bankid.example.evil.example/', 'https://app.bankid.example.evil.example'],
    ['a bankid: link, which only the main frame may start', BANKID, 'bankid:'],
    ['a data: document', 'data:text/html,<form>', 'data:'],
    ['a javascript: URL', 'javascript:alert(1)', 'javascript:'],
  ])('cancels %s', (_name, candidate, origin) => {
    expect(decideFrameNavigation(candidate, policy)).toEqual({ kind: 'cancel', origin, reason: 'not-allowed' });
  });

  it.each([
    ['exactly the redirect URI, with a code', 'https://connect.example.se/fortnox/callback?code=abc&state=s'],
    ['another case', 'https://CONNECT.example.se/Fortnox/CALLBACK?code=abc'],
    ['a trailing dot on the host', 'https://connect.example.se./fortnox/callback?code=abc'],
    ['a trailing slash', 'https://connect.example.se/fortnox/callback/?code=abc'],
    ['another port', 'https://connect.example.se:8443/fortnox/callback?code=abc'],
    ['plain http', 'http://connect.example.se/fortnox/callback?code=abc'],
    ['an encoded path', 'https://connect.example.se/fortnox%2Fcallback?code=abc'],
    ['a double-encoded path', 'https://connect.example.se/fortnox%252Fcallback?code=abc'],
    ['encoded letters', 'https://connect.example.se/fortnox/c%61llback?code=abc'],
    ['doubled slashes', 'https://connect.example.se//fortnox//callback?code=abc'],
    ['backslashes', 'https://connect.example.se/fortnox\\callback?code=abc'],
    ['a longer path', 'https://connect.example.se/fortnox/callback/x?code=abc'],
    ['user info in front', 'https://apps.fortnox.se@connect.example.se/fortnox/callback?code=abc'],
  ])('cancels the redirect URI or a near miss of it in a subframe (%s), never as a callback', (_name, candidate) => {
    const both: NavigationPolicy = { ...policy, frameOrigins: new Set([...policy.frameOrigins, 'https://connect.example.se']) };
    for (const p of [policy, both]) {
      const decision = decideFrameNavigation(candidate, p);
      expect(decision.kind).toBe('cancel');
      expect(decision).toMatchObject({ reason: 'redirect-uri' });
    }
  });
});

describe('decideSubresource', () => {
  it('lets sub-resources load from the allowed and frame origins, and data:/blob: pass', () => {
    expect(decideSubresource('https://apps.fortnox.se/app.js', policy)).toEqual({ kind: 'allow' });
    expect(decideSubresource('https://captcha.example/api.js', policy)).toEqual({ kind: 'allow' });
    expect(decideSubresource('wss://apps.fortnox.se/socket', policy)).toEqual({ kind: 'allow' });
    expect(decideSubresource('data:image/png;base64,AAAA', policy)).toEqual({ kind: 'allow' });
    expect(decideSubresource('blob:https://apps.fortnox.se/0b6c', policy)).toEqual({ kind: 'allow' });
  });

  it.each([
    ['a foreign script', 'https://cdn.example.com/app.js', 'https://cdn.example.com'],
    ['plain http on an allowed host', 'http://apps.fortnox.se/app.js', 'http://apps.fortnox.se'],
    ['a plain ws: socket on an allowed host', 'ws://apps.fortnox.se/socket', 'ws:'],
    ['a foreign socket', 'wss://evil.example/socket', 'wss:'],
    ['an ftp URL', 'ftp://apps.fortnox.se/x', 'ftp:'],
  ])('cancels %s', (_name, candidate, origin) => {
    expect(decideSubresource(candidate, policy)).toEqual({ kind: 'cancel', origin, reason: 'not-allowed' });
  });

  it('cancels an XHR or image to the redirect URI: the code never reaches its host, and it is no callback', () => {
    expect(decideSubresource('https://connect.example.se/fortnox/callback?code=abc&state=s', policy)).toEqual({
      kind: 'cancel',
      origin: 'https://connect.example.se',
      reason: 'redirect-uri',
    });
    expect(decideSubresource('https://connect.example.se/fortnox/callback/?code=abc', policy).kind).toBe('cancel');
  });
});

describe('Fortnox frame sites', () => {
  const withSites: NavigationPolicy = { ...policy, frameSites: FORTNOX_FRAME_SITES };

  it('lets any https host under fortnox.se serve sub-resources and subframes, since Fortnox does not document its hosts', () => {
    expect(decideSubresource('https://static.fortnox.se/login.css', withSites)).toEqual({ kind: 'allow' });
    expect(decideSubresource('https://fortnox.se/font.woff2', withSites)).toEqual({ kind: 'allow' });
    expect(decideFrameNavigation('https://bankid.fortnox.se/qr', withSites)).toEqual({ kind: 'allow' });
    // Without the sites, the same requests are cancelled.
    expect(decideSubresource('https://static.fortnox.se/login.css', policy).kind).toBe('cancel');
  });

  it.each([
    ['a look-alike domain', 'https://static.fortnox.se.evil.example/x.js'],
    ['a domain that only ends in the same letters', 'https://evilfortnox.se/x.js'],
    ['plain http', 'http://static.fortnox.se/x.js'],
    ['another port', 'https://static.fortnox.se:8443/x.js'],
    ['the root dot form', 'https://static.fortnox.se./x.js'],
  ])('still cancels %s', (_name, candidate) => {
    expect(decideSubresource(candidate, withSites).kind).toBe('cancel');
    expect(decideFrameNavigation(candidate, withSites).kind).toBe('cancel');
  });

  it('never lets a fortnox.se subdomain become the main page unless it is an allowed origin', () => {
    expect(decideNavigation('https://static.fortnox.se/', withSites, open)).toEqual({ kind: 'block', origin: 'https://static.fortnox.se' });
  });
});

describe('decideRequest', () => {
  it('captures only a main-frame request to the redirect URI as the callback', () => {
    const callback = 'https://connect.example.se/fortnox/callback?code=abc&state=s';
    expect(decideRequest(callback, 'main-frame', policy, open)).toEqual({
      kind: 'callback',
      params: { code: 'abc', state: 's', ambiguous: false },
    });
    expect(decideRequest(callback, 'subframe', policy, open).kind).toBe('cancel');
    expect(decideRequest(callback, 'subresource', policy, open).kind).toBe('cancel');
  });

  it('judges main-frame requests like navigations and the others by their own rules', () => {
    expect(decideRequest('https://cdn.example.com/app.js', 'main-frame', policy, open)).toEqual({
      kind: 'block',
      origin: 'https://cdn.example.com',
    });
    expect(decideRequest('https://cdn.example.com/app.js', 'subresource', policy, open).kind).toBe('cancel');
    expect(decideRequest('https://captcha.example/frame', 'subframe', policy, open)).toEqual({ kind: 'allow' });
    expect(decideRequest('https://captcha.example/frame', 'main-frame', policy, open).kind).toBe('block');
  });

  it('maps Electron resource types to request sources', () => {
    expect(requestSourceOf('mainFrame')).toBe('main-frame');
    expect(requestSourceOf('subFrame')).toBe('subframe');
    expect(requestSourceOf('xhr')).toBe('subresource');
    expect(requestSourceOf('webSocket')).toBe('subresource');
  });
});

describe('decideWindowOpen', () => {
  it('treats window.open of exactly the redirect URI as the callback', () => {
    expect(decideWindowOpen('https://connect.example.se/fortnox/callback?code=abc&state=s', policy, open)).toEqual({
      kind: 'callback',
      params: { code: 'abc', state: 's', ambiguous: false },
    });
  });

  it('cancels window.open of a near miss of the redirect URI', () => {
    expect(decideWindowOpen('https://connect.example.se/fortnox/callback/?code=abc', policy, open)).toEqual({
      kind: 'cancel',
      origin: 'https://connect.example.se',
      reason: 'redirect-uri',
    });
  });

  it('opens a BankID launch link only while the flow is open, and no other popup at all', () => {
    expect(decideWindowOpen(BANKID, policy, open)).toEqual({ kind: 'open-external', url: BANKID });
    expect(decideWindowOpen(BANKID, policy, closed).kind).toBe('cancel');
    expect(decideWindowOpen('https://apps.fortnox.se/help', policy, open)).toEqual({
      kind: 'cancel',
      origin: 'https://apps.fortnox.se',
      reason: 'not-allowed',
    });
  });
});

describe('ERR_ABORTED', () => {
  it('is Chromium’s net error -3', () => {
    expect(ERR_ABORTED).toBe(-3);
  });
});
