import { grainGenConstants } from '@noble/curves/abstract/poseidon.js'
import { bn254_Fr } from '@noble/curves/bn254.js'
import { describe, expect, it } from 'vitest'
import { MDS, ROUND_CONSTANTS } from '../../../stdlib/zkp/_poseidon-constants.ts'
import { poseidon2, POSEIDON_MODULUS } from '../../../stdlib/zkp/poseidon.ts'
import { expectThrow } from './_fixtures.ts'

describe('poseidon2 (circomlib Poseidon(2))', () => {
  it('circomlibjs poseidon([1, 2])', () => {
    expect(poseidon2(1n, 2n)).toBe(7853200120776062878684798364095072458815029376092732009249414926327459813530n)
    expect(poseidon2('1', '2')).toBe(7853200120776062878684798364095072458815029376092732009249414926327459813530n)
  })

  it('order matters and outputs are field elements', () => {
    expect(poseidon2(2n, 1n)).not.toBe(poseidon2(1n, 2n))
    expect(poseidon2(POSEIDON_MODULUS - 1n, 0n)).toBeLessThan(POSEIDON_MODULUS)
  })

  it('the embedded constants are the Grain LFSR output (t = 3, R_F = 8, R_P = 57)', () => {
    const c = grainGenConstants({ Fp: bn254_Fr, t: 3, roundsFull: 8, roundsPartial: 57 })
    expect(ROUND_CONSTANTS.map((row) => row.map((h) => BigInt('0x' + h)))).toEqual(c.roundConstants)
    expect(MDS.map((row) => row.map((h) => BigInt('0x' + h)))).toEqual(c.mds)
  })

  it('inputs ≥ r or not integers are refused', () => {
    expectThrow(() => poseidon2(POSEIDON_MODULUS, 0n), RangeError, /"left" must be in/)
    expectThrow(() => poseidon2(1n, '0x2'), TypeError, /"right" expected a decimal string or bigint/)
  })
})
