/**
 * Groth16 verification (J. Groth, "On the Size of Pairing-based Non-interactive Arguments",
 * EUROCRYPT 2016, §3.2) for snarkjs 0.7 keys and proofs, on bn254 ("bn128") and BLS12-381
 * ("bls12381"):
 *
 *   vk_x = IC₀ + Σᵢ sᵢ·ICᵢ₊₁      accept iff  e(−A, B) · e(α, β) · e(vk_x, γ) · e(C, δ) = 1
 *
 * Checks beyond snarkjs (DESIGN.md §4): the number of public signals must equal `nPublic` and
 * `IC.length − 1`; every signal must be < r; every point (key and proof) must be on its curve
 * and in the prime-order subgroup, G2 included. Malformed input throws; a well-formed proof that
 * does not satisfy the equation returns false.
 *
 * Prepared keys: validating a key (three G2 subgroup checks) and computing the Miller lines of
 * γ and δ and the Miller value of e(α, β) is most of a cold verification. {@link verifyGroth16}
 * keeps prepared keys in a bounded LRU cache keyed by the key's numbers, so a contract that
 * verifies against the same key again pays only for the proof; {@link prepareGroth16Key} gives
 * the prepared key to hold directly.
 * @module
 */
import { aarray, ainteger, aobject } from './_assert.ts'
import { jsonDigest, Lru } from './_lru.ts'
import { g1Msm, millerLoop, pairingCheck, prepareG2, type G1Point, type G2Point, type MillerValue, type PairingCurve, type PreparedG2 } from './pairing.ts'
import { curveByName, decodeG1, decodeG2, decodePublicSignals } from './snarkjs-json.ts'

/** A validated Groth16 verification key with its pairing precomputation. */
export interface PreparedGroth16Key {
  readonly curve: PairingCurve
  readonly nPublic: number
  /** IC₀…IC_nPublic */
  readonly IC: readonly G1Point[]
  /** Miller-loop value of e(α, β), multiplied into every check. */
  readonly alphaBeta: MillerValue
  readonly gamma: PreparedG2
  readonly delta: PreparedG2
  /** γ = δ (keys without a phase-2 contribution): e(vk_x, γ)·e(C, δ) = e(vk_x + C, γ), one pair less. */
  readonly gammaIsDelta: boolean
}

/** Public inputs a key may declare: bounds the work of one verification. */
export const GROTH16_MAX_PUBLIC = 1024

const cache = new Lru<PreparedGroth16Key>(64)

/** Sets how many prepared keys {@link verifyGroth16} keeps (default 64; 0 disables the cache). */
export function configureGroth16Cache(capacity: number): void {
  cache.capacity = ainteger(capacity, 'capacity', 0, 1 << 16)
}

/**
 * Validates a snarkjs `verification_key.json` and precomputes what every verification reuses.
 * @param vk - the parsed JSON (numbers as decimal strings or bigints)
 * @returns the prepared key
 * @throws {TypeError} for a wrong JSON shape; {RangeError} for an invalid point, an unknown
 *   curve, or `IC.length ≠ nPublic + 1`
 * @example
 * const key = prepareGroth16Key(JSON.parse(readFileSync('verification_key.json', 'utf8')))
 * verifyGroth16(key, ['33'], proof)
 */
export function prepareGroth16Key(vk: unknown): PreparedGroth16Key {
  const o = aobject(vk, 'vk')
  if (o.protocol !== 'groth16') throw new RangeError(`"vk.protocol" expected 'groth16'`)
  const curve = curveByName(o.curve)
  const nPublic = ainteger(o.nPublic, 'vk.nPublic', 0, GROTH16_MAX_PUBLIC)
  const IC = aarray(o.IC, 'vk.IC', nPublic + 1).map((p, i) => decodeG1(curve, p, `vk.IC[${i}]`))
  const alpha = decodeG1(curve, o.vk_alpha_1, 'vk.vk_alpha_1')
  const beta = decodeG2(curve, o.vk_beta_2, 'vk.vk_beta_2')
  const gamma = decodeG2(curve, o.vk_gamma_2, 'vk.vk_gamma_2')
  const delta = decodeG2(curve, o.vk_delta_2, 'vk.vk_delta_2')
  if (gamma.is0() || delta.is0()) throw new RangeError('"vk.vk_gamma_2" and "vk.vk_delta_2" must not be the point at infinity')
  const key: PreparedGroth16Key = Object.freeze({
    curve,
    nPublic,
    IC,
    alphaBeta: millerLoop(curve, [[alpha, beta]]),
    gamma: prepareG2(curve, gamma),
    delta: prepareG2(curve, delta),
    gammaIsDelta: gamma.equals(delta),
  })
  made.add(key)
  return key
}

/**
 * Verifies a Groth16 proof.
 * @param vk - a snarkjs verification key (parsed JSON) or a {@link PreparedGroth16Key}
 * @param publicSignals - `public.json`: exactly `nPublic` scalars < r
 * @param proof - `proof.json`: `{ pi_a, pi_b, pi_c }` on the key's curve
 * @returns whether the proof is valid for these signals
 * @throws {TypeError} for a wrong JSON shape; {RangeError} for a wrong signal count, a signal
 *   ≥ r, or a point off the curve or outside the subgroup
 * @example
 * verifyGroth16(vk, publicSignals, proof) // true
 */
export function verifyGroth16(vk: unknown, publicSignals: unknown, proof: unknown): boolean {
  const key = isPrepared(vk) ? vk : preparedFromCache(vk)
  const { curve } = key
  const signals = decodePublicSignals(curve, publicSignals, key.nPublic)
  const p = aobject(proof, 'proof')
  const A = decodeG1(curve, p.pi_a, 'proof.pi_a')
  const B = decodeG2(curve, p.pi_b, 'proof.pi_b')
  const C = decodeG1(curve, p.pi_c, 'proof.pi_c')
  const vkX = g1Msm(curve, key.IC, [1n, ...signals])
  const pairs: [G1Point, G2Point | PreparedG2][] = key.gammaIsDelta
    ? [[A.negate(), B], [vkX.add(C), key.gamma]]
    : [[A.negate(), B], [vkX, key.gamma], [C, key.delta]]
  return pairingCheck(curve, pairs, key.alphaBeta)
}

/** Keys made by `prepareGroth16Key` (a look-alike plain object from a contract is not one). */
const made = new WeakSet<object>()

function isPrepared(vk: unknown): vk is PreparedGroth16Key {
  return typeof vk === 'object' && vk !== null && made.has(vk)
}

/** The prepared key for `vk` from the cache, preparing (and validating) it on a miss. */
function preparedFromCache(vk: unknown): PreparedGroth16Key {
  const o = aobject(vk, 'vk')
  const id = jsonDigest([o.protocol, o.curve, o.nPublic, o.vk_alpha_1, o.vk_beta_2, o.vk_gamma_2, o.vk_delta_2, o.IC])
  return cache.getOrMake(id, () => prepareGroth16Key(vk))
}
