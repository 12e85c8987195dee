import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, TestRunner, vi } from 'vitest'
import { serializeArtifact } from '../../../compiler/artifact.ts'
import { ContractCallError } from '../../../compiler/client.ts'
import type { Escrow } from '../../../examples/escrow/escrow.ts'
import type { Token } from '../../../examples/token/token.ts'
import { localChain, testAccount, type GasRecord, type TestChain, type TestContract } from '../../../stdlib/testing/index.ts'
import { build } from '../../compiler/dev-chain.ts'
import type { Probe } from './fixtures/probe.ts'

const TOKEN = 'examples/token/token.ts'
/** A matcher's failure message without colours. */
const failure = (assertion: Promise<unknown>) => assertion.then(() => 'passed', (error: Error) => error.message.replace(/\u001b\[\d+m/g, ''))
const PROBE = 'test/stdlib/testing/fixtures/probe.ts'

describe('inkstone/testing on the in-process chain', () => {
  const logs: string[] = []
  const gas: GasRecord[] = []
  let chain: TestChain
  let token: TestContract<typeof Token>
  let probe: TestContract<typeof Probe>
  let clean: number

  beforeAll(async () => {
    chain = await localChain({ log: (line) => logs.push(line), onGas: (record) => gas.push(record) })
    token = await chain.deploy<typeof Token>(TOKEN, ['Ink', 'INK', 2, 1000n])
    probe = await chain.deploy<typeof Probe>(PROBE)
    clean = await chain.snapshot()
  })
  beforeEach(async () => {
    await chain.revert(clean)
    logs.length = 0
    gas.length = 0
  })
  afterAll(() => chain.close())

  it('has named accounts with the same keys in every run', () => {
    const { alice, bob } = chain.accounts
    expect(alice).toEqual(testAccount('alice'))
    expect(alice.address).toMatch(/^0x[0-9a-f]{40}$/)
    expect(bob.address).not.toBe(alice.address)
    expect(chain.account('zoe')).toEqual(testAccount('zoe'))
    expect(chain.account('bob')).toBe(bob)
  })

  it('deploys from a path with typed init arguments; alice signs unless as(account) says otherwise', async () => {
    const { alice, bob } = chain.accounts
    expect(await token.balanceOf(alice.address)).toBe(1000n)
    await token.transfer(bob.address, 10n)
    await token.as(bob).transfer(alice.address, 4n)
    expect(await token.balanceOf(bob.address)).toBe(6n)
    expect(await token.as(bob).balanceOf(bob.address)).toBe(6n)
    const again = await chain.at<typeof Token>(token.$address, TOKEN, bob)
    await expect(again.transfer(alice.address, 1n)).toEmit('Transfer', { from: bob.address, to: alice.address, amount: 1n })
  })

  it('deploys an artifact object and an .artifact.json file; checks init arguments first', async () => {
    const artifact = await build(TOKEN)
    const fromObject = await chain.deploy<typeof Token>(artifact, ['A', 'A', 0, 1n], { from: chain.accounts.bob })
    expect(await fromObject.balanceOf(chain.accounts.bob.address)).toBe(1n)
    const dir = mkdtempSync(path.join(tmpdir(), 'inkstone-artifact-'))
    try {
      writeFileSync(path.join(dir, 'token.artifact.json'), serializeArtifact(artifact))
      const fromFile = await chain.deploy<typeof Token>(path.join(dir, 'token.artifact.json'), ['B', 'B', 0, 2n])
      expect((await fromFile.tokenInfo()).name).toBe('B')
      expect(fromFile.$address).not.toBe(fromObject.$address)
    } finally {
      rmSync(dir, { recursive: true })
    }
    // @ts-expect-error: the supply is a bigint
    await expect(chain.deploy<typeof Token>(TOKEN, ['A', 'A', 0, 5])).rejects.toThrow('Token.init: argument "supply" expected bigint, got number 5')
    await expect(chain.deploy(PROBE, ['x'])).rejects.toThrow('Probe has no initializer')
    await expect(chain.deploy<typeof Token>(TOKEN, ['A', 'A', 99, 1n])).rejects.toThrow('decimals must be an integer from 0 to 18')
  })

  it('reports a contract that does not compile with file:line:col messages', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inkstone-broken-'))
    try {
      writeFileSync(path.join(dir, 'broken.ts'), "import { Contract, view } from 'inkstone'\nexport class Broken extends Contract {\n  @view now(): number { return Date.now() }\n}\n")
      await expect(chain.deploy(path.join(dir, 'broken.ts'))).rejects.toThrow(/broken\.ts:3:\d+ .*Date/)
    } finally {
      rmSync(dir, { recursive: true })
    }
  })

  describe('toEmit', () => {
    it('passes on an event by name, with data, and with asymmetric matchers', async () => {
      const { alice, bob } = chain.accounts
      await expect(token.transfer(bob.address, 5n)).toEmit('Transfer')
      await expect(token.transfer(bob.address, 5n)).toEmit('Transfer', { from: alice.address, to: bob.address, amount: 5n })
      await expect(token.transfer(bob.address, 5n)).toEmit('Transfer', expect.objectContaining({ amount: 5n }))
      await expect(() => token.approve(bob.address, 1n)).toEmit('Approval')
      await expect(await token.$receipt('transfer', bob.address, 1n)).toEmit('Transfer')
      await expect(token.transfer(bob.address, 5n)).not.toEmit('Approval')
    })

    it('fails with the events that were emitted', async () => {
      const { alice, bob } = chain.accounts
      expect(await failure(expect(token.transfer(bob.address, 5n)).toEmit('Transfer', { from: alice.address, to: bob.address, amount: 6n }))).toBe(
        `expected the call to emit event Transfer with {"amount": 6n, "from": "${alice.address}", "to": "${bob.address}"}; it emitted:\n  Transfer {"amount": 5n, "from": "${alice.address}", "to": "${bob.address}"}`,
      )
      await expect(expect(token.transfer(bob.address, 5n)).toEmit('Approval')).rejects.toThrow('it emitted:\n  Transfer')
      await expect(expect(token.transfer(bob.address, 5n)).not.toEmit('Transfer')).rejects.toThrow('expected the call not to emit event Transfer, but it did')
      await expect(expect(token.as(bob).transfer(alice.address, 10_000n)).toEmit('Transfer')).rejects.toThrow('but it failed: ContractCallError: insufficient balance')
      await expect(expect(Promise.resolve(1)).toEmit('Transfer')).rejects.toThrow('toEmit expects a call of a test contract')
    })

    it("tells contracts apart: a nested call's events belong to the callee", async () => {
      const { alice, bob } = chain.accounts
      const escrow = await chain.deploy<typeof Escrow>('examples/escrow/escrow.ts', [token.$address])
      await token.approve(escrow.$address, 50n)
      const open = escrow.open(bob.address, alice.address, 50n)
      await expect(open).toEmit(token, 'Transfer', { from: alice.address, to: escrow.$address, amount: 50n })
      await expect(escrow.release(0)).toEmit(escrow, 'Settled', { id: 0, to: bob.address, state: 'released' })
      await expect(escrow.as(bob).refund(0)).toRevertWith('deal 0 is already released')
      await expect(expect(escrow.release(1)).toEmit(token, 'Settled')).rejects.toThrow('but it failed')
      await expect(token.transfer(bob.address, 1n)).not.toEmit(escrow, 'Transfer')
    })
  })

  describe('toRevertWith', () => {
    it('passes on the message, a pattern, or any failure', async () => {
      const { alice, bob } = chain.accounts
      await expect(token.as(bob).transfer(alice.address, 1n)).toRevertWith('insufficient balance')
      await expect(token.as(bob).mint(bob.address, 1n)).toRevertWith(/only the owner/)
      await expect(() => token.transfer(bob.address, 0n)).toRevertWith()
      await expect(token.transfer(bob.address, 1n)).not.toRevertWith()
      await expect(token.as(bob).transfer(alice.address, 1n)).not.toRevertWith('allowance exceeded')
    })

    it('fails on success, on another message (showing the contract stack), and on errors outside the contract', async () => {
      const { alice, bob } = chain.accounts
      expect(await failure(expect(token.transfer(bob.address, 1n)).toRevertWith('insufficient balance'))).toBe('expected the call to fail with "insufficient balance", but it succeeded')
      const wrong = await failure(expect(token.as(bob).transfer(alice.address, 10_000n)).toRevertWith('allowance exceeded'))
      expect(wrong).toMatch(/^expected the call to fail with "allowance exceeded", but it failed with "insufficient balance" \(revert\)\nContractCallError: insufficient balance\n {4}at #move \(.*examples\/token\/token\.ts:\d+:\d+\)/)
      expect(await failure(expect(token.as(bob).transfer(alice.address, 10_000n)).not.toRevertWith())).toBe('expected the call not to fail, but it did (revert: "insufficient balance")')
      // @ts-expect-error: an ill-typed argument never reaches the chain
      await expect(expect(token.transfer(bob.address, 1)).toRevertWith()).rejects.toThrow('but it threw AbiError: transfer: argument "amount" expected bigint, got number 1')
    })
  })

  it("throws ContractCallError whose stack is the contract's TypeScript frames, then the test's", async () => {
    const source = readFileSync(PROBE, 'utf8').split('\n')
    const bottom = source.findIndex((line) => line.includes("require(depth < 0, 'probe failed at the bottom')")) + 1
    const recursion = source.findIndex((line) => line.includes('return this.#deeper(depth - 1)')) + 1
    const error = await probe.fail(2).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractCallError)
    const stack = (error as Error).stack!.split('\n')
    const file = path.resolve(PROBE)
    expect(stack[0]).toBe('ContractCallError: probe failed at the bottom')
    // The probe's own require, which esbuild renamed (require2), under its source name.
    expect(stack[1]).toMatch(new RegExp(`^ {4}at require \\(${file}:\\d+:\\d+\\)$`))
    expect(stack[2]).toBe(`    at #deeper (${file}:${bottom}:5)`)
    // A frame points at the start of the source span holding the call: here the return statement.
    expect(stack[3]).toBe(`    at #deeper (${file}:${recursion}:${source[recursion - 1]!.indexOf('return this.#deeper') + 1})`)
    expect(stack[5]).toMatch(new RegExp(`^ {4}at fail \\(${file}:\\d+:\\d+\\)$`))
    // The test's own frame follows the contract's; the harness's are left out.
    const own = stack.findIndex((line) => line.includes('harness.test.ts'))
    expect(own).toBeGreaterThan(5)
    expect(stack.slice(0, own).some((line) => line.includes('stdlib/testing/test-chain.ts') || line.includes('compiler/client.ts'))).toBe(false)
  })

  it('prints console.log lines tagged by contract and call, nested calls under the outermost', async () => {
    // Lines come in execution order: the relay's own line, then its callee's.
    const other = await chain.deploy<typeof Probe>(PROBE)
    logs.length = 0
    await probe.note('hello')
    await probe.relay(other.$address, 'through')
    // Calls in flight together keep their own lines.
    await Promise.all([probe.note('one'), other.note('two'), probe.note('three')])
    await expect(probe.fail(0)).toRevertWith('probe failed at the bottom')
    expect(logs).toEqual([
      '[Probe.note] noting hello',
      `[Probe.relay] relaying to ${other.$address}`,
      '[Probe.relay → Probe.note] noting through',
      '[Probe.note] noting one',
      '[Probe.note] noting two',
      '[Probe.note] noting three',
    ])
  })

  it('logs to console.log by default', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    try {
      const quiet = await localChain()
      const loud = await quiet.deploy<typeof Probe>(PROBE)
      await loud.note('to the console')
      expect(spy).toHaveBeenCalledWith('[Probe.note] noting to the console')
      const silent = await localChain({ log: false })
      await (await silent.deploy<typeof Probe>(PROBE)).note('nowhere')
      expect(spy).toHaveBeenCalledTimes(1)
      await Promise.all([quiet.close(), silent.close()])
    } finally {
      spy.mockRestore()
    }
  })

  it('reverts to a snapshot: state, nonces, height and time; a snapshot serves many reverts', async () => {
    const { alice, bob } = chain.accounts
    const height = await chain.blockNumber()
    const time = await chain.time()
    await token.transfer(bob.address, 100n)
    const afterTransfer = await chain.snapshot()
    await token.transfer(bob.address, 100n)
    await chain.advanceTime(60_000)
    expect(await token.balanceOf(bob.address)).toBe(200n)
    await chain.revert(afterTransfer)
    expect(await token.balanceOf(bob.address)).toBe(100n)
    expect(await chain.blockNumber()).toBe(height + 1)
    await chain.revert(clean)
    expect(await token.balanceOf(bob.address)).toBe(0n)
    expect(await chain.blockNumber()).toBe(height)
    expect(await chain.time()).toBe(time)
    await expect(chain.revert(afterTransfer)).rejects.toThrow(`no snapshot ${afterTransfer}`)
    // Alice's nonce went back too: her next transaction is accepted.
    await token.transfer(bob.address, 1n)
    expect(await token.balanceOf(alice.address)).toBe(999n)
  })

  it('mines one block per transaction, one second apart; mine and advanceTime move height and time', async () => {
    const start = await probe.clock()
    await probe.note('a')
    expect(await probe.clock()).toEqual({ height: start.height + 1, time: start.time + 1_000 })
    await chain.mine(3)
    await chain.advanceTime(86_400_000)
    expect(await probe.clock()).toEqual({ height: start.height + 5, time: start.time + 4_000 + 86_400_000 })
    expect(await chain.time()).toBe(start.time + 4_000 + 86_400_000)
    await expect(chain.advanceTime(-1)).rejects.toThrow('advanceTime: "ms" expected a non-negative integer')
  })

  it('records the gas of deployments, calls and views, failed ones included', async () => {
    const { bob } = chain.accounts
    await token.transfer(bob.address, 1n)
    await token.balanceOf(bob.address)
    await expect(token.as(bob).transfer(bob.address, 5n)).toRevertWith('insufficient balance')
    const receipt = await token.$receipt('transfer', bob.address, 1n)
    await chain.deploy(PROBE)
    expect(gas.map(({ contract, method, kind }) => `${kind} ${contract}.${method}`)).toEqual(['call Token.transfer', 'view Token.balanceOf', 'call Token.transfer', 'call Token.transfer', 'deploy Probe.deploy'])
    expect(gas[3]!.gasUsed).toBe(receipt.gasUsed)
    expect(gas[1]!.gasUsed).toBeLessThan(gas[0]!.gasUsed) // a view pays no intrinsic gas
    expect(gas.every(({ gasUsed }) => Number.isSafeInteger(gasUsed) && gasUsed > 0)).toBe(true)
  })
})

describe('gas records in vitest', () => {
  it("go into the running test's task meta", async () => {
    const chain = await localChain({ log: false })
    const probe = await chain.deploy<typeof Probe>(PROBE)
    await probe.note('metered')
    expect(TestRunner.getCurrentTest()!.meta.inkstoneGas!.map(({ method, kind }) => `${kind} ${method}`)).toEqual(['deploy deploy', 'call note'])
    await chain.close()
  })
})
