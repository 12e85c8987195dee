// The CLI end to end: `inkstone node` as a child process (through the bin shim) on a free loopback
// port; the other commands run in-process through main() with their output captured.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../bin/cli/main.ts'

const BIN = join(import.meta.dirname, '../../bin/inkstone.js')
const EXAMPLE = join(import.meta.dirname, '../../examples/token/token.ts')
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
  const saved = { ...process.env }
  Object.assign(process.env, env, extraEnv)
  try {
    return { code: await main(args), stdout, stderr }
  } finally {
    process.env = saved
    log.mockRestore()
    error.mockRestore()
    progress.mockRestore()
  }
}

async function json<T = Record<string, unknown>>(args: string[]): Promise<T> {
  const result = await run([...args, '--json'])
  expect(result.stderr.includes('error:') ? result.stderr : '').toBe('')
  return JSON.parse(result.stdout) as T
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'inkstone-cli-'))
  env = { INKSTONE_KEYSTORE: join(dir, 'keys.json'), INKSTONE_PASSPHRASE: 'correct horse' }
  node = spawn(process.execPath, [BIN, 'node', '--data', join(dir, 'chain'), '--port', '0', '--workers', '1'], { cwd: dir })
  rpc = await new Promise<string>((resolve, reject) => {
    let text = ''
    node.stdout!.on('data', (chunk) => {
      text += chunk
      const match = /JSON-RPC\s+(http:\/\/\S+)/.exec(text)
      if (match) resolve(match[1]!)
    })
    node.once('exit', (code) => reject(new Error(`node exited ${code}`)))
  })
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

  it('scaffolds a project whose contract builds', async () => {
    const project = join(dir, 'counter-project')
    const created = await json<{ files: string[] }>(['init', project])
    expect(created.files).toEqual(expect.arrayContaining(['package.json', 'contracts/counter.ts', 'test/counter.test.ts']))
    const built = await json<{ name: string }>(['build', join(project, 'contracts/counter.ts')])
    expect(built.name).toBe('Counter')
    expect(await run(['init', project])).toMatchObject({ code: 1, stderr: expect.stringMatching(/not empty/) })
  })
})
