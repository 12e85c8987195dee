/**
 * Poseidon (L. Grassi, D. Khovratovich, C. Rechberger, A. Roy, M. Schofnegger, "Poseidon: A New
 * Hash Function for Zero-Knowledge Proof Systems", USENIX Security 2021) with circomlib's
 * parameters for two inputs: bn254's Fr, width t = 3, 8 full + 57 partial rounds, S-box x⁵,
 * constants in `_poseidon-constants.ts`. Compatible with circomlib `Poseidon(2)` and circomlibjs
 * `poseidon([a, b])`: the state starts as [0, a, b] and the hash is state[0] after the permutation
 * (poseidon([1, 2]) = 7853200120776062878684798364095072458815029376092732009249414926327459813530).
 * The permutation is noble-curves' `poseidon`.
 * @module
 */
import { poseidon } from '@noble/curves/abstract/poseidon.js'
import { bn254_Fr } from '@noble/curves/bn254.js'
import { aint } from './_assert.ts'
import { MDS, ROUND_CONSTANTS } from './_poseidon-constants.ts'

/** The field Poseidon works in: bn254's scalar field (order r). */
export const POSEIDON_MODULUS: bigint = bn254_Fr.ORDER

const fromHex = (rows: readonly (readonly string[])[]) => rows.map((row) => row.map((h) => BigInt('0x' + h)))
let permutation: ((state: bigint[]) => bigint[]) | undefined

/**
 * Poseidon of two field elements (circomlib `Poseidon(2)`).
 * @param left - a bigint or decimal string in [0, r)
 * @param right - a bigint or decimal string in [0, r)
 * @returns the hash, in [0, r)
 * @throws {TypeError}/{RangeError} for an input that is not an element of Fr
 * @example
 * poseidon2(1n, 2n) // 7853200120776062878684798364095072458815029376092732009249414926327459813530n
 */
export function poseidon2(left: bigint | string, right: bigint | string): bigint {
  const a = aint(left, 'left', POSEIDON_MODULUS)
  const b = aint(right, 'right', POSEIDON_MODULUS)
  permutation ??= poseidon({
    Fp: bn254_Fr,
    t: 3,
    roundsFull: 8,
    roundsPartial: 57,
    sboxPower: 5,
    roundConstants: fromHex(ROUND_CONSTANTS),
    mds: fromHex(MDS),
  })
  return permutation([0n, a, b])[0]!
}
