// The CLI end to end: `inkstone node` as a child process (through the bin shim) on a free loopback
// port; the other commands run in-process through main() with their output captured.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { main } from '../../bin/cli/main.ts'

const BIN = join(import.meta.dirname, '../../bin/inkstone.js')
const EXAMPLE = join(import.meta.dirname, '../../examples/token/token.ts')
const TEMPLATE_TOKEN = join(import.meta.dirname, '../../stdlib/testing/template/contracts/token.ts')
/** `    at <name> (<file>:<line>:<column>)` for the line of `source` that contains `text` (1-based). */
function frame(name: string, source: string, file: string, text: string): string {
  const lines = readFileSync(source, 'utf8').split('\n')
  const index = lines.findIndex((line) => line.includes(text))
  return `    at ${name} (${file}:${index + 1}:${lines[index]!.indexOf(text) + 1})`
}
let dir: string
let env: NodeJS.ProcessEnv
let node: ChildProcess
let rpc: string

async function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const log = vi.spyOn(console, 'log').mockImplementation((text: string) => void (stdout += `${text}\n`))
  const error = vi.spyOn(console, 'error').mockImplementation((text: string) => void (stderr += `${text}\n`))
  const progress = vi.spyOn(process.stderr, 'write').mockImplementation((text) => ((stderr += String(text)), true))
  // The CLI looks for artifacts under the directory it runs in: the test's temp dir.
  const cwd = vi.spyOn(process, 'cwd').mockReturnValue(dir)
  const saved = { ...process.env }
  Object.assign(process.env, env, extraEnv)
  try {
    return { code: await main(args), stdout, stderr }
  } finally {
    process.env = saved
    log.mockRestore()
    error.mockRestore()
    progress.mockRestore()
    cwd.mockRestore()
  }
}

async function json<T = Record<string, unknown>>(args: string[]): Promise<T> {
  const result = await run([...args, '--json'])
  expect(result.stderr.includes('error:') ? result.stderr : '').toBe('')
  return JSON.parse(result.stdout) as T
}

/** `inkstone node` as a child process on a free port; resolves its RPC URL once it listens. */
async function spawnNode(name: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'node', '--data', join(dir, name), '--port', '0', '--workers', '1', ...extra], { cwd: dir })
  const url = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout!.on('data', (chunk) => {
      text += chunk
      const match = /JSON-RPC\s+(http:\/\/\S+)/.exec(text)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`node exited ${code}`)))
  })
  return { child, url }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'inkstone-cli-'))
  env = { INKSTONE_KEYSTORE: join(dir, 'keys.json'), INKSTONE_PASSPHRASE: 'correct horse' }
  ;({ child: node, url: rpc } = await spawnNode('chain'))
  env.INKSTONE_RPC = rpc
}, 30_000)

afterAll(() => {
  node.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

describe('inkstone CLI', () => {
  it('manages keys, builds, deploys with init, calls, views and queries; verify passes after stop', async () => {
    const alice = await json<{ address: string }>(['keys', 'new', 'alice'])
    expect(alice.address).toMatch(/^0x[0-9a-f]{40}$/)
    expect(await json(['keys', 'list'])).toEqual([expect.objectContaining({ name: 'alice', address: alice.address })])
    const wrong = await run(['keys', 'export', 'alice'], { INKSTONE_PASSPHRASE: 'nope' })
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringMatching(/wrong passphrase/) })
    expect((await json<{ privateKey: string }>(['keys', 'export', 'alice'])).privateKey).toMatch(/^[0-9a-f]{64}$/)

    const built = await json<{ artifact: string }>(['build', EXAMPLE, '--out', join(dir, 'token.json')])
    const deployed = await json<{ status: string; contractAddress: string }>(['deploy', built.artifact, '"Ink"', 'INK', '2', '1000n', '--from', 'alice'])
    expect(deployed.status).toBe('ok')
    const token = deployed.contractAddress
    const bob = '0x' + '22'.repeat(20)
    const sent = await json<{ status: string; txHash: string; events: unknown[] }>(['call', token, 'transfer', bob, '25n', '--from', 'alice'])
    expect(sent).toMatchObject({ status: 'ok', events: [{ name: 'Transfer', data: { to: bob, amount: { $bigint: '25' } } }] })
    expect(await run(['view', token, 'balanceOf', bob])).toMatchObject({ code: 0, stdout: '25n\n' })
    const reverted = await run(['call', token, 'transfer', bob, '99999n', '--from', 'alice'])
    expect(reverted).toMatchObject({ code: 1, stdout: expect.stringMatching(/FAILED \(revert\): insufficient balance/) })
    expect(await json(['receipt', sent.txHash])).toMatchObject({ status: 'ok', txHash: sent.txHash })
    expect(await json(['tx', sent.txHash])).toMatchObject({ hash: sent.txHash, from: alice.address })
    expect(await json(['block', 'latest'])).toMatchObject({ height: 3, txCount: 1 })
    expect(await json(['nonce', 'alice'])).toEqual({ address: alice.address, nonce: 3 })

    // Clear errors: usage, unknown key, a node that is not there.
    expect(await run(['call', token])).toMatchObject({ code: 2, stderr: expect.stringMatching(/usage: inkstone call/) })
    expect(await run(['call', token, 'transfer', bob, '1n', '--from', 'carol'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no key "carol"/) })
    expect(await run(['view', token, 'balanceOf', bob, '--rpc', 'http://127.0.0.1:9'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/is a node running/) })
    expect(await run(['verify', '--data', join(dir, 'chain')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/stop it first/) })

    node.kill('SIGTERM')
    await new Promise((resolve) => node.once('exit', resolve))
    const verified = await json<{ ok: boolean; height: number; transactions: number }>(['verify', '--data', join(dir, 'chain')])
    expect(verified).toMatchObject({ ok: true, height: 3, transactions: 3 })
  }, 90_000)

  it('shows a contract failure with its TypeScript frames: call, view, receipt and deploy, human and --json', async () => {
    // A node that maps failures with the artifacts under node-artifacts/ only; the CLI sees all of dir.
    mkdirSync(join(dir, 'node-artifacts'))
    const mapping = await spawnNode('mapping-chain', ['--artifacts', join(dir, 'node-artifacts')])
    env.INKSTONE_RPC = mapping.url
    onTestFinished(() => void mapping.child.kill('SIGKILL'))
    await json(['keys', 'new', 'carol'])
    // The node has this artifact (and reads it though it was built after the node started).
    const built = await json<{ artifact: string }>(['build', TEMPLATE_TOKEN, '--out', join(dir, 'node-artifacts', 'token.artifact.json')])
    const file = 'stdlib/testing/template/contracts/token.ts'
    const deployed = await json<{ contractAddress: string }>(['deploy', built.artifact, 'INK', '100n', '--from', 'carol'])
    const token = deployed.contractAddress
    const bob = '0x' + '22'.repeat(20)
    const transfer = frame('transfer', TEMPLATE_TOKEN, file, "require(balance >= amount, 'insufficient balance')")

    const reverted = await run(['call', token, 'transfer', bob, '1000n', '--from', 'carol'])
    expect(reverted.code).toBe(1)
    // The stdlib's require is the VM bridge's own function: the innermost frame is the contract's line.
    expect(reverted.stdout).toContain(`FAILED (revert): insufficient balance\n${transfer}\n`)
    const asJson = JSON.parse((await run(['call', token, 'transfer', bob, '1000n', '--from', 'carol', '--json'])).stdout)
    expect(asJson.error.stack).toMatch(/^ {4}at \S+ \(bundle:\d+:\d+\)/)
    expect(asJson.error.sourceStack).toContainEqual({ name: 'transfer', file, line: Number(transfer.split(':').at(-2)), column: 5, library: false })
    expect((await run(['receipt', asJson.txHash])).stdout).toContain(transfer)

    const viewed = await run(['view', token, 'transfer', bob, '1000n', '--from', bob])
    expect(viewed).toMatchObject({ code: 1, stdout: expect.stringContaining(transfer) })
    expect(JSON.parse((await run(['view', token, 'transfer', bob, '1000n', '--json'])).stdout).error.sourceStack).toContainEqual(expect.objectContaining({ name: 'transfer', file }))

    const badInit = await run(['deploy', built.artifact, 'INK', '-1n', '--from', 'carol'])
    expect(badInit).toMatchObject({ code: 1, stdout: expect.stringContaining(frame('#mint', TEMPLATE_TOKEN, file, "require(amount >= 0n, 'amount must not be negative')")) })

    // The node has no artifact of the example token: the CLI maps with the one it deploys …
    const example = await json<{ artifact: string }>(['build', EXAMPLE, '--out', join(dir, 'example.artifact.json')])
    const exampleFile = 'examples/token/token.ts'
    const badDecimals = await run(['deploy', example.artifact, '"Ink"', 'INK', '99', '1000n', '--from', 'carol'])
    expect(badDecimals).toMatchObject({ code: 1, stdout: expect.stringContaining(frame('init', EXAMPLE, exampleFile, "require(Number.isInteger(decimals)")) })
    // … and with an artifact of that code under the directory it runs in.
    const exampleToken = (await json<{ contractAddress: string }>(['deploy', example.artifact, '"Ink"', 'INK', '2', '10n', '--from', 'carol'])).contractAddress
    const exampleRevert = await run(['call', exampleToken, 'transfer', bob, '11n', '--from', 'carol'])
    expect(exampleRevert.stdout).toContain(`${frame('#move', EXAMPLE, exampleFile, "require(balance >= amount, 'insufficient balance')")}\n${frame('transfer', EXAMPLE, exampleFile, '#move(caller()')}`)
    // Without any artifact of the code: the bundle frames, and why.
    rmSync(example.artifact)
    const unmapped = await run(['view', exampleToken, 'transfer', bob, '11n'])
    expect(unmapped.stdout).toMatch(/FAILED \(revert\): insufficient balance\n {4}at \S+ \(bundle:\d+:\d+\)/)
    expect(unmapped.stdout).toMatch(/neither the node nor this directory has the artifact/)
  }, 90_000)

  it('scaffolds a project whose contract builds', async () => {
    const project = join(dir, 'counter-project')
    const created = await json<{ files: string[] }>(['init', project])
    expect(created.files).toEqual(expect.arrayContaining(['package.json', 'contracts/counter.ts', 'tests/counter.test.ts']))
    const built = await json<{ name: string }>(['build', join(project, 'contracts/counter.ts')])
    expect(built.name).toBe('Counter')
    expect(await run(['init', project])).toMatchObject({ code: 1, stderr: expect.stringMatching(/not empty/) })
  })

  it('builds with the compiler\'s warnings on stderr', async () => {
    const file = join(dir, 'warned.ts')
    writeFileSync(file, `import { call, StorageValue } from 'inkstone'
export class Warned {
  readonly count = new StorageValue<number>('count', 0)
  readonly atStart = this.count.get()
  @call go(): number { return this.atStart }
}
`)
    const built = await run(['build', file, '--out', join(dir, 'warned.artifact.json')])
    expect(built.code).toBe(0)
    expect(built.stderr).toMatch(/warning: warned\.ts:4:\d+ this\.count\.get\(\) needs a running call/)
  })
})
