// Vitest global setup of the browser tests: the playground is built once (served and standalone
// pages, as `npm run playground:build`) into a temporary folder that the test files share.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildPlayground } from '../../playground/serve.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built playground (index.html, assets/, the standalone page). */
    playgroundDir: string
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'inkstone-playground-'))
  await buildPlayground(dir)
  project.provide('playgroundDir', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
