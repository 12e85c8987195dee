import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InkNode } from '../../../node/node.ts'
import { rpcCore } from '../../../node/rpc/methods.ts'
import { RpcServer } from '../../../node/rpc/server.ts'
import { MemoryStore } from '../../../node/store.ts'
import type { Token } from '../../../examples/token/token.ts'
import { localChain, remoteChain, type GasRecord } from '../../../stdlib/testing/index.ts'
import type { Probe } from './fixtures/probe.ts'

describe('inkstone/testing against a running node', () => {
  let node: InkNode
  let server: RpcServer

  beforeAll(async () => {
    // localChain's default chain id: every transaction carries it, so it is part of their gas.
    node = await InkNode.start({ chainId: 'inkstone-dev', store: new MemoryStore() })
    server = await RpcServer.start(rpcCore(node))
  })
  afterAll(async () => {
    await server.close()
    await node.stop()
  })

  it('deploys, calls, views and matches events and reverts with the same API', async () => {
    const gas: GasRecord[] = []
    const chain = remoteChain(server.url, { onGas: (record) => gas.push(record) })
    const { alice, bob } = chain.accounts
    const token = await chain.deploy<typeof Token>('examples/token/token.ts', ['Ink', 'INK', 2, 1000n])
    await expect(token.transfer(bob.address, 10n)).toEmit('Transfer', { from: alice.address, to: bob.address, amount: 10n })
    // Several transactions of one account in flight at once: nonces are counted in order.
    await Promise.all([token.transfer(bob.address, 1n), token.transfer(bob.address, 2n), token.as(bob).transfer(alice.address, 3n)])
    expect(await token.balanceOf(bob.address)).toBe(10n)
    await expect(token.as(bob).mint(bob.address, 1n)).toRevertWith('only the owner can mint')
    // The receipt's stack, mapped with the artifact the harness deployed: a TypeScript trace.
    const failure = (await token.as(bob).mint(bob.address, 1n).catch((error: Error) => error)) as Error
    const lines = readFileSync('examples/token/token.ts', 'utf8').split('\n')
    const line = lines.findIndex((text) => text.includes("require(caller() === this.owner.get(), 'only the owner can mint')")) + 1
    expect(failure.stack).toContain(`    at mint (${path.resolve('examples/token/token.ts')}:${line}:5)`)
    expect(await chain.blockNumber()).toBeGreaterThan(0)
    expect(await chain.time()).toBeGreaterThan(0)
    expect(gas.map(({ kind, method }) => `${kind} ${method}`)).toEqual(['deploy deploy', 'call transfer', 'call transfer', 'call transfer', 'call transfer', 'view balanceOf', 'call mint', 'call mint'])
  })

  it('uses the gas the in-process chain reports for the same transactions', async () => {
    const remote: GasRecord[] = []
    const local: GasRecord[] = []
    const run = async (chain: Awaited<ReturnType<typeof localChain>>) => {
      const probe = await chain.deploy<typeof Probe>('test/stdlib/testing/fixtures/probe.ts')
      await probe.note('same gas')
      await probe.notes()
      await expect(probe.fail(1)).toRevertWith('probe failed at the bottom')
    }
    await run(remoteChain(server.url, { onGas: (record) => remote.push(record), log: false }))
    const chain = await localChain({ onGas: (record) => local.push(record), log: false })
    await run(chain)
    await chain.close()
    expect(remote).toEqual(local)
  })

  it('refuses what a node cannot do', async () => {
    const chain = remoteChain(server.url)
    await expect(chain.snapshot()).rejects.toThrow('snapshot: not available on a node over RPC')
    await expect(chain.revert(1)).rejects.toThrow('revert: not available on a node over RPC')
    await expect(chain.advanceTime(1)).rejects.toThrow('mine and advanceTime: not available')
  })
})
