import type { ShowView } from '../../shared/ipc-contract';
import type { Language } from '../../shared/ui-language';
import type { Timers } from '../connect/connect-flow';
import type { Logger } from '../logging/logger';
import { closeExplanation } from './background-texts';
import { decideWindowClose, shouldExplainClose } from './close-policy';
import { trayMenuModel, type TrayAction, type TrayMenuModel } from './tray-menu-model';

/** The app window as the runner drives it (a BrowserWindow in the app, a fake in tests). */
export interface BackgroundWindow {
  show(): void;
  hide(): void;
  minimize(): void;
}

/** The tray icon: shows a model (tooltip and menu). */
export interface TrayPort {
  show(model: TrayMenuModel): void;
}

/** Collaborators of the background runner. */
export interface BackgroundRunnerDeps {
  platform: NodeJS.Platform;
  /** Null when no tray icon could be shown (see tray-availability.ts). */
  tray: TrayPort | null;
  /** The app window, or null while there is none. */
  window: () => BackgroundWindow | null;
  /** macOS: the Dock icon, hidden while only the menu bar icon shows the app. */
  dock?: { hide(): void; show(): void };
  /** Starts the app's quit (Electron's `app.quit`, which runs the quit sequence). */
  quit: () => void;
  /** Asks the window to show a view (connector-main's showView). */
  showView: (view: ShowView['view']) => void;
  /** Shows the one-time explanation (a message box in the app). */
  explain: (text: { title: string; message: string; button: string }) => void;
  /** Whether the explanation was shown before, and remembering that it was (settings.json). */
  explained: () => boolean;
  markExplained: () => Promise<unknown>;
  language: () => Language;
  /** How many companies need attention now: the alerts' summary count (alerts-service.ts), as on the badge. */
  attentionCount: () => number;
  /** The connections, told when the computer woke up. */
  connections: { resumed(): void };
  timers: Timers;
  log: Logger;
}

/** Company changes arriving within this long are shown in the tray once. */
export const TRAY_REFRESH_DELAY_MS = 200;

/**
 * Runs the app in the background: decides what closing the window does, answers the tray menu,
 * keeps the tray's count current and passes on wake-ups. Free of Electron (main/electron/
 * background-running.ts connects it), so every decision is tested under Node.
 */
export class BackgroundRunner {
  private quitting = false;
  private shown: string | undefined;
  private refreshPending = false;

  constructor(private readonly deps: BackgroundRunnerDeps) {}

  /** Puts the tray icon up with the current count. */
  start(): void {
    this.refreshTray();
  }

  /** A quit has begun (`before-quit`, the tray's Quit, a shutdown): windows may close from now on. */
  quitStarted(): void {
    this.quitting = true;
  }

  /** Whether a quit is under way. */
  isQuitting(): boolean {
    return this.quitting;
  }

  /** The window's `close` event: hides or minimises it (the app keeps running) unless the app quits. */
  windowClosing(event: { preventDefault(): void }): void {
    const decision = decideWindowClose({ quitting: this.quitting, platform: this.deps.platform, trayAvailable: this.deps.tray !== null });
    if (decision === 'close') return;
    event.preventDefault();
    const window = this.deps.window();
    if (decision === 'hide') {
      window?.hide();
      if (this.deps.tray) this.deps.dock?.hide();
    } else {
      window?.minimize();
    }
    this.deps.log.info('app window closed; the app keeps running', { decision, tray: this.deps.tray !== null });
    if (!shouldExplainClose(decision, this.deps.explained())) return;
    this.deps.explain(closeExplanation(decision, this.deps.platform, this.deps.language()));
    void this.deps.markExplained().catch(() => this.deps.log.warn('could not remember that the close explanation was shown'));
  }

  /** Brings the window back (tray Open, the Dock, a second start of the app). */
  showWindow(): void {
    this.deps.dock?.show();
    this.deps.window()?.show();
  }

  /** A choice in the tray menu. */
  trayAction(action: TrayAction): void {
    if (action === 'quit') {
      this.quitStarted();
      this.deps.quit();
      return;
    }
    this.showWindow();
    if (action === 'connect') this.deps.showView('connect');
  }

  /** The count or the language changed (the alerts' summary): the tray follows, once for a burst. */
  attentionChanged(): void {
    if (this.refreshPending) return;
    this.refreshPending = true;
    this.deps.timers.set(() => {
      this.refreshPending = false;
      this.refreshTray();
    }, TRAY_REFRESH_DELAY_MS);
  }

  /** The computer woke up (or the screen was unlocked): the connections plan again. */
  resumed(): void {
    this.deps.connections.resumed();
    this.refreshTray();
  }

  /**
   * The operating system is shutting down (powerMonitor `shutdown` on Linux and macOS, a window's
   * `session-end` on Windows): quit properly, so the quit sequence stores what must be stored.
   */
  systemShutdown(): void {
    this.quitStarted();
    this.deps.quit();
  }

  /** Shows the current model in the tray, only when it changed (each change rebuilds the native menu). */
  private refreshTray(): void {
    if (!this.deps.tray) return;
    const model = trayMenuModel({ attentionCount: this.deps.attentionCount(), language: this.deps.language() });
    const key = JSON.stringify(model);
    if (key === this.shown) return;
    this.shown = key;
    this.deps.tray.show(model);
  }
}
