import type { AppInfo, FlowStatusMessage } from '../../../shared/ipc-contract';

/** Why the Connect button is disabled; each has a sentence in messages.ts. */
export type ConnectBlocker =
  | 'loading'
  | 'app-info-failed'
  | 'config-invalid'
  | 'no-scopes'
  | 'signing-in'
  | 'exchanging'
  | 'starting';

/** What the app knows about main's answer to getAppInfo(). */
export type AppInfoState =
  | { state: 'loading' }
  | { state: 'failed' }
  | { state: 'loaded'; info: AppInfo };

/**
 * The reason Connect cannot be pressed now, or null when it can. The first reason that applies
 * wins, most fundamental first, so the user fixes things in a sensible order.
 */
export function connectBlocker(input: {
  appInfo: AppInfoState;
  selectedCount: number;
  phase: FlowStatusMessage['phase'];
  starting: boolean;
}): ConnectBlocker | null {
  if (input.appInfo.state === 'loading') return 'loading';
  if (input.appInfo.state === 'failed') return 'app-info-failed';
  if (!input.appInfo.info.config.ok) return 'config-invalid';
  if (input.starting) return 'starting';
  if (input.phase === 'signing-in') return 'signing-in';
  if (input.phase === 'exchanging') return 'exchanging';
  if (input.selectedCount === 0) return 'no-scopes';
  return null;
}
