import type { AuditFilter } from '../../../shared/ipc-contract';

/** The periods the Activity view offers, newest entries counted back from now. */
export const ACTIVITY_PERIODS = ['day', 'week', 'month', 'all'] as const;

/** One period of the Activity view. */
export type ActivityPeriod = (typeof ACTIVITY_PERIODS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const PERIOD_MS: Record<Exclude<ActivityPeriod, 'all'>, number> = { day: DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS };

/** What the user chose in the Activity view's filters; `null`: all companies or all keys. */
export interface ActivityChoice {
  tenantId: string | null;
  keyId: string | null;
  period: ActivityPeriod;
}

/** The view's first choice: everything the log keeps. */
export const NO_ACTIVITY_CHOICE: ActivityChoice = { tenantId: null, keyId: null, period: 'all' };

/** True when `value` names a period. */
export function isActivityPeriod(value: string): value is ActivityPeriod {
  return (ACTIVITY_PERIODS as readonly string[]).includes(value);
}

/** The audit filter main gets for a choice, with the period counted back from `now`. */
export function activityFilter(choice: ActivityChoice, now: number): AuditFilter {
  return {
    ...(choice.tenantId !== null ? { tenantId: choice.tenantId } : {}),
    ...(choice.keyId !== null ? { keyId: choice.keyId } : {}),
    ...(choice.period !== 'all' ? { from: Math.max(0, now - PERIOD_MS[choice.period]) } : {}),
  };
}

/** True when the choice narrows the log (so an empty result means "nothing matches", not "nothing yet"). */
export function isFiltered(choice: ActivityChoice): boolean {
  return choice.tenantId !== null || choice.keyId !== null || choice.period !== 'all';
}
