/**
 * Range proofs on Pedersen commitments: Bulletproofs (B. Bünz, J. Bootle, D. Boneh, A. Poelstra,
 * P. Wuille, G. Maxwell, "Bulletproofs: Short Proofs for Confidential Transactions and More",
 * IEEE S&P 2018, §4.2 with the inner-product argument of §3 and the single-multiexponentiation
 * verifier of §6.2), for one value on ristretto255: given V = v·G + γ·H (pedersen.ts), prove
 * 0 ≤ v < 2ⁿ for n ∈ {8, 16, 32, 64} without revealing v. A proof is 32·(9 + 2·log₂n) bytes
 * (672 for n = 64):
 *
 *   A ‖ S ‖ T₁ ‖ T₂ ‖ τx ‖ μ ‖ t̂ ‖ (L_j ‖ R_j) for j = 1…log₂n ‖ a ‖ b
 *
 * (points as ristretto255 encodings, scalars 32 bytes little-endian < ℓ). The algebra follows
 * the dalek `bulletproofs` crate (IPA with Q = w·G and H′ᵢ = y⁻ⁱ·Hᵢ, the verifier's mega-check),
 * but the Fiat–Shamir transcript is Inkstone's own (SHA-512 over length-prefixed labelled
 * messages, domain "inkstone/bulletproofs/v1"), not Merlin: proofs do not interoperate with
 * dalek or WeDPR. The vector generators are Gᵢ, Hᵢ = from_uniform_bytes(SHA-512(label ‖ i))
 * (RFC 9496 §4.3.4), so nobody knows a relation between them.
 *
 * Verification is deterministic: the weight that batches the two checks is a transcript
 * challenge, not a random number. Well-formed proofs that do not check return false;
 * malformed ones throw `RangeError`.
 * @module
 */
import { pippenger } from '@noble/curves/abstract/curve.js'
import { ristretto255_hasher } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, concatBytes } from '@noble/curves/utils.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { abytes, ainteger } from './_assert.ts'
import {
  commitPoint,
  decodePoint,
  decodeScalar,
  encodeScalar,
  modL,
  PEDERSEN_G,
  PEDERSEN_H,
  randomScalar,
  RistrettoPoint,
  valueScalar,
} from './pedersen.ts'

/** Bit lengths a range proof may cover. */
export const RANGE_BITS = [8, 16, 32, 64] as const

const DOMAIN = 'inkstone/bulletproofs/v1'
const MAX_BITS = 64

/** Proof size in bytes for `bits`. */
export const rangeProofLength = (bits: number): number => 32 * (9 + 2 * Math.log2(bits))

let vectorGenerators: { G: RistrettoPoint[]; H: RistrettoPoint[] } | undefined
function generators(): { G: RistrettoPoint[]; H: RistrettoPoint[] } {
  const derive = (label: string, i: number) =>
    ristretto255_hasher.deriveToCurve!(sha512(concatBytes(utf8ToBytes(`${DOMAIN}/${label}`), new Uint8Array([0, 0, i >> 8, i & 0xff]))))
  vectorGenerators ??= {
    G: Array.from({ length: MAX_BITS }, (_, i) => derive('G', i)),
    H: Array.from({ length: MAX_BITS }, (_, i) => derive('H', i)),
  }
  return vectorGenerators
}

/** Fiat–Shamir transcript: every challenge hashes all messages so far (labelled, length-prefixed). */
class Transcript {
  readonly #messages: Uint8Array[] = [utf8ToBytes(DOMAIN)]

  append(label: string, data: Uint8Array): this {
    const l = utf8ToBytes(label)
    this.#messages.push(new Uint8Array([l.length]), l, new Uint8Array([data.length >> 8, data.length & 0xff]), data)
    return this
  }

  point(label: string, P: RistrettoPoint): this {
    return this.append(label, P.toBytes())
  }

  challenge(label: string): bigint {
    this.append('challenge', utf8ToBytes(label))
    const c = modL(bytesToNumberLE(sha512(concatBytes(...this.#messages))))
    this.append(label, encodeScalar(c))
    return c
  }
}

const inv = (x: bigint) => RistrettoPoint.Fn.inv(x)
const powers = (x: bigint, n: number) => {
  const out = [1n]
  for (let i = 1; i < n; i++) out.push(modL(out[i - 1]! * x))
  return out
}
const inner = (a: bigint[], b: bigint[]) => modL(a.reduce((sum, ai, i) => sum + ai * b[i]!, 0n))
const msm = (points: RistrettoPoint[], scalars: bigint[]) => pippenger(RistrettoPoint, points, scalars.map(modL))

function checkBits(bits: unknown): number {
  const n = ainteger(bits, 'bits', 8, MAX_BITS)
  if (!(RANGE_BITS as readonly number[]).includes(n)) throw new RangeError(`"bits" expected one of ${RANGE_BITS.join(', ')}, got ${n}`)
  return n
}

/** The transcript's opening: bit length and commitment. */
function start(n: number, V: RistrettoPoint): Transcript {
  return new Transcript().append('n', new Uint8Array([n])).point('V', V)
}

/**
 * Proves 0 ≤ value < 2^bits for the commitment value·G + blinding·H (client side: CSPRNG).
 * @param value - v, a bigint in [0, 2^bits)
 * @param blinding - γ, 32-byte scalar (the commitment's blinding)
 * @param bits - 8, 16, 32 or 64
 * @returns the commitment V and the proof bytes
 * @throws {RangeError} when v is outside [0, 2^bits) or an argument is malformed
 * @example
 * const { commitment, proof } = proveRange(42n, encodeScalar(randomScalar()), 32)
 * verifyRange(commitment, proof, 32) // true
 */
export function proveRange(value: bigint, blinding: Uint8Array, bits: number): { commitment: Uint8Array; proof: Uint8Array } {
  const n = checkBits(bits)
  const v = valueScalar(value, 'value')
  if (v >= 1n << BigInt(n)) throw new RangeError(`"value" must be below 2^${n}`)
  const gamma = decodeScalar(blinding, 'blinding')
  const { G: Gs, H: Hs } = generators()
  const [G, H] = [Gs.slice(0, n), Hs.slice(0, n)]
  const V = commitPoint(v, gamma)

  const aL = Array.from({ length: n }, (_, i) => (v >> BigInt(i)) & 1n)
  const aR = aL.map((b) => modL(b - 1n))
  const alpha = randomScalar()
  const A = PEDERSEN_H.multiplyUnsafe(alpha).add(msm([...G, ...H], [...aL, ...aR]))
  const sL = Array.from({ length: n }, randomScalar)
  const sR = Array.from({ length: n }, randomScalar)
  const rho = randomScalar()
  const S = PEDERSEN_H.multiplyUnsafe(rho).add(msm([...G, ...H], [...sL, ...sR]))

  const t = start(n, V).point('A', A).point('S', S)
  const y = t.challenge('y')
  const z = t.challenge('z')
  const yn = powers(y, n)
  const twos = powers(2n, n)
  const z2 = modL(z * z)
  const l0 = aL.map((a) => modL(a - z))
  const r0 = aR.map((a, i) => modL(yn[i]! * (a + z) + z2 * twos[i]!))
  const r1 = sR.map((s, i) => modL(yn[i]! * s))
  const t1 = modL(inner(l0, r1) + inner(sL, r0))
  const t2 = inner(sL, r1)
  const [tau1, tau2] = [randomScalar(), randomScalar()]
  const T1 = commitPoint(t1, tau1)
  const T2 = commitPoint(t2, tau2)

  const x = t.point('T1', T1).point('T2', T2).challenge('x')
  const l = l0.map((a, i) => modL(a + sL[i]! * x))
  const r = r0.map((a, i) => modL(a + r1[i]! * x))
  const tHat = inner(l, r)
  const tauX = modL(tau2 * x * x + tau1 * x + z2 * gamma)
  const mu = modL(alpha + rho * x)
  const w = t.append('tx', encodeScalar(tHat)).append('tx_blinding', encodeScalar(tauX)).append('e_blinding', encodeScalar(mu)).challenge('w')

  // Inner-product argument for <l, r> = t̂ over G and H′ᵢ = y⁻ⁱ·Hᵢ, with Q = w·G
  const Q = PEDERSEN_G.multiplyUnsafe(w)
  const yInv = powers(inv(y), n)
  let g = G
  let h = H.map((P, i) => P.multiplyUnsafe(yInv[i]!))
  let a = l
  let b = r
  const LR: Uint8Array[] = []
  while (a.length > 1) {
    const m = a.length / 2
    const [aLo, aHi, bLo, bHi] = [a.slice(0, m), a.slice(m), b.slice(0, m), b.slice(m)]
    const [gLo, gHi, hLo, hHi] = [g.slice(0, m), g.slice(m), h.slice(0, m), h.slice(m)]
    const L = msm([...gHi, ...hLo, Q], [...aLo, ...bHi, inner(aLo, bHi)])
    const R = msm([...gLo, ...hHi, Q], [...aHi, ...bLo, inner(aHi, bLo)])
    LR.push(L.toBytes(), R.toBytes())
    const u = t.point('L', L).point('R', R).challenge('u')
    const uInv = inv(u)
    a = aLo.map((ai, i) => modL(ai * u + aHi[i]! * uInv))
    b = bLo.map((bi, i) => modL(bi * uInv + bHi[i]! * u))
    g = gLo.map((P, i) => P.multiplyUnsafe(uInv).add(gHi[i]!.multiplyUnsafe(u)))
    h = hLo.map((P, i) => P.multiplyUnsafe(u).add(hHi[i]!.multiplyUnsafe(uInv)))
  }
  const proof = concatBytes(A.toBytes(), S.toBytes(), T1.toBytes(), T2.toBytes(), ...[tauX, mu, tHat].map(encodeScalar), ...LR, encodeScalar(a[0]!), encodeScalar(b[0]!))
  return { commitment: V.toBytes(), proof }
}

/**
 * Verifies that `commitment` hides a value in [0, 2^bits).
 * @param commitment - V, 32 bytes
 * @param proof - 32·(9 + 2·log₂bits) bytes from {@link proveRange}
 * @param bits - 8, 16, 32 or 64
 * @returns whether the proof checks
 * @throws {TypeError}/{RangeError} for a wrong bit length, proof length or encoding
 */
export function verifyRange(commitment: Uint8Array, proof: Uint8Array, bits: number): boolean {
  const n = checkBits(bits)
  const V = decodePoint(commitment, 'commitment')
  abytes(proof, 'proof', rangeProofLength(n))
  const k = Math.log2(n)
  const word = (i: number) => proof.subarray(32 * i, 32 * i + 32)
  const [A, S, T1, T2] = [0, 1, 2, 3].map((i) => decodePoint(word(i), `proof point ${i}`)) as [RistrettoPoint, RistrettoPoint, RistrettoPoint, RistrettoPoint]
  const [tauX, mu, tHat] = [4, 5, 6].map((i) => decodeScalar(word(i), `proof scalar ${i}`)) as [bigint, bigint, bigint]
  const L = Array.from({ length: k }, (_, j) => decodePoint(word(7 + 2 * j), `proof L${j}`))
  const R = Array.from({ length: k }, (_, j) => decodePoint(word(8 + 2 * j), `proof R${j}`))
  const [a, b] = [decodeScalar(word(7 + 2 * k), 'proof a'), decodeScalar(word(8 + 2 * k), 'proof b')]

  const t = start(n, V).point('A', A).point('S', S)
  const y = t.challenge('y')
  const z = t.challenge('z')
  const x = t.point('T1', T1).point('T2', T2).challenge('x')
  const w = t.append('tx', encodeScalar(tHat)).append('tx_blinding', encodeScalar(tauX)).append('e_blinding', encodeScalar(mu)).challenge('w')
  const u = L.map((Lj, j) => t.point('L', Lj).point('R', R[j]!).challenge('u'))
  const c = t.challenge('batch')
  if (y === 0n || u.some((uj) => uj === 0n)) return false // inverses undefined (probability ~2^-250)

  // s_i = Π_j u_j^(±1): + when bit (k−1−j) of i is set (dalek `verification_scalars`)
  const uSq = u.map((uj) => modL(uj * uj))
  const uInvSq = u.map((uj) => modL(inv(uj) ** 2n))
  const s = [inv(u.reduce((p, uj) => modL(p * uj), 1n))]
  for (let i = 1; i < n; i++) {
    const lg = 31 - Math.clz32(i)
    s.push(modL(s[i - (1 << lg)]! * uSq[k - 1 - lg]!))
  }
  const yn = powers(y, n)
  const yInv = powers(inv(y), n)
  const twos = powers(2n, n)
  const z2 = modL(z * z)
  const sumY = yn.reduce((p, q) => p + q, 0n)
  const delta = modL((z - z2) * sumY - z2 * z * ((1n << BigInt(n)) - 1n))

  const { G, H } = generators()
  const points = [A, S, T1, T2, ...L, ...R, PEDERSEN_H, PEDERSEN_G, ...G.slice(0, n), ...H.slice(0, n), V]
  const scalars = [
    1n,
    x,
    c * x,
    c * x * x,
    ...uSq,
    ...uInvSq,
    -(mu + c * tauX),
    w * (tHat - a * b) + c * (delta - tHat),
    ...s.map((si) => -z - a * si),
    ...s.map((_, i) => z + yInv[i]! * (z2 * twos[i]! - b * s[n - 1 - i]!)),
    c * z2,
  ]
  return msm(points, scalars).is0()
}

