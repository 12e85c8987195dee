/**
 * What snarkjs's KZG-based verifiers (PLONK, FFLONK) share on bn254: the Keccak-256 Fiat–Shamir
 * transcript and the roots of unity of Fr as ffjavascript defines them.
 *
 * Transcript (snarkjs `Keccak256Transcript`): G1 points as x ‖ y, 32-byte big-endian each;
 * scalars 32-byte big-endian; challenge = keccak256(bytes) mod r; the buffer is reset after each
 * challenge. The point at infinity is written as 64 zero bytes with 0x40 in the first byte
 * (ffjavascript `toRprUncompressed`).
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToNumberBE, concatBytes, numberToBytesBE } from '@noble/curves/utils.js'
import { BN254, type G1Point } from './pairing.ts'

const { Fr } = BN254

/** ffjavascript's primitive 2²⁸-th root of unity of bn254's Fr: 5^((r−1)/2²⁸), 5 the least non-residue. */
const ROOT_2_28 = Fr.pow(5n, (Fr.ORDER - 1n) >> 28n)
/** The largest evaluation domain: 2^28. */
export const MAX_DOMAIN_POWER = 28

/** ω of the domain of size 2^power (ffjavascript's `Fr.w[power]`): ROOT_2_28 squared 28 − power times. */
export function domainRoot(power: number): bigint {
  let omega = ROOT_2_28
  for (let i = MAX_DOMAIN_POWER; i > power; i--) omega = Fr.sqr(omega)
  return omega
}

/** snarkjs `Keccak256Transcript` over bn254: points 64 bytes, scalars 32 bytes, reset after each challenge. */
export class Transcript {
  #parts: Uint8Array[] = []

  point(P: G1Point): this {
    if (P.is0()) {
      const infinity = new Uint8Array(64)
      infinity[0] = 0x40
      this.#parts.push(infinity)
    } else {
      const { x, y } = P.toAffine()
      this.#parts.push(numberToBytesBE(x, 32), numberToBytesBE(y, 32))
    }
    return this
  }

  scalar(s: bigint): this {
    this.#parts.push(numberToBytesBE(s, 32))
    return this
  }

  challenge(): bigint {
    const digest = keccak_256(concatBytes(...this.#parts))
    this.#parts = []
    return Fr.create(bytesToNumberBE(digest))
  }
}
