/**
 * The worker side of gas reports: every gas record goes into the running test's task meta
 * (vitest sends it to reporters), records made outside a test (in `beforeAll`) into the file's.
 * After each passed test its gas is compared with the snapshot the reporter provides
 * (gas-reporter.ts), so a change fails that test and names the methods whose gas moved.
 */
import { afterAll, afterEach, inject, TestRunner, type RunnerTestCase } from 'vitest'
import { gasChanges, parseGasSnapshot, testGas, type GasSnapshot } from './gas.ts'
import type { GasRecord } from './test-chain.ts'

/** What the reporter provides to the tests: the snapshot file's text; `update` when this run rewrites it (`-u`). */
export interface ProvidedGasSnapshot {
  text: string
  update: boolean
}

declare module 'vitest' {
  interface TaskMeta {
    /** Gas records of a test, or of a file's hooks outside tests. */
    inkstoneGas?: GasRecord[]
    /** The test's full name, as the snapshot file keys it. */
    inkstoneTest?: string
  }
  interface ProvidedContext {
    inkstoneGasSnapshot: ProvidedGasSnapshot | undefined
  }
}

const outsideTests: GasRecord[] = []
let parsed: { text: string; snapshot: GasSnapshot } | undefined

export function recordGas(record: GasRecord): void {
  const test = TestRunner.getCurrentTest()
  if (test) (test.meta.inkstoneGas ??= []).push(record)
  else outsideTests.push(record)
}

/** `file > describe… > test`: the file path is relative to the vitest root. */
export function testName(test: RunnerTestCase): string {
  const names = [test.name]
  for (let suite = test.suite; suite && suite !== test.file; suite = suite.suite) names.unshift(suite.name)
  return [test.file.name, ...names].join(' > ')
}

/** Registers the hooks in the file being collected (index.ts does, when a test file imports it). */
export function registerGasHooks(): void {
  afterEach(({ task }) => {
    const name = (task.meta.inkstoneTest = testName(task))
    const provided = inject('inkstoneGasSnapshot')
    if (!provided || provided.update || (task.result?.errors?.length ?? 0) > 0) return
    if (parsed?.text !== provided.text) parsed = { text: provided.text, snapshot: parseGasSnapshot(provided.text) }
    const expected = parsed.snapshot.get(name)
    if (!expected) return // a new test: the reporter adds it
    const changes = gasChanges(expected, testGas(task.meta.inkstoneGas ?? []))
    if (changes.length === 0) return
    const error = new Error(`gas differs from the gas snapshot:\n  ${changes.join('\n  ')}\nIf the change is intended, update the snapshot: inkstone test -u`)
    // The frames would be this hook's: the test's name already says where.
    error.stack = `${error.name}: ${error.message}`
    throw error
  })
  afterAll(({}, file) => {
    if (outsideTests.length > 0) file.meta.inkstoneGas = outsideTests.splice(0)
  })
}
