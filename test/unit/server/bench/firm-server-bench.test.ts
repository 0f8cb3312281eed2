import { describe, expect, it } from 'vitest';
import { firmServerFigures } from '../../../../bench/firm-server-bench';
import { testClusterUrl } from '../../../support/postgres';

/**
 * A smoke test of `npm run bench`'s firm server part (issue 10 item 9), which nothing else runs: the
 * same functions with tiny counts (a plan of 100 companies, migrations once, a few access-token
 * requests per load) on the tests' PostgreSQL cluster. It checks that every line is there and its
 * figures are well-formed numbers, never what the timings are (they depend on the machine). It lives
 * under test/unit/server/ because it needs PostgreSQL, as the firm server's tests do (vitest.config.ts).
 */

const PLAN_COMPANIES = 100;
const REQUESTS_PER_RUN = 20;

/** The numbers `pattern`'s groups capture in `line`; fails the test if the line does not match. */
function figures(line: string | undefined, pattern: RegExp): number[] {
  const match = pattern.exec(line ?? '');
  expect(match, `${String(line)} should match ${pattern}`).not.toBeNull();
  return match!.slice(1).map(Number);
}

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;
const SPREAD = new RegExp(String.raw`median ${NUMBER} ms, p95 ${NUMBER} ms, max ${NUMBER} ms`);
const LOAD = new RegExp(String.raw`: ${NUMBER} req/s, p50 ${NUMBER} ms, p99 ${NUMBER} ms, server thread active ${NUMBER} µs per answer$`);

describe('npm run bench: the firm server figures (smoke test, tiny counts)', () => {
  it('prints the plan, the PGlite and PostgreSQL migrations and the access-token comparison, each with well-formed figures', async () => {
    const lines = await firmServerFigures({
      planCompanies: PLAN_COMPANIES,
      planRuns: 3,
      migrationRuns: 1,
      tokenConnections: 2,
      tokenRequestsPerRun: REQUESTS_PER_RUN,
      clusterUrl: testClusterUrl(),
    });
    // eslint-disable-next-line no-console -- printed as `npm run bench` prints them
    for (const line of lines) console.log(line);

    // No skipped part, no failed request, no Fortnox call during the loads, nothing that is not a number.
    expect(lines.filter((line) => /SKIPPED|WARNING|NaN|Infinity|undefined/.test(line))).toEqual([]);
    expect(lines).toHaveLength(6);
    const [plan, pglite, postgres, firm, local, ratio] = lines;

    expect(plan).toContain(`refresh plan for ${PLAN_COMPANIES} companies (planBackgroundRefresh, 3 runs)`);
    const [planned, busiest] = figures(plan, /; (\d+) planned, at most (\d+) renewals in any 5 s/);
    expect(planned).toBeGreaterThan(0);
    expect(planned).toBeLessThanOrEqual(PLAN_COMPANIES);
    expect(busiest).toBeGreaterThan(0);
    expect(busiest).toBeLessThanOrEqual(planned!);

    const [pgliteVersion, pgliteMs] = figures(pglite, new RegExp(String.raw`^migrations on an empty PGlite folder .*to version (\d+)\): ${NUMBER} ms$`));
    const [postgresVersion] = figures(postgres, /^migrations on an empty PostgreSQL database \(migrate\(\)'s own timing, 1 fresh databases, to version (\d+)\): /);
    expect(pgliteVersion).toBeGreaterThan(0);
    expect(postgresVersion).toBe(pgliteVersion);
    expect(pgliteMs).toBeGreaterThanOrEqual(0);

    expect(firm).toMatch(/^firm server access token on PostgreSQL \d+/);
    expect(firm).toContain(`2 connections, median of 3 runs of ${REQUESTS_PER_RUN} requests`);
    expect(local).toMatch(/^desktop local API access token/);
    for (const line of [plan, postgres]) {
      const [median, p95, max] = figures(line, SPREAD);
      expect(median).toBeGreaterThanOrEqual(0);
      expect(p95).toBeGreaterThanOrEqual(median!);
      expect(max).toBeGreaterThanOrEqual(p95!);
    }
    for (const line of [firm, local]) {
      const [perSecond, p50, p99, busy] = figures(line, LOAD);
      expect(perSecond).toBeGreaterThan(0);
      expect(p50).toBeGreaterThan(0);
      expect(p99).toBeGreaterThanOrEqual(p50!);
      expect(busy).toBeGreaterThan(0);
    }
    const ratios = figures(ratio, new RegExp(String.raw`firm server / local API: throughput ${NUMBER}x, p50 ${NUMBER}x, p99 ${NUMBER}x$`));
    for (const value of ratios) expect(value).toBeGreaterThan(0);
  }, 240_000);
});
