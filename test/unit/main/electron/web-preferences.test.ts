import { describe, expect, it } from 'vitest';
import { hardenedWebPreferences } from '../../../../main/electron/web-preferences';

describe('hardenedWebPreferences', () => {
  it('turns on the sandbox, context isolation and web security and keeps Node and webviews out', () => {
    expect(hardenedWebPreferences({})).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('cannot be weakened by a window’s own options', () => {
    const weakened = hardenedWebPreferences({ sandbox: false, contextIsolation: false, nodeIntegration: true, webSecurity: false });
    expect(weakened).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
  });

  it('adds a preload only when the window asks for one (the sign-in window has none)', () => {
    expect(hardenedWebPreferences({ devTools: false })).not.toHaveProperty('preload');
    expect(hardenedWebPreferences({ preload: '/app/preload.cjs' }).preload).toBe('/app/preload.cjs');
  });
});
