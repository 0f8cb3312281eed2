import type { FlowStatusMessage } from '../../../shared/ipc-contract';

/** The flow status the panel shows, and whether main has pushed one yet. */
export interface FlowStatusState {
  status: FlowStatusMessage;
  /** True once a pushed status arrived; a later `getFlowStatus()` answer is then older news. */
  pushed: boolean;
}

export type FlowStatusAction =
  | { type: 'snapshot'; status: FlowStatusMessage }
  | { type: 'pushed'; status: FlowStatusMessage };

export const INITIAL_FLOW_STATUS: FlowStatusState = { status: { phase: 'idle' }, pushed: false };

/**
 * Merges the answer of `getFlowStatus()` with statuses pushed by `onFlowStatus`. The renderer
 * subscribes first and then asks, so a push can arrive before the answer; the answer was read
 * earlier in main than that push and must not overwrite it.
 */
export function flowStatusReducer(state: FlowStatusState, action: FlowStatusAction): FlowStatusState {
  if (action.type === 'snapshot') return state.pushed ? state : { status: action.status, pushed: false };
  return { status: action.status, pushed: true };
}

/** Milliseconds left until `expiresAt`, never negative. */
export function remainingMs(expiresAt: number, now: number): number {
  return Math.max(0, expiresAt - now);
}

/** A countdown as m:ss ("9:05"), rounding up so that it shows 0:00 only when time is up. */
export function formatCountdown(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${seconds.toString().padStart(2, '0')}`;
}
