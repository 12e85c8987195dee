import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // The QuickJS wasm module and crypto tables are per-process; forks keep suites apart.
    pool: 'forks',
  },
})
