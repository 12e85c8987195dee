import { bytesToHex, concatBytes, hexToBytes, numberToBytesBE } from '@noble/curves/utils.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bn254Add, bn254Mul } from '../../../stdlib/zkp/eip196.ts'
import { bn254Pairing } from '../../../stdlib/zkp/eip197.ts'
import { BN254, type G1Point, type G2Point } from '../../../stdlib/zkp/pairing.ts'
import { expectThrow, g2OutsideSubgroup, scalars, snarkjsVector } from './_fixtures.ts'

const vectors = (name: string) => JSON.parse(readFileSync(new URL(`./vectors/${name}.json`, import.meta.url), 'utf8'))
const e196 = vectors('eip196')
const e197 = vectors('eip197')
const { G1, G2, Fr } = BN254
const be = (n: bigint) => numberToBytesBE(n, 32)
const g1 = (P: G1Point) => (P.is0() ? new Uint8Array(64) : concatBytes(be(P.toAffine().x), be(P.toAffine().y)))
const g2 = (Q: G2Point) => {
  if (Q.is0()) return new Uint8Array(128)
  const { x, y } = Q.toAffine()
  return concatBytes(be(x.c1), be(x.c0), be(y.c1), be(y.c0))
}

describe('eip196: ECADD / ECMUL', () => {
  for (const v of e196.add) it(`add ${v.name}`, () => expect(bytesToHex(bn254Add(hexToBytes(v.input)))).toBe(v.expected))
  for (const v of e196.mul) it(`mul ${v.name}`, () => expect(bytesToHex(bn254Mul(hexToBytes(v.input)))).toBe(v.expected))
  for (const v of e196.invalid) {
    it(`fails: ${v.name}`, () => expectThrow(() => (v.op === 'add' ? bn254Add : bn254Mul)(hexToBytes(v.input)), RangeError, /not on the curve|not a field element/))
  }

  it('agrees with noble for random points and scalars (add, mul, doubling, inverse)', () => {
    const rand = scalars(11n, Fr.ORDER)
    for (let i = 0; i < 8; i++) {
      const [a, b, k] = [rand(), rand(), rand()]
      const P = G1.BASE.multiply(a)
      const Q = G1.BASE.multiply(b)
      expect(bn254Add(concatBytes(g1(P), g1(Q)))).toEqual(g1(P.add(Q)))
      expect(bn254Add(concatBytes(g1(P), g1(P)))).toEqual(g1(P.double()))
      expect(bn254Add(concatBytes(g1(P), g1(P.negate())))).toEqual(new Uint8Array(64))
      expect(bn254Mul(concatBytes(g1(P), be(k)))).toEqual(g1(P.multiply(k)))
    }
  })

  it('takes Uint8Array only', () => expectThrow(() => bn254Add('00' as never), TypeError, /"input" expected Uint8Array/))
})

describe('eip197: pairing check', () => {
  for (const v of e197.valid) it(v.name, () => expect(bytesToHex(bn254Pairing(hexToBytes(v.input)))).toBe(v.expected))

  it('bilinearity: e(aP, bQ) · e(−abP, Q) = 1, and ≠ 1 when off by one', () => {
    const rand = scalars(5n, Fr.ORDER)
    const [a, b] = [rand(), rand()]
    const input = (c: bigint) => concatBytes(g1(G1.BASE.multiply(a)), g2(G2.BASE.multiply(b)), g1(G1.BASE.multiply(c).negate()), g2(G2.BASE))
    expect(bn254Pairing(input(Fr.mul(a, b)))[31]).toBe(1)
    expect(bn254Pairing(input(Fr.add(Fr.mul(a, b), 1n)))[31]).toBe(0)
  })

  it('the snarkjs Groth16 vector, as a Solidity verifier sends it (vk_x through ECMUL/ECADD)', () => {
    const { vk, proof, publicSignals } = snarkjsVector('groth16-bn128-1pub')
    const pt1 = (a: unknown) => G1.fromAffine({ x: BigInt((a as string[])[0]!), y: BigInt((a as string[])[1]!) })
    const pt2 = (a: unknown) => {
      const [[x0, x1], [y0, y1]] = a as string[][]
      return G2.fromAffine({ x: BN254.Fp2.fromBigTuple([BigInt(x0!), BigInt(x1!)]), y: BN254.Fp2.fromBigTuple([BigInt(y0!), BigInt(y1!)]) })
    }
    const ic = vk.IC as string[][]
    const vkX = bn254Add(concatBytes(g1(pt1(ic[0])), bn254Mul(concatBytes(g1(pt1(ic[1])), be(BigInt(publicSignals[0]!))))))
    const input = (A: G1Point) =>
      concatBytes(g1(A.negate()), g2(pt2(proof.pi_b)), g1(pt1(vk.vk_alpha_1)), g2(pt2(vk.vk_beta_2)), vkX, g2(pt2(vk.vk_gamma_2)), g1(pt1(proof.pi_c)), g2(pt2(vk.vk_delta_2)))
    expect(bn254Pairing(input(pt1(proof.pi_a)))[31]).toBe(1)
    expect(bn254Pairing(input(pt1(proof.pi_a).double()))[31]).toBe(0)
  })

  const gen = g2(G2.BASE)
  const failures: [string, Uint8Array, RegExp][] = [
    ['length not a multiple of 192', new Uint8Array(191), /multiple of 192 bytes/],
    ['G1 not on the curve', concatBytes(be(1n), be(3n), gen), /pair 0 G1 is not on the curve/],
    ['G2 coordinate ≥ p', concatBytes(g1(G1.BASE), be(BN254.Fp.ORDER), gen.subarray(32)), /not a field element/],
    ['G2 not on the twist', concatBytes(g1(G1.BASE), gen.subarray(0, 96), be(5n)), /"pair 0 G2" is not a valid point/],
    ['G2 outside the order-r subgroup', concatBytes(g1(G1.BASE), g2(g2OutsideSubgroup(BN254))), /prime-order subgroup/],
  ]
  for (const [name, input, message] of failures) it(`fails: ${name}`, () => expectThrow(() => bn254Pairing(input), RangeError, message))
})
