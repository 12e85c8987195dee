/**
 * Arithmetic modulo the SM2 field prime p (GB/T 32918.5 §10) on plain bigints, for the
 * verification kernel in `_sm2-jacobian.ts`. Inputs and outputs are canonical, in [0, p).
 *
 * Why not noble's `Fp`: the same operations, but called directly (no field-object dispatch,
 * no per-call validation) in the inner loop of verification. Internal: not re-exported.
 * @module
 */
import { invert } from '@noble/curves/abstract/modular.js'
import { SM2_CURVE } from './sm2-curve.ts'

/** The field prime p. */
export const P = SM2_CURVE.p

/** a · b mod p. */
export const fmul = (a: bigint, b: bigint): bigint => (a * b) % P

/** a² mod p. */
export const fsqr = (a: bigint): bigint => (a * a) % P

/** a + b mod p (one conditional subtraction: both inputs are < p). */
export function fadd(a: bigint, b: bigint): bigint {
  const r = a + b
  return r >= P ? r - P : r
}

/** a − b mod p. */
export function fsub(a: bigint, b: bigint): bigint {
  const r = a - b
  return r < 0n ? r + P : r
}

/** −a mod p. */
export const fneg = (a: bigint): bigint => (a === 0n ? 0n : P - a)

/** a⁻¹ mod p; a must be non-zero. */
export const finv = (a: bigint): bigint => invert(a, P)

/**
 * Inverts every element of `values` with one field inversion (Montgomery's trick:
 * 3(k−1) multiplications + 1 inversion instead of k inversions). Elements must be non-zero.
 */
export function finvBatch(values: readonly bigint[]): bigint[] {
  const prefix = new Array<bigint>(values.length)
  let acc = 1n
  for (let i = 0; i < values.length; i++) {
    prefix[i] = acc
    acc = fmul(acc, values[i]!)
  }
  let inv = finv(acc)
  const out = new Array<bigint>(values.length)
  for (let i = values.length - 1; i >= 0; i--) {
    out[i] = fmul(inv, prefix[i]!)
    inv = fmul(inv, values[i]!)
  }
  return out
}
