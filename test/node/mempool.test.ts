import { describe, expect, it } from 'vitest'
import { encode, decode } from '../../vm/canonical.ts'
import { Chain } from '../../node/chain.ts'
import type { Batch } from '../../node/executor.ts'
import { ADMISSION_BACKLOG, InkNode, type NodeChain } from '../../node/node.ts'
import { MemoryStore } from '../../node/store.ts'
import { StateTree } from '../../node/state-root.ts'
import { toHex } from '../../node/bytes.ts'
import { contractAddress, type SignedTx } from '../../node/tx.ts'
import type { Verifier } from '../../node/mempool.ts'
import { account, call, CHAIN_ID, deploy, TOKEN, tx } from './helpers.ts'

/** Counts verifications, so tests can see that nothing is verified twice. */
class CountingVerifier implements Verifier {
  count = 0
  async verify(txs: SignedTx[]) {
    this.count += txs.length
    const { verifyTx } = await import('../../node/chain.ts')
    return txs.map(verifyTx)
  }
}

function unverified(signed: SignedTx): SignedTx {
  return { ...signed, verified: false }
}

async function waitFor(check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(check()).toBe(true)
}

describe('mempool and instant blocks', () => {
  it('orders per sender: a gap waits until filled, then both commit in order', async () => {
    const verifier = new CountingVerifier()
    const node = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), verifier })
    const alice = account(1)
    const token = contractAddress(alice.address, 0)
    const t0 = unverified(tx(alice, deploy(TOKEN)))
    const t1 = unverified(tx(alice, call(token, 'mint', [alice.address, 5n])))
    const t2 = unverified(tx(alice, call(token, 'mint', [alice.address, 7n])))
    await node.mempool.add(t2)
    await node.mempool.add(t1)
    expect(node.chain.head.header.height).toBe(0)
    await node.mempool.add(t0)
    await waitFor(() => node.chain.nonceOf(alice.address) === 3 && node.chain.head.header.height >= 1)
    await node.chain.flush()
    expect((await node.view(token, 'balanceOf', [alice.address])).value).toBe(12n)
    expect(verifier.count).toBe(3)
    await node.stop()
  })

  it('refuses duplicates, replays, gaps beyond the bound, bad signatures and a full pool — verifying each signature once', async () => {
    const verifier = new CountingVerifier()
    const node = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), verifier, mempool: { maxNonceGap: 4, maxTxs: 3 } })
    const alice = account(1)
    const token = contractAddress(alice.address, 0)
    const first = unverified(tx(alice, deploy(TOKEN)))
    // The copy waits for the first verification, then is a duplicate (pending or already executed).
    await Promise.all([node.mempool.add(first), expect(node.mempool.add(first)).rejects.toMatchObject({ reason: expect.stringMatching(/^(known|nonceTooLow)$/) })])
    await waitFor(() => node.chain.nonceOf(alice.address) === 1)
    await expect(node.mempool.add(first)).rejects.toMatchObject({ reason: 'nonceTooLow' })
    await expect(node.mempool.add(unverified(tx(alice, call(token, 'mint', [alice.address, 1n]), { nonce: 5 })))).rejects.toMatchObject({ reason: 'nonceGap' })
    const forged = decode(tx(alice, call(token, 'mint', [alice.address, 1n]), { nonce: 1 }).raw) as { body: { gasLimit: number } }
    forged.body.gasLimit += 1
    await expect(node.sendRawTransaction(encode(forged))).rejects.toMatchObject({ reason: 'badSignature' })
    await expect(node.sendRawTransaction(encode(forged))).rejects.toMatchObject({ reason: 'badSignature' }) // not verified again
    await expect(node.mempool.add(unverified(tx(alice, call(token, 'mint', []), { nonce: 1, gasLimit: 10 })))).rejects.toMatchObject({ reason: 'gasLimit' })
    for (const nonce of [2, 3, 4]) await node.mempool.add(unverified(tx(alice, call(token, 'mint', [alice.address, 1n]), { nonce })))
    await expect(node.mempool.add(unverified(tx(account(2), call(token, 'mint', []), { nonce: 1 })))).rejects.toMatchObject({ reason: 'poolFull' })
    expect(node.chain.nonceOf(alice.address)).toBe(1)
    // Nonce 1 can run next: it takes the place of the oldest gapped one (2), so 1 runs, 3–4 wait.
    await node.mempool.add(unverified(tx(alice, call(token, 'mint', [alice.address, 1n]), { nonce: 1 })))
    await waitFor(() => node.chain.nonceOf(alice.address) === 2)
    expect(verifier.count).toBe(6) // first, the forged one, nonces 2–4, nonce 1
    await node.stop()
  })
})

describe('a full pool', () => {
  it('drops transactions waiting behind a gap to admit one that can run next', async () => {
    const node = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), mempool: { maxTxs: 2 } })
    const mallory = account(5)
    const alice = account(1)
    const gapped = [3, 4].map((nonce) => tx(mallory, deploy(TOKEN), { nonce }))
    for (const t of gapped) await node.mempool.add(t)
    await expect(node.mempool.add(tx(mallory, deploy(TOKEN), { nonce: 5 }))).rejects.toMatchObject({ reason: 'poolFull' })
    await node.mempool.add(tx(alice, deploy(TOKEN)))
    await waitFor(() => node.chain.nonceOf(alice.address) === 1)
    // The oldest gapped one made room (and may be sent again); the newer one still waits.
    await expect(node.mempool.add(gapped[1]!)).rejects.toMatchObject({ reason: 'known' })
    await node.mempool.add(gapped[0]!)
    await node.stop()
  })
})

describe('a forged copy sent first', () => {
  it('does not get the genuine transaction refused', async () => {
    const verifier = new CountingVerifier()
    const node = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), verifier })
    const alice = account(1)
    const genuine = unverified(tx(alice, deploy(TOKEN)))
    const forged = { ...genuine, sig: new Uint8Array(64).fill(7) }
    const results = await Promise.allSettled([node.mempool.add(forged), node.mempool.add(genuine)])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled'])
    await waitFor(() => node.chain.nonceOf(alice.address) === 1)
    expect(verifier.count).toBe(2)
    await node.stop()
  })
})

describe('interval blocks', () => {
  it('gathers what arrives within an interval into one block and makes no empty blocks', async () => {
    const node = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), blockIntervalMs: 150 })
    const alice = account(1)
    const token = contractAddress(alice.address, 0)
    await node.mempool.add(tx(alice, deploy(TOKEN)))
    for (let i = 0; i < 3; i++) await node.mempool.add(tx(alice, call(token, 'mint', [alice.address, 1n])))
    await waitFor(() => node.chain.head.header.height === 1)
    expect(node.chain.head.header.txCount).toBe(4)
    await new Promise((r) => setTimeout(r, 400))
    expect(node.chain.head.header.height).toBe(1)
    await node.stop()
  })
})

describe('state root tree', () => {
  it('depends only on the entries, not on the order or history of changes', () => {
    const entries = Array.from({ length: 300 }, (_, i) => [`s:k${i}`, encode(i)] as const)
    const a = new StateTree()
    for (const [k, v] of entries) a.set(k, v)
    const b = new StateTree()
    for (const [k, v] of [...entries].reverse()) b.set(k, v)
    b.set('s:extra', encode('x'))
    b.root()
    b.set('s:extra', null)
    expect(toHex(b.root())).toBe(toHex(a.root()))
    a.set('s:k1', encode(-1))
    expect(toHex(a.root())).not.toBe(toHex(b.root()))
    expect(toHex(new StateTree().root())).toBe('00'.repeat(32))
  })
})

describe('worker-thread verification', () => {
  it('verifies on workers, batch answers in order, rejects forgeries', async () => {
    const { WorkerVerifier } = await import('../../node/verify-pool.ts')
    const verifier = new WorkerVerifier(2)
    const signers = [account(1), account(2), account(3)]
    const good = signers.flatMap((a) => [0, 1].map(() => tx(a, call('0x' + '11'.repeat(20), 'f'))))
    const bad = { ...good[1]!, sig: good[0]!.sig }
    expect(await verifier.verify([...good, bad])).toEqual([...good.map(() => true), false])
    expect(await Promise.all(good.map((t) => verifier.verify([t])))).toEqual(good.map(() => [true]))
    await verifier.close()
  })

  it('answers more signatures than the jobs in flight hold, split over workers and jobs, each in its place', async () => {
    const { WorkerVerifier } = await import('../../node/verify-pool.ts')
    const verifier = new WorkerVerifier(2)
    const signers = [account(1), account(2), account(3)]
    // 750 signatures: more than two jobs of 64 per worker, so the rest waits for answers.
    const txs = Array.from({ length: 750 }, (_, i) => tx(signers[i % 3]!, call('0x' + '11'.repeat(20), 'f', [i])))
    const forged = new Set([5, 260, 511, 700])
    const sent = txs.map((t, i) => (forged.has(i) ? { ...t, sig: txs[i + 3]!.sig } : t))
    const singles = sent.slice(0, 100).map((t) => verifier.verify([t]))
    const rest = verifier.verify(sent.slice(100))
    const results = [...(await Promise.all(singles)).flat(), ...(await rest)]
    expect(results).toEqual(sent.map((_, i) => !forged.has(i)))
    await verifier.close()
  })
})

describe('a transaction the wall-clock fuse leaves out', () => {
  it('gets no receipt, uses no nonce, and its nonce can be sent again', async () => {
    const { Vm } = await import('../../vm/vm.ts')
    const node = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), vm: await Vm.create({ wallClockMs: 250 }) })
    const alice = account(1)
    const spinner = contractAddress(alice.address, 0)
    await node.mempool.add(tx(alice, deploy('exports.spin = () => { for (;;) {} }\nexports.ok = () => 1', null, 'Spin')))
    await waitFor(() => node.chain.nonceOf(alice.address) === 1)
    const spin = tx(alice, call(spinner, 'spin'), { gasLimit: 100_000_000 })
    await node.mempool.add(spin)
    // Long enough for its block to be tried and the fuse to trip (a loaded machine included).
    await new Promise((r) => setTimeout(r, 1_000))
    expect(await node.chain.transaction(spin.hash)).toBeUndefined()
    expect(node.chain.nonceOf(alice.address)).toBe(1)
    await node.mempool.add(tx(alice, call(spinner, 'ok'), { nonce: 1 }))
    await waitFor(() => node.chain.nonceOf(alice.address) === 2)
    await node.stop()
  })
})

describe('admission back-pressure', () => {
  /** An in-process chain whose executions finish only when the test lets them. */
  function heldChain(chain: Chain) {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const execute = async (batch: Batch) => {
      await gate
      return chain.execute(batch)
    }
    // Everything else is the chain's own (bound: its members use private fields).
    const held = new Proxy(chain, {
      get(target, key) {
        if (key === 'execute') return execute
        const value = Reflect.get(target, key, target) as unknown
        return typeof value === 'function' ? value.bind(target) : value
      },
    }) as NodeChain
    return { held, release }
  }
  const accept: Verifier = { verify: async (txs) => txs.map(() => true) }

  it(`waits while ${ADMISSION_BACKLOG} transactions are ready and a batch is executing, then goes on`, async () => {
    const { held, release } = heldChain(await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore() }))
    const node = await InkNode.start({ chain: held, verifier: accept })
    const alice = account(1)
    const txs = Array.from({ length: ADMISSION_BACKLOG + 3 }, () => tx(alice, call(alice.address, 'noop'), { gasLimit: 100_000 }))
    // The first becomes a batch that executes until released, the second the batch queued behind
    // it; the rest fill the pool up to the backlog.
    await node.sendRawTransaction(txs[0]!.raw)
    await waitFor(() => node.mempool.readyCount === 0)
    for (const t of txs.slice(1, -1)) await node.sendRawTransaction(t.raw)
    expect(node.mempool.readyCount).toBe(ADMISSION_BACKLOG)
    let admitted = false
    const last = node.sendRawTransaction(txs.at(-1)!.raw).then(() => (admitted = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(admitted).toBe(false)
    release()
    await last
    await waitFor(() => node.chain.nonceOf(alice.address) === txs.length)
    await node.stop()
  })

  it('never waits when no batch is executing (an interval producer between blocks)', async () => {
    const node = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), verifier: accept, blockIntervalMs: 3_600_000 })
    const alice = account(1)
    const txs = Array.from({ length: ADMISSION_BACKLOG + 3 }, () => tx(alice, call(alice.address, 'noop'), { gasLimit: 100_000 }))
    for (const t of txs) await node.sendRawTransaction(t.raw)
    expect(node.mempool.readyCount).toBe(txs.length)
    await node.stop()
  })
})
