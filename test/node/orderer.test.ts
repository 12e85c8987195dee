// Two independent nodes behind one ordering log (the shape a Raft orderer will have): node A's pool
// proposes batches, the log delivers every batch to both, each executes on its own state and store.
import { describe, expect, it } from 'vitest'
import type { Batch } from '../../node/executor.ts'
import { InkNode } from '../../node/node.ts'
import type { Orderer } from '../../node/orderer.ts'
import { MemoryStore } from '../../node/store.ts'
import { contractAddress, decodeTx, type SignedTx } from '../../node/tx.ts'
import { account, call, CHAIN_ID, deploy, TOKEN, tx } from './helpers.ts'

/** An append-only log of batches, delivered in order to every member. */
class Log {
  readonly #members: ((batch: Batch) => Promise<void>)[] = []
  #tail: Promise<void> = Promise.resolve()
  join(deliver: (batch: Batch) => Promise<void>): void {
    this.#members.push(deliver)
  }
  append(batch: Batch): Promise<void> {
    // Members get bytes, as over a network: each decodes (and so verifies) for itself.
    this.#tail = this.#tail.then(() => Promise.all(this.#members.map((deliver) => deliver({ time: batch.time, txs: batch.txs.map((t) => decodeTx(t.raw)) })))).then(() => {})
    return this.#tail
  }
}

function logOrderer(log: Log, take: () => SignedTx[], proposer: boolean): Orderer {
  let time = 1_000
  return {
    start: (deliver) => log.join(deliver),
    notify() {
      if (!proposer) return
      const txs = take()
      if (txs.length) void log.append({ time: time++, txs })
    },
    stop: async () => {},
  }
}

describe('ordering by a shared log', () => {
  it('two nodes fed the same ordered batches end at the same block hash and state root', async () => {
    const log = new Log()
    const a = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), orderer: (take) => logOrderer(log, take, true) })
    const b = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), orderer: (take) => logOrderer(log, take, false) })
    const alice = account(1)
    const bob = account(2)
    const token = contractAddress(alice.address, 0)
    await a.sendRawTransaction(tx(alice, deploy(TOKEN)).raw)
    await a.sendRawTransaction(tx(alice, call(token, 'mint', [bob.address, 100n])).raw)
    for (let i = 0; i < 10; i++) await a.sendRawTransaction(tx(bob, call(token, 'transfer', [alice.address, BigInt(i)])).raw)
    // A transaction B's pool admitted but the log never ordered changes nothing on either.
    await b.sendRawTransaction(tx(bob, call(token, 'transfer', [alice.address, 1n]), { nonce: 10 }).raw)
    for (let i = 0; i < 500 && (a.chain.nonceOf(bob.address) < 10 || b.chain.nonceOf(bob.address) < 10); i++) await new Promise((r) => setTimeout(r, 5))
    await Promise.all([a.chain.flush(), b.chain.flush()])
    expect(b.chain.head.hash).toBe(a.chain.head.hash)
    expect(b.chain.head.header.stateRoot).toBe(a.chain.head.header.stateRoot)
    expect((await b.view(token, 'balanceOf', [alice.address])).value).toBe(45n)
    expect(b.chain.nonceOf(bob.address)).toBe(10)
    await Promise.all([a.stop(), b.stop()])
  })
})
