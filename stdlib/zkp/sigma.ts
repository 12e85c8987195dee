/**
 * Sigma proofs on Pedersen commitments over ristretto255 (Schnorr-style Σ-protocols made
 * non-interactive with Fiat–Shamir; Camenisch–Stadler notation), in the shapes of FISCO BCOS
 * WeDPR's `discrete_logarithm_proof` module:
 *
 * - knowledge: PK{(v, r): C = v·G + r·H}            proof { t1, m1, m2 }
 *     t1 = a·G + b·H,  c = Hs(t1 ‖ C ‖ G ‖ H),  m1 = a − c·v,  m2 = b − c·r
 *     verify: t1 = m1·G + m2·H + c·C
 * - equality: PK{x: Y₁ = x·B₁ ∧ Y₂ = x·B₂}           proof { t1, t2, m1 }
 *     t1 = a·B₁, t2 = a·B₂,  c = Hs(t1 ‖ t2 ‖ Y₁ ‖ Y₂ ‖ B₁ ‖ B₂),  m1 = a − c·x
 *     verify: t1 = m1·B₁ + c·Y₁ and t2 = m1·B₂ + c·Y₂
 * - sum: PK{(v₁, r₁, v₂, r₂, r₃): Cᵢ = vᵢ·G + rᵢ·H ∧ C₃ = (v₁ + v₂)·G + r₃·H}   proof { t1, t2, t3, m1…m5 }
 *     t1 = a₁·G + b₁·H, t2 = a₂·G + b₂·H, t3 = (a₁ + a₂)·G + b₃·H,  c = Hs(t1 ‖ t2 ‖ t3 ‖ C₁ ‖ C₂ ‖ C₃ ‖ G)
 *     m1 = a₁ − c·v₁, m2 = b₁ − c·r₁, m3 = a₂ − c·v₂, m4 = b₂ − c·r₂, m5 = b₃ − c·r₃
 *     verify: t1 = m1·G + m2·H + c·C₁, t2 = m3·G + m4·H + c·C₂, t3 = (m1 + m3)·G + m5·H + c·C₃
 *
 * Hs(bytes) = Keccak-256(bytes) read little-endian, reduced mod ℓ (WeDPR `hash_to_scalar`);
 * points are 32-byte ristretto255 encodings, scalars 32 bytes little-endian. G and H are
 * WeDPR's bases (pedersen.ts).
 *
 * WeDPR compatibility (checked against the source of WeDPR-Lab-Crypto's
 * `crypto/zkp/discrete_logarithm_proof` and `crypto/zkp/utils`, no published vectors exist: its
 * tests use random nonces): the three statements, their transcripts (order of the encodings,
 * the sum proof hashing G but not H), the response signs (m = nonce − c·secret), the field
 * names and the bases are WeDPR's, so proofs made by either side verify on the other. What
 * differs: (1) scalars here must be canonical (< ℓ) where WeDPR's `Scalar::from_bits` accepts
 * any 255-bit string — every proof WeDPR makes is canonical, so only hand-crafted encodings
 * are refused; (2) WeDPR's wire format is its protobuf/`Serialize` concatenation, here each
 * field is a separate 32-byte value of a plain object; (3) WeDPR's batch verifiers (random
 * linear combinations) are not offered — one proof per call, so the answer is deterministic.
 * One intermediate WeDPR version derived H with SHA-512 instead of SHA3-512 (the others,
 * including the latest, use SHA3-512); proofs from it use another H and do not verify here.
 * Verifiers answer false for a well-formed proof that does not check, and throw `RangeError`
 * for a malformed encoding.
 * @module
 */
import { bytesToNumberLE, concatBytes } from '@noble/curves/utils.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { aobject } from './_assert.ts'
import {
  commitPoint,
  decodePoint,
  decodeScalar,
  encodeScalar,
  modL,
  PEDERSEN_G,
  PEDERSEN_H,
  randomScalar,
  valueScalar,
  type RistrettoPoint,
} from './pedersen.ts'

/** Proof of knowledge of the opening (v, r) of C = v·G + r·H. */
export interface KnowledgeProof {
  t1: Uint8Array
  m1: Uint8Array
  m2: Uint8Array
}

/** Proof that Y₁ = x·B₁ and Y₂ = x·B₂ for one secret x. */
export interface EqualityProof {
  t1: Uint8Array
  t2: Uint8Array
  m1: Uint8Array
}

/** Proof that C₃ commits to the sum of the values in C₁ and C₂. */
export interface SumProof {
  t1: Uint8Array
  t2: Uint8Array
  t3: Uint8Array
  m1: Uint8Array
  m2: Uint8Array
  m3: Uint8Array
  m4: Uint8Array
  m5: Uint8Array
}

/** WeDPR `hash_to_scalar`: Keccak-256 of the concatenated encodings, little-endian, mod ℓ. */
function challenge(...points: RistrettoPoint[]): bigint {
  return modL(bytesToNumberLE(keccak_256(concatBytes(...points.map((p) => p.toBytes())))))
}

/** a·P + b·Q (variable time; verification data is public). */
const mul2 = (a: bigint, P: RistrettoPoint, b: bigint, Q: RistrettoPoint) => P.multiplyUnsafe(a).add(Q.multiplyUnsafe(b))

/** The named 32-byte fields of a proof object, decoded as points (`t…`) or scalars (`m…`). */
function fields<K extends string>(proof: unknown, keys: readonly K[]): Record<K, RistrettoPoint | bigint> {
  const o = aobject(proof, 'proof')
  return Object.fromEntries(keys.map((k) => [k, k.startsWith('t') ? decodePoint(o[k], `proof.${k}`) : decodeScalar(o[k], `proof.${k}`)])) as Record<K, RistrettoPoint | bigint>
}

/**
 * Proves knowledge of the opening of C = v·G + r·H (client side: uses the CSPRNG).
 * @param value - v, bigint in [0, ℓ)
 * @param blinding - r, 32-byte scalar
 * @returns the commitment C and the proof
 * @example
 * const { commitment, proof } = proveKnowledge(5n, encodeScalar(randomScalar()))
 * verifyKnowledge(commitment, proof) // true
 */
export function proveKnowledge(value: bigint, blinding: Uint8Array): { commitment: Uint8Array; proof: KnowledgeProof } {
  const v = valueScalar(value, 'value')
  const r = decodeScalar(blinding, 'blinding')
  const C = commitPoint(v, r)
  const [a, b] = [randomScalar(), randomScalar()]
  const t1 = commitPoint(a, b)
  const c = challenge(t1, C, PEDERSEN_G, PEDERSEN_H)
  return { commitment: C.toBytes(), proof: { t1: t1.toBytes(), m1: encodeScalar(a - c * v), m2: encodeScalar(b - c * r) } }
}

/**
 * Verifies a {@link KnowledgeProof} for commitment C.
 * @returns whether t1 = m1·G + m2·H + c·C
 * @throws {TypeError}/{RangeError} for a malformed commitment or proof
 */
export function verifyKnowledge(commitment: Uint8Array, proof: unknown): boolean {
  const C = decodePoint(commitment, 'commitment')
  const { t1, m1, m2 } = fields(proof, ['t1', 'm1', 'm2'] as const) as { t1: RistrettoPoint; m1: bigint; m2: bigint }
  const c = challenge(t1, C, PEDERSEN_G, PEDERSEN_H)
  return commitPoint(m1, m2).add(C.multiplyUnsafe(c)).equals(t1)
}

/**
 * Proves Y₁ = x·B₁ and Y₂ = x·B₂ for a secret x (client side).
 * @param secret - x, 32-byte scalar
 * @param base1 - B₁, 32-byte point; @param base2 - B₂
 * @returns Y₁, Y₂ and the proof
 */
export function proveEquality(secret: Uint8Array, base1: Uint8Array, base2: Uint8Array): { y1: Uint8Array; y2: Uint8Array; proof: EqualityProof } {
  const x = decodeScalar(secret, 'secret')
  const B1 = decodePoint(base1, 'base1')
  const B2 = decodePoint(base2, 'base2')
  const [Y1, Y2] = [B1.multiplyUnsafe(x), B2.multiplyUnsafe(x)]
  const a = randomScalar()
  const [t1, t2] = [B1.multiplyUnsafe(a), B2.multiplyUnsafe(a)]
  const c = challenge(t1, t2, Y1, Y2, B1, B2)
  return { y1: Y1.toBytes(), y2: Y2.toBytes(), proof: { t1: t1.toBytes(), t2: t2.toBytes(), m1: encodeScalar(a - c * x) } }
}

/**
 * Verifies an {@link EqualityProof}: log_{B₁} Y₁ = log_{B₂} Y₂.
 * @throws {TypeError}/{RangeError} for a malformed point or proof
 */
export function verifyEquality(y1: Uint8Array, y2: Uint8Array, base1: Uint8Array, base2: Uint8Array, proof: unknown): boolean {
  const [Y1, Y2] = [decodePoint(y1, 'y1'), decodePoint(y2, 'y2')]
  const [B1, B2] = [decodePoint(base1, 'base1'), decodePoint(base2, 'base2')]
  const { t1, t2, m1 } = fields(proof, ['t1', 't2', 'm1'] as const) as { t1: RistrettoPoint; t2: RistrettoPoint; m1: bigint }
  const c = challenge(t1, t2, Y1, Y2, B1, B2)
  return mul2(m1, B1, c, Y1).equals(t1) && mul2(m1, B2, c, Y2).equals(t2)
}

/**
 * Proves that C₃ = C(v₁ + v₂, r₃) for C₁ = C(v₁, r₁), C₂ = C(v₂, r₂) (client side).
 * @returns the three commitments and the proof
 */
export function proveSum(
  value1: bigint,
  blinding1: Uint8Array,
  value2: bigint,
  blinding2: Uint8Array,
  blinding3: Uint8Array,
): { c1: Uint8Array; c2: Uint8Array; c3: Uint8Array; proof: SumProof } {
  const [v1, v2] = [valueScalar(value1, 'value1'), valueScalar(value2, 'value2')]
  const [r1, r2, r3] = [decodeScalar(blinding1, 'blinding1'), decodeScalar(blinding2, 'blinding2'), decodeScalar(blinding3, 'blinding3')]
  const [C1, C2, C3] = [commitPoint(v1, r1), commitPoint(v2, r2), commitPoint(modL(v1 + v2), r3)]
  const [a1, a2, b1, b2, b3] = [randomScalar(), randomScalar(), randomScalar(), randomScalar(), randomScalar()]
  const [t1, t2, t3] = [commitPoint(a1, b1), commitPoint(a2, b2), commitPoint(modL(a1 + a2), b3)]
  const c = challenge(t1, t2, t3, C1, C2, C3, PEDERSEN_G)
  const m = [a1 - c * v1, b1 - c * r1, a2 - c * v2, b2 - c * r2, b3 - c * r3].map(encodeScalar)
  return {
    c1: C1.toBytes(),
    c2: C2.toBytes(),
    c3: C3.toBytes(),
    proof: { t1: t1.toBytes(), t2: t2.toBytes(), t3: t3.toBytes(), m1: m[0]!, m2: m[1]!, m3: m[2]!, m4: m[3]!, m5: m[4]! },
  }
}

/**
 * Verifies a {@link SumProof}: C₃ commits to the sum of C₁'s and C₂'s values.
 * @throws {TypeError}/{RangeError} for a malformed commitment or proof
 */
export function verifySum(c1: Uint8Array, c2: Uint8Array, c3: Uint8Array, proof: unknown): boolean {
  const [C1, C2, C3] = [decodePoint(c1, 'c1'), decodePoint(c2, 'c2'), decodePoint(c3, 'c3')]
  const p = fields(proof, ['t1', 't2', 't3', 'm1', 'm2', 'm3', 'm4', 'm5'] as const) as {
    t1: RistrettoPoint; t2: RistrettoPoint; t3: RistrettoPoint; m1: bigint; m2: bigint; m3: bigint; m4: bigint; m5: bigint
  }
  const c = challenge(p.t1, p.t2, p.t3, C1, C2, C3, PEDERSEN_G)
  return (
    commitPoint(p.m1, p.m2).add(C1.multiplyUnsafe(c)).equals(p.t1) &&
    commitPoint(p.m3, p.m4).add(C2.multiplyUnsafe(c)).equals(p.t2) &&
    commitPoint(modL(p.m1 + p.m3), p.m5).add(C3.multiplyUnsafe(c)).equals(p.t3)
  )
}
