import { describe, expect, it } from 'vitest';
import type { FlowStatusMessage } from '../../../../shared/ipc-contract';
import { dismissedAfter, flowStatusShown, isFlowOutcome } from '../../../../renderer/src/connect/flow-status-visibility';

const succeeded = (flowId: string) => ({ phase: 'succeeded', flowId }) as FlowStatusMessage;
const signingIn = (flowId: string) => ({ phase: 'signing-in', flowId }) as FlowStatusMessage;
const IDLE: FlowStatusMessage = { phase: 'idle' };

describe('which flow status the panel shows', () => {
  it('shows every status until one is closed', () => {
    expect(flowStatusShown(succeeded('flow-aaaaaaaa'), null)).toBe(true);
    expect(flowStatusShown(IDLE, null)).toBe(true);
  });

  it('hides a closed outcome, and shows the next sign-in’s status again', () => {
    const dismissed = dismissedAfter(succeeded('flow-aaaaaaaa'), null);
    expect(flowStatusShown(succeeded('flow-aaaaaaaa'), dismissed)).toBe(false);
    expect(flowStatusShown(signingIn('flow-bbbbbbbb'), dismissed)).toBe(true);
    expect(flowStatusShown(succeeded('flow-bbbbbbbb'), dismissed)).toBe(true);
  });

  it('hides the previous company’s outcome as soon as a new sign-in is asked for, before main answers', () => {
    const dismissed = dismissedAfter(succeeded('flow-aaaaaaaa'), null);
    expect(flowStatusShown(succeeded('flow-aaaaaaaa'), dismissed)).toBe(false);
  });

  it('never hides a sign-in under way, and keeps the last closed flow when there is no outcome to close', () => {
    expect(dismissedAfter(signingIn('flow-bbbbbbbb'), 'flow-aaaaaaaa')).toBe('flow-aaaaaaaa');
    expect(dismissedAfter(IDLE, null)).toBeNull();
    expect(isFlowOutcome(signingIn('flow-bbbbbbbb'))).toBe(false);
    expect(isFlowOutcome({ phase: 'failed', flowId: 'flow-aaaaaaaa' } as FlowStatusMessage)).toBe(true);
  });
});
