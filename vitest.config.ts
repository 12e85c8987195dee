import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests need chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ['test/browser/**', 'test/playground/**', '**/node_modules/**'],
    testTimeout: 30_000,
    // The QuickJS wasm module and crypto tables are per-process; forks keep suites apart.
    pool: 'forks',
  },
})
