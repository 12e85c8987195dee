/**
 * bn254 G1 with the GLV endomorphism (R. Gallant, R. Lambert, S. Vanstone, "Faster point
 * multiplication on elliptic curves with efficient endomorphisms", CRYPTO 2001): on
 * y² = x³ + 3, φ(x, y) = (β·x, y) with β³ = 1 in Fp acts on G1 as multiplication by a cube root
 * of unity λ in Fr, so k·P = k₁·P + k₂·φ(P) with |k₁|, |k₂| < √r: half the doublings. noble-curves
 * supports this (`endo`) but does not configure it for bn254; this module derives β, λ and the
 * reduced lattice basis (extended Euclid on (r, λ), GLV §4) and builds the curve with them.
 * Scalar multiplications of public data (vk_x in Groth16, PLONK's commitments) run ~1.6× faster.
 * @module
 */
import { weierstrass, type WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js'
import { bn254, bn254_Fr as Fr } from '@noble/curves/bn254.js'

const { Fp } = bn254.fields
const G1 = bn254.G1.Point

/** A non-trivial cube root of unity in `field` (g^((q−1)/3) ≠ 1 for the least such g). */
function cubeRoot(field: { ORDER: bigint; pow(a: bigint, e: bigint): bigint }): bigint {
  for (let g = 2n; ; g++) {
    const c = field.pow(g, (field.ORDER - 1n) / 3n)
    if (c !== 1n) return c
  }
}

const BETA = cubeRoot(Fp)
/** The λ that matches β: [λ]G = φ(G) (the other cube root matches β²). */
const LAMBDA = (() => {
  const l = cubeRoot(Fr)
  const phiG = G1.fromAffine({ x: Fp.mul(G1.BASE.x, BETA), y: G1.BASE.y })
  return G1.BASE.multiply(l).equals(phiG) ? l : Fr.sqr(l)
})()

/** Two short vectors (a, b) with a + b·λ ≡ 0 (mod r): extended Euclid on (r, λ) stopped at √r. */
function reducedBasis(): [[bigint, bigint], [bigint, bigint]] {
  const n = Fr.ORDER
  let sqrtN = 1n << 127n
  for (let i = 0; i < 8; i++) sqrtN = (sqrtN + n / sqrtN) >> 1n
  let [r0, r1, t0, t1] = [n, LAMBDA, 0n, 1n]
  while (r1 >= sqrtN) {
    const q = r0 / r1
    ;[r0, r1] = [r1, r0 - q * r1]
    ;[t0, t1] = [t1, t0 - q * t1]
  }
  const q = r0 / r1
  const [r2, t2] = [r0 - q * r1, t0 - q * t1]
  const shorter: [bigint, bigint] = r0 * r0 + t0 * t0 <= r2 * r2 + t2 * t2 ? [r0, -t0] : [r2, -t2]
  return [[r1, -t1], shorter]
}

/** bn254 G1 as a noble point class with GLV scalar multiplication. */
export const G1Glv = weierstrass(G1.CURVE(), { Fp, Fn: Fr, allowInfinityPoint: true, endo: { beta: BETA, basises: reducedBasis() } })
export type G1GlvPoint = WeierstrassPoint<bigint>

/** A (valid) bn254 G1 point in the GLV class. */
export const toGlv = (P: WeierstrassPoint<bigint>): G1GlvPoint => (P.is0() ? G1Glv.ZERO : G1Glv.fromAffine(P.toAffine()))
/** Back to noble's bn254 G1 class. */
export const fromGlv = (P: G1GlvPoint): WeierstrassPoint<bigint> => (P.is0() ? G1.ZERO : G1.fromAffine(P.toAffine()))
