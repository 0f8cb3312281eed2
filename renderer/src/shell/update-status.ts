import type { UpdateStatus } from '../../../shared/ipc-contract';
import { formatAbsolute } from '../common/relative-time';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';

/** The update status the app shows, and whether main has pushed one yet. */
export interface UpdateStatusState {
  /** Null until main has said anything. */
  status: UpdateStatus | null;
  /** True once a pushed status arrived; a later `getUpdateStatus()` answer is then older news. */
  pushed: boolean;
}

export type UpdateStatusAction = { type: 'snapshot'; status: UpdateStatus } | { type: 'pushed'; status: UpdateStatus };

export const INITIAL_UPDATE_STATUS: UpdateStatusState = { status: null, pushed: false };

/**
 * Merges the answer of `getUpdateStatus()` with statuses pushed by `onUpdateStatus`: the
 * renderer subscribes first and then asks, so a push may overtake the answer, which must not
 * overwrite it (same rule as the flow status).
 */
export function updateStatusReducer(state: UpdateStatusState, action: UpdateStatusAction): UpdateStatusState {
  if (action.type === 'snapshot') return state.pushed ? state : { status: action.status, pushed: false };
  return { status: action.status, pushed: true };
}

/**
 * The banner's sentence, or null when there is nothing the user needs to know: only a download
 * under way and a downloaded update (which installs when the app quits) are worth a banner.
 * Checking, failing and being switched off are told in Settings, under About.
 */
export function updateBannerText(status: UpdateStatus | null, messages: Messages): string | null {
  const version = status?.version?.trim() || null;
  switch (status?.state) {
    case 'available':
      return messages.updates.downloading(version);
    case 'downloaded':
      return messages.updates.downloaded(version);
    default:
      return null;
  }
}

/** The About section's sentence about updates, for every state (with the last check, when known). */
export function updateAboutText(status: UpdateStatus | null, messages: Messages, language: Language): string {
  const texts = messages.updates;
  if (status === null) return texts.unknown;
  const version = status.version?.trim() || null;
  const checked = status.checkedAt === null ? null : formatAbsolute(status.checkedAt, language);
  switch (status.state) {
    case 'disabled':
      return texts.disabled;
    case 'idle':
      return checked === null ? texts.idle : texts.upToDate(checked);
    case 'checking':
      return texts.checking;
    case 'available':
      return messages.updates.downloading(version);
    case 'downloaded':
      return messages.updates.downloaded(version);
    case 'error':
      return texts.failed;
  }
}
