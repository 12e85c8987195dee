// Consensus outputs of a fixed workload, recorded: block hashes (which cover the tx, receipts and
// state roots, gas and counts), every receipt's bytes and the final state root must not change
// when the executor, the world state or the encoders are reworked for speed.
import { describe, expect, it } from 'vitest'
import { Chain } from '../../node/chain.ts'
import { sm3Hex } from '../../node/crypto.ts'
import { MemoryStore } from '../../node/store.ts'
import { contractAddress } from '../../node/tx.ts'
import { account, call, CHAIN_ID, deploy, TOKEN, tx } from './helpers.ts'

/** Storage writes and deletes under non-ASCII keys, events with nested and non-ASCII data, bigints, nested calls, failures. */
const MIXED = `
const { storage, emit, caller, revert, call } = require('inkstone:host')
exports.init = (label) => { storage.set('label', label); return null }
exports.put = (key, value) => { storage.set(key, value); emit('Put', { key, value, by: caller(), n: [1, -2.5, 10n ** 30n, -7n] }); return { key, size: key.length } }
exports.drop = (key) => { storage.delete(key); emit('Dropped', { key }); return null }
exports.fail = (why) => { if (why === 'revert') revert('refusé: ' + why); throw new TypeError('échec ' + why) }
exports.spin = () => { for (;;) {} }
exports.relay = (token, to, amount) => call(token, 'transfer', [to, amount])
exports.bytes = () => new Uint8Array([0, 1, 254, 255])
`

/**
 * Recorded on main at 6903858, before the execution stage was reworked (exec-stage branch); the
 * block hashes and receipt bytes again at 5c42a04, where the VM began to price gas by canonical
 * length (the receipts' gas moved; the state root did not), and checked equal with the reworked
 * stage merged. A deliberate consensus change (gas schedule, the VM's results) moves them: record
 * them again from the code just before it, then check that only what the change meant to move did.
 */
const RECORDED = {
  blockHashes: [
    'a4171fa433d6078dac46ada2475f56da301591f4594ecb353cadf518531f8de7',
    'e7ceaa27e4bc1dad35a7c6a2bb65f8a5550c42a0be111df858dd7e05c62f47bd',
    '3d0b8db7d999d2c6a559afada84c1f39face4ce61d4cc6475142fc9bb290de4e',
  ],
  /** SM3 over every receipt's bytes, in order. */
  receiptBytes: '24fc43380d352ddd3274b5e461b40864d20cf31bd4ed15410d78f28762f56dbc',
  stateRoot: '212561c9553d3547642c6fb4368b76fc7de2eaf50d577cd4c5972d1d7b5daa7b',
}

describe('consensus outputs', () => {
  it('a fixed workload gives the recorded block hashes, receipt bytes and state root', async () => {
    const chain = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore(), genesisTime: 1 })
    const [alice, bob, carol] = [account(1), account(2), account(3)]
    const token = contractAddress(alice.address, 0)
    const mixed = contractAddress(bob.address, 0)
    const batches = [
      [tx(alice, deploy(TOKEN)), tx(alice, call(token, 'mint', [alice.address, 10n ** 20n])), tx(bob, deploy(MIXED, ['étiquette ✓'], 'Mixed'))],
      [
        tx(alice, call(token, 'transfer', [bob.address, 12_345n])),
        tx(bob, call(mixed, 'put', ['clé', 'valeur 🌍'])),
        tx(bob, call(mixed, 'put', ['k', { nested: [null, true, false, 0, 1.5, 'x'], empty: {} }])),
        tx(carol, call(token, 'transfer', [alice.address, 1n])), // reverts: no balance
        tx(bob, call(mixed, 'fail', ['revert'])),
        tx(bob, call(mixed, 'fail', ['throw'])),
        tx(bob, call(mixed, 'spin'), { gasLimit: 1_200_000 }),
        tx(alice, call(token, 'transfer', [carol.address, 1000n]), { nonce: 99 }), // skipped: nonce gap
        tx(bob, call(mixed, 'bytes')),
        tx(carol, deploy(MIXED, ['x'], 'Mixed')), // carol's nonce is 1 now
      ],
      [
        tx(bob, call(mixed, 'drop', ['clé'])),
        tx(bob, call(mixed, 'drop', ['never written'])),
        tx(alice, call(token, 'transfer', [mixed, 500n])),
        tx(bob, call(mixed, 'relay', [token, carol.address, 5n])),
        tx(carol, deploy('exports.f = () => { return 1 ++ }')),
        tx(carol, deploy(MIXED, ['fail'], 'Mixed'), { gasLimit: 30_000 }), // cannot pay for loading its code
        ...Array.from({ length: 20 }, (_, i) => tx(alice, call(token, 'transfer', [account(10 + i).address, BigInt(i + 1)]))),
      ],
    ]
    const blockHashes: string[] = []
    const receiptBytes: Uint8Array[] = []
    for (const [i, txs] of batches.entries()) {
      const { block, committed } = chain.execute({ time: 1000 * (i + 1), txs })
      await committed
      blockHashes.push(block.hash)
      receiptBytes.push(...block.receiptBytes)
    }
    const all = new Uint8Array(receiptBytes.reduce((n, bytes) => n + bytes.length, 0))
    receiptBytes.reduce((offset, bytes) => (all.set(bytes, offset), offset + bytes.length), 0)
    const outputs = { blockHashes, receiptBytes: sm3Hex(all), stateRoot: chain.tip.header.stateRoot }
    const statuses = await Promise.all([1, 2, 3].map(async (height) => (await chain.block({ height }))!.receipts.map((r) => r.status).join(' ')))
    expect(statuses).toEqual([
      'ok ok ok',
      'ok ok ok revert revert error out-of-gas ok ok',
      `ok ok ok ok error out-of-gas ${'ok '.repeat(20).trim()}`,
    ])
    expect(outputs).toEqual(RECORDED)
  })
})
