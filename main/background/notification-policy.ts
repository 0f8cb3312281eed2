import type { Language } from '../../shared/ui-language';
import { combinedText, expiringText, reconnectText, type AlertText } from './alert-texts';
import type { AttentionCompany, AttentionSummary } from './attention-summary';

/** Why a company is alerted about. */
export type AlertReason = 'reconnect' | 'expiring';

/** One OS notification to show: its text and the companies a click shows. */
export interface PlannedNotification {
  /** `combined`: both kinds became new at once (at start, say) and share one notification. */
  kind: AlertReason | 'combined';
  text: AlertText;
  /** The companies the notification is about, for the click's filtered list. */
  tenantIds: string[];
}

/** What the policy decided for one look at the summary. */
export interface AlertDecision {
  /** At most one notification per look, so a start with many problems is one notification. */
  notification: PlannedNotification | null;
  /** The alerts to remember from now on (to persist when `changed`). */
  notified: string[];
  changed: boolean;
}

/** How the policy looks at one summary. */
export interface AlertInput {
  summary: AttentionSummary;
  /** The alerts already shown (persisted, so a restart does not repeat them). */
  notified: ReadonlySet<string>;
  language: Language;
  /**
   * True while the 7-day warning waits: just after start the background refresh renews tokens
   * that reached their last days while the app was not running, so warning before it had its
   * chance would alarm for nothing.
   */
  holdExpiring: boolean;
}

/** The key an alert is remembered by: company, reason and deadline. */
export function alertKey(company: AttentionCompany, reason: AlertReason): string {
  return `${company.tenantId}:${reason}:${company.deadline ?? '-'}`;
}

/**
 * Decides whether to notify. A group (needs reconnecting; expires within 7 days) is notified when
 * it holds a company+reason+deadline not notified before; the notification then covers the whole
 * group, so its count matches the badge. Nothing new: quiet. Remembered alerts of companies that
 * are no longer in the summary are forgotten, so a company that recovers and fails again is
 * notified again; a refreshed token has a new deadline, so it is a new alert too.
 */
export function decideAlerts(input: AlertInput): AlertDecision {
  const { summary, notified, language } = input;
  const reconnectKeys = summary.reconnect.map((company) => alertKey(company, 'reconnect'));
  const expiringKeys = summary.expiringSoon.map((company) => alertKey(company, 'expiring'));
  const reconnectNew = reconnectKeys.some((key) => !notified.has(key));
  const expiringNew = !input.holdExpiring && expiringKeys.some((key) => !notified.has(key));

  // Kept: what is still current (held 7-day warnings included, so a restart does not repeat them).
  const current = new Set([...reconnectKeys, ...expiringKeys]);
  const next = new Set([...notified].filter((key) => current.has(key)));
  if (reconnectNew) for (const key of reconnectKeys) next.add(key);
  if (expiringNew) for (const key of expiringKeys) next.add(key);

  let notification: PlannedNotification | null = null;
  const reconnectIds = summary.reconnect.map((company) => company.tenantId);
  const expiringIds = summary.expiringSoon.map((company) => company.tenantId);
  if (reconnectNew && expiringNew) {
    notification = {
      kind: 'combined',
      text: combinedText(reconnectIds.length, expiringIds.length, language),
      tenantIds: [...reconnectIds, ...expiringIds],
    };
  } else if (reconnectNew) {
    notification = { kind: 'reconnect', text: reconnectText(summary.reconnect, language), tenantIds: reconnectIds };
  } else if (expiringNew) {
    notification = { kind: 'expiring', text: expiringText(summary.expiringSoon, language), tenantIds: expiringIds };
  }
  const changed = next.size !== notified.size || [...next].some((key) => !notified.has(key));
  return { notification, notified: [...next].sort(), changed };
}
