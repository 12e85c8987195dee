/**
 * The SM2 elliptic curve `sm2p256v1`: domain parameters of GB/T 32918.5-2017 (GM/T 0003.5-2012)
 * §10 "recommended curve", y² = x³ + ax + b over F_p, as constants for @noble/curves' generic
 * short-Weierstrass arithmetic (`abstract/weierstrass.ts`). The signature, encryption and key
 * modules build on the `Sm2Point` constructor exported here; nothing here is SM2-specific
 * beyond the numbers.
 *
 * Cofactor h = 1, so every point on the curve other than infinity is in the prime-order
 * subgroup: public-key validation is "on the curve and not infinity".
 * @module
 */
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js'

/** Domain parameters (GB/T 32918.5 §10), all big-endian hex as printed in the standard. */
export const SM2_CURVE = /* @__PURE__ */ Object.freeze({
  /** Field prime p = 2^256 − 2^224 − 2^96 + 2^64 − 1. */
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  /** Order n of the base point G. */
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  /** Cofactor. */
  h: 1n,
  /** Coefficient a = p − 3. */
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  /** Coefficient b. */
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  /** Base point x. */
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  /** Base point y. */
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
})

/** A point of the SM2 curve in projective coordinates (noble's `WeierstrassPoint<bigint>`). */
export type Sm2Point = WeierstrassPoint<bigint>

/**
 * Point constructor for sm2p256v1. `Sm2Point.BASE` is G, `Sm2Point.fromBytes()` decodes SEC1
 * 33/65-byte encodings and checks the curve equation, `Sm2Point.Fn` is arithmetic mod n.
 * Prefer the validated entry points in `sm2-keys.ts` for untrusted input: they give our error
 * classes and messages.
 * @example
 * const P = Sm2Point.BASE.multiply(privateScalar)
 */
export const Sm2Point: WeierstrassPointCons<bigint> = /* @__PURE__ */ weierstrass<bigint>(SM2_CURVE)

/** Byte lengths used throughout the SM2 modules. */
export const SM2_LENGTHS = /* @__PURE__ */ Object.freeze({
  /** Private key, field element, r and s. */
  scalar: 32,
  /** Uncompressed public key / point: 04 ‖ x ‖ y. */
  uncompressed: 65,
  /** Compressed public key / point: 02|03 ‖ x. */
  compressed: 33,
  /** Raw signature r ‖ s. */
  signature: 64,
})
