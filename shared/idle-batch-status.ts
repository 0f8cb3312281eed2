import type { BatchStatus } from './batch-contract';

/** The batch status while no batch has run: main's answer before the first batch, and the window's until main answers. Free of zod, so the renderer may import it. */
export const IDLE_BATCH_STATUS: BatchStatus = {
  batchId: null,
  state: 'idle',
  mode: 'list',
  entries: [],
  counts: { total: 0, connected: 0, updated: 0, skipped: 0, failed: 0, waiting: 0, notOnList: 0 },
  currentEntryId: null,
  phase: null,
  logins: 0,
  profileId: null,
  startedAt: null,
  finishedAt: null,
};
