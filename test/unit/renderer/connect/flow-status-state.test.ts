import { describe, expect, it } from 'vitest';
import type { FlowStatusMessage } from '../../../../shared/ipc-contract';
import {
  flowStatusReducer,
  formatCountdown,
  INITIAL_FLOW_STATUS,
  remainingMs,
} from '../../../../renderer/src/connect/flow-status-state';

const signingIn: FlowStatusMessage = {
  phase: 'signing-in',
  flowId: 'flow-0001',
  startedAt: 1_000,
  expiresAt: 601_000,
  scopes: ['companyinformation'],
  serviceAccount: false,
};

describe('flow status merging', () => {
  it('takes the answer of getFlowStatus when nothing was pushed yet', () => {
    const state = flowStatusReducer(INITIAL_FLOW_STATUS, { type: 'snapshot', status: signingIn });
    expect(state.status).toBe(signingIn);
  });

  it('keeps a pushed status when the older getFlowStatus answer arrives after it', () => {
    const pushed = flowStatusReducer(INITIAL_FLOW_STATUS, { type: 'pushed', status: signingIn });
    const state = flowStatusReducer(pushed, { type: 'snapshot', status: { phase: 'idle' } });
    expect(state.status).toBe(signingIn);
  });

  it('lets every pushed status replace the previous one', () => {
    const first = flowStatusReducer(INITIAL_FLOW_STATUS, { type: 'pushed', status: signingIn });
    const failed: FlowStatusMessage = { phase: 'failed', flowId: 'flow-0001', error: 'timeout', finishedAt: 601_000 };
    expect(flowStatusReducer(first, { type: 'pushed', status: failed }).status).toBe(failed);
  });
});

describe('countdown', () => {
  it('shows minutes and two-digit seconds', () => {
    expect(formatCountdown(600_000)).toBe('10:00');
    expect(formatCountdown(65_000)).toBe('1:05');
  });

  it('rounds up, so it shows 0:00 only when the time is up', () => {
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
  });

  it('never goes below zero', () => {
    expect(remainingMs(1_000, 5_000)).toBe(0);
    expect(formatCountdown(-3_000)).toBe('0:00');
    expect(remainingMs(601_000, 1_000)).toBe(600_000);
  });
});
