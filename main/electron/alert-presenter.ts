/**
 * Alerts shown by the operating system: Electron's Notification, the macOS dock badge, the Linux
 * launcher badge and the Windows taskbar overlay. Every decision (when, what text, which count) is
 * made in main/background (tested under Node); this file only hands it to Electron.
 */
import { app, nativeImage, Notification, type BrowserWindow, type NativeImage } from 'electron';
import type { AlertPresenter } from '../background/alerts-service';
import { badgeText, notificationText, overlayDescription } from '../background/alert-texts';
import { attentionBadgeBitmap, BADGE_SIZE } from '../background/badge-bitmap';
import type { Logger } from '../logging/logger';
import type { Language } from '../../shared/ui-language';

/** The Electron presenter, plus what index.ts tells it about the app window. */
export interface ElectronAlertPresenter extends AlertPresenter {
  /** The app window was created: the Windows overlay needs one (it sits on its taskbar button). */
  attachWindow(window: BrowserWindow): void;
  /** Windows toasts clicked after their Notification object is gone (Action Center, a cold start). */
  lastClick(): (() => void) | null;
}

/** Groups the app's alerts in Notification Center / Action Center (Notification docs: groupId). */
const GROUP_ID = 'fortnox-connector-alerts';

export function createElectronAlertPresenter(deps: { platform: NodeJS.Platform; log: Logger }): ElectronAlertPresenter {
  // Held until clicked, closed or failed: a Notification that is garbage-collected takes its click
  // listener with it, and the OS click then only raises the app.
  const shown = new Set<Notification>();
  let current: Notification | null = null;
  let onLastClick: (() => void) | null = null;
  let window: BrowserWindow | null = null;
  let last: { count: number; language: Language } = { count: 0, language: 'sv' };
  let overlay: NativeImage | undefined;

  const applyOverlay = () => {
    if (deps.platform !== 'win32' || !window || window.isDestroyed()) return;
    overlay ??= nativeImage.createFromBitmap(Buffer.from(attentionBadgeBitmap()), { width: BADGE_SIZE, height: BADGE_SIZE });
    window.setOverlayIcon(last.count > 0 ? overlay : null, last.count > 0 ? overlayDescription(last.count, last.language) : '');
  };

  return {
    notify(notification, onClick) {
      if (!Notification.isSupported()) {
        deps.log.info('notifications are not supported here: the alert is shown only as a count');
        return;
      }
      // One alert on screen at a time: the new one covers the whole group, so the old one goes.
      current?.close();
      const text = notificationText(notification.text, deps.platform);
      const toast = new Notification({
        title: text.title,
        body: text.body,
        groupId: GROUP_ID,
      });
      const release = () => {
        shown.delete(toast);
        if (current === toast) current = null;
      };
      toast.on('click', () => {
        release();
        onClick();
      });
      toast.on('close', release);
      toast.on('failed', () => {
        release();
        // macOS refuses notifications of an unsigned app, or when the user turned them off.
        deps.log.warn('the operating system did not show a notification');
      });
      shown.add(toast);
      current = toast;
      onLastClick = onClick;
      toast.show();
    },
    showCount(count, language) {
      last = { count, language };
      if (deps.platform === 'darwin') app.dock?.setBadge(badgeText(count));
      // Launchers with the LauncherEntry D-Bus API (app docs); elsewhere it does nothing.
      else if (deps.platform === 'linux') app.setBadgeCount(count);
      applyOverlay();
    },
    attachWindow(next) {
      window = next;
      applyOverlay();
    },
    lastClick: () => onLastClick,
  };
}
