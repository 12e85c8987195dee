import { describe, expect, it } from 'vitest'
import { Chain } from '../../node/chain.ts'
import { ChainThread } from '../../node/chain-thread.ts'
import type { ExecutedBlock } from '../../node/executor.ts'
import { LevelStore } from '../../node/level-store.ts'
import { InkNode } from '../../node/node.ts'
import { RpcClient } from '../../node/rpc/client.ts'
import { JsonRpcError } from '../../node/rpc/errors.ts'
import { rpcCore } from '../../node/rpc/methods.ts'
import { RpcServer } from '../../node/rpc/server.ts'
import { DEFAULT_VIEW_LIMITS } from '../../node/view-limits.ts'
import { MemoryStore } from '../../node/store.ts'
import { contractAddress, decodeTx, type SignedTx } from '../../node/tx.ts'
import { account, call, CHAIN_ID, deploy, tempDirs, TOKEN, tx } from './helpers.ts'

const tempDir = tempDirs('inkstone-chain-thread-')

/** A copy as the pool would hand it over before verification, with the signature's last byte flipped. */
function forged(signed: SignedTx): SignedTx {
  const raw = signed.raw.slice()
  raw[raw.length - 1]! ^= 1
  return decodeTx(raw)
}

/** What consensus covers in a block, and what the node reports about it. */
function summary(block: Pick<ExecutedBlock, 'header' | 'hash' | 'txs' | 'receipts' | 'skipped'>) {
  return { header: block.header, hash: block.hash, txs: block.txs.map((t) => t.hash), receipts: block.receipts, skipped: block.skipped.map(({ tx, reason }) => [tx.hash, reason]) }
}

describe('the chain on a worker thread', () => {
  it('computes the same blocks, receipts and state as the chain in-process, and answers the same queries', async () => {
    const alice = account(1)
    const bob = account(2)
    const token = contractAddress(alice.address, 0)
    const batches: { time: number; txs: SignedTx[] }[] = [
      { time: 10, txs: [tx(alice, deploy(TOKEN)), tx(alice, call(token, 'mint', [alice.address, 1_000n]))] },
      {
        time: 20,
        txs: [
          ...Array.from({ length: 30 }, (_, i) => tx(alice, call(token, 'transfer', [bob.address, BigInt(i)]))),
          // Reverts (bob has less), still included with its receipt.
          tx(bob, call(token, 'transfer', [alice.address, 1_000_000n])),
          // Skipped: a nonce gap, and a forged signature the worker must check itself.
          tx(bob, call(token, 'transfer', [alice.address, 1n]), { nonce: 5 }),
          forged(tx(bob, call(token, 'transfer', [alice.address, 1n]), { nonce: 1 })),
        ],
      },
      // A clock that went backwards: the block keeps its parent's time.
      { time: 15, txs: [tx(bob, call(token, 'transfer', [alice.address, 7n]), { nonce: 1 })] },
    ]
    const inline = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
    const thread = await ChainThread.open({ directory: tempDir(), chainId: CHAIN_ID })
    const notified: number[] = []
    // The notification comes once the block is durable: its receipts are queryable by then.
    const receiptsFound: Promise<boolean>[] = []
    thread.onBlock((block) => {
      notified.push(block.header.height)
      receiptsFound.push(Promise.all(block.receipts.map((r) => thread.transaction(r.txHash))).then((found) => found.every((f) => f !== undefined)))
    })
    const skipped: string[] = []
    for (const batch of batches) {
      const expected = inline.execute(batch)
      const actual = await thread.execute(batch)
      expect(summary(actual.block)).toEqual(summary(expected.block))
      skipped.push(...actual.block.skipped.map(({ reason }) => reason))
      await Promise.all([expected.committed, actual.committed])
      expect(thread.head).toEqual(inline.head)
    }
    expect(thread.tip.header.stateRoot).toBe(inline.state.root())
    expect(notified).toEqual([1, 2, 3])
    expect(await Promise.all(receiptsFound)).toEqual([true, true, true])
    // The batches did exercise what they meant to: a revert, a gap, a forged signature.
    expect(skipped).toEqual(['nonceGap', 'badSignature'])
    const second = await inline.block({ height: 2 })
    expect(second!.receipts.map((r) => r.status)).toEqual([...Array(30).fill('ok'), 'revert'])

    // The node thread's mirror and the worker's answers match the in-process chain.
    for (const address of [alice.address, bob.address, token]) {
      expect(thread.nonceOf(address)).toBe(inline.nonceOf(address))
      expect(thread.contract(address)).toEqual(inline.contract(address))
    }
    expect(await thread.view(token, 'balanceOf', [bob.address])).toEqual(inline.view(token, 'balanceOf', [bob.address]))
    expect(await thread.storage(token, '', null, 10)).toEqual(inline.storage(token, '', null, 10))
    for (let height = 0; height <= 3; height++) expect(await thread.block({ height })).toEqual(await inline.block({ height }))
    expect(await thread.block({ hash: inline.head.hash })).toEqual(await inline.block({ height: 3 }))
    const txHash = second!.receipts[30]!.txHash
    expect(await thread.transaction(txHash)).toEqual(await inline.transaction(txHash))
    expect(await thread.transaction('00'.repeat(32))).toBeUndefined()
    await Promise.all([thread.close(), inline.close()])
  })

  it('hands call arguments to the worker exactly as decoded: a "__proto__" key stays data, bigints, bytes and nesting survive', async () => {
    const alice = account(1)
    const echo = contractAddress(alice.address, 0)
    const args = [
      Object.fromEntries([['__proto__', { polluted: true }], ['b', [1n, -(2n ** 70n), null, true, 0.5]], ['1', 'integer-like key']]),
      new Uint8Array([0, 1, 255]),
      'ünïcødé ✓',
      [[[]], {}],
    ]
    const batch = { time: 1, txs: [tx(alice, deploy('exports.echo = (...args) => args', null, 'Echo')), tx(alice, call(echo, 'echo', args))] }
    const inline = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
    const thread = await ChainThread.open({ directory: tempDir(), chainId: CHAIN_ID })
    const expected = inline.execute(batch)
    const actual = await thread.execute(batch)
    expect(summary(actual.block)).toEqual(summary(expected.block))
    expect(actual.block.receipts[1]!.status).toBe('ok')
    const [echoed] = actual.block.receipts[1]!.value as [Record<string, unknown>]
    expect(Object.keys(echoed)).toEqual(['1', '__proto__', 'b'])
    expect(Object.getPrototypeOf(echoed)).toBe(Object.prototype)
    await Promise.all([expected.committed, actual.committed])
    await Promise.all([thread.close(), inline.close()])
  })

  it("answers a view over its node's limits with JSON-RPC −32005, and keeps executing blocks", async () => {
    const carol = account(3)
    const spinner = contractAddress(carol.address, 0)
    const thread = await ChainThread.open({ directory: tempDir(), chainId: CHAIN_ID, views: { ...DEFAULT_VIEW_LIMITS, wallClockMs: 1 } })
    const node = await InkNode.start({ chain: thread })
    const server = await RpcServer.start(rpcCore(node))
    const rpc = new RpcClient(server.url)
    try {
      await thread.execute({ time: 1, txs: [tx(carol, deploy('exports.spin = () => { for (;;) {} }\nexports.ping = () => 1', null, 'Spin'))] }).then((e) => e.committed)
      // 10⁷ gas of loop takes far longer than the 1 ms this node allows a view.
      const error = await rpc.request('ink_call', [{ to: spinner, method: 'spin', args: [] }]).then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(JsonRpcError)
      expect(error).toMatchObject({ code: -32005, message: 'the view ran longer than this node allows (1 ms)' })
      expect(await rpc.request('ink_call', [{ to: spinner, method: 'ping', args: [] }])).toMatchObject({ ok: true, value: 1 })
      const { block } = await thread.execute({ time: 2, txs: [tx(carol, call(spinner, 'ping'))] })
      expect(block.receipts[0]).toMatchObject({ status: 'ok', value: 1 })
    } finally {
      await server.close()
      await node.stop()
    }
  })

  it('reopens where it stopped, with the mirror loaded from the store; refuses a database in use and another chain', async () => {
    const dir = tempDir()
    const alice = account(1)
    const token = contractAddress(alice.address, 0)
    const first = await ChainThread.open({ directory: dir, chainId: CHAIN_ID })
    await (await first.execute({ time: 1, txs: [tx(alice, deploy(TOKEN)), tx(alice, call(token, 'mint', [alice.address, 9n]))] })).committed
    // LevelDB's lock keeps a second opener out, with the codes the CLI explains.
    await expect(ChainThread.open({ directory: dir, chainId: CHAIN_ID })).rejects.toMatchObject({ code: 'LEVEL_DATABASE_NOT_OPEN', cause: { code: 'LEVEL_LOCKED' } })
    const head = first.head
    await first.close()
    await expect(first.view(token, 'balanceOf', [alice.address])).rejects.toThrow(/chain stopped: chain closed/)

    const again = await ChainThread.open({ directory: dir, chainId: CHAIN_ID })
    expect(again.head).toEqual(head)
    expect(again.nonceOf(alice.address)).toBe(2)
    expect(again.contract(token)?.name).toBe('Token')
    expect((await again.view(token, 'balanceOf', [alice.address])).value).toBe(9n)
    await again.close()
    await expect(ChainThread.open({ directory: dir, chainId: 'other' })).rejects.toThrow(/holds chain/)
    // The failed open released the database.
    const store = await LevelStore.open(dir)
    await store.close()
  })
})
