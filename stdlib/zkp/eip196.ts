/**
 * bn254 (alt_bn128) point addition and scalar multiplication with the EVM precompile ABI of
 * EIP-196 (addresses 0x06 ECADD and 0x07 ECMUL), so proofs and verifier code written for
 * Ethereum carry over byte for byte.
 *
 * Encoding (EIP-196 "Encoding"): a G1 point is 64 bytes x ‖ y, each a 32-byte big-endian
 * integer < p; (0, 0) is the point at infinity. A scalar is any 32-byte big-endian integer.
 * Input shorter than the operation's size is padded with zeros on the right and longer input is
 * ignored beyond it, as in the EVM. A coordinate ≥ p or a point not on y² = x³ + 3 is an error
 * (the precompile fails): `RangeError` here. bn254's G1 has cofactor 1, so every point on the
 * curve is in the subgroup.
 * @module
 */
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js'
import { abytes } from './_assert.ts'
import { BN254, g1Msm, type G1Point } from './pairing.ts'

const { G1, Fp, Fr } = BN254

/** Input bytes ECADD reads (two points) and ECMUL reads (a point and a scalar). */
export const EIP196_ADD_INPUT = 128
export const EIP196_MUL_INPUT = 96

/** `bytes` zero-padded or truncated to exactly `length` (EVM precompile input semantics). */
export function evmInput(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length === length) return bytes
  const out = new Uint8Array(length)
  out.set(bytes.subarray(0, length))
  return out
}

/** A field element from 32 big-endian bytes at `offset`; `RangeError` when ≥ p. */
export function readFp(bytes: Uint8Array, offset: number, name: string): bigint {
  const n = bytesToNumberBE(bytes.subarray(offset, offset + 32))
  if (n >= Fp.ORDER) throw new RangeError(`${name} is not a field element (≥ p)`)
  return n
}

/**
 * The G1 point encoded as x ‖ y at `offset` (EIP-196).
 * @throws {RangeError} when a coordinate is ≥ p or the point is not on the curve
 */
export function decodeG1Point(bytes: Uint8Array, offset: number, name: string): G1Point {
  const x = readFp(bytes, offset, `${name}.x`)
  const y = readFp(bytes, offset + 32, `${name}.y`)
  if (x === 0n && y === 0n) return G1.ZERO
  const P = G1.fromAffine({ x, y })
  try {
    P.assertValidity()
  } catch {
    throw new RangeError(`${name} is not on the curve`)
  }
  return P
}

/** x ‖ y, 64 bytes; infinity as 64 zero bytes. */
export function encodeG1Point(P: G1Point): Uint8Array {
  const out = new Uint8Array(64)
  if (P.is0()) return out
  const { x, y } = P.toAffine()
  out.set(numberToBytesBE(x, 32), 0)
  out.set(numberToBytesBE(y, 32), 32)
  return out
}

/**
 * ECADD (EIP-196 0x06): P + Q.
 * @param input - x₁ ‖ y₁ ‖ x₂ ‖ y₂ (128 bytes; padded/truncated as in the EVM)
 * @returns the sum, 64 bytes
 * @throws {TypeError} when `input` is not a Uint8Array; {RangeError} for an invalid point
 * @example
 * bn254Add(concatBytes(g, g)) // 2·G
 */
export function bn254Add(input: Uint8Array): Uint8Array {
  const data = evmInput(abytes(input, 'input'), EIP196_ADD_INPUT)
  return encodeG1Point(decodeG1Point(data, 0, 'first point').add(decodeG1Point(data, 64, 'second point')))
}

/**
 * ECMUL (EIP-196 0x07): s·P for any 256-bit s.
 * @param input - x ‖ y ‖ s (96 bytes; padded/truncated as in the EVM)
 * @returns the product, 64 bytes
 * @throws {TypeError} when `input` is not a Uint8Array; {RangeError} for an invalid point
 */
export function bn254Mul(input: Uint8Array): Uint8Array {
  const data = evmInput(abytes(input, 'input'), EIP196_MUL_INPUT)
  const P = decodeG1Point(data, 0, 'point')
  return encodeG1Point(g1Msm(BN254, [P], [bytesToNumberBE(data.subarray(64, 96)) % Fr.ORDER]))
}
