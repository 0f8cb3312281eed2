import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import type { PlannedNotification } from '../../../../main/background/notification-policy';
import { recordingLogger } from '../recording-logger';

/**
 * The Electron presenter against a stand-in `electron` module (no Electron binary exists here):
 * checks what the glue hands to Notification, the dock, the launcher badge and the taskbar
 * overlay. The real thing runs in test/e2e/electron/alerts.electron.spec.ts.
 */
const fake = vi.hoisted(() => ({
  supported: true,
  toasts: [] as {
    options: { title?: string; body?: string; groupId?: string };
    listeners: Map<string, () => void>;
    shown: number;
    closed: number;
  }[],
  dockBadges: [] as string[],
  badgeCounts: [] as number[],
  bitmaps: [] as { length: number; width: number; height: number }[],
}));

vi.mock('electron', () => {
  class Notification {
    static isSupported = () => fake.supported;
    private readonly entry;
    constructor(options: { title?: string; body?: string; groupId?: string }) {
      this.entry = { options, listeners: new Map<string, () => void>(), shown: 0, closed: 0 };
      fake.toasts.push(this.entry);
    }
    on(event: string, listener: () => void) {
      this.entry.listeners.set(event, listener);
      return this;
    }
    show() {
      this.entry.shown += 1;
    }
    close() {
      this.entry.closed += 1;
    }
  }
  return {
    Notification,
    app: {
      dock: { setBadge: (text: string) => fake.dockBadges.push(text) },
      setBadgeCount: (count: number) => {
        fake.badgeCounts.push(count);
        return true;
      },
    },
    nativeImage: {
      createFromBitmap: (buffer: Buffer, options: { width: number; height: number }) => {
        fake.bitmaps.push({ length: buffer.length, ...options });
        return { fake: 'image' };
      },
    },
  };
});

const { createElectronAlertPresenter } = await import('../../../../main/electron/alert-presenter');

const reconnect: PlannedNotification = {
  kind: 'reconnect',
  text: { title: '2 företag behöver anslutas igen', body: 'Acme AB och Beta AB. Klicka för att visa dem.' },
  tenantIds: ['1', '2'],
};

function fakeWindow() {
  const overlays: { image: unknown; description: string }[] = [];
  const window = {
    isDestroyed: () => false,
    setOverlayIcon: (image: unknown, description: string) => overlays.push({ image, description }),
  } as unknown as BrowserWindow;
  return { window, overlays };
}

beforeEach(() => {
  fake.supported = true;
  fake.toasts.length = 0;
  fake.dockBadges.length = 0;
  fake.badgeCounts.length = 0;
  fake.bitmaps.length = 0;
});

describe('the Electron alert presenter', () => {
  it('shows a notification with the text and runs the click on click', () => {
    const presenter = createElectronAlertPresenter({ platform: 'darwin', log: recordingLogger().log });
    const clicks: string[] = [];
    presenter.notify(reconnect, () => clicks.push('clicked'));
    expect(fake.toasts).toHaveLength(1);
    expect(fake.toasts[0]?.options).toMatchObject({ title: reconnect.text.title, body: reconnect.text.body });
    expect(fake.toasts[0]?.shown).toBe(1);
    fake.toasts[0]?.listeners.get('click')?.();
    expect(clicks).toEqual(['clicked']);
    expect(presenter.lastClick()).not.toBeNull();
  });

  it('replaces the notification on screen instead of stacking them', () => {
    const presenter = createElectronAlertPresenter({ platform: 'linux', log: recordingLogger().log });
    presenter.notify(reconnect, () => undefined);
    presenter.notify({ ...reconnect, tenantIds: ['1', '2', '3'] }, () => undefined);
    expect(fake.toasts.map((toast) => toast.closed)).toEqual([1, 0]);
  });

  it('shows nothing where notifications are not supported, and says so in the log', () => {
    fake.supported = false;
    const logger = recordingLogger();
    createElectronAlertPresenter({ platform: 'linux', log: logger.log }).notify(reconnect, () => undefined);
    expect(fake.toasts).toHaveLength(0);
    expect(logger.text()).toContain('notifications are not supported here');
  });

  it('logs a notification the OS refused, without failing', () => {
    const logger = recordingLogger();
    createElectronAlertPresenter({ platform: 'darwin', log: logger.log }).notify(reconnect, () => undefined);
    fake.toasts[0]?.listeners.get('failed')?.();
    expect(logger.text()).toContain('the operating system did not show a notification');
  });

  it('puts the count on the macOS dock badge and clears it at zero', () => {
    const presenter = createElectronAlertPresenter({ platform: 'darwin', log: recordingLogger().log });
    presenter.showCount(3, 'sv');
    presenter.showCount(0, 'sv');
    expect(fake.dockBadges).toEqual(['3', '']);
    expect(fake.badgeCounts).toEqual([]);
  });

  it('uses the launcher badge count on Linux', () => {
    const presenter = createElectronAlertPresenter({ platform: 'linux', log: recordingLogger().log });
    presenter.showCount(2, 'en');
    expect(fake.badgeCounts).toEqual([2]);
  });

  it('sets a 16×16 overlay with a spoken description on the Windows taskbar button, once there is a window', () => {
    const presenter = createElectronAlertPresenter({ platform: 'win32', log: recordingLogger().log });
    presenter.showCount(4, 'en');
    const { window, overlays } = fakeWindow();
    presenter.attachWindow(window);
    presenter.showCount(0, 'en');
    expect(overlays).toEqual([
      { image: { fake: 'image' }, description: '4 companies need attention' },
      { image: null, description: '' },
    ]);
    expect(fake.bitmaps).toEqual([{ length: 16 * 16 * 4, width: 16, height: 16 }]);
    expect(fake.dockBadges).toEqual([]);
  });
});
