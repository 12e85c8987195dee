import { describe, expect, it } from 'vitest'
import { BN254 } from '../../../stdlib/zkp/pairing.ts'
import { configurePlonkCache, preparePlonkKey, verifyPlonk } from '../../../stdlib/zkp/plonk.ts'
import { expectThrow, g2Json, g2OutsideSubgroup, snarkjsVector, tamper } from './_fixtures.ts'

const { vk, proof, publicSignals } = snarkjsVector('plonk-bn128-2pub')
const r = BN254.Fr.ORDER

describe('plonk: snarkjs 0.7.6 vector (bn128, 2 public signals)', () => {
  it('verifies', () => expect(verifyPlonk(vk, publicSignals, proof)).toBe(true))

  it('verifies with a prepared key, and without the optional "w"', () => {
    expect(verifyPlonk(preparePlonkKey(vk), publicSignals, proof)).toBe(true)
    expect(verifyPlonk({ ...vk, w: undefined }, publicSignals, proof)).toBe(true)
  })

  it('each changed public signal fails', () => {
    expect(verifyPlonk(vk, ['7777', '1'], proof)).toBe(false)
    expect(verifyPlonk(vk, ['7776', '0'], proof)).toBe(false)
    expect(verifyPlonk(vk, [publicSignals[1], publicSignals[0]], proof)).toBe(false)
  })

  for (const field of ['eval_a', 'eval_b', 'eval_c', 'eval_s1', 'eval_s2', 'eval_zw']) {
    it(`a changed ${field} fails`, () => {
      expect(verifyPlonk(vk, publicSignals, tamper(proof, [field], ((BigInt(proof[field] as string) + 1n) % r).toString()))).toBe(false)
    })
  }

  for (const field of ['A', 'B', 'C', 'Z', 'T1', 'T2', 'T3', 'Wxi', 'Wxiw']) {
    it(`a changed commitment ${field} fails`, () => {
      expect(verifyPlonk(vk, publicSignals, { ...proof, [field]: proof[field === 'A' ? 'B' : 'A'] })).toBe(false)
    })
  }

  it('a changed key commitment fails', () => {
    expect(verifyPlonk({ ...vk, Qc: vk.Qm }, publicSignals, proof)).toBe(false)
    expect(verifyPlonk({ ...vk, k1: '5' }, publicSignals, proof)).toBe(false)
  })

  const malformed: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['wrong signal count', () => verifyPlonk(vk, ['7776'], proof), RangeError, /expected 2 signals/],
    ['a signal ≥ r', () => verifyPlonk(vk, [r.toString(), '1'], proof), RangeError, /"publicSignals\[0\]" must be in/],
    ['an evaluation ≥ r (snarkjs would reduce it)', () => verifyPlonk(vk, publicSignals, tamper(proof, ['eval_a'], (BigInt(proof.eval_a as string) + r).toString())), RangeError, /"proof.eval_a" must be in/],
    ['a commitment off the curve', () => verifyPlonk(vk, publicSignals, tamper(proof, ['Z', 0], '1')), RangeError, /"proof.Z" is not a valid point/],
    ['X_2 outside the subgroup', () => verifyPlonk({ ...vk, X_2: g2Json(g2OutsideSubgroup(BN254)) }, publicSignals, proof), RangeError, /"vk.X_2" is not a valid point/],
    ['a wrong root of unity', () => verifyPlonk({ ...vk, w: '5' }, publicSignals, proof), RangeError, /"vk.w" is not the 2\^power-th root/],
    ['bls12381', () => verifyPlonk({ ...vk, curve: 'bls12381' }, publicSignals, proof), RangeError, /bn128 only/],
    ['a Groth16 key', () => verifyPlonk({ ...vk, protocol: 'groth16' }, publicSignals, proof), RangeError, /"vk.protocol" expected 'plonk'/],
    ['power out of range', () => verifyPlonk({ ...vk, power: 29 }, publicSignals, proof), RangeError, /"vk.power" must be in \[1, 28\]/],
  ]
  for (const [name, fn, type, message] of malformed) it(`throws: ${name}`, () => expectThrow(fn, type, message))

  it('the cache can be disabled', () => {
    configurePlonkCache(0)
    expect(verifyPlonk(vk, publicSignals, proof)).toBe(true)
    configurePlonkCache(64)
  })
})
