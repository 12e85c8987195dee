import { bytesToHex, concatBytes, hexToBytes, numberToBytesBE } from '@noble/curves/utils.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  bls12381G1Add,
  bls12381G1Msm,
  bls12381G2Add,
  bls12381G2Msm,
  bls12381MapFp2ToG2,
  bls12381MapFpToG1,
  bls12381Pairing,
} from '../../../stdlib/zkp/eip2537.ts'
import { BLS12_381, type G1Point, type G2Point } from '../../../stdlib/zkp/pairing.ts'
import { expectThrow, g2OutsideSubgroup, groth16Simulator, scalars } from './_fixtures.ts'

const rfc = JSON.parse(readFileSync(new URL('./vectors/rfc9380-bls12381-nu.json', import.meta.url), 'utf8'))
const { G1, G2, Fr, Fp } = BLS12_381
const fp = (n: bigint) => numberToBytesBE(n, 64)
const sc = (n: bigint) => numberToBytesBE(n, 32)
const g1 = (P: G1Point) => (P.is0() ? new Uint8Array(128) : concatBytes(fp(P.toAffine().x), fp(P.toAffine().y)))
const g2 = (Q: G2Point) => {
  if (Q.is0()) return new Uint8Array(256)
  const { x, y } = Q.toAffine()
  return concatBytes(fp(x.c0), fp(x.c1), fp(y.c0), fp(y.c1))
}
const rand = scalars(3n, Fr.ORDER)
const P = G1.BASE.multiply(rand())
const Q = G1.BASE.multiply(rand())
const R = G2.BASE.multiply(rand())
const S = G2.BASE.multiply(rand())
// (0, 2) satisfies y² = x³ + 4 but lies outside G1 (the G1 cofactor is not 1).
const offSubgroupG1 = G1.fromAffine({ x: 0n, y: 2n })

describe('eip2537: additions', () => {
  it('G1ADD and G2ADD agree with noble, including P + P, P + (−P) and infinity', () => {
    expect(bls12381G1Add(concatBytes(g1(P), g1(Q)))).toEqual(g1(P.add(Q)))
    expect(bls12381G1Add(concatBytes(g1(P), g1(P)))).toEqual(g1(P.double()))
    expect(bls12381G1Add(concatBytes(g1(P), g1(P.negate())))).toEqual(new Uint8Array(128))
    expect(bls12381G1Add(concatBytes(g1(G1.ZERO), g1(Q)))).toEqual(g1(Q))
    expect(bls12381G2Add(concatBytes(g2(R), g2(S)))).toEqual(g2(R.add(S)))
    expect(bls12381G2Add(concatBytes(g2(R), g2(R.negate())))).toEqual(new Uint8Array(256))
  })

  it('additions accept points outside the subgroup (EIP-2537: no subgroup check for ADD)', () => {
    expect(bls12381G1Add(concatBytes(g1(offSubgroupG1), g1(G1.ZERO)))).toEqual(g1(offSubgroupG1))
    const T = g2OutsideSubgroup(BLS12_381)
    expect(bls12381G2Add(concatBytes(g2(T), g2(R)))).toEqual(g2(T.add(R)))
  })
})

describe('eip2537: multi-scalar multiplication', () => {
  it('G1MSM: k = 1 is s·P; k = 3 is Σ sᵢ·Pᵢ; scalars ≥ r are allowed', () => {
    const s = [rand(), rand(), rand()]
    expect(bls12381G1Msm(concatBytes(g1(P), sc(s[0]!)))).toEqual(g1(P.multiply(s[0]!)))
    expect(bls12381G1Msm(concatBytes(g1(P), sc(s[0]!), g1(Q), sc(s[1]!), g1(G1.BASE), sc(s[2]!)))).toEqual(
      g1(P.multiply(s[0]!).add(Q.multiply(s[1]!)).add(G1.BASE.multiply(s[2]!))),
    )
    expect(bls12381G1Msm(concatBytes(g1(P), sc(Fr.ORDER + 2n)))).toEqual(g1(P.double()))
    expect(bls12381G1Msm(concatBytes(g1(P), sc(0n)))).toEqual(new Uint8Array(128))
    expect(bls12381G1Msm(concatBytes(g1(G1.ZERO), sc(5n)))).toEqual(new Uint8Array(128))
  })

  it('G2MSM: k = 1 and k = 2', () => {
    const s = [rand(), rand()]
    expect(bls12381G2Msm(concatBytes(g2(R), sc(s[0]!)))).toEqual(g2(R.multiply(s[0]!)))
    expect(bls12381G2Msm(concatBytes(g2(R), sc(s[0]!), g2(S), sc(s[1]!)))).toEqual(g2(R.multiply(s[0]!).add(S.multiply(s[1]!))))
  })
})

describe('eip2537: pairing check', () => {
  it('e(aP, bQ) · e(−abP, Q) = 1; off by one is 0', () => {
    const [a, b] = [rand(), rand()]
    const input = (c: bigint) => concatBytes(g1(G1.BASE.multiply(a)), g2(G2.BASE.multiply(b)), g1(G1.BASE.multiply(c).negate()), g2(G2.BASE))
    expect(bls12381Pairing(input(Fr.mul(a, b)))[31]).toBe(1)
    expect(bls12381Pairing(input(Fr.add(Fr.mul(a, b), 1n)))[31]).toBe(0)
  })

  it('pairs with infinity contribute 1', () => {
    expect(bls12381Pairing(concatBytes(g1(G1.ZERO), g2(R)))[31]).toBe(1)
    expect(bls12381Pairing(concatBytes(g1(P), g2(G2.ZERO)))[31]).toBe(1)
  })

  it('a simulated BLS12-381 Groth16 proof, checked through the precompile ABI', () => {
    const { vk, prove } = groth16Simulator(BLS12_381, 1)
    const proof = prove([9n])
    const p1 = (a: unknown) => G1.fromAffine({ x: BigInt((a as string[])[0]!), y: BigInt((a as string[])[1]!) })
    const p2 = (a: unknown) => {
      const [[x0, x1], [y0, y1]] = a as string[][]
      return G2.fromAffine({ x: BLS12_381.Fp2.fromBigTuple([BigInt(x0!), BigInt(x1!)]), y: BLS12_381.Fp2.fromBigTuple([BigInt(y0!), BigInt(y1!)]) })
    }
    const vkX = bls12381G1Msm(concatBytes(g1(p1(vk.IC[0])), sc(1n), g1(p1(vk.IC[1])), sc(9n)))
    const input = concatBytes(
      g1(p1(proof.pi_a).negate()), g2(p2(proof.pi_b)),
      g1(p1(vk.vk_alpha_1)), g2(p2(vk.vk_beta_2)),
      vkX, g2(p2(vk.vk_gamma_2)),
      g1(p1(proof.pi_c)), g2(p2(vk.vk_delta_2)),
    )
    expect(bls12381Pairing(input)[31]).toBe(1)
  })
})

describe('eip2537: maps to the curve (RFC 9380 NU suites)', () => {
  for (const v of rfc.g1) it(`MAP_FP_TO_G1, msg ${JSON.stringify(v.msg)}`, () => expect(bytesToHex(bls12381MapFpToG1(hexToBytes(v.input)))).toBe(v.expected))
  for (const v of rfc.g2) it(`MAP_FP2_TO_G2, msg ${JSON.stringify(v.msg)}`, () => expect(bytesToHex(bls12381MapFp2ToG2(hexToBytes(v.input)))).toBe(v.expected))

  it('outputs are in the subgroup (usable as MSM input)', () => {
    const out = bls12381MapFpToG1(fp(7n))
    expect(bls12381G1Msm(concatBytes(out, sc(1n)))).toEqual(out)
    const out2 = bls12381MapFp2ToG2(concatBytes(fp(1n), fp(2n)))
    expect(bls12381G2Msm(concatBytes(out2, sc(1n)))).toEqual(out2)
  })
})

describe('eip2537: failures', () => {
  const badPadding = g1(P)
  badPadding[0] = 1
  const failures: [string, () => unknown, RegExp][] = [
    ['G1ADD wrong length', () => bls12381G1Add(new Uint8Array(255)), /length 256/],
    ['G2ADD wrong length', () => bls12381G2Add(new Uint8Array(513)), /length 512/],
    ['G1MSM empty', () => bls12381G1Msm(new Uint8Array()), /non-zero multiple of 160/],
    ['G2MSM not a multiple', () => bls12381G2Msm(new Uint8Array(289)), /non-zero multiple of 288/],
    ['PAIRING empty', () => bls12381Pairing(new Uint8Array()), /non-zero multiple of 384/],
    ['MAP_FP_TO_G1 wrong length', () => bls12381MapFpToG1(new Uint8Array(48)), /length 64/],
    ['non-zero top 16 bytes', () => bls12381G1Add(concatBytes(badPadding, g1(Q))), /top 16 bytes/],
    ['field element = p', () => bls12381MapFpToG1(fp(Fp.ORDER)), /not a field element/],
    ['G1 point off the curve', () => bls12381G1Add(concatBytes(fp(1n), fp(1n), g1(Q))), /first point is not on the curve/],
    ['G2 point off the curve', () => bls12381G2Add(concatBytes(g2(R).subarray(0, 255), new Uint8Array([7]), g2(S))), /first point is not on the curve/],
    ['G1MSM point outside the subgroup', () => bls12381G1Msm(concatBytes(g1(offSubgroupG1), sc(1n))), /point 0 is not in the prime-order subgroup/],
    ['G2MSM point outside the subgroup', () => bls12381G2Msm(concatBytes(g2(g2OutsideSubgroup(BLS12_381)), sc(1n))), /not in the prime-order subgroup/],
    ['pairing G1 outside the subgroup', () => bls12381Pairing(concatBytes(g1(offSubgroupG1), g2(R))), /pair 0 G1 is not in the prime-order subgroup/],
    ['pairing G2 outside the subgroup', () => bls12381Pairing(concatBytes(g1(P), g2(g2OutsideSubgroup(BLS12_381)))), /pair 0 G2 is not in the prime-order subgroup/],
  ]
  for (const [name, fn, message] of failures) it(name, () => expectThrow(fn, RangeError, message))
  it('takes Uint8Array only', () => expectThrow(() => bls12381G1Add([] as never), TypeError, /"input" expected Uint8Array/))
})
