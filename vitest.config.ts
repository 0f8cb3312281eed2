import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The firm server's tests (test/unit/server/) need PostgreSQL and a POSIX system: the server runs on
 * Linux (Docker). `FIRM_SERVER_TESTS=off` leaves them and their PostgreSQL out, for the GitHub
 * workflow's macOS and Windows jobs, which test the desktop app; its Linux job and `.ci/run` run them.
 */
const serverTests = process.env.FIRM_SERVER_TESTS !== 'off';

/**
 * Unit tests run under Node; the end-to-end suites belong to Playwright. The global setup provides a
 * PostgreSQL cluster (TEST_DATABASE_URL, or a throwaway one) for test/support/postgres.ts.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: serverTests ? configDefaults.exclude : [...configDefaults.exclude, 'test/unit/server/**'],
    environment: 'node',
    globalSetup: serverTests ? ['test/support/postgres-global-setup.ts'] : [],
  },
});
