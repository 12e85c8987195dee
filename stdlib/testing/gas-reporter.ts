/**
 * The vitest reporter of gas (`inkstone test` installs it): after a run it prints the per-method
 * table, writes the JSON report on request, and keeps the gas snapshot file. The comparison
 * itself runs in the tests (gas-hooks.ts), from the snapshot this reporter provides at the start
 * of every run, so a change fails the test that made it.
 *
 * Snapshot file rules, following vitest's own snapshots: a passed test missing from the file is
 * added (not on CI, where vitest writes no snapshots); with `-u` (or `u` in watch mode) passed
 * tests replace their lines and the lines of tests gone from a file that ran are dropped;
 * failed and skipped tests keep theirs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { formatGasSnapshot, formatGasTable, gasChanges, parseGasSnapshot, summarizeGas, testGas, type TestGas } from './gas.ts'
import type { ProvidedGasSnapshot } from './gas-hooks.ts'
import type { GasRecord } from './test-chain.ts'

export interface GasReporterOptions {
  /** Print the table after a run (default true). */
  table?: boolean
  /** Write the report as JSON to this file (relative to the root). */
  json?: string
  /** The snapshot file, relative to the root (default `.gas-snapshot`); false: none. */
  snapshot?: string | false
}

export class GasReporter implements Reporter {
  readonly #options: GasReporterOptions
  #vitest: Vitest | undefined

  constructor(options: GasReporterOptions = {}) {
    this.#options = options
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
    this.#provide()
  }

  /** Again before every run: in watch mode the file changes between runs, and `u` updates one run. */
  onTestRunStart(): void {
    this.#provide()
  }

  onTestRunEnd(modules: readonly TestModule[], _errors: unknown, reason: TestRunEndReason): void {
    if (reason === 'interrupted') return
    const vitest = this.#vitest!
    const records: GasRecord[] = []
    const tests: { name: string; passed: boolean; gas: TestGas }[] = []
    /** Every test of the files that ran, skipped ones included (named as gas-hooks.ts testName does). */
    const known = new Set<string>()
    for (const module of modules) {
      records.push(...(module.meta().inkstoneGas ?? []))
      for (const test of module.children.allTests()) {
        const { inkstoneGas = [], inkstoneTest } = test.meta()
        records.push(...inkstoneGas)
        known.add(inkstoneTest ?? `${module.relativeModuleId} > ${test.fullName}`)
        if (inkstoneTest !== undefined) tests.push({ name: inkstoneTest, passed: test.result().state === 'passed', gas: testGas(inkstoneGas) })
      }
    }
    const summaries = summarizeGas(records)
    if (this.#options.table !== false && summaries.length > 0) vitest.logger.log(`\n${formatGasTable(summaries)}\n`)
    if (this.#options.json) {
      writeFileSync(path.resolve(vitest.config.root, this.#options.json), JSON.stringify({ methods: summaries }, null, 2) + '\n')
    }
    const file = this.#snapshotFile()
    if (file) this.#updateSnapshot(file, modules, known, tests)
  }

  #snapshotFile(): string | undefined {
    const { snapshot = '.gas-snapshot' } = this.#options
    return snapshot === false ? undefined : path.resolve(this.#vitest!.config.root, snapshot)
  }

  #provide(): void {
    const file = this.#snapshotFile()
    const value: ProvidedGasSnapshot | undefined = file === undefined ? undefined : {
      text: existsSync(file) ? readFileSync(file, 'utf8') : '',
      update: this.#vitest!.config.snapshotOptions.updateSnapshot === 'all',
    }
    this.#vitest!.provide('inkstoneGasSnapshot', value)
  }

  #updateSnapshot(file: string, modules: readonly TestModule[], known: ReadonlySet<string>, tests: { name: string; passed: boolean; gas: TestGas }[]): void {
    const mode = this.#vitest!.config.snapshotOptions.updateSnapshot
    const before = existsSync(file) ? readFileSync(file, 'utf8') : ''
    const snapshot = parseGasSnapshot(before)
    const counts = { added: 0, updated: 0, removed: 0 }
    if (mode === 'all') {
      // Lines of tests gone from a file that ran; a skipped or filtered-out test keeps its lines.
      const ran = modules.map((module) => `${module.relativeModuleId} > `)
      for (const name of snapshot.keys()) {
        if (!known.has(name) && ran.some((prefix) => name.startsWith(prefix)) && snapshot.delete(name)) counts.removed++
      }
    }
    for (const { name, passed, gas } of tests) {
      const expected = snapshot.get(name)
      if (!passed) continue
      if (expected === undefined && gas.size > 0 && mode !== 'none') {
        snapshot.set(name, gas)
        counts.added++
      } else if (expected !== undefined && mode === 'all' && gasChanges(expected, gas).length > 0) {
        if (gas.size > 0) snapshot.set(name, gas)
        else snapshot.delete(name)
        counts.updated++
      }
    }
    const after = formatGasSnapshot(snapshot)
    if (after === before) return
    writeFileSync(file, after)
    const changes = Object.entries(counts).flatMap(([what, count]) => (count > 0 ? [`${count} ${count === 1 ? 'test' : 'tests'} ${what}`] : []))
    this.#vitest!.logger.log(`gas snapshot ${path.relative(this.#vitest!.config.root, file)}: ${changes.join(', ')}`)
  }
}
