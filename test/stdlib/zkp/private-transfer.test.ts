// The example of docs/zkp.md: contracts that accept a private transfer only with a valid proof.
// 1. A confidential token: balances are Pedersen commitments; a transfer moves a hidden amount
//    and must prove (Bulletproofs) that the amount and the sender's remaining balance are in
//    [0, 2^32). Amounts and blindings travel to the recipient off-chain.
// 2. A Groth16-gated payout: the contract holds a verification key and pays once per proof,
//    using the proof's public signal as a nullifier (the pattern of shielded pools).
import { describe, expect, it } from 'vitest'
import { encodeScalar, pedersenCommit, randomScalar, SCALAR_ORDER } from '../../../stdlib/zkp/pedersen.ts'
import { proveRange } from '../../../stdlib/zkp/range-proof.ts'
import { testChain } from '../../vm/harness.ts'
import { snarkjsVector } from './_fixtures.ts'

export const CONFIDENTIAL_TOKEN = `
const { storage, invoke, caller, revert, emit } = require('inkstone:host')
const BITS = 32

exports.balanceOf = (who) => storage.get('balance:' + who) ?? null

// The issuer credits a public amount; the blinding goes to the recipient off-chain.
exports.deposit = function (to, amount, blinding) {
  if (caller() !== 'issuer') revert('only the issuer deposits')
  const credit = invoke('pedersen.commit', [amount, blinding])
  const old = storage.get('balance:' + to)
  storage.set('balance:' + to, old ? invoke('pedersen.add', [old, credit]) : credit)
  emit('Deposit', { to, amount })
  return null
}

// A transfer of a hidden amount, accepted only with valid proofs that the amount and the
// sender's remaining balance are both in [0, 2^32): no negative amounts, no overdraft.
exports.transfer = function (to, amount, amountProof, remainderProof) {
  const from = caller()
  if (from === to) revert('self-transfer')
  const balance = storage.get('balance:' + from)
  if (!balance) revert('no balance')
  const remainder = invoke('pedersen.sub', [balance, amount])
  if (!invoke('range.verify', [amount, amountProof, BITS])) revert('invalid amount proof')
  if (!invoke('range.verify', [remainder, remainderProof, BITS])) revert('invalid balance proof')
  storage.set('balance:' + from, remainder)
  const old = storage.get('balance:' + to)
  storage.set('balance:' + to, old ? invoke('pedersen.add', [old, amount]) : amount)
  emit('Transfer', { from, to, amount })
  return true
}
`

export const GROTH16_PAYOUT = `
const { storage, invoke, revert, emit } = require('inkstone:host')

exports.setKey = function (vk) {
  if (storage.has('vk')) revert('key already set')
  storage.set('vk', vk)
  return null
}

// Pays 'to' once per valid proof; the proof's public signal is its nullifier.
exports.claim = function (to, publicSignals, proof) {
  const nullifier = 'spent:' + publicSignals[0]
  if (storage.has(nullifier)) revert('already claimed')
  if (!invoke('groth16.verify', [storage.get('vk'), publicSignals, proof])) revert('invalid proof')
  storage.set(nullifier, true)
  storage.set('paid:' + to, (storage.get('paid:' + to) ?? 0n) + 1n)
  emit('Claim', { to, nullifier: publicSignals[0] })
  return true
}

exports.paid = (who) => storage.get('paid:' + who) ?? 0n
`

/** A wallet's view of its confidential balance: the opening of its on-chain commitment. */
class Wallet {
  value = 0n
  blinding = 0n
  receive(value: bigint, blinding: bigint): void {
    this.value += value
    this.blinding = (this.blinding + blinding) % SCALAR_ORDER
  }
  /** A transfer of `amount`: its commitment, both proofs, and what the recipient is told. */
  send(amount: bigint) {
    const r = randomScalar()
    const amountProof = proveRange(amount, encodeScalar(r), 32)
    const remainderProof = proveRange(this.value - amount, encodeScalar(this.blinding - r), 32)
    this.value -= amount
    this.blinding = (this.blinding - r + SCALAR_ORDER) % SCALAR_ORDER
    return { args: [amountProof.commitment, amountProof.proof, remainderProof.proof], memo: { value: amount, blinding: r } }
  }
}

describe('example: a confidential token (Pedersen balances, Bulletproofs range proofs)', async () => {
  const chain = await testChain({ token: CONFIDENTIAL_TOKEN })
  const alice = new Wallet()
  const bob = new Wallet()
  const r0 = randomScalar()

  it('the issuer deposits 1000 to alice; her balance is a commitment she can open', () => {
    expect(chain.call('token', 'deposit', ['alice', 1000n, encodeScalar(r0)], { sender: 'issuer' }).ok).toBe(true)
    alice.receive(1000n, r0)
    expect(chain.call('token', 'balanceOf', ['alice']).value).toEqual(pedersenCommit(alice.value, encodeScalar(alice.blinding)))
    expect(chain.call('token', 'deposit', ['mallory', 1000n, encodeScalar(r0)], { sender: 'mallory' }).error?.message).toBe('only the issuer deposits')
  })

  it('alice sends bob a hidden 300 with valid proofs; both balances open to the right values', () => {
    const { args, memo } = alice.send(300n)
    const result = chain.call('token', 'transfer', ['bob', ...args], { sender: 'alice', gasLimit: 9_000_000 })
    expect(result.error).toBeUndefined()
    bob.receive(memo.value, memo.blinding)
    expect(chain.call('token', 'balanceOf', ['alice']).value).toEqual(pedersenCommit(700n, encodeScalar(alice.blinding)))
    expect(chain.call('token', 'balanceOf', ['bob']).value).toEqual(pedersenCommit(300n, encodeScalar(bob.blinding)))
    expect(result.events[0]?.name).toBe('Transfer')
  })

  it('an overdraft cannot be proven: the remainder would not be in range', () => {
    expect(() => bob.send(301n)).toThrow(RangeError) // 300 − 301 < 0: no proof exists
  })

  it('a proof for another amount, a replayed transfer and a wrong sender are all refused', () => {
    const { args } = bob.send(100n)
    bob.receive(100n, 0n) // undo the wallet's bookkeeping: the transfers below must fail
    const other = pedersenCommit(99n, encodeScalar(randomScalar()))
    expect(chain.call('token', 'transfer', ['alice', other, args[1], args[2]], { sender: 'bob', gasLimit: 9_000_000 }).error?.message).toBe('invalid amount proof')
    expect(chain.call('token', 'transfer', ['alice', ...args], { sender: 'carol', gasLimit: 9_000_000 }).error?.message).toBe('no balance')
    const fromAlice = alice.send(50n)
    alice.receive(50n, fromAlice.memo.blinding)
    expect(chain.call('token', 'transfer', ['carol', ...fromAlice.args], { sender: 'bob', gasLimit: 9_000_000 }).error?.message).toBe('invalid balance proof')
  })
})

describe('example: a Groth16-gated payout with nullifiers', async () => {
  const chain = await testChain({ payout: GROTH16_PAYOUT })
  const { vk, proof, publicSignals } = snarkjsVector('groth16-bn128-1pub')

  it('pays once for the snarkjs proof, refuses the replay and a tampered signal', () => {
    expect(chain.call('payout', 'setKey', [vk]).ok).toBe(true)
    expect(chain.call('payout', 'claim', ['bob', publicSignals, proof], { gasLimit: 9_000_000 }).value).toBe(true)
    expect(chain.call('payout', 'claim', ['bob', publicSignals, proof], { gasLimit: 9_000_000 }).error?.message).toBe('already claimed')
    expect(chain.call('payout', 'claim', ['eve', ['12345'], proof], { gasLimit: 9_000_000 }).error?.message).toBe('invalid proof')
    expect(chain.call('payout', 'paid', ['bob']).value).toBe(1n)
  })
})
