// FFLONK against snarkjs 0.7.6: the vectors under test/vectors/zkp/fflonk-bn128-* (made by
// generate-vectors.mjs there) verify, and every tampered well-formed proof is rejected by both
// this verifier and snarkjs's own `fflonk.verify` (the oracle); malformed input throws here.
import { curves, fflonk } from 'snarkjs'
import { afterAll, describe, expect, it } from 'vitest'
import { configureFflonkCache, prepareFflonkKey, verifyFflonk } from '../../../stdlib/zkp/fflonk.ts'
import { BN254 } from '../../../stdlib/zkp/pairing.ts'
import { expectThrow, localVector, g1Json, g2Json, g2OutsideSubgroup, tamper } from './_fixtures.ts'

const r = BN254.Fr.ORDER
const EVALUATIONS = ['ql', 'qr', 'qm', 'qo', 'qc', 's1', 's2', 's3', 'a', 'b', 'c', 'z', 'zw', 't1w', 't2w']
const COMMITMENTS = ['C1', 'C2', 'W1', 'W2']
/** snarkjs starts worker threads for its curve: end them so the test process can exit. */
const snarkjsCurve = curves.getCurveFromName('bn128')
afterAll(async () => (await snarkjsCurve).terminate())

/** Both verifiers' answers for the same input. */
async function both(vk: unknown, publicSignals: unknown, proof: unknown): Promise<[boolean, boolean]> {
  return [verifyFflonk(vk, publicSignals, proof), await fflonk.verify(vk, publicSignals, proof)]
}

const plus1 = (s: unknown) => ((BigInt(s as string) + 1n) % r).toString()

for (const name of ['fflonk-bn128-1pub', 'fflonk-bn128-3pub'] as const) {
  const { vk, proof, publicSignals } = localVector(name)
  const evaluations = proof.evaluations as Record<string, string>
  const polynomials = proof.polynomials as Record<string, string[]>

  describe(`fflonk: ${name} (snarkjs 0.7.6)`, () => {
    it('verifies here and in snarkjs, with the key as JSON or prepared', async () => {
      expect(await both(vk, publicSignals, proof)).toEqual([true, true])
      expect(verifyFflonk(prepareFflonkKey(vk), publicSignals, proof)).toBe(true)
    })

    it('each changed public signal fails in both', async () => {
      for (let i = 0; i < publicSignals.length; i++) {
        expect(await both(vk, publicSignals.map((s, j) => (j === i ? plus1(s) : s)), proof)).toEqual([false, false])
      }
    })

    it('each changed evaluation fails in both; the unused "inv" changes nothing in either', async () => {
      for (const field of EVALUATIONS) {
        expect(await both(vk, publicSignals, tamper(proof, ['evaluations', field], plus1(evaluations[field])))).toEqual([false, false])
      }
      expect(await both(vk, publicSignals, tamper(proof, ['evaluations', 'inv'], plus1(evaluations.inv)))).toEqual([true, true])
    })

    it('each commitment replaced by another valid point fails in both', async () => {
      for (const field of COMMITMENTS) {
        const other = polynomials[field === 'C1' ? 'C2' : 'C1']
        expect(await both(vk, publicSignals, tamper(proof, ['polynomials', field], other))).toEqual([false, false])
      }
      const doubled = g1Json(BN254.G1.fromAffine({ x: BigInt(polynomials.W2![0]!), y: BigInt(polynomials.W2![1]!) }).double())
      expect(await both(vk, publicSignals, tamper(proof, ['polynomials', 'W2'], doubled))).toEqual([false, false])
    })

    it('a changed key (C0, k1, X_2) fails in both', async () => {
      expect(await both({ ...vk, C0: polynomials.C1 }, publicSignals, proof)).toEqual([false, false])
      expect(await both({ ...vk, k1: '5' }, publicSignals, proof)).toEqual([false, false])
      expect(await both({ ...vk, X_2: g2Json(BN254.G2.BASE.multiply(3n)) }, publicSignals, proof)).toEqual([false, false])
    })

    const n = publicSignals.length
    const malformed: [string, () => unknown, ErrorConstructor, RegExp][] = [
      ['one signal too few', () => verifyFflonk(vk, publicSignals.slice(1), proof), RangeError, new RegExp(`expected ${n} signals`)],
      ['one signal too many', () => verifyFflonk(vk, [...publicSignals, '1'], proof), RangeError, new RegExp(`expected ${n} signals`)],
      ['a signal ≥ r', () => verifyFflonk(vk, [r.toString(), ...publicSignals.slice(1)], proof), RangeError, /"publicSignals\[0\]" must be in/],
      ['an evaluation ≥ r (snarkjs refuses it too)', () => verifyFflonk(vk, publicSignals, tamper(proof, ['evaluations', 'a'], (BigInt(evaluations.a!) + r).toString())), RangeError, /"proof.evaluations.a" must be in/],
      ['"inv" ≥ r', () => verifyFflonk(vk, publicSignals, tamper(proof, ['evaluations', 'inv'], r.toString())), RangeError, /"proof.evaluations.inv" must be in/],
      ['a missing evaluation', () => verifyFflonk(vk, publicSignals, tamper(proof, ['evaluations', 't2w'], undefined)), TypeError, /"proof.evaluations.t2w"/],
      ['a commitment off the curve', () => verifyFflonk(vk, publicSignals, tamper(proof, ['polynomials', 'W1', 1], plus1(polynomials.W1![1]))), RangeError, /"proof.polynomials.W1" is not a valid point/],
      ['a coordinate ≥ p', () => verifyFflonk(vk, publicSignals, tamper(proof, ['polynomials', 'C1', 0], BN254.Fp.ORDER.toString())), RangeError, /"proof.polynomials.C1\[0\]" must be in/],
      ['C0 off the curve', () => verifyFflonk({ ...vk, C0: ['1', '3', '1'] }, publicSignals, proof), RangeError, /"vk.C0" is not a valid point/],
      ['X_2 outside the subgroup', () => verifyFflonk({ ...vk, X_2: g2Json(g2OutsideSubgroup(BN254)) }, publicSignals, proof), RangeError, /"vk.X_2" is not a valid point: .*subgroup/],
      ['X_2 at infinity', () => verifyFflonk({ ...vk, X_2: [['0', '0'], ['1', '0'], ['0', '0']] }, publicSignals, proof), RangeError, /"vk.X_2" must not be the point at infinity/],
      ['a wrong domain root w', () => verifyFflonk({ ...vk, w: vk.w3 }, publicSignals, proof), RangeError, /"vk.w" is not the 2\^power-th root/],
      ['w3 = 1', () => verifyFflonk({ ...vk, w3: '1' }, publicSignals, proof), RangeError, /"vk.w3" is not a primitive cube root/],
      ['w4 a square root of unity only', () => verifyFflonk({ ...vk, w4: (r - 1n).toString() }, publicSignals, proof), RangeError, /"vk.w4" is not a primitive 4th root/],
      ['w8 a 4th root of unity', () => verifyFflonk({ ...vk, w8: vk.w4 }, publicSignals, proof), RangeError, /"vk.w8" is not a primitive 8th root/],
      ['wr not a cube root of w', () => verifyFflonk({ ...vk, wr: vk.w }, publicSignals, proof), RangeError, /"vk.wr" is not a cube root/],
      ['bls12381', () => verifyFflonk({ ...vk, curve: 'bls12381' }, publicSignals, proof), RangeError, /bn128 only/],
      ['a PLONK key', () => verifyFflonk({ ...vk, protocol: 'plonk' }, publicSignals, proof), RangeError, /"vk.protocol" expected 'fflonk'/],
      ['nPublic above the domain', () => verifyFflonk({ ...vk, nPublic: 2 ** (vk.power as number) + 1 }, publicSignals, proof), RangeError, /"vk.nPublic" must be in/],
      ['power out of range', () => verifyFflonk({ ...vk, power: 29 }, publicSignals, proof), RangeError, /"vk.power" must be in \[1, 28\]/],
      ['no polynomials', () => verifyFflonk(vk, publicSignals, { ...proof, polynomials: undefined }), TypeError, /"proof.polynomials" expected object/],
    ]
    for (const [what, fn, type, message] of malformed) it(`throws: ${what}`, () => expectThrow(fn, type, message))
  })
}

describe('fflonk key cache', () => {
  it('can be disabled and re-enabled', () => {
    const { vk, proof, publicSignals } = localVector('fflonk-bn128-1pub')
    configureFflonkCache(0)
    expect(verifyFflonk(vk, publicSignals, proof)).toBe(true)
    configureFflonkCache(64)
    expect(verifyFflonk(vk, publicSignals, proof)).toBe(true)
  })
})
