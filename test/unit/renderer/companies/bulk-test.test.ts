import { describe, expect, it } from 'vitest';
import { runBounded, summariseBulkTest } from '../../../../renderer/src/companies/bulk-test';

describe('bulk test', () => {
  it('runs at most the limit at once and returns the results in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const task = (item: number) =>
      new Promise<number>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        release.push(() => {
          running -= 1;
          resolve(item * 10);
        });
      });
    const done = runBounded([1, 2, 3, 4, 5, 6, 7], 3, task);
    // Release the waiting tasks newest first, one at a time, until all have run.
    const settle = async () => {
      for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
    };
    await settle();
    while (release.length > 0) {
      expect(running).toBeLessThanOrEqual(3);
      release.pop()?.();
      await settle();
    }
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('runs nothing for no items', async () => {
    expect(await runBounded([], 4, () => Promise.reject(new Error('not called')))).toEqual([]);
  });

  it('counts the companies that work and names the ones that do not, an unanswered call counting as failed', () => {
    const summary = summariseBulkTest([
      { tenantId: '1', result: { ok: true, companyName: 'Alfa AB', at: 1 } },
      { tenantId: '2', result: { ok: false, issue: 'invalid_grant', detail: null, at: 1 } },
      { tenantId: '3', result: null },
      { tenantId: '4', result: { ok: true, companyName: null, at: 1 } },
    ]);
    expect(summary).toEqual({ tested: 4, ok: 2, failed: ['2', '3'] });
  });
});
