import type { TestResult } from '../../../shared/ipc-contract';

/** How many companies a bulk test tests at once: Fortnox allows 25 calls per 5 s per company, but one app is shared. */
export const BULK_TEST_CONCURRENCY = 4;

/** One company's outcome in a bulk test; `null` when the app did not answer. */
export interface BulkTestOutcome {
  tenantId: string;
  result: TestResult | null;
}

/** What the summary line says: how many were tested, worked, and failed (with their ids, in list order). */
export interface BulkTestSummary {
  tested: number;
  ok: number;
  failed: string[];
}

/**
 * Runs `task` for every item with at most `limit` running at once, in the items' order, and
 * returns the results in that order. A small hand-written pool: a library for ten lines would
 * cost more than it saves.
 */
export async function runBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The summary of a bulk test's outcomes (a company whose call got no answer counts as failed). */
export function summariseBulkTest(outcomes: readonly BulkTestOutcome[]): BulkTestSummary {
  const failed = outcomes.filter((outcome) => !outcome.result?.ok).map((outcome) => outcome.tenantId);
  return { tested: outcomes.length, ok: outcomes.length - failed.length, failed };
}
