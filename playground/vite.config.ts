import { defineConfig } from 'vite'
import { inkstoneEnv } from './build/inkstone-env.ts'
import { dropMonacoWorkerFallbacks, inlineWorkers, redirectFromFile, singleFileHtml, STANDALONE_HTML } from './build/standalone.ts'

/** `vite build --mode standalone`: the one-file page for `file://` (build/standalone.ts). */
export const STANDALONE_MODE = 'standalone'

// Timing warnings are noise on a busy 2-core machine; the bundle sizes are reported by bench/playground.ts.
const checks = { bundlerTimings: false }

// `base: './'`: the built folder works from any path of any static host.
export default defineConfig(({ mode }) => {
  if (mode !== STANDALONE_MODE) {
    return {
      root: import.meta.dirname,
      base: './',
      plugins: [inkstoneEnv(), redirectFromFile()],
      worker: { format: 'es', plugins: () => [inkstoneEnv()], rolldownOptions: { checks } },
      build: { target: 'es2022', outDir: '../dist/playground', emptyOutDir: true, chunkSizeWarningLimit: 8192, rolldownOptions: { checks } },
      logLevel: 'warn',
    }
  }
  // Written next to the served build (which it must not delete), after it.
  return {
    root: import.meta.dirname,
    base: './',
    plugins: [inkstoneEnv(), inlineWorkers(), dropMonacoWorkerFallbacks(), singleFileHtml(STANDALONE_HTML)],
    worker: { format: 'iife', plugins: () => [inkstoneEnv()], rolldownOptions: { checks, output: { codeSplitting: false } } },
    build: {
      target: 'es2022',
      outDir: '../dist/playground',
      emptyOutDir: false,
      assetsInlineLimit: () => true,
      cssCodeSplit: false,
      chunkSizeWarningLimit: Infinity,
      rolldownOptions: { checks, output: { codeSplitting: false } },
    },
    logLevel: 'warn',
  }
})
