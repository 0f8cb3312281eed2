import { describe, expect, it } from 'vitest';
import { closeExplanation } from '../../../../main/background/background-texts';
import { decideWindowClose, shouldExplainClose } from '../../../../main/background/close-policy';

describe('decideWindowClose', () => {
  it('hides the window on Windows and Linux when a tray icon can reopen it', () => {
    expect(decideWindowClose({ quitting: false, platform: 'win32', trayAvailable: true })).toBe('hide');
    expect(decideWindowClose({ quitting: false, platform: 'linux', trayAvailable: true })).toBe('hide');
  });

  it('hides the window on macOS even without a menu bar icon, since the Dock still reopens it', () => {
    expect(decideWindowClose({ quitting: false, platform: 'darwin', trayAvailable: true })).toBe('hide');
    expect(decideWindowClose({ quitting: false, platform: 'darwin', trayAvailable: false })).toBe('hide');
  });

  it('minimises instead of hiding on Linux without a tray (GNOME without AppIndicator), never leaving an invisible app', () => {
    expect(decideWindowClose({ quitting: false, platform: 'linux', trayAvailable: false })).toBe('minimize');
    expect(decideWindowClose({ quitting: false, platform: 'win32', trayAvailable: false })).toBe('minimize');
  });

  it('lets the window close while the app is quitting, on every platform', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      for (const trayAvailable of [true, false]) {
        expect(decideWindowClose({ quitting: true, platform, trayAvailable })).toBe('close');
      }
    }
  });
});

describe('shouldExplainClose', () => {
  it('explains the first close that keeps the app running, and only that one', () => {
    expect(shouldExplainClose('hide', false)).toBe(true);
    expect(shouldExplainClose('minimize', false)).toBe(true);
    expect(shouldExplainClose('hide', true)).toBe(false);
    expect(shouldExplainClose('close', false)).toBe(false);
  });
});

describe('closeExplanation', () => {
  it('names the menu bar on macOS and the notification area elsewhere, in Swedish and English', () => {
    expect(closeExplanation('hide', 'darwin', 'sv').message).toContain('menyraden');
    expect(closeExplanation('hide', 'win32', 'sv').message).toContain('systemfältet');
    expect(closeExplanation('hide', 'darwin', 'en').message).toContain('menu bar');
    expect(closeExplanation('hide', 'linux', 'en').message).toContain('notification area');
    expect(closeExplanation('hide', 'linux', 'en').title).toBe('Fortnox Connector keeps running');
  });

  it('says the window was minimised when there is no tray', () => {
    expect(closeExplanation('minimize', 'linux', 'sv').message).toContain('minimerades');
    expect(closeExplanation('minimize', 'linux', 'en').message).toContain('minimised');
  });
});
