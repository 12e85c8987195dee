/**
 * PLONK verification (A. Gabizon, Z. Williamson, O. Ciobotaru, "PLONK", ePrint 2019/953, §8.3)
 * exactly as snarkjs 0.7 implements it (`src/plonk_verify.js`): its Keccak-256 Fiat–Shamir
 * transcript, its linearisation (the r₀ form) and its batched KZG opening check
 *
 *   e(−[W_ξ] − u·[W_ξω], [x]₂) · e(ξ·[W_ξ] + u·ξ·ω·[W_ξω] + [F] − [E], [1]₂) = 1
 *
 * on bn254 ("bn128"), the curve of the snarkjs vectors; other curves are refused.
 *
 * Transcript: snarkjs's `Keccak256Transcript` (`_snarkjs-kzg.ts`).
 *
 * Checks beyond snarkjs: scalars in the proof must be < r (snarkjs reduces them), the number of
 * public signals must equal `nPublic`, the key's G2 point `X_2` must be in the subgroup, and a
 * key's `w` (when present) must be the 2^power-th root of unity snarkjs uses. The domain root ω
 * is ffjavascript's: 5^((r−1)/2²⁸) squared 28 − power times (5 is the least non-residue mod r).
 * @module
 */
import { aint, ainteger, aobject } from './_assert.ts'
import { jsonDigest, Lru } from './_lru.ts'
import { BN254, g1Msm, pairingCheck, prepareG2, type G1Point, type PreparedG2 } from './pairing.ts'
import { curveByName, decodeG1, decodeG2, decodePublicSignals, decodeScalar } from './snarkjs-json.ts'
import { domainRoot, MAX_DOMAIN_POWER, Transcript } from './_snarkjs-kzg.ts'

const curve = BN254
const { Fr, G1 } = curve

/** Public inputs a key may declare: bounds the Lagrange evaluations of one verification. */
export const PLONK_MAX_PUBLIC = 1024

/** A validated snarkjs PLONK verification key. */
export interface PreparedPlonkKey {
  readonly nPublic: number
  readonly power: number
  /** ω: the generator of the evaluation domain of size n = 2^power. */
  readonly omega: bigint
  readonly k1: bigint
  readonly k2: bigint
  readonly Qm: G1Point
  readonly Ql: G1Point
  readonly Qr: G1Point
  readonly Qo: G1Point
  readonly Qc: G1Point
  readonly S1: G1Point
  readonly S2: G1Point
  readonly S3: G1Point
  readonly X2: PreparedG2
}

const COMMITMENTS = ['A', 'B', 'C', 'Z', 'T1', 'T2', 'T3', 'Wxi', 'Wxiw'] as const
const EVALUATIONS = ['eval_a', 'eval_b', 'eval_c', 'eval_s1', 'eval_s2', 'eval_zw'] as const
const KEY_POINTS = ['Qm', 'Ql', 'Qr', 'Qo', 'Qc', 'S1', 'S2', 'S3'] as const

const made = new WeakSet<object>()
const cache = new Lru<PreparedPlonkKey>(64)
let generator: PreparedG2 | undefined

/** Sets how many prepared keys {@link verifyPlonk} keeps (default 64; 0 disables the cache). */
export function configurePlonkCache(capacity: number): void {
  cache.capacity = ainteger(capacity, 'capacity', 0, 1 << 16)
}

/**
 * Validates a snarkjs PLONK `verification_key.json` (bn128).
 * @throws {TypeError} for a wrong JSON shape; {RangeError} for an invalid point or scalar, a
 *   curve other than bn128, or a `w` that is not snarkjs's root of unity
 * @example
 * const key = preparePlonkKey(vk)
 */
export function preparePlonkKey(vk: unknown): PreparedPlonkKey {
  const o = aobject(vk, 'vk')
  if (o.protocol !== 'plonk') throw new RangeError(`"vk.protocol" expected 'plonk'`)
  if (curveByName(o.curve) !== BN254) throw new RangeError('"vk.curve": PLONK is verified on bn128 only')
  const power = ainteger(o.power, 'vk.power', 1, MAX_DOMAIN_POWER)
  const nPublic = ainteger(o.nPublic, 'vk.nPublic', 0, Math.min(PLONK_MAX_PUBLIC, 2 ** power))
  const omega = domainRoot(power)
  if (o.w !== undefined && decodeScalar(curve, o.w, 'vk.w') !== omega) {
    throw new RangeError('"vk.w" is not the 2^power-th root of unity snarkjs uses')
  }
  const points = Object.fromEntries(KEY_POINTS.map((k) => [k, decodeG1(curve, o[k], `vk.${k}`)])) as Record<(typeof KEY_POINTS)[number], G1Point>
  const X2 = decodeG2(curve, o.X_2, 'vk.X_2')
  if (X2.is0()) throw new RangeError('"vk.X_2" must not be the point at infinity')
  const key: PreparedPlonkKey = Object.freeze({
    nPublic,
    power,
    omega,
    k1: decodeScalar(curve, o.k1, 'vk.k1'),
    k2: decodeScalar(curve, o.k2, 'vk.k2'),
    ...points,
    X2: prepareG2(curve, X2),
  })
  made.add(key)
  return key
}

/**
 * Verifies a snarkjs PLONK proof (bn128).
 * @param vk - a snarkjs PLONK verification key (parsed JSON) or a {@link PreparedPlonkKey}
 * @param publicSignals - exactly `nPublic` scalars < r
 * @param proof - snarkjs `proof.json`: commitments A B C Z T1 T2 T3 Wxi Wxiw and six evaluations
 * @returns whether the proof is valid for these signals
 * @throws {TypeError} for a wrong JSON shape; {RangeError} for a wrong signal count, a scalar
 *   ≥ r or a point off the curve
 * @example
 * verifyPlonk(vk, ['7776', '1'], proof) // true
 */
export function verifyPlonk(vk: unknown, publicSignals: unknown, proof: unknown): boolean {
  const key = typeof vk === 'object' && vk !== null && made.has(vk) ? (vk as PreparedPlonkKey) : preparedFromCache(vk)
  const signals = decodePublicSignals(curve, publicSignals, key.nPublic)
  const p = aobject(proof, 'proof')
  const pt = Object.fromEntries(COMMITMENTS.map((k) => [k, decodeG1(curve, p[k], `proof.${k}`)])) as Record<(typeof COMMITMENTS)[number], G1Point>
  const ev = Object.fromEntries(EVALUATIONS.map((k) => [k, aint(p[k], `proof.${k}`, Fr.ORDER)])) as Record<(typeof EVALUATIONS)[number], bigint>
  const { add, mul, sub, sqr } = bind(Fr)

  // Challenges (snarkjs calculatechallenges)
  const t = new Transcript()
  for (const k of KEY_POINTS) t.point(key[k])
  for (const s of signals) t.scalar(s)
  t.point(pt.A).point(pt.B).point(pt.C)
  const beta = t.challenge()
  const gamma = t.scalar(beta).challenge()
  const alpha = t.scalar(beta).scalar(gamma).point(pt.Z).challenge()
  const xi = t.scalar(alpha).point(pt.T1).point(pt.T2).point(pt.T3).challenge()
  t.scalar(xi)
  for (const k of ['eval_a', 'eval_b', 'eval_c', 'eval_s1', 'eval_s2', 'eval_zw'] as const) t.scalar(ev[k])
  const v1 = t.challenge()
  const v = [0n, v1, sqr(v1)]
  for (let i = 3; i < 6; i++) v.push(mul(v[i - 1]!, v1))
  const u = t.point(pt.Wxi).point(pt.Wxiw).challenge()

  // Vanishing polynomial and Lagrange evaluations L₁…L_max(1,nPublic) at ξ (calculateLagrangeEvaluations)
  let xin = xi
  for (let i = 0; i < key.power; i++) xin = sqr(xin)
  const zh = sub(xin, 1n)
  if (zh === 0n) return false // ξ in the domain: the evaluations are undefined (probability ~2^-250)
  const n = BigInt(2 ** key.power)
  const L: bigint[] = [0n]
  let w = 1n
  for (let i = 1; i <= Math.max(1, key.nPublic); i++) {
    L.push(Fr.div(mul(w, zh), mul(n, sub(xi, w))))
    w = mul(w, key.omega)
  }
  let pi = 0n
  for (let i = 0; i < signals.length; i++) pi = sub(pi, mul(signals[i]!, L[i + 1]!))

  // r₀ (calculateR0)
  const a2 = sqr(alpha)
  const e3a = add(add(ev.eval_a, mul(beta, ev.eval_s1)), gamma)
  const e3b = add(add(ev.eval_b, mul(beta, ev.eval_s2)), gamma)
  const e3c = add(ev.eval_c, gamma)
  const e3 = mul(mul(mul(mul(e3a, e3b), e3c), ev.eval_zw), alpha)
  const r0 = sub(sub(pi, mul(L[1]!, a2)), e3)

  // [D], [F], [E] and the batched opening (calculateD, calculateF, calculateE, isValidPairing),
  // folded into one multi-scalar multiplication:
  //   B1 = ξ·[W_ξ] + u·ξ·ω·[W_ξω] + [D] + v₁[A] + v₂[B] + v₃[C] + v₄[S1] + v₅[S2] − e·[1]
  //   [D] = ab·[Qm] + a·[Ql] + b·[Qr] + c·[Qo] + [Qc] + d₂·[Z] − d₃·[S3] − zh·([T1] + ξⁿ[T2] + ξ²ⁿ[T3])
  const betaxi = mul(beta, xi)
  const d2a1 = add(add(ev.eval_a, betaxi), gamma)
  const d2a2 = add(add(ev.eval_b, mul(betaxi, key.k1)), gamma)
  const d2a3 = add(add(ev.eval_c, mul(betaxi, key.k2)), gamma)
  const d2 = add(add(mul(mul(mul(d2a1, d2a2), d2a3), alpha), mul(L[1]!, a2)), u)
  const d3 = mul(mul(e3a, e3b), mul(mul(alpha, beta), ev.eval_zw))
  let e = sub(mul(v[1]!, ev.eval_a), r0)
  e = add(e, mul(v[2]!, ev.eval_b))
  e = add(e, mul(v[3]!, ev.eval_c))
  e = add(e, mul(v[4]!, ev.eval_s1))
  e = add(e, mul(v[5]!, ev.eval_s2))
  e = add(e, mul(u, ev.eval_zw))
  const B1 = g1Msm(curve, [pt.Wxi, pt.Wxiw, key.Qm, key.Ql, key.Qr, key.Qo, key.Qc, pt.Z, key.S3, pt.T1, pt.T2, pt.T3, pt.A, pt.B, pt.C, key.S1, key.S2, G1.BASE], [
    xi,
    mul(mul(u, xi), key.omega),
    mul(ev.eval_a, ev.eval_b),
    ev.eval_a,
    ev.eval_b,
    ev.eval_c,
    1n,
    d2,
    Fr.neg(d3),
    Fr.neg(zh),
    Fr.neg(mul(zh, xin)),
    Fr.neg(mul(zh, sqr(xin))),
    v[1]!,
    v[2]!,
    v[3]!,
    v[4]!,
    v[5]!,
    Fr.neg(e),
  ])
  const A1 = g1Msm(curve, [pt.Wxi, pt.Wxiw], [1n, u])
  generator ??= prepareG2(curve, curve.G2.BASE)
  return pairingCheck(curve, [[A1.negate(), key.X2], [B1, generator]])
}

function preparedFromCache(vk: unknown): PreparedPlonkKey {
  const o = aobject(vk, 'vk')
  const id = jsonDigest([o.protocol, o.curve, o.nPublic, o.power, o.k1, o.k2, o.w, o.X_2, ...KEY_POINTS.map((k) => o[k])])
  return cache.getOrMake(id, () => preparePlonkKey(vk))
}

function bind(F: typeof Fr) {
  return {
    add: (a: bigint, b: bigint) => F.add(a, b),
    sub: (a: bigint, b: bigint) => F.sub(a, b),
    mul: (a: bigint, b: bigint) => F.mul(a, b),
    sqr: (a: bigint) => F.sqr(a),
  }
}
