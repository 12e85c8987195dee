/**
 * bn254 in WebAssembly (`wasm/bn254.c`): Miller-loop lines of G2 points, the multi-Miller loop,
 * the final exponentiation, the G2 membership test and G1 multi-scalar multiplication, with a
 * synchronous API.
 *
 * The module (31 KB) is compiled and instantiated synchronously when this file is first
 * imported, so host functions stay synchronous and nothing waits at call time. Integer wasm is
 * bit-exact on every engine: Node and browsers compute the same bytes.
 *
 * Values cross the boundary as 9 little-endian 29-bit limbs (u32 words); inside they are in
 * Montgomery form.
 * An Fp¹² value ({@link Gt}) is 384 bytes of Montgomery limbs in noble-curves' coefficient order;
 * {@link gtToBigints} converts for tests. The derived constants (R² mod p, −p⁻¹ mod 2³², b′, ψ,
 * Frobenius coefficients, NAF digits) are computed here from their definitions and written into
 * the module once.
 * @module
 */
import { BN254_WASM } from './_bn254-wasm-binary.ts'

/** An Fp² element (c0, c1) = c0 + c1·u. */
export type Fp2 = readonly [bigint, bigint]
/** An Fp¹² value inside the engine (Montgomery limbs); opaque outside this module. */
export type Gt = Uint8Array
/** The Miller-loop lines of one G2 point (Montgomery limbs), reusable for every G1 point. */
export type G2Lines = Uint8Array

export const P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n
/** The bn254 seed x: the Miller loop runs over 6x + 2, the final exponentiation over x. */
const BN_X = 4965661367192848881n

/** Bytes of an Fp element in wasm: 9 limbs of 29 bits in u32 words. */
const FP = 36
const FP2 = 2 * FP
const GT = 12 * FP
/** A pair of the multi-Miller loop in wasm: x, y (Fp), the address of its lines (u32). */
const PAIR = 2 * FP + 4

interface Exports {
  memory: WebAssembly.Memory
  consts_ptr(): number
  heap_base(): number
  line_count(): number
  g2_lines(q: number, out: number): void
  miller_loop(pairs: number, n: number, out: number): void
  fp12_mul(r: number, a: number, b: number): void
  final_exponentiation(r: number, f: number): void
  final_exponentiation_is_one(f: number): number
  to_montgomery(a: number, n: number): void
  from_montgomery(a: number, n: number): void
  g2_on_twist(q: number): number
  g2_in_subgroup(q: number): number
  g1_msm(points: number, scalars: number, n: number, table: number, out: number): number
}

const mod = (x: bigint): bigint => ((x % P) + P) % P

function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m
  return r
}

const f2mul = (a: Fp2, b: Fp2): Fp2 => [mod(a[0] * b[0] - a[1] * b[1]), mod(a[0] * b[1] + a[1] * b[0])]
const f2inv = (a: Fp2): Fp2 => {
  const t = powMod(mod(a[0] * a[0] + a[1] * a[1]), P - 2n, P)
  return [mod(a[0] * t), mod(-a[1] * t)]
}
function f2pow(a: Fp2, e: bigint): Fp2 {
  let r: Fp2 = [1n, 0n]
  for (let b = a; e > 0n; e >>= 1n, b = f2mul(b, b)) if (e & 1n) r = f2mul(r, b)
  return r
}

/** Non-adjacent form of `n`, most significant digit first, without the leading 1. */
function naf(n: bigint): number[] {
  const digits: number[] = []
  for (; n > 1n; n >>= 1n) {
    if ((n & 1n) === 0n) digits.unshift(0)
    else if ((n & 3n) === 3n) {
      digits.unshift(-1)
      n += 1n
    } else digits.unshift(1)
  }
  return digits
}

const XI: Fp2 = [9n, 1n]

const wasm = (() => {
  const bytes = Uint8Array.from(atob(BN254_WASM), (c) => c.charCodeAt(0))
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports
})()

/** The 29-bit limbs of x (< 2²⁶¹) at byte offset `at` (plain form). */
function put(at: number, x: bigint): void {
  const view = new DataView(wasm.memory.buffer)
  for (let i = 0; i < 9; i++, x >>= 29n) view.setUint32(at + 4 * i, Number(x & 0x1fffffffn), true)
}

function get(at: number): bigint {
  const view = new DataView(wasm.memory.buffer)
  let x = 0n
  for (let i = 8; i >= 0; i--) x = (x << 29n) | BigInt(view.getUint32(at + 4 * i, true))
  return x
}

const putF2 = (at: number, a: Fp2) => (put(at, a[0]), put(at + FP, a[1]))

// ── constants (layout of `consts` in bn254.c) ──
{
  const c = wasm.consts_ptr()
  const R = 1n << 261n
  put(c, P)
  put(c + FP, (R * R) % P)
  put(c + 2 * FP, R % P)
  // −p⁻¹ mod 2²⁹ (the unit group mod 2²⁹ has order 2²⁸: p⁻¹ = p^(2²⁸ − 1))
  new DataView(wasm.memory.buffer).setUint32(c + 3 * FP, Number((1n << 29n) - powMod(P, (1n << 28n) - 1n, 1n << 29n)), true)
  // b′ = 3/ξ, ψ's ξ^((p−1)/3) and ξ^((p−1)/2), then for k = 1, 2, 3 the Frobenius multipliers γ², γ⁴, γ, γ³, γ⁵
  const fp2s: Fp2[] = [f2mul([3n, 0n], f2inv(XI)), f2pow(XI, (P - 1n) / 3n), f2pow(XI, (P - 1n) / 2n)]
  for (const k of [1n, 2n, 3n]) {
    const g = f2pow(XI, (P ** k - 1n) / 6n)
    const g2 = f2mul(g, g)
    const g4 = f2mul(g2, g2)
    fp2s.push(g2, g4, g, f2mul(g2, g), f2mul(g4, g))
  }
  fp2s.forEach((a, i) => putF2(c + 3 * FP + 4 + i * FP2, a))
  wasm.to_montgomery(c + 3 * FP + 4, 2 * fp2s.length)
  const view = new DataView(wasm.memory.buffer)
  const digits = (at: number, ds: number[]) => {
    ds.forEach((d, i) => view.setInt32(at + 4 * i, d, true))
    view.setInt32(at + 320, ds.length, true)
  }
  const naf0 = c + 3 * FP + 4 + 18 * FP2
  digits(naf0, naf(6n * BN_X + 2n))
  digits(naf0 + 324, naf(BN_X))
}

// ── working memory: [Fp¹² × 3][G2 point][pairs][lines of unprepared G2 points] ──
const HEAP = wasm.heap_base()
const SLOT_A = HEAP
const SLOT_B = HEAP + GT
const SLOT_OUT = HEAP + 2 * GT
const SLOT_G2 = HEAP + 3 * GT
const PAIRS = SLOT_G2 + 2 * FP2
/** Bytes of the lines of one G2 point. */
const LINES = wasm.line_count() * 3 * FP2

/** Grows the module's memory to hold `end` bytes. */
function reserve(end: number): void {
  const have = wasm.memory.buffer.byteLength
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / 65536))
}

function putG2(x: Fp2, y: Fp2): void {
  putF2(SLOT_G2, x)
  putF2(SLOT_G2 + FP2, y)
  wasm.to_montgomery(SLOT_G2, 4)
}

const memory = () => new Uint8Array(wasm.memory.buffer)
const read = (at: number, length: number) => memory().slice(at, at + length)

/**
 * Whether the affine point (x, y), coordinates < p, is on the twist y² = x³ + b′ and in G2
 * (the order-r subgroup).
 */
export function g2IsValid(x: Fp2, y: Fp2): { onCurve: boolean; inSubgroup: boolean } {
  putG2(x, y)
  const onCurve = wasm.g2_on_twist(SLOT_G2) === 1
  return { onCurve, inSubgroup: onCurve && wasm.g2_in_subgroup(SLOT_G2) === 1 }
}

/** The Miller-loop lines of a point of G2 other than infinity (affine, coordinates < p). */
export function g2Lines(x: Fp2, y: Fp2): G2Lines {
  reserve(PAIRS + LINES)
  putG2(x, y)
  wasm.g2_lines(SLOT_G2, PAIRS)
  return read(PAIRS, LINES)
}

/** One pair of a Miller loop: affine G1 coordinates (< p) and the G2 side, as lines or affine. */
export type MillerPair = readonly [x: bigint, y: bigint, q: G2Lines | readonly [Fp2, Fp2]]

/**
 * ∏ᵢ f_{Qᵢ}(Pᵢ) (optimal ate, before the final exponentiation), times `extra` when given.
 * An empty list gives 1.
 */
export function millerLoop(pairs: readonly MillerPair[], extra?: Gt): Gt {
  const linesAt = PAIRS + pairs.length * PAIR
  reserve(linesAt + pairs.length * LINES)
  pairs.forEach(([x, y, q], i) => {
    const at = PAIRS + i * PAIR
    const lines = linesAt + i * LINES
    put(at, x)
    put(at + FP, y)
    wasm.to_montgomery(at, 2)
    new DataView(wasm.memory.buffer).setUint32(at + 2 * FP, lines, true)
    if (q instanceof Uint8Array) memory().set(q, lines)
    else {
      putG2(q[0], q[1])
      wasm.g2_lines(SLOT_G2, lines)
    }
  })
  wasm.miller_loop(PAIRS, pairs.length, SLOT_OUT)
  if (extra !== undefined) {
    memory().set(extra, SLOT_A)
    wasm.fp12_mul(SLOT_OUT, SLOT_OUT, SLOT_A)
  }
  return read(SLOT_OUT, GT)
}

/** Bytes of a Jacobian G1 point in wasm. */
const G1J = 3 * FP

/**
 * Σ sᵢ·Pᵢ for affine G1 points (coordinates < p, none at infinity, on the curve) and scalars
 * in [0, 2²⁵⁶); undefined for the point at infinity.
 */
export function g1Msm(points: readonly (readonly [bigint, bigint])[], scalars: readonly bigint[]): readonly [bigint, bigint] | undefined {
  const n = points.length
  const scalarsAt = PAIRS + n * 2 * FP
  const tableAt = scalarsAt + n * 32
  const outAt = tableAt + n * 15 * G1J
  reserve(outAt + 2 * FP)
  points.forEach(([x, y], i) => (put(PAIRS + 2 * i * FP, x), put(PAIRS + (2 * i + 1) * FP, y)))
  wasm.to_montgomery(PAIRS, 2 * n)
  const view = new DataView(wasm.memory.buffer)
  scalars.forEach((s, i) => {
    for (let w = 0; w < 8; w++, s >>= 32n) view.setUint32(scalarsAt + 32 * i + 4 * w, Number(s & 0xffffffffn), true)
  })
  if (wasm.g1_msm(PAIRS, scalarsAt, n, tableAt, outAt) === 0) return undefined
  wasm.from_montgomery(outAt, 2)
  return [get(outAt), get(outAt + FP)]
}

/** a·b in Fp¹². */
export function gtMul(a: Gt, b: Gt): Gt {
  memory().set(a, SLOT_A)
  memory().set(b, SLOT_B)
  wasm.fp12_mul(SLOT_OUT, SLOT_A, SLOT_B)
  return read(SLOT_OUT, GT)
}

/** Whether f^((p¹² − 1)/r) = 1: the pairing check after a Miller loop. */
export function isOneAfterFinalExponentiation(f: Gt): boolean {
  memory().set(f, SLOT_A)
  return wasm.final_exponentiation_is_one(SLOT_A) === 1
}

/** f^((p¹² − 1)/r) (noble-curves' chain, so equal to its `finalExponentiate`). */
export function finalExponentiation(f: Gt): Gt {
  memory().set(f, SLOT_A)
  wasm.final_exponentiation(SLOT_OUT, SLOT_A)
  return read(SLOT_OUT, GT)
}

/** The 12 Fp coefficients of an Fp¹² value in noble's order (`Fp12.fromBigTwelve`). */
export function gtToBigints(f: Gt): bigint[] {
  memory().set(f, SLOT_A)
  wasm.from_montgomery(SLOT_A, 12)
  return Array.from({ length: 12 }, (_, i) => get(SLOT_A + i * FP))
}

/** From 12 Fp coefficients in noble's order. */
export function gtFromBigints(c: readonly bigint[]): Gt {
  c.forEach((x, i) => put(SLOT_A + i * FP, x))
  wasm.to_montgomery(SLOT_A, 12)
  return read(SLOT_A, GT)
}

/** 1 in Fp¹². */
export const GT_ONE: Gt = gtFromBigints([1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n])

/** The lines as 12·k Fp coefficients (c0, c1, c2 of each line, each as c0, c1), for tests. */
export function linesToBigints(lines: G2Lines): bigint[] {
  reserve(PAIRS + lines.length)
  memory().set(lines, PAIRS)
  wasm.from_montgomery(PAIRS, lines.length / FP)
  return Array.from({ length: lines.length / FP }, (_, i) => get(PAIRS + i * FP))
}
