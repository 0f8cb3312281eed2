import { defineConfig } from 'vitest/config';

/**
 * Unit tests run under Node; the end-to-end suites belong to Playwright. The global setup provides a
 * PostgreSQL cluster (TEST_DATABASE_URL, or a throwaway one) for test/support/postgres.ts.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
