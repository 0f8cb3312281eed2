import { describe, expect, it } from 'vitest';
import { REFRESH_TOKEN_LIFETIME_MS } from '../../../../main/connections/token-keeper';
import { MIN_HANDED_TOKEN_LIFETIME_MS } from '../../../../main/local-api/access-token-source';
import { DEFAULT_REFRESH_PLAN, nextRefreshAt, planBackgroundRefresh, type PlannableCompany } from '../../../../server/tokens/background-refresh';

const NOW = Date.UTC(2026, 2, 1, 9, 0, 0);
const HOUR = 3_600_000;
const { marginMs, spreadMs, minGapMs } = DEFAULT_REFRESH_PLAN;

function company(index: number, overrides: Partial<PlannableCompany> = {}): PlannableCompany {
  return { tenantId: String(10_000 + index), accessExpiresAt: NOW + HOUR, refreshedAt: NOW, active: true, accessOnly: false, ...overrides };
}

describe('background refresh plan', () => {
  it('renews a pair the margin plus its share of the spread before its access token ends, well before the five minutes a tool is promised', () => {
    expect(marginMs).toBeGreaterThan(MIN_HANDED_TOKEN_LIFETIME_MS);
    for (let i = 0; i < 200; i += 1) {
      const at = nextRefreshAt(String(5_000 + i), NOW + HOUR, NOW);
      expect(at).toBeLessThanOrEqual(NOW + HOUR - marginMs);
      expect(at).toBeGreaterThanOrEqual(NOW + HOUR - marginMs - spreadMs);
      expect(nextRefreshAt(String(5_000 + i), NOW + HOUR, NOW)).toBe(at);
    }
  });

  it('spreads 1,000 companies connected in the same second over the spread window', () => {
    const times = Array.from({ length: 1_000 }, (_, i) => nextRefreshAt(String(20_000 + i), NOW + HOUR, NOW));
    // Ten one-minute buckets of the ten-minute spread: none holds more than a fifth of them.
    const buckets = new Map<number, number>();
    for (const at of times) {
      const bucket = Math.floor((NOW + HOUR - marginMs - at) / 60_000);
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
    }
    expect(buckets.size).toBe(10);
    expect(Math.max(...buckets.values())).toBeLessThan(200);
  });

  it('never plans the next renewal sooner than its minimum gap after a short-lived answer, nor after a token that has ended', () => {
    expect(nextRefreshAt('101', NOW + 2 * 60_000, NOW)).toBe(NOW + minGapMs);
    expect(nextRefreshAt('101', NOW + 20_000, NOW)).toBe(NOW + 10_000);
    expect(nextRefreshAt('101', NOW - 60_000, NOW)).toBe(NOW);
  });

  it('plans the oldest first, leaves out companies that cannot be renewed, and makes overdue ones due now', () => {
    const plan = planBackgroundRefresh(
      [
        company(1),
        company(2, { active: false }),
        company(3, { accessOnly: true }),
        company(4, { refreshedAt: NOW - REFRESH_TOKEN_LIFETIME_MS }),
        company(5, { accessExpiresAt: NOW - HOUR, refreshedAt: NOW - 2 * HOUR }),
        company(6, { accessExpiresAt: NOW + 2 * HOUR }),
      ],
      NOW,
    );
    expect(plan.map((entry) => entry.tenantId)).toEqual(['10005', '10001', '10006']);
    expect(plan[0]?.at).toBe(NOW);
    expect(plan[1]?.at).toBe(nextRefreshAt('10001', NOW + HOUR, NOW));
  });

  it('plans 10,000 companies, each once, soonest first', () => {
    const companies = Array.from({ length: 10_000 }, (_, i) => company(i, { accessExpiresAt: NOW + (i % 60) * 60_000, refreshedAt: NOW - HOUR + (i % 60) * 60_000 }));
    const plan = planBackgroundRefresh(companies, NOW);
    expect(new Set(plan.map((entry) => entry.tenantId)).size).toBe(10_000);
    for (let i = 1; i < plan.length; i += 1) expect(plan[i]!.at).toBeGreaterThanOrEqual(plan[i - 1]!.at);
  });
});
