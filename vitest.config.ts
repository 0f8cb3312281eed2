import { defineConfig } from 'vitest/config';

/** Unit tests run under Node; the end-to-end suites belong to Playwright. */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
  },
});
