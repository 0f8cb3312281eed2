import { describe, expect, it } from 'vitest';
import { isTrustedSender, originOf, type IpcSender, type TrustedSenderPolicy } from '../../../../main/ipc/trusted-sender';

const APP_ID = 7;
const appPolicy: TrustedSenderPolicy = { appWebContentsId: () => APP_ID, appOrigin: 'app://renderer' };
const devPolicy: TrustedSenderPolicy = { appWebContentsId: () => APP_ID, appOrigin: 'http://127.0.0.1:5173/' };
const fromApp: IpcSender = { webContentsId: APP_ID, frameUrl: 'app://renderer/index.html', isMainFrame: true };

describe('isTrustedSender', () => {
  it('accepts the app window’s main frame at the app origin', () => {
    expect(isTrustedSender(fromApp, appPolicy)).toBe(true);
    expect(isTrustedSender({ ...fromApp, frameUrl: 'app://renderer/' }, appPolicy)).toBe(true);
    expect(isTrustedSender({ ...fromApp, frameUrl: 'app://renderer/index.html?lang=sv#top' }, appPolicy)).toBe(true);
  });

  it('accepts the dev server origin when that is the app origin', () => {
    expect(isTrustedSender({ ...fromApp, frameUrl: 'http://127.0.0.1:5173/' }, devPolicy)).toBe(true);
    expect(isTrustedSender({ ...fromApp, frameUrl: 'http://127.0.0.1:5173/src/index.html' }, devPolicy)).toBe(true);
  });

  it.each([
    ['another webContents', { ...fromApp, webContentsId: APP_ID + 1 }],
    ['a subframe of the app window', { ...fromApp, isMainFrame: false }],
    ['a frame that is gone (null URL)', { ...fromApp, frameUrl: null }],
    ['another app: host', { ...fromApp, frameUrl: 'app://evil/index.html' }],
    ['an app: host with our name as a prefix', { ...fromApp, frameUrl: 'app://renderer.evil/index.html' }],
    ['Fortnox’s origin', { ...fromApp, frameUrl: 'https://apps.fortnox.se/oauth-v1/auth' }],
    ['a file: URL', { ...fromApp, frameUrl: 'file:///C:/app/renderer/index.html' }],
    ['about:blank', { ...fromApp, frameUrl: 'about:blank' }],
    ['an unparsable URL', { ...fromApp, frameUrl: 'not a url' }],
    ['an empty URL', { ...fromApp, frameUrl: '' }],
  ])('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender, appPolicy)).toBe(false);
  });

  it.each([
    ['localhost instead of 127.0.0.1', 'http://localhost:5173/'],
    ['another port', 'http://127.0.0.1:5174/'],
    ['https', 'https://127.0.0.1:5173/'],
    ['the app: origin', 'app://renderer/index.html'],
  ])('refuses, against the dev server origin, %s', (_name, frameUrl) => {
    expect(isTrustedSender({ ...fromApp, frameUrl }, devPolicy)).toBe(false);
  });

  it('refuses everyone while the app window does not exist', () => {
    expect(isTrustedSender(fromApp, { ...appPolicy, appWebContentsId: () => null })).toBe(false);
  });
});

describe('originOf', () => {
  it('builds an origin for the non-special app: scheme, whose URL.origin is "null"', () => {
    expect(originOf('app://renderer/index.html')).toBe('app://renderer');
  });

  it('uses URL.origin for http(s), dropping a default port', () => {
    expect(originOf('https://apps.fortnox.se:443/x?y')).toBe('https://apps.fortnox.se');
    expect(originOf('http://127.0.0.1:5173/index.html')).toBe('http://127.0.0.1:5173');
  });

  it('throws for a URL without a host', () => {
    expect(() => originOf('file:///etc/passwd')).toThrow();
    expect(() => originOf('not a url')).toThrow();
  });
});
