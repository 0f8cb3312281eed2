import { describe, expect, it } from 'vitest';
import { batchStatusReducer, INITIAL_BATCH_STATUS } from '../../../../renderer/src/batch/use-batch-status';
import type { BatchStatus } from '../../../../shared/batch-contract';

const running: BatchStatus = { ...INITIAL_BATCH_STATUS, batchId: 'batch-0001', state: 'running' };
const finished: BatchStatus = { ...running, state: 'finished' };

describe('the batch status reducer', () => {
  it('takes the fetched snapshot until main pushes, and never lets an older snapshot replace a push', () => {
    const start = { status: INITIAL_BATCH_STATUS, pushed: false };
    expect(batchStatusReducer(start, { type: 'snapshot', status: running }).status).toBe(running);
    const pushed = batchStatusReducer(start, { type: 'pushed', status: finished });
    expect(batchStatusReducer(pushed, { type: 'snapshot', status: running }).status).toBe(finished);
    expect(batchStatusReducer(pushed, { type: 'pushed', status: running }).status).toBe(running);
  });
});
