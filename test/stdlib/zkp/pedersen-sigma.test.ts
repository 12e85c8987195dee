import { bytesToHex } from '@noble/curves/utils.js'
import { describe, expect, it } from 'vitest'
import {
  commitmentAdd,
  commitmentSub,
  encodeScalar,
  PEDERSEN_G,
  PEDERSEN_H,
  pedersenCommit,
  randomScalar,
  SCALAR_ORDER,
} from '../../../stdlib/zkp/pedersen.ts'
import { proveEquality, proveKnowledge, proveSum, verifyEquality, verifyKnowledge, verifySum } from '../../../stdlib/zkp/sigma.ts'
import { expectThrow } from './_fixtures.ts'

const r = () => encodeScalar(randomScalar())

describe('pedersen', () => {
  it('H is WeDPR/dalek\'s blinding base: from_uniform_bytes(SHA3-512(encode(G)))', () => {
    expect(bytesToHex(PEDERSEN_G.toBytes())).toBe('e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76')
    // curve25519-dalek bulletproofs PedersenGens::default().B_blinding
    expect(bytesToHex(PEDERSEN_H.toBytes())).toBe('8c9240b456a9e6dc65c377a1048d745f94a08cdb7f44cbcd7b46f34048871134')
  })

  it('is homomorphic: C(a, r) + C(b, s) = C(a + b, r + s), and subtraction', () => {
    const [ra, rb] = [randomScalar(), randomScalar()]
    const ca = pedersenCommit(30n, encodeScalar(ra))
    const cb = pedersenCommit(12n, encodeScalar(rb))
    expect(commitmentAdd(ca, cb)).toEqual(pedersenCommit(42n, encodeScalar(ra + rb)))
    expect(commitmentSub(ca, cb)).toEqual(pedersenCommit(18n, encodeScalar(ra - rb)))
  })

  it('hides: the same value with different blindings gives different commitments', () => {
    expect(pedersenCommit(5n, r())).not.toEqual(pedersenCommit(5n, r()))
  })

  const failures: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['a negative value', () => pedersenCommit(-1n, r()), RangeError, /"value" must be in \[0, ℓ\)/],
    ['a number value', () => pedersenCommit(5 as never, r()), TypeError, /"value" expected bigint/],
    ['a non-canonical blinding (≥ ℓ)', () => pedersenCommit(1n, new Uint8Array(32).fill(0xff)), RangeError, /"blinding" is not a canonical scalar/],
    ['a 31-byte blinding', () => pedersenCommit(1n, new Uint8Array(31)), RangeError, /"blinding" expected Uint8Array of length 32/],
    ['an invalid point encoding', () => commitmentAdd(new Uint8Array(32).fill(0xff), PEDERSEN_G.toBytes()), RangeError, /"c1" is not a valid ristretto255 encoding/],
  ]
  for (const [name, fn, type, message] of failures) it(`throws: ${name}`, () => expectThrow(fn, type, message))
})

describe('sigma: knowledge of an opening', () => {
  const { commitment, proof } = proveKnowledge(1234n, r())
  it('verifies', () => expect(verifyKnowledge(commitment, proof)).toBe(true))
  it('fails for another commitment and for each changed field', () => {
    expect(verifyKnowledge(pedersenCommit(1234n, r()), proof)).toBe(false)
    expect(verifyKnowledge(commitment, { ...proof, m1: encodeScalar(1n) })).toBe(false)
    expect(verifyKnowledge(commitment, { ...proof, m2: encodeScalar(1n) })).toBe(false)
    expect(verifyKnowledge(commitment, { ...proof, t1: PEDERSEN_H.toBytes() })).toBe(false)
  })
  it('throws for a malformed proof', () => {
    expectThrow(() => verifyKnowledge(commitment, { ...proof, m1: new Uint8Array(32).fill(0xff) }), RangeError, /"proof.m1" is not a canonical scalar/)
    expectThrow(() => verifyKnowledge(commitment, { t1: proof.t1 }), TypeError, /"proof.m1" expected Uint8Array/)
    expectThrow(() => verifyKnowledge(commitment, 'proof'), TypeError, /"proof" expected object/)
  })
})

describe('sigma: equality of discrete logarithms', () => {
  const b1 = PEDERSEN_G.toBytes()
  const b2 = PEDERSEN_H.toBytes()
  const { y1, y2, proof } = proveEquality(encodeScalar(987654321n), b1, b2)
  it('verifies', () => expect(verifyEquality(y1, y2, b1, b2, proof)).toBe(true))
  it('fails when the logarithms differ or a field changes', () => {
    const other = pedersenCommit(0n, encodeScalar(987654322n)) // 987654322·H
    expect(verifyEquality(y1, other, b1, b2, proof)).toBe(false)
    expect(verifyEquality(y1, y2, b2, b1, proof)).toBe(false)
    expect(verifyEquality(y1, y2, b1, b2, { ...proof, m1: encodeScalar(5n) })).toBe(false)
    expect(verifyEquality(y1, y2, b1, b2, { ...proof, t2: proof.t1 })).toBe(false)
  })
})

describe('sigma: sum of committed values', () => {
  const { c1, c2, c3, proof } = proveSum(100n, r(), 23n, r(), r())
  it('verifies', () => expect(verifySum(c1, c2, c3, proof)).toBe(true))
  it('fails for a commitment to another sum, swapped roles or a changed field', () => {
    expect(verifySum(c1, c2, pedersenCommit(124n, r()), proof)).toBe(false)
    expect(verifySum(c3, c2, c1, proof)).toBe(false)
    for (const k of ['m1', 'm2', 'm3', 'm4', 'm5'] as const) expect(verifySum(c1, c2, c3, { ...proof, [k]: encodeScalar(7n) })).toBe(false)
    expect(verifySum(c1, c2, c3, { ...proof, t3: proof.t2 })).toBe(false)
  })
  it('values near ℓ wrap like scalars (the sum is taken mod ℓ)', () => {
    const p = proveSum(SCALAR_ORDER - 1n, r(), 2n, r(), r())
    expect(verifySum(p.c1, p.c2, p.c3, p.proof)).toBe(true)
  })
})
