/**
 * FFLONK verification (A. Gabizon, D. Khovratovich, "fflonk: a Fast-Fourier inspired verifier
 * efficient version of PlonK", ePrint 2021/1167) exactly as snarkjs 0.7 implements it
 * (`src/fflonk_verify.js`), on bn254 ("bn128"):
 *
 *   challenges β, γ, ξ-seed, α, y from the Keccak-256 transcript; roots h₀ω₈ⁱ, h₁ω₄ⁱ, h₂ω₃ⁱ, h₃ω₃ⁱ;
 *   r₀(y), r₁(y), r₂(y) by Lagrange interpolation over those roots;
 *   F = [C₀] + q₁[C₁] + q₂[C₂],  E = (r₀ + q₁r₁ + q₂r₂)·[1],  J = Z_T(y)·[W₁]
 *   accept iff e(−(F − E − J + y·[W₂]), [1]₂) · e([W₂], [x]₂) = 1
 *
 * The group work is one 6-point multi-scalar multiplication and a two-pair pairing check whose
 * G2 points are fixed ([1]₂, and the key's [x]₂, prepared once per key).
 *
 * Checks beyond snarkjs: the number of public signals must equal `nPublic` (snarkjs only logs);
 * points must be in the subgroup (bn254's G1 cofactor is 1: on the curve suffices; the key's
 * [x]₂ is checked in G2); the key's roots must be what they claim — `w` the 2^power-th root of
 * unity snarkjs uses, `w3`, `w4`, `w8` primitive 3rd, 4th and 8th roots of unity, `wr³ = w`
 * (snarkjs leaves this as a TODO). Proof scalars must be < r. The proof's `inv` field (an
 * inverse the Solidity verifier uses) is not needed here: it is checked to be < r when present,
 * and otherwise ignored, as snarkjs ignores it.
 * @module
 */
import { aint, ainteger, aobject } from './_assert.ts'
import { jsonDigest, Lru } from './_lru.ts'
import { domainRoot, MAX_DOMAIN_POWER, Transcript } from './_snarkjs-kzg.ts'
import { BN254, g1Msm, pairingCheck, prepareG2, type G1Point, type PreparedG2 } from './pairing.ts'
import { curveByName, decodeG1, decodeG2, decodePublicSignals, decodeScalar } from './snarkjs-json.ts'

const curve = BN254
const { Fr, G1 } = curve

/** Public inputs a key may declare: bounds the Lagrange evaluations of one verification. */
export const FFLONK_MAX_PUBLIC = 1024

/** A validated snarkjs FFLONK verification key. */
export interface PreparedFflonkKey {
  readonly nPublic: number
  readonly power: number
  readonly k1: bigint
  readonly k2: bigint
  /** ω, the generator of the domain of size 2^power */
  readonly w: bigint
  readonly w3: bigint
  readonly w4: bigint
  readonly w8: bigint
  /** a cube root of ω */
  readonly wr: bigint
  readonly C0: G1Point
  readonly X2: PreparedG2
}

const COMMITMENTS = ['C1', 'C2', 'W1', 'W2'] as const
/** In snarkjs's transcript order. */
const EVALUATIONS = ['ql', 'qr', 'qm', 'qo', 'qc', 's1', 's2', 's3', 'a', 'b', 'c', 'z', 'zw', 't1w', 't2w'] as const

const made = new WeakSet<object>()
const cache = new Lru<PreparedFflonkKey>(64)
let generator: PreparedG2 | undefined

/** Sets how many prepared keys {@link verifyFflonk} keeps (default 64; 0 disables the cache). */
export function configureFflonkCache(capacity: number): void {
  cache.capacity = ainteger(capacity, 'capacity', 0, 1 << 16)
}

/** Whether w is a primitive k-th root of unity (k a power of two or 3). */
function isPrimitiveRoot(w: bigint, k: bigint): boolean {
  if (Fr.pow(w, k) !== 1n) return false
  return k === 3n ? w !== 1n : Fr.pow(w, k / 2n) !== 1n
}

/**
 * Validates a snarkjs FFLONK `verification_key.json` (bn128).
 * @throws {TypeError} for a wrong JSON shape; {RangeError} for an invalid point or scalar, a
 *   curve other than bn128, or a root of unity that is not what it claims to be
 * @example
 * const key = prepareFflonkKey(vk)
 */
export function prepareFflonkKey(vk: unknown): PreparedFflonkKey {
  const o = aobject(vk, 'vk')
  if (o.protocol !== 'fflonk') throw new RangeError(`"vk.protocol" expected 'fflonk'`)
  if (curveByName(o.curve) !== BN254) throw new RangeError('"vk.curve": FFLONK is verified on bn128 only')
  const power = ainteger(o.power, 'vk.power', 1, MAX_DOMAIN_POWER)
  const nPublic = ainteger(o.nPublic, 'vk.nPublic', 0, Math.min(FFLONK_MAX_PUBLIC, 2 ** power))
  const scalar = (k: string) => decodeScalar(curve, o[k], `vk.${k}`)
  const [k1, k2, w, w3, w4, w8, wr] = ['k1', 'k2', 'w', 'w3', 'w4', 'w8', 'wr'].map(scalar) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint]
  if (w !== domainRoot(power)) throw new RangeError('"vk.w" is not the 2^power-th root of unity snarkjs uses')
  if (!isPrimitiveRoot(w3, 3n)) throw new RangeError('"vk.w3" is not a primitive cube root of unity')
  if (!isPrimitiveRoot(w4, 4n)) throw new RangeError('"vk.w4" is not a primitive 4th root of unity')
  if (!isPrimitiveRoot(w8, 8n)) throw new RangeError('"vk.w8" is not a primitive 8th root of unity')
  if (Fr.pow(wr, 3n) !== w) throw new RangeError('"vk.wr" is not a cube root of "vk.w"')
  const X2 = decodeG2(curve, o.X_2, 'vk.X_2')
  if (X2.is0()) throw new RangeError('"vk.X_2" must not be the point at infinity')
  const key: PreparedFflonkKey = Object.freeze({ nPublic, power, k1, k2, w, w3, w4, w8, wr, C0: decodeG1(curve, o.C0, 'vk.C0'), X2: prepareG2(curve, X2) })
  made.add(key)
  return key
}

/**
 * Verifies a snarkjs FFLONK proof (bn128).
 * @param vk - a snarkjs FFLONK verification key (parsed JSON) or a {@link PreparedFflonkKey}
 * @param publicSignals - exactly `nPublic` scalars < r
 * @param proof - snarkjs `proof.json`: `polynomials` {C1, C2, W1, W2} and 15 `evaluations`
 * @returns whether the proof is valid for these signals
 * @throws {TypeError} for a wrong JSON shape; {RangeError} for a wrong signal count, a scalar
 *   ≥ r or a point off the curve
 * @example
 * verifyFflonk(vk, ['231', '3', '11'], proof) // true
 */
export function verifyFflonk(vk: unknown, publicSignals: unknown, proof: unknown): boolean {
  const key = typeof vk === 'object' && vk !== null && made.has(vk) ? (vk as PreparedFflonkKey) : preparedFromCache(vk)
  const signals = decodePublicSignals(curve, publicSignals, key.nPublic)
  const p = aobject(proof, 'proof')
  const polynomials = aobject(p.polynomials, 'proof.polynomials')
  const evaluations = aobject(p.evaluations, 'proof.evaluations')
  const pt = Object.fromEntries(COMMITMENTS.map((k) => [k, decodeG1(curve, polynomials[k], `proof.polynomials.${k}`)])) as Record<(typeof COMMITMENTS)[number], G1Point>
  const ev = Object.fromEntries(EVALUATIONS.map((k) => [k, aint(evaluations[k], `proof.evaluations.${k}`, Fr.ORDER)])) as Record<(typeof EVALUATIONS)[number], bigint>
  if (evaluations.inv !== undefined) aint(evaluations.inv, 'proof.evaluations.inv', Fr.ORDER)
  const { add, sub, mul, sqr, pow } = {
    add: (a: bigint, b: bigint) => Fr.add(a, b),
    sub: (a: bigint, b: bigint) => Fr.sub(a, b),
    mul: (a: bigint, b: bigint) => Fr.mul(a, b),
    sqr: (a: bigint) => Fr.sqr(a),
    pow: (a: bigint, e: number) => Fr.pow(a, BigInt(e)),
  }

  // Challenges (computeChallenges)
  const t = new Transcript().point(key.C0)
  for (const s of signals) t.scalar(s)
  const beta = t.point(pt.C1).challenge()
  const gamma = t.scalar(beta).challenge()
  const xiSeed = t.scalar(gamma).point(pt.C2).challenge()
  t.scalar(xiSeed)
  for (const k of EVALUATIONS) t.scalar(ev[k])
  const alpha = t.challenge()
  const y = t.scalar(alpha).point(pt.W1).challenge()

  // Roots: h₀ = ξ-seed³ over ω₈, h₁ = ξ-seed⁶ over ω₄, h₂ = ξ-seed⁸ and h₃ = h₂·wr over ω₃; ξ = h₂³
  const powers = (h: bigint, w: bigint, k: number) => Array.from({ length: k }, (_, i) => mul(h, pow(w, i)))
  const h0 = mul(sqr(xiSeed), xiSeed)
  const h1 = sqr(h0)
  const h2 = mul(h1, sqr(xiSeed))
  const S0 = powers(h0, key.w8, 8)
  const S1 = powers(h1, key.w4, 4)
  const S2 = powers(h2, key.w3, 3)
  const S3 = powers(mul(h2, key.wr), key.w3, 3)
  const xi = mul(sqr(h2), h2)
  const xiw = mul(xi, key.w)
  // y in a root set makes the interpolation undefined (probability ~2⁻²⁵⁰; snarkjs would divide by 0)
  if ([...S0, ...S1, ...S2, ...S3].includes(y)) return false

  // Z_H(ξ) and the Lagrange evaluations L₁…L_max(1,nPublic) (computeLagrangeEvaluations)
  let xiN = xi
  for (let i = 0; i < key.power; i++) xiN = sqr(xiN)
  const zh = sub(xiN, 1n)
  if (zh === 0n) return false // ξ in the domain: the quotients are undefined (probability ~2⁻²⁵⁰)
  const invzh = Fr.inv(zh)
  const n = BigInt(2 ** key.power)
  const L: bigint[] = [0n]
  let w = 1n
  for (let i = 1; i <= Math.max(1, key.nPublic); i++) {
    L.push(Fr.div(mul(w, zh), mul(n, sub(xi, w))))
    w = mul(w, key.w)
  }
  let pi = 0n
  for (let i = 0; i < signals.length; i++) pi = sub(pi, mul(signals[i]!, L[i + 1]!))

  // r₀(y) = Σ C₀(h₀ω₈ⁱ)·Lᵢ(y), C₀(x) = ql + qr·x + qo·x² + qm·x³ + qc·x⁴ + s1·x⁵ + s2·x⁶ + s3·x⁷
  const horner = (coefficients: bigint[], x: bigint) => coefficients.reduceRight((acc, c) => add(mul(acc, x), c), 0n)
  const L0 = lagrange(S0, y, xi)
  let r0 = 0n
  S0.forEach((x, i) => (r0 = add(r0, mul(horner([ev.ql, ev.qr, ev.qo, ev.qm, ev.qc, ev.s1, ev.s2, ev.s3], x), L0[i]!))))

  // r₁(y) = Σ C₁(h₁ω₄ⁱ)·Lᵢ(y), C₁(x) = a + b·x + c·x² + T₀(ξ)·x³
  const t0 = mul(add(add(add(add(add(mul(ev.ql, ev.a), mul(ev.qr, ev.b)), mul(ev.qm, mul(ev.a, ev.b))), mul(ev.qo, ev.c)), ev.qc), pi), invzh)
  const L1 = lagrange(S1, y, xi)
  let r1 = 0n
  S1.forEach((x, i) => (r1 = add(r1, mul(horner([ev.a, ev.b, ev.c, t0], x), L1[i]!))))

  // r₂(y) over h₂ω₃ⁱ (C₂(x) = z + T₁(ξ)·x + T₂(ξ)·x²) and h₃ω₃ⁱ (zω + t1w·x + t2w·x²)
  const t1 = mul(mul(sub(ev.z, 1n), L[1]!), invzh)
  const betaxi = mul(beta, xi)
  const t21 = mul(mul(mul(add(ev.a, add(betaxi, gamma)), add(ev.b, add(mul(betaxi, key.k1), gamma))), add(ev.c, add(mul(betaxi, key.k2), gamma))), ev.z)
  const t22 = mul(mul(mul(add(ev.a, add(mul(beta, ev.s1), gamma)), add(ev.b, add(mul(beta, ev.s2), gamma))), add(ev.c, add(mul(beta, ev.s3), gamma))), ev.zw)
  const t2 = mul(sub(t21, t22), invzh)
  const [L2, L3] = lagrangeTwoSets(S2, S3, y, xi, xiw)
  let r2 = 0n
  S2.forEach((x, i) => (r2 = add(r2, mul(horner([ev.z, t1, t2], x), L2[i]!))))
  S3.forEach((x, i) => (r2 = add(r2, mul(horner([ev.zw, ev.t1w, ev.t2w], x), L3[i]!))))

  // F, E, J and the pairing (computeF, computeE, computeJ, isValidPairing), folded into one MSM:
  //   A₁ = [C₀] + q₁[C₁] + q₂[C₂] − (r₀ + q₁r₁ + q₂r₂)·[1] − Z_T(y)·[W₁] + y·[W₂]
  const vanishing = (roots: bigint[]) => roots.reduce((acc, r) => mul(acc, sub(y, r)), 1n)
  const mulH0 = vanishing(S0)
  const q1 = mul(alpha, Fr.div(mulH0, vanishing(S1)))
  const q2 = mul(sqr(alpha), Fr.div(mulH0, mul(vanishing(S2), vanishing(S3))))
  const e = add(r0, add(mul(q1, r1), mul(q2, r2)))
  const A1 = g1Msm(curve, [key.C0, pt.C1, pt.C2, G1.BASE, pt.W1, pt.W2], [1n, q1, q2, Fr.neg(e), Fr.neg(mulH0), y])
  generator ??= prepareG2(curve, curve.G2.BASE)
  return pairingCheck(curve, [[A1.negate(), generator], [pt.W2, key.X2]])
}

/**
 * Lᵢ(y) for the k roots hωᵢ of X^k = h^k = ξ (snarkjs computeLagrangeLiSi):
 * Lᵢ(y) = (y^k − ξ) / (k·h^(k−2)·root[(k−1)·i mod k]·(y − rootᵢ)).
 */
function lagrange(roots: bigint[], y: bigint, xi: bigint): bigint[] {
  const k = roots.length
  const num = Fr.sub(Fr.pow(y, BigInt(k)), xi)
  const den1 = Fr.mul(BigInt(k), Fr.pow(roots[0]!, BigInt(k - 2)))
  return roots.map((root, i) => Fr.div(num, Fr.mul(Fr.mul(den1, roots[((k - 1) * i) % k]!), Fr.sub(y, root))))
}

/**
 * The Lagrange evaluations over the union of two root sets of X³ = ξ and X³ = ξω (snarkjs
 * computeLagrangeLiS2): numerator (y³ − ξ)(y³ − ξω), denominators 3·h·(ξ − ξω)·root[2i mod 3]·(y − rootᵢ).
 */
function lagrangeTwoSets(S2: bigint[], S3: bigint[], y: bigint, xi0: bigint, xi1: bigint): [bigint[], bigint[]] {
  const y3 = Fr.pow(y, 3n)
  const num = Fr.add(Fr.sub(Fr.sqr(y3), Fr.mul(Fr.add(xi0, xi1), y3)), Fr.mul(xi0, xi1))
  const side = (roots: bigint[], diff: bigint) => {
    const den1 = Fr.mul(Fr.mul(3n, roots[0]!), diff)
    return roots.map((root, i) => Fr.div(num, Fr.mul(den1, Fr.mul(roots[(2 * i) % 3]!, Fr.sub(y, root)))))
  }
  return [side(S2, Fr.sub(xi0, xi1)), side(S3, Fr.sub(xi1, xi0))]
}

function preparedFromCache(vk: unknown): PreparedFflonkKey {
  const o = aobject(vk, 'vk')
  const id = jsonDigest([o.protocol, o.curve, o.nPublic, o.power, o.k1, o.k2, o.w, o.w3, o.w4, o.w8, o.wr, o.X_2, o.C0])
  return cache.getOrMake(id, () => prepareFflonkKey(vk))
}
