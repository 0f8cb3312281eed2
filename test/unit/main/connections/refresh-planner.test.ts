import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, planBackgroundRefresh, type PlannableCompany, type PlannedRefresh } from '../../../../main/connections/refresh-planner';
import { REFRESH_TOKEN_LIFETIME_MS } from '../../../../main/connections/token-keeper';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
/** Fortnox allows 25 calls per 5-second window; the app keeps to 24 (fortnox.md section 9). */
const WINDOW_MS = 5_000;
const MAX_PER_WINDOW = 24;

/** A small seeded PRNG (mulberry32), so a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` companies with random refresh-token ages below `maxAgeMs`; about one in ten needs a reconnect. */
function randomCompanies(seed: number, count: number, maxAgeMs: number): PlannableCompany[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    tenantId: String(100_000 + i),
    refreshTokenIssuedAt: NOW - Math.floor(random() * maxAgeMs),
    needsReconnect: random() < 0.1,
  }));
}

/** The most planned calls that fall into any closed 5-second window. */
function busiestWindow(plan: readonly PlannedRefresh[]): number {
  const times = plan.map((entry) => entry.at).sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last += 1) {
    while ((times[last] ?? 0) - (times[first] ?? 0) > WINDOW_MS) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('planBackgroundRefresh with 1,000 companies of random ages', () => {
  const seeds = [1, 2, 3, 42, 2025];

  it.each(seeds)('plans every company that can still be refreshed, and only those (seed %i)', (seed) => {
    const companies = randomCompanies(seed, 1_000, 50 * DAY);
    const plan = planBackgroundRefresh(companies, NOW);

    const expected = companies
      .filter((company) => !company.needsReconnect && NOW - company.refreshTokenIssuedAt < REFRESH_TOKEN_LIFETIME_MS)
      .map((company) => company.tenantId)
      .sort();
    expect(plan.map((entry) => entry.tenantId).sort()).toEqual(expected);
    expect(new Set(plan.map((entry) => entry.tenantId)).size).toBe(plan.length);
    expect(expected.length).toBeGreaterThan(700);
  });

  it.each(seeds)('plans nothing in the past, each company no earlier than it is due, and keeps the spacing (seed %i)', (seed) => {
    const companies = randomCompanies(seed, 1_000, 50 * DAY);
    const issuedAt = new Map(companies.map((company) => [company.tenantId, company.refreshTokenIssuedAt]));
    const plan = planBackgroundRefresh(companies, NOW);

    for (const entry of plan) {
      expect(entry.at).toBeGreaterThanOrEqual(NOW);
      expect(entry.at).toBeGreaterThanOrEqual((issuedAt.get(entry.tenantId) ?? Infinity) + DEFAULT_PLAN.refreshAfterMs);
    }
    const times = plan.map((entry) => entry.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(DEFAULT_PLAN.spacingMs);
    }
  });

  it.each(seeds)('never plans more than 24 calls in any 5-second window (seed %i)', (seed) => {
    const plan = planBackgroundRefresh(randomCompanies(seed, 1_000, 50 * DAY), NOW);
    expect(busiestWindow(plan)).toBeLessThanOrEqual(MAX_PER_WINDOW);
  });

  it.each(seeds)('goes oldest first: a later planned refresh never has an older refresh token (seed %i)', (seed) => {
    const companies = randomCompanies(seed, 1_000, 50 * DAY);
    const issuedAt = new Map(companies.map((company) => [company.tenantId, company.refreshTokenIssuedAt]));
    const plan = planBackgroundRefresh(companies, NOW);

    const ages = plan.map((entry) => issuedAt.get(entry.tenantId) ?? 0);
    for (let i = 1; i < ages.length; i += 1) expect(ages[i]).toBeGreaterThanOrEqual(ages[i - 1] ?? 0);
    for (let i = 1; i < plan.length; i += 1) expect(plan[i]?.at).toBeGreaterThanOrEqual(plan[i - 1]?.at ?? 0);
  });

  it.each(seeds)('refreshes every token before its 45 days end when all are younger than 45 days minus 5 minutes (seed %i)', (seed) => {
    const companies = randomCompanies(seed, 1_000, REFRESH_TOKEN_LIFETIME_MS - 5 * MINUTE);
    const issuedAt = new Map(companies.map((company) => [company.tenantId, company.refreshTokenIssuedAt]));
    const plan = planBackgroundRefresh(companies, NOW);

    for (const entry of plan) {
      expect(entry.at).toBeLessThan((issuedAt.get(entry.tenantId) ?? -Infinity) + REFRESH_TOKEN_LIFETIME_MS);
    }
  });

  it('still saves the oldest when 1,000 companies are all between 44 days and 45 days minus 5 minutes old', () => {
    const random = seededRandom(7);
    const companies = Array.from({ length: 1_000 }, (_, i) => ({
      tenantId: String(i + 1),
      refreshTokenIssuedAt: NOW - (44 * DAY + Math.floor(random() * (DAY - 5 * MINUTE))),
      needsReconnect: false,
    }));
    const plan = planBackgroundRefresh(companies, NOW);
    const issuedAt = new Map(companies.map((company) => [company.tenantId, company.refreshTokenIssuedAt]));

    expect(plan).toHaveLength(1_000);
    for (const entry of plan) expect(entry.at).toBeLessThan((issuedAt.get(entry.tenantId) ?? 0) + REFRESH_TOKEN_LIFETIME_MS);
  });
});

describe('planBackgroundRefresh rules', () => {
  it('plans a young company for when its refresh token turns seven days old', () => {
    const plan = planBackgroundRefresh([{ tenantId: '1', refreshTokenIssuedAt: NOW - 2 * DAY, needsReconnect: false }], NOW);
    expect(plan).toEqual([{ tenantId: '1', at: NOW + 5 * DAY }]);
  });

  it('plans a company exactly seven days old for now', () => {
    const plan = planBackgroundRefresh([{ tenantId: '1', refreshTokenIssuedAt: NOW - 7 * DAY, needsReconnect: false }], NOW);
    expect(plan).toEqual([{ tenantId: '1', at: NOW }]);
  });

  it('leaves out companies that need a reconnect and tokens that are 45 days old or older', () => {
    const plan = planBackgroundRefresh(
      [
        { tenantId: 'reconnect', refreshTokenIssuedAt: NOW - 10 * DAY, needsReconnect: true },
        { tenantId: 'expired', refreshTokenIssuedAt: NOW - REFRESH_TOKEN_LIFETIME_MS, needsReconnect: false },
        { tenantId: 'last-moment', refreshTokenIssuedAt: NOW - REFRESH_TOKEN_LIFETIME_MS + 1, needsReconnect: false },
      ],
      NOW,
    );
    expect(plan).toEqual([{ tenantId: 'last-moment', at: NOW }]);
  });

  it('spaces companies that fall due at the same moment by spacingMs, in a stable order', () => {
    const companies = ['3', '1', '2'].map((tenantId) => ({ tenantId, refreshTokenIssuedAt: NOW - DAY, needsReconnect: false }));
    const plan = planBackgroundRefresh(companies, NOW, { refreshAfterMs: DAY, spacingMs: 1_000 });
    expect(plan).toEqual([
      { tenantId: '1', at: NOW },
      { tenantId: '2', at: NOW + 1_000 },
      { tenantId: '3', at: NOW + 2_000 },
    ]);
  });

  it('returns an empty plan for no companies', () => {
    expect(planBackgroundRefresh([], NOW)).toEqual([]);
  });
});
