import { defineConfig } from 'vite'
import { inkstoneEnv } from './build/inkstone-env.ts'

// Timing warnings are noise on a busy 2-core machine; the bundle sizes are reported by bench/playground.ts.
const rolldownOptions = { checks: { bundlerTimings: false } }

// `base: './'`: the built folder works from any path of any static host.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [inkstoneEnv()],
  worker: { format: 'es', plugins: () => [inkstoneEnv()], rolldownOptions },
  build: { target: 'es2022', outDir: '../dist/playground', emptyOutDir: true, chunkSizeWarningLimit: 8192, rolldownOptions },
  logLevel: 'warn',
})
