import { bytesToHex, bytesToNumberLE, concatBytes } from '@noble/curves/utils.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
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

// WeDPR-Lab-Crypto's `discrete_logarithm_proof` provers, written out here from its Rust source
// with fixed nonces (WeDPR publishes no vectors: its provers draw random nonces), so the
// transcripts, response signs and field order are checked independently of sigma.ts's provers.
describe('sigma: proofs built exactly as WeDPR builds them verify here', () => {
  const L = SCALAR_ORDER
  const mod = (x: bigint) => ((x % L) + L) % L
  const enc = (P: typeof PEDERSEN_G) => P.toBytes()
  /** WeDPR hash_to_scalar: Keccak-256, Scalar::from_bytes_mod_order (little-endian). */
  const hashToScalar = (...parts: Uint8Array[]) => mod(bytesToNumberLE(keccak_256(concatBytes(...parts))))
  const mul = (P: typeof PEDERSEN_G, k: bigint) => P.multiply(mod(k) || L) // k = 0 never occurs with these nonces
  const commit = (v: bigint, b: bigint) => mul(PEDERSEN_G, v).add(mul(PEDERSEN_H, b))
  const [a, b, c, d, e] = [11n, 22n, 33n, 44n, 55n].map((k) => k * 0x1234567890abcdefn)

  it('prove_knowledge_proof: t1 ‖ C ‖ G ‖ H', () => {
    const [v, r1] = [30n, 777n]
    const C = commit(v, r1)
    const t1 = commit(a!, b!)
    const check = hashToScalar(enc(t1), enc(C), enc(PEDERSEN_G), enc(PEDERSEN_H))
    const proof = { t1: enc(t1), m1: encodeScalar(mod(a! - check * v)), m2: encodeScalar(mod(b! - check * r1)) }
    expect(verifyKnowledge(enc(C), proof)).toBe(true)
  })

  it('prove_equality_relationship_proof: t1 ‖ t2 ‖ Y1 ‖ Y2 ‖ B1 ‖ B2', () => {
    const x = 424242n
    const [B1, B2] = [PEDERSEN_G, PEDERSEN_H]
    const [t1, t2] = [mul(B1, a!), mul(B2, a!)]
    const [Y1, Y2] = [mul(B1, x), mul(B2, x)]
    const check = hashToScalar(enc(t1), enc(t2), enc(Y1), enc(Y2), enc(B1), enc(B2))
    const proof = { t1: enc(t1), t2: enc(t2), m1: encodeScalar(mod(a! - check * x)) }
    expect(verifyEquality(enc(Y1), enc(Y2), enc(B1), enc(B2), proof)).toBe(true)
  })

  it('prove_sum_relationship: t1 ‖ t2 ‖ t3 ‖ C1 ‖ C2 ‖ C3 ‖ G (not H); m = (a, b, c, d, e) − check·(v1, r1, v2, r2, r3)', () => {
    const [v1, v2, r1, r2, r3] = [30n, 10n, 101n, 202n, 303n]
    const [C1, C2, C3] = [commit(v1, r1), commit(v2, r2), commit(v1 + v2, r3)]
    const [t1, t2, t3] = [commit(a!, b!), commit(c!, d!), commit(a! + c!, e!)]
    const check = hashToScalar(enc(t1), enc(t2), enc(t3), enc(C1), enc(C2), enc(C3), enc(PEDERSEN_G))
    const m = [a! - check * v1, b! - check * r1, c! - check * v2, d! - check * r2, e! - check * r3].map((x) => encodeScalar(mod(x)))
    const proof = { t1: enc(t1), t2: enc(t2), t3: enc(t3), m1: m[0]!, m2: m[1]!, m3: m[2]!, m4: m[3]!, m5: m[4]! }
    expect(verifySum(enc(C1), enc(C2), enc(C3), proof)).toBe(true)
    // the same proof with m2 and m3 swapped (another field order) does not verify
    expect(verifySum(enc(C1), enc(C2), enc(C3), { ...proof, m2: m[2]!, m3: m[1]! })).toBe(false)
  })
})
