import { curves, groth16 as snarkjsGroth16 } from 'snarkjs'
import { afterAll, describe, expect, it } from 'vitest'
import { configureGroth16Cache, prepareGroth16Key, verifyGroth16 } from '../../../stdlib/zkp/groth16.ts'
import { BLS12_381, BN254 } from '../../../stdlib/zkp/pairing.ts'
import { expectThrow, g1Json, g2Json, g2OutsideSubgroup, groth16Simulator, localVector, snarkjsVector, tamper } from './_fixtures.ts'

const { vk, proof, publicSignals } = snarkjsVector('groth16-bn128-1pub')
const r = BN254.Fr.ORDER

describe('groth16: snarkjs 0.7.6 vector (bn128, 1 public signal)', () => {
  it('verifies', () => expect(verifyGroth16(vk, publicSignals, proof)).toBe(true))

  it('verifies with a prepared key, and with bigint numbers', () => {
    expect(verifyGroth16(prepareGroth16Key(vk), publicSignals, proof)).toBe(true)
    expect(verifyGroth16(vk, publicSignals.map(BigInt), proof)).toBe(true)
  })

  it('a changed public signal fails', () => {
    expect(verifyGroth16(vk, [(BigInt(publicSignals[0]!) + 1n).toString()], proof)).toBe(false)
    expect(verifyGroth16(vk, ['0'], proof)).toBe(false)
  })

  it('a changed or swapped proof point fails', () => {
    expect(verifyGroth16(vk, publicSignals, { ...proof, pi_a: proof.pi_c, pi_c: proof.pi_a })).toBe(false)
    expect(verifyGroth16(vk, publicSignals, { ...proof, pi_a: g1Json(BN254.G1.BASE) })).toBe(false)
    expect(verifyGroth16(vk, publicSignals, { ...proof, pi_b: g2Json(BN254.G2.BASE) })).toBe(false)
  })

  it('a proof point at infinity is the identity (and fails)', () => {
    expect(verifyGroth16(vk, publicSignals, { ...proof, pi_a: ['0', '1', '0'] })).toBe(false)
  })

  it('a signal equal to r is refused, not reduced mod r', () => {
    expectThrow(() => verifyGroth16(vk, [r.toString()], proof), RangeError, /publicSignals\[0\]" must be in \[0, /)
  })

  const malformed: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['too many signals', () => verifyGroth16(vk, [...publicSignals, '1'], proof), RangeError, /expected 1 signals/],
    ['no signals', () => verifyGroth16(vk, [], proof), RangeError, /expected 1 signals/],
    ['signals not an array', () => verifyGroth16(vk, '1', proof), TypeError, /"publicSignals" expected array/],
    ['a hex signal', () => verifyGroth16(vk, ['0x10'], proof), TypeError, /decimal string or bigint/],
    ['pi_a off the curve', () => verifyGroth16(vk, publicSignals, tamper(proof, ['pi_a', 1], '5')), RangeError, /"proof.pi_a" is not a valid point/],
    ['pi_a coordinate ≥ p', () => verifyGroth16(vk, publicSignals, tamper(proof, ['pi_a', 0], BN254.Fp.ORDER.toString())), RangeError, /"proof.pi_a\[0\]" must be in/],
    ['pi_a (0, 0) with z = 1', () => verifyGroth16(vk, publicSignals, tamper(proof, ['pi_a'], ['0', '0', '1'])), RangeError, /not on the curve/],
    ['pi_a projective z = 2', () => verifyGroth16(vk, publicSignals, tamper(proof, ['pi_a', 2], '2')), RangeError, /"proof.pi_a\[2\]" expected "1"/],
    ['pi_b off the twist', () => verifyGroth16(vk, publicSignals, tamper(proof, ['pi_b', 0, 0], '5')), RangeError, /"proof.pi_b" is not a valid point/],
    ['pi_b outside the subgroup', () => verifyGroth16(vk, publicSignals, { ...proof, pi_b: g2Json(g2OutsideSubgroup(BN254)) }), RangeError, /prime-order subgroup/],
    ['pi_c missing', () => verifyGroth16(vk, publicSignals, { ...proof, pi_c: undefined }), TypeError, /"proof.pi_c" expected array/],
    ['nPublic ≠ IC.length − 1', () => verifyGroth16({ ...vk, nPublic: 2 }, ['1', '2'], proof), RangeError, /"vk.IC" expected an array of 3/],
    ['unknown curve', () => verifyGroth16({ ...vk, curve: 'bn254' }, publicSignals, proof), RangeError, /"curve" expected 'bn128' or 'bls12381'/],
    ['wrong protocol', () => verifyGroth16({ ...vk, protocol: 'plonk' }, publicSignals, proof), RangeError, /"vk.protocol" expected 'groth16'/],
    ['key G2 outside the subgroup', () => verifyGroth16({ ...vk, vk_gamma_2: g2Json(g2OutsideSubgroup(BN254)) }, publicSignals, proof), RangeError, /"vk.vk_gamma_2" is not a valid point/],
  ]
  for (const [name, fn, type, message] of malformed) it(`throws: ${name}`, () => expectThrow(fn, type, message))

  it('the cache is bounded and optional', () => {
    configureGroth16Cache(0)
    expect(verifyGroth16(vk, publicSignals, proof)).toBe(true)
    configureGroth16Cache(64)
    expectThrow(() => configureGroth16Cache(-1), RangeError, /"capacity" must be in/)
  })

  it('a plain object shaped like a prepared key is not trusted as one', () => {
    const fake = { curve: BN254, nPublic: 1, IC: [], alphaBeta: 1, gamma: 1, delta: 1 }
    expectThrow(() => verifyGroth16(fake, publicSignals, proof), RangeError, /"vk.protocol" expected 'groth16'/)
  })
})

describe('groth16: simulated proofs (trapdoor), bn128 and bls12381', () => {
  for (const curve of [BN254, BLS12_381]) {
    it(`${curve.name}: 3 public signals verify; any changed signal fails`, () => {
      const { vk: key, prove } = groth16Simulator(curve, 3)
      const signals = [5n, 0n, curve.Fr.ORDER - 1n]
      const p = prove(signals)
      const text = signals.map(String)
      expect(verifyGroth16(key, text, p)).toBe(true)
      for (let i = 0; i < 3; i++) expect(verifyGroth16(key, text.map((s, j) => (j === i ? '1' : s)), p)).toBe(false)
    })
  }

  it('bls12381: G1 points outside the subgroup are refused', () => {
    const { vk: key, prove } = groth16Simulator(BLS12_381, 1)
    const p = prove([1n])
    // x = 0 gives y² = 4 on E(Fp): (0, 2) is on the curve but not in G1 (cofactor ≠ 1).
    expectThrow(() => verifyGroth16(key, ['1'], { ...p, pi_c: ['0', '2', '1'] }), RangeError, /prime-order subgroup/)
  })

  it('no public signals (nPublic = 0)', () => {
    const { vk: key, prove } = groth16Simulator(BN254, 0)
    expect(verifyGroth16(key, [], prove([]))).toBe(true)
  })
})

describe('groth16: snarkjs 0.7.6 vector on bls12381 (made here, test/vectors/zkp/generate-vectors.mjs)', () => {
  const bls = localVector('groth16-bls12381-1pub')
  const snarkjsCurve = curves.getCurveFromName('bls12381')
  afterAll(async () => (await snarkjsCurve).terminate())
  const both = async (k: unknown, signals: unknown, p: unknown) => [verifyGroth16(k, signals, p), await snarkjsGroth16.verify(k, signals, p)]

  it('verifies here and in snarkjs; a changed signal or proof point fails in both', async () => {
    expect(await both(bls.vk, bls.publicSignals, bls.proof)).toEqual([true, true])
    expect(await both(bls.vk, ['36'], bls.proof)).toEqual([false, false])
    const A = BLS12_381.G1.fromAffine({ x: BigInt((bls.proof.pi_a as string[])[0]!), y: BigInt((bls.proof.pi_a as string[])[1]!) })
    expect(await both(bls.vk, bls.publicSignals, { ...bls.proof, pi_a: g1Json(A.double()) })).toEqual([false, false])
    expect(await both(bls.vk, bls.publicSignals, { ...bls.proof, pi_c: bls.proof.pi_a })).toEqual([false, false])
  })

  it('throws for a signal ≥ r of BLS12-381 and for a G1 point outside the subgroup', () => {
    expectThrow(() => verifyGroth16(bls.vk, [BLS12_381.Fr.ORDER.toString()], bls.proof), RangeError, /"publicSignals\[0\]" must be in/)
    // (0, 2) is on y² = x³ + 4 but not in G1 (the G1 cofactor of BLS12-381 is not 1)
    expectThrow(() => verifyGroth16(bls.vk, bls.publicSignals, { ...bls.proof, pi_a: ['0', '2', '1'] }), RangeError, /"proof.pi_a" is not a valid point/)
  })
})
