import { defineConfig } from 'vitest/config'

// Browser tests (`npm run test:browser`): Vite builds pages, playwright-core drives Debian's chromium.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts', 'test/playground/**/*.test.ts'],
    testTimeout: 120_000,
    // The playground is built once for all its test files.
    globalSetup: ['test/playground/built-playground.ts'],
    pool: 'forks',
  },
})
