import { languageFromSystem, type Language } from '../../shared/ui-language';
import type { Timers } from '../connect/connect-flow';
import type { Logger } from '../logging/logger';
import type { AlertStateStore } from './alert-state-file';
import { nextAttentionChange, summarizeAttention, type AttentionInput, type AttentionSummary } from './attention-summary';
import { decideAlerts, type PlannedNotification } from './notification-policy';

/** How the OS shows alerts: the Electron adapter (main/electron/alert-presenter.ts) or a test fake. */
export interface AlertPresenter {
  /** Shows one notification; `onClick` opens the app on the companies it names. */
  notify(notification: PlannedNotification, onClick: () => void): void;
  /** Puts the count on the dock badge (macOS) or the taskbar overlay (Windows); zero clears it. */
  showCount(count: number, language: Language): void;
}

/** What the alerts service is built from. */
export interface AlertsServiceDeps {
  companies: () => Iterable<AttentionInput>;
  now: () => number;
  timers: Timers;
  log: Logger;
  store: AlertStateStore;
  presenter: AlertPresenter;
  /** Opens (or focuses) the app window on the company list filtered to these companies. */
  openCompanies: (tenantIds: string[]) => void;
  /** The operating system's languages, used until the window says which language it shows. */
  systemLanguages: () => readonly string[];
  /** How long after start the 7-day warning waits for the background refresh (default 10 min). */
  startGraceMs?: number;
  /** Changes arriving within this time are looked at once (default 1 s). */
  settleMs?: number;
}

/** 10 minutes: the background refresh renews every due token within seconds of start. */
export const START_GRACE_MS = 10 * 60 * 1000;
/** Looks again at least this often, so a clock change or a missed timer costs at most an hour. */
const MAX_TIMER_MS = 60 * 60 * 1000;

/**
 * Alerts: OS notifications when companies need reconnecting or their refresh token expires within
 * 7 days, the count on the badge, overlay and tray, and what was notified remembered in
 * `alerts.json`. Looks again when companies change, when a token crosses into its last 7 days or
 * past its deadline, after the start grace, and when asked (after sleep).
 */
export class AlertsService {
  private notified = new Set<string>();
  private language: Language;
  private stored: Language | null = null;
  private startedAt = 0;
  private started = false;
  private settleTimer: unknown;
  private timeTimer: unknown;
  private summary: AttentionSummary = { reconnect: [], expiringSoon: [], count: 0 };
  private readonly listeners = new Set<(summary: AttentionSummary, language: Language) => void>();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AlertsServiceDeps) {
    this.language = languageFromSystem(deps.systemLanguages());
  }

  /** Loads what was notified before and looks at the companies for the first time. */
  async start(): Promise<void> {
    try {
      const state = await this.deps.store.load();
      this.notified = new Set(state.notified);
      if (state.language) {
        this.stored = state.language;
        this.language = state.language;
      }
    } catch {
      this.deps.log.warn('could not read the alert state: alerts start afresh');
    }
    this.startedAt = this.deps.now();
    this.started = true;
    this.check();
  }

  /** Stops every timer (on quit). */
  stop(): void {
    this.started = false;
    this.clear('settleTimer');
    this.clear('timeTimer');
  }

  /** The companies changed: look again once the burst has settled. */
  companiesChanged(): void {
    if (!this.started || this.settleTimer !== undefined) return;
    this.settleTimer = this.deps.timers.set(() => {
      this.settleTimer = undefined;
      this.check();
    }, this.deps.settleMs ?? 1_000);
  }

  /** The window's language changed: texts (tooltip, overlay) follow it; it is remembered for the next start. */
  setLanguage(language: Language): void {
    if (language === this.language && language === this.stored) return;
    this.language = language;
    this.stored = language;
    this.persist();
    this.publish();
  }

  /** The language alert texts use now. */
  currentLanguage(): Language {
    return this.language;
  }

  /** The latest summary (the tray menu's count). */
  current(): AttentionSummary {
    return this.summary;
  }

  /** Calls `listener` with every new summary and language (the tray's tooltip and menu). */
  onSummary(listener: (summary: AttentionSummary, language: Language) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Looks at the companies now: notifies when the policy says so, and updates the count. */
  check(): void {
    if (!this.started) return;
    const now = this.deps.now();
    const companies = [...this.deps.companies()];
    this.summary = summarizeAttention(companies, now);
    const graceEnds = this.startedAt + (this.deps.startGraceMs ?? START_GRACE_MS);
    const decision = decideAlerts({
      summary: this.summary,
      notified: this.notified,
      language: this.language,
      holdExpiring: now < graceEnds,
    });
    this.notified = new Set(decision.notified);
    if (decision.changed) this.persist();
    const notification = decision.notification;
    if (notification) this.deps.presenter.notify(notification, () => this.deps.openCompanies(notification.tenantIds));
    this.publish();
    this.schedule(now, companies, graceEnds);
  }

  private publish(): void {
    this.deps.presenter.showCount(this.summary.count, this.language);
    for (const listener of this.listeners) listener(this.summary, this.language);
  }

  private schedule(now: number, companies: AttentionInput[], graceEnds: number): void {
    this.clear('timeTimer');
    const candidates = [nextAttentionChange(companies, now), graceEnds > now ? graceEnds : null, now + MAX_TIMER_MS];
    const at = Math.min(...candidates.filter((value): value is number => value !== null));
    this.timeTimer = this.deps.timers.set(() => {
      this.timeTimer = undefined;
      this.check();
    }, Math.max(0, at - now));
  }

  private persist(): void {
    const state = { notified: [...this.notified], language: this.stored };
    // Saves run one after another, so an older state can never overwrite a newer one.
    this.saving = this.saving
      .then(() => this.deps.store.save(state))
      .catch(() => this.deps.log.warn('could not save the alert state: an alert may be shown again after a restart'));
  }

  /** Resolves when every save so far is done (tests, quit). */
  settle(): Promise<void> {
    return this.saving;
  }

  private clear(which: 'settleTimer' | 'timeTimer'): void {
    const handle = this[which];
    if (handle !== undefined) this.deps.timers.clear(handle);
    this[which] = undefined;
  }
}
