import { describe, expect, it } from 'vitest'
import { Chain } from '../../node/chain.ts'
import { MemoryStore } from '../../node/store.ts'
import { LIMITS } from '../../vm/gas-schedule.ts'
import { Vm } from '../../vm/vm.ts'
import { contractAddress, decodeTx, intrinsicGas } from '../../node/tx.ts'
import { account, call, CHAIN_ID, deploy, TOKEN, tx } from './helpers.ts'

const OOG = `exports.spin = () => { for (;;) {} }
exports.init = (x) => { if (x === 'fail') throw new Error('no'); require('inkstone:host').storage.set('x', x); return null }
exports.get = () => require('inkstone:host').storage.get('x') ?? null`

async function tokenChain() {
  const chain = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
  const alice = account(1)
  const token = contractAddress(alice.address, 0)
  const { block, committed } = chain.execute({ time: 1000, txs: [tx(alice, deploy(TOKEN)), tx(alice, call(token, 'mint', [alice.address, 100n]))] })
  await committed
  expect(block.receipts.map((r) => r.status)).toEqual(['ok', 'ok'])
  return { chain, alice, token }
}

describe('chain core', () => {
  it('makes blocks whatever text a failing contract produces: lone surrogates in its message or return value', async () => {
    // Before the VM refused and cleaned them, such a receipt could not be encoded, or the value
    // escaped the VM as an exception: the block failed, again at every attempt.
    const chain = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
    const carol = account(3)
    const lone = contractAddress(carol.address, 0)
    const source = `exports.throws = () => { throw new Error('bad ' + String.fromCharCode(0xD800)) }
exports.returns = () => 'x'.repeat(70) + String.fromCharCode(0xDC00)`
    const { block, committed } = chain.execute({ time: 1, txs: [tx(carol, deploy(source)), tx(carol, call(lone, 'throws')), tx(carol, call(lone, 'returns'))] })
    await committed
    expect(block.receipts.map((r) => [r.status, r.error?.message ?? null])).toEqual([
      ['ok', null],
      ['error', 'bad \uFFFD'],
      ['error', 'string contains a lone surrogate (not encodable)'],
    ])
    expect(chain.head.header.height).toBe(1)
  })

  it('deploys, calls, views; receipts carry events, values and gas', async () => {
    const { chain, alice, token } = await tokenChain()
    const bob = account(2)
    const { block, committed } = chain.execute({ time: 2000, txs: [tx(alice, call(token, 'transfer', [bob.address, 30n]))] })
    await committed
    const [receipt] = block.receipts
    expect(receipt).toMatchObject({ status: 'ok', value: true, error: null, height: 2, index: 0 })
    expect(receipt!.events).toEqual([{ contract: token, name: 'Transfer', data: { from: alice.address, to: bob.address, amount: 30n } }])
    expect(receipt!.gasUsed).toBeGreaterThan(2000)
    expect(chain.view(token, 'balanceOf', [bob.address]).value).toBe(30n)
    expect(chain.nonceOf(alice.address)).toBe(3)
    expect(chain.head.header).toMatchObject({ height: 2, txCount: 1, time: 2000 })
    const found = await chain.transaction(receipt!.txHash)
    expect(found?.receipt).toEqual(receipt)
    expect(chain.contract(token)).toMatchObject({ name: 'Token', deployer: alice.address, height: 1 })
  })

  it('includes reverts and out-of-gas with consistent nonce and gas; skips invalid transactions', async () => {
    const { chain, alice, token } = await tokenChain()
    const bob = account(2)
    const revert = tx(bob, call(token, 'transfer', [alice.address, 5n]))
    const gap = tx(bob, call(token, 'balanceOf', [bob.address]), { nonce: 7 })
    const replay = tx(alice, call(token, 'mint', [alice.address, 1n]), { nonce: 0 })
    const wrongChain = tx(alice, call(token, 'mint', [alice.address, 1n]), { chainId: 'other' })
    const { block, committed } = chain.execute({ time: 3000, txs: [revert, gap, replay, wrongChain] })
    await committed
    expect(block.receipts.map((r) => [r.status, r.error?.message])).toEqual([['revert', 'insufficient balance']])
    expect(block.skipped.map((s) => s.reason)).toEqual(['nonceGap', 'nonceTooLow', 'wrongChain'])
    expect(chain.nonceOf(bob.address)).toBe(1)
    expect(chain.nonceOf(alice.address)).toBe(2)

    const oog = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
    const carol = account(3)
    const spinner = contractAddress(carol.address, 0)
    const deployed = tx(carol, deploy(OOG, ['v']))
    const run = oog.execute({ time: 1, txs: [deployed, tx(carol, call(spinner, 'spin'), { gasLimit: 200_000 })] })
    await run.committed
    expect(run.block.receipts[1]).toMatchObject({ status: 'out-of-gas', gasUsed: 200_000 })
    expect(oog.nonceOf(carol.address)).toBe(2)
    expect(oog.view(spinner, 'get', []).value).toBe('v')
  })

  it('deploys nothing when init fails', async () => {
    const chain = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
    const carol = account(3)
    const { block } = chain.execute({ time: 1, txs: [tx(carol, deploy(OOG, ['fail']))] })
    expect(block.receipts[0]).toMatchObject({ status: 'error', contractAddress: null })
    expect(chain.contract(contractAddress(carol.address, 0))).toBeUndefined()
    expect(chain.nonceOf(carol.address)).toBe(1)
  })

  it('a deployment pays for loading its code, and code that cannot load is refused at deployment', async () => {
    const chain = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
    const carol = account(3)
    const bundle = 'exports.f = () => 1'
    const deployed = tx(carol, deploy(bundle))
    const broken = tx(carol, deploy('exports.f = () => { return 1 ++ }'))
    const costly = tx(carol, deploy(Array.from({ length: 2000 }, (_, i) => `class C${i} { static s() {} }`).join('\n')))
    const short = tx(carol, deploy(bundle), { gasLimit: intrinsicGas(deployed) + 100_000 })
    const { block, committed } = chain.execute({ time: 1, txs: [deployed, broken, costly, short] })
    await committed
    // Every node loads it: instrumenting, compiling and initialising, priced as a reload (RELOAD_GAS).
    const [ok, syntax, tooCostly, tooLittle] = block.receipts
    const loadPrice = (await Vm.create()).loadPrice({ codeHash: 'x', bundle })
    expect(loadPrice).toBeGreaterThan(500_000)
    expect(ok).toMatchObject({ status: 'ok', gasUsed: intrinsicGas(deployed) + loadPrice, contractAddress: contractAddress(carol.address, 0) })
    expect(syntax).toMatchObject({ status: 'error', gasUsed: 5_000_000, contractAddress: null, error: { message: expect.stringMatching(/1:27 Assigning to rvalue/) } })
    expect(tooCostly).toMatchObject({ status: 'error', gasUsed: 5_000_000, contractAddress: null, error: { message: expect.stringMatching(/too costly to compile/) } })
    expect(tooLittle).toMatchObject({ status: 'out-of-gas', gasUsed: intrinsicGas(deployed) + 100_000, contractAddress: null, error: { message: `loading the code costs ${loadPrice} gas, more than the 100000 left` } })
    expect(chain.contract(contractAddress(carol.address, 1))).toBeUndefined()
    expect(chain.nonceOf(carol.address)).toBe(4)
    await chain.close()
  })

  it('keeps a model of loaded contracts in its state: calls into one outside it pay the load, also after a restart', async () => {
    const store = new MemoryStore()
    const chain = await Chain.open({ chainId: CHAIN_ID, store })
    const dave = account(4)
    // One more contract than the model holds: the first deployed falls out of it.
    const count = LIMITS.warmContracts + 1
    const deploys = Array.from({ length: count }, (_, i) => tx(dave, deploy(`// contract ${i}\nexports.ok = () => 1`), { gasLimit: 5_000_000 }))
    await chain.execute({ time: 1, txs: deploys }).committed
    const first = contractAddress(dave.address, 0)
    const last = contractAddress(dave.address, count - 1)
    const price = chain.contract(first)!.loadGas!
    expect(price).toBeGreaterThan(500_000)
    const run = chain.execute({ time: 2, txs: [tx(dave, call(last, 'ok')), tx(dave, call(first, 'ok'))] })
    await run.committed
    const [warmCall, coldCall] = run.block.receipts
    expect(warmCall).toMatchObject({ status: 'ok', value: 1 })
    expect(coldCall).toMatchObject({ status: 'ok', value: 1 })
    expect(coldCall!.gasUsed - warmCall!.gasUsed).toBe(price)
    // A node started afresh (nothing cached) charges what the model says, not what it has loaded.
    const restarted = await Chain.open({ chainId: CHAIN_ID, store, vm: await Vm.create() })
    const same = [tx(dave, call(first, 'ok')), tx(dave, call(last, 'ok'))]
    const [a, b] = [chain.execute({ time: 3, txs: same }), restarted.execute({ time: 3, txs: same })]
    expect(b.block.receipts).toEqual(a.block.receipts)
    expect(b.block.header.stateRoot).toBe(a.block.header.stateRoot)
    expect(restarted.vm.stats().loads).toBe(2)
    await Promise.all([a.committed, b.committed.catch(() => {})])
  })

  it('two independent chains fed the same blocks compute identical roots; a forged block is refused', async () => {
    const { chain: a, alice, token } = await tokenChain()
    const bob = account(2)
    for (let i = 0; i < 5; i++) {
      await a.execute({ time: 5000 + i, txs: [tx(alice, call(token, 'transfer', [bob.address, BigInt(i + 1)]))] }).committed
    }
    const b = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
    expect(b.head.hash).toBe((await a.block({ height: 0 }))!.hash)
    for (let height = 1; height <= a.head.header.height; height++) {
      const stored = (await a.block({ height }))!
      const imported = await b.importBlock(stored)
      expect(imported.header).toEqual(stored.header)
    }
    expect(b.state.root()).toBe(a.state.root())
    expect(b.head.hash).toBe(a.head.hash)

    // A block whose state root lies is refused and changes nothing.
    const next = a.execute({ time: 9000, txs: [tx(alice, call(token, 'transfer', [bob.address, 1n]))] })
    await next.committed
    const forged = { header: { ...next.block.header, stateRoot: '00'.repeat(32) }, hash: next.block.hash, txs: next.block.txs.map((t) => t.raw) }
    const before = b.state.root()
    await expect(b.importBlock(forged)).rejects.toThrow(/stateRoot differs/)
    expect(b.state.root()).toBe(before)
    expect(b.nonceOf(alice.address)).toBe(7)
    await b.importBlock({ header: next.block.header, hash: next.block.hash, txs: next.block.txs.map((t) => decodeTx(t.raw).raw) })
    expect(b.state.root()).toBe(a.state.root())
  })

  it('a node slower than the producer still imports every transaction: agreed blocks run under a generous fuse', async () => {
    const producer = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() })
    const carol = account(3)
    const busy = contractAddress(carol.address, 0)
    const work = `exports.work = () => { let x = 0; for (let i = 0; i < 200000; i++) x += i; return x }`
    const { block, committed } = producer.execute({ time: 1, txs: [tx(carol, deploy(work)), tx(carol, call(busy, 'work'))] })
    await committed
    expect(block.receipts.map((r) => r.status)).toEqual(['ok', 'ok'])
    // This node's own fuse (1 ms) would leave the call out of a block it produced.
    const slow = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore(), vm: await Vm.create({ wallClockMs: 1 }) })
    const imported = await slow.importBlock((await producer.block({ height: 1 }))!)
    expect(imported.header).toEqual(block.header)
    expect(slow.state.root()).toBe(producer.state.root())
  })
})

describe('world state iteration', () => {
  it('reads and pages through storage by prefix like the VM memory state, while keys come and go and blocks roll back', async () => {
    const { WorldState } = await import('../../node/world-state.ts')
    const { MemoryState } = await import('../../vm/state.ts')
    const world = new WorldState()
    const reference = new MemoryState()
    const contract = '0x' + 'cd'.repeat(20)
    const keys = ['b/2', 'b/1', 'a/1', 'b/3', 'b', 'ba', 'c', 'b/10', 'é', '😀', 'b/😀']
    const apply = (changes: [string, number | null][]) => {
      const writes = new Map([[contract, new Map(changes.map(([k, v]) => [k, v === null ? null : new Uint8Array([v])]))]])
      world.begin()
      world.applyWrites(writes)
      world.commit()
      reference.apply(writes)
    }
    apply(keys.map((k, i) => [k, i]))
    const check = () => {
      for (const key of [...keys, 'b/15', 'a/0', 'never']) expect(world.get(contract, key)).toEqual(reference.get(contract, key))
      expect(world.get('0x' + 'ef'.repeat(20), 'b')).toBeUndefined()
      for (const prefix of ['', 'b', 'b/', 'a', 'z', 'é']) {
        for (const after of [null, 'b/1', 'a', 'zz', 'b']) {
          for (const limit of [1, 2, 100]) expect(world.entries(contract, prefix, after, limit)).toEqual(reference.entries(contract, prefix, after, limit))
        }
      }
    }
    check()
    apply([['b/15', 20], ['b/1', null], ['a/0', 21], ['😀', null]])
    check()
    // A block that adds, changes and deletes keys, rolled back: reads and pages as before it.
    world.begin()
    world.applyWrites(new Map([[contract, new Map([['b/16', Uint8Array.of(1)], ['b/2', Uint8Array.of(2)], ['a/1', null], ['b/15', null]])]]))
    world.rollback()
    check()
  })
})
