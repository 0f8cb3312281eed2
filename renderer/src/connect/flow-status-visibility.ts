import type { FlowStatusMessage } from '../../../shared/ipc-contract';

/** True for a finished sign-in (succeeded or failed): an outcome the user may close. */
export function isFlowOutcome(status: FlowStatusMessage): boolean {
  return status.phase === 'succeeded' || status.phase === 'failed';
}

/**
 * The flow to hide after the user closed its outcome, or started another sign-in: then the
 * outcome still on screen belongs to the previous company and must not stand beside the new one
 * while main opens the sign-in. Only an outcome is ever hidden; a sign-in under way always shows.
 */
export function dismissedAfter(status: FlowStatusMessage, dismissed: string | null): string | null {
  return isFlowOutcome(status) && status.phase !== 'idle' ? status.flowId : dismissed;
}

/** Whether the status panel shows `status`: hidden only while it is the outcome of the dismissed flow. */
export function flowStatusShown(status: FlowStatusMessage, dismissed: string | null): boolean {
  return !(isFlowOutcome(status) && status.phase !== 'idle' && status.flowId === dismissed);
}
