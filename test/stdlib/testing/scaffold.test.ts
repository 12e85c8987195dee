// Acceptance: `inkstone init` makes a project whose `npm install && npm test` passes offline, and
// whose runs show the gas table, console.log lines, TypeScript stack traces, a failing gas
// snapshot and its update, and watch mode. One test: it installs a project and runs vitest four times.
import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'

const BIN = path.resolve('bin/inkstone.js')
const dir = mkdtempSync(path.join(tmpdir(), 'inkstone-scaffold-'))
const project = path.join(dir, 'my-project')
// Plain output; gas snapshots written as on a developer's machine even where CI is set.
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', UPDATE_SNAPSHOT: 'new' }

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs a command in the project; `until` stops it (watch mode) once the output satisfies it. */
function run(args: string[], { cwd = project, until }: { cwd?: string; until?: (output: string) => boolean } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const [command, ...rest] = args
    const child = spawn(command!, rest, { cwd, env, detached: until !== undefined })
    let output = ''
    let stopped = false
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      if (until && !stopped && until(output)) {
        stopped = true
        process.kill(-child.pid!, 'SIGTERM') // vitest and its workers
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

it('scaffolds a project that installs offline and whose tests pass, report gas and keep a gas snapshot', async () => {
  expect((await run([process.execPath, BIN, 'init', project], { cwd: dir })).code).toBe(0)
  const installed = await run(['npm', 'install', '--prefer-offline', '--no-audit', '--no-fund'])
  expect(installed.code, installed.output).toBe(0)

  const first = await run(['npm', 'test'])
  expect(first.code, first.output).toBe(0)
  expect(first.output).toMatch(/Tests +7 passed \(7\)/)
  expect(first.output).toContain('[Counter.increment] count is now 7')
  expect(first.output).toMatch(/gas per call +calls +min +avg +max\n.*\nCounter \(deploy\) /)
  expect(first.output).toMatch(/Token\.transfer +3 /)
  expect(first.output).toContain('gas snapshot .gas-snapshot: 7 tests added')
  const snapshot = readFileSync(path.join(project, '.gas-snapshot'), 'utf8')
  expect(snapshot).toMatch(/^tests\/token\.test\.ts > Token > transfers and emits Transfer \| Token\.transfer \| \d+$/m)

  // A changed gas figure fails its test; an uncaught revert shows the contract's TypeScript line.
  writeFileSync(path.join(project, '.gas-snapshot'), snapshot.replace(/(Token > transfers and emits Transfer \| Token\.transfer \| )(\d+)/, (_, head: string, gas: string) => head + (Number(gas) + 1)))
  writeFileSync(
    path.join(project, 'tests/overdraw.test.ts'),
    "import { it } from 'vitest'\nimport { localChain } from 'inkstone/testing'\n\nit('overdraws', async () => {\n  const chain = await localChain()\n  const token = await chain.deploy('contracts/token.ts', ['INK', 1n])\n  await token.as(chain.accounts.bob).transfer(chain.accounts.alice.address, 2n)\n})\n",
  )
  const line = readFileSync(path.join(project, 'contracts/token.ts'), 'utf8').split('\n').findIndex((text) => text.includes("require(balance >= amount, 'insufficient balance')")) + 1
  const failing = await run(['npx', 'inkstone', 'test'])
  expect(failing.code, failing.output).toBe(1)
  expect(failing.output).toMatch(/FAIL +tests\/token\.test\.ts > Token > transfers and emits Transfer\nError: gas differs from the gas snapshot:\n {2}Token\.transfer: (\d+) → (\d+)\nIf the change is intended, update the snapshot: inkstone test -u/)
  expect(failing.output).toMatch(new RegExp(`FAIL +tests/overdraw\\.test\\.ts > overdraws\\nContractCallError: insufficient balance\\n.*transfer .*contracts/token\\.ts:${line}:5`))
  unlinkSync(path.join(project, 'tests/overdraw.test.ts'))

  // Only the changed test runs: the lines of the tests filtered out must stay.
  const updated = await run(['npx', 'inkstone', 'test', '-u', '--no-gas-report', '-t', 'transfers and emits Transfer'])
  expect(updated.code, updated.output).toBe(0)
  expect(updated.output).toContain('gas snapshot .gas-snapshot: 1 test updated')
  expect(updated.output).not.toContain('gas per call')
  expect(readFileSync(path.join(project, '.gas-snapshot'), 'utf8')).toBe(snapshot)

  // Watch mode reruns when a contract changes, although tests import it as a type only.
  let touched = false
  const watched = await run(['npx', 'inkstone', 'test', '--watch', 'tests/counter.test.ts'], {
    until: (output) => {
      const waits = output.split('Waiting for file changes').length - 1
      if (waits === 1 && !touched) {
        touched = true
        appendFileSync(path.join(project, 'contracts/counter.ts'), '// touched\n')
      }
      return waits === 2
    },
  })
  expect(watched.output).toMatch(/RERUN +contracts\/counter\.ts/)
}, 180_000)
