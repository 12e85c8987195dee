// Shared test data for stdlib/zkp: the snarkjs 0.7.6 vectors, a deterministic scalar source, and
// a Groth16 proof simulator that turns the trapdoor (α, β, γ, δ, ICᵢ logs) into valid proofs in
// snarkjs JSON for any curve. The simulator exercises the verification equation itself; it is
// how BLS12-381 Groth16 is tested, since no snarkjs BLS12-381 vector exists here.
import { readFileSync } from 'node:fs'
import type { PairingCurve } from '../../../stdlib/zkp/pairing.ts'

export type Json = Record<string, unknown>

/** One vector set under /work/shared/vectors/zkp (`groth16-bn128-1pub`, `plonk-bn128-2pub`). */
export function snarkjsVector(name: string): { vk: Json; proof: Json; publicSignals: string[] } {
  const read = (file: string) => JSON.parse(readFileSync(new URL(`../../../../shared/vectors/zkp/${name}/${file}`, import.meta.url), 'utf8'))
  return { vk: read('verification_key.json'), proof: read('proof.json'), publicSignals: read('public.json') }
}

/** One vector set made here with snarkjs 0.7.6 (test/vectors/zkp/generate-vectors.mjs). */
export function localVector(name: 'fflonk-bn128-1pub' | 'fflonk-bn128-3pub' | 'groth16-bls12381-1pub'): { vk: Json; proof: Json; publicSignals: string[] } {
  const read = (file: string) => JSON.parse(readFileSync(new URL(`../../vectors/zkp/${name}/${file}`, import.meta.url), 'utf8'))
  return { vk: read('verification_key.json'), proof: read('proof.json'), publicSignals: read('public.json') }
}

/** A deep copy with one path changed: `tamper(proof, ['pi_a', 0], '5')`. */
export function tamper<T>(value: T, path: (string | number)[], replacement: unknown): T {
  const copy = structuredClone(value) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path.at(-1)!] = replacement
  return copy as T
}

/** Deterministic pseudo-random scalars in [1, n) (xorshift over bigints; tests only). */
export function scalars(seed: bigint, n: bigint): () => bigint {
  let state = seed | 1n
  return () => {
    let out = 0n
    for (let i = 0; i < 8; i++) {
      state ^= (state << 13n) & 0xffffffffffffffffn
      state ^= state >> 7n
      state ^= (state << 17n) & 0xffffffffffffffffn
      out = (out << 64n) | state
    }
    return (out % (n - 1n)) + 1n
  }
}

const str = (n: bigint) => n.toString()
export const g1Json = (P: { toAffine(): { x: bigint; y: bigint }; is0(): boolean }) =>
  P.is0() ? ['0', '1', '0'] : [str(P.toAffine().x), str(P.toAffine().y), '1']
export const g2Json = (P: { toAffine(): { x: { c0: bigint; c1: bigint }; y: { c0: bigint; c1: bigint } }; is0(): boolean }) => {
  if (P.is0()) return [['0', '0'], ['1', '0'], ['0', '0']]
  const { x, y } = P.toAffine()
  return [[str(x.c0), str(x.c1)], [str(y.c0), str(y.c1)], ['1', '0']]
}

/**
 * A Groth16 key and a proof generator from a known trapdoor: with A = a·G₁, B = b·G₂ and
 * C = (ab − αβ − γ·Σ sᵢ′·icᵢ)/δ · G₁ (s′ = 1, s₁…sₙ), e(A,B) = e(α,β)·e(vk_x,γ)·e(C,δ) holds.
 */
export function groth16Simulator(curve: PairingCurve, nPublic: number, seed = 7n) {
  const { Fr, G1, G2 } = curve
  const rand = scalars(seed, Fr.ORDER)
  const [alpha, beta, gamma, delta] = [rand(), rand(), rand(), rand()]
  const ic = Array.from({ length: nPublic + 1 }, rand)
  const vk = {
    protocol: 'groth16',
    curve: curve.name,
    nPublic,
    vk_alpha_1: g1Json(G1.BASE.multiply(alpha)),
    vk_beta_2: g2Json(G2.BASE.multiply(beta)),
    vk_gamma_2: g2Json(G2.BASE.multiply(gamma)),
    vk_delta_2: g2Json(G2.BASE.multiply(delta)),
    IC: ic.map((s) => g1Json(G1.BASE.multiply(s))),
  }
  const prove = (signals: bigint[]) => {
    const [a, b] = [rand(), rand()]
    let sum = ic[0]!
    signals.forEach((s, i) => (sum = Fr.add(sum, Fr.mul(s, ic[i + 1]!))))
    const c = Fr.div(Fr.sub(Fr.sub(Fr.mul(a, b), Fr.mul(alpha, beta)), Fr.mul(gamma, sum)), delta)
    return {
      pi_a: g1Json(G1.BASE.multiply(a)),
      pi_b: g2Json(G2.BASE.multiply(b)),
      pi_c: g1Json(G1.BASE.multiply(c)),
      protocol: 'groth16',
      curve: curve.name,
    }
  }
  return { vk, prove }
}

/** A point on E′(Fp²) outside the prime-order subgroup (the G2 cofactor is huge: any random point). */
export function g2OutsideSubgroup(curve: PairingCurve) {
  const { Fp2, G2 } = curve
  for (let i = 1n; ; i++) {
    const x = Fp2.fromBigTuple([i, 1n])
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), G2.CURVE().b)
    try {
      const y = Fp2.sqrt(rhs)
      const P = G2.fromAffine({ x, y })
      if (!P.isTorsionFree()) return P
    } catch {
      // not a square: try the next x
    }
  }
}

/** Asserts that `fn` throws an error of `type` whose message matches `message` (no vitest import: the bench uses this file too). */
export function expectThrow(fn: () => unknown, type: ErrorConstructor, message: RegExp): void {
  try {
    fn()
  } catch (error) {
    if (!(error instanceof type)) throw new Error(`expected ${type.name}, got ${String(error)}`)
    if (!message.test(error.message)) throw new Error(`expected a message matching ${message}, got "${error.message}"`)
    return
  }
  throw new Error(`expected ${type.name} matching ${message}, nothing was thrown`)
}
