/**
 * Variable-time SM2 point arithmetic for signature verification (public inputs only).
 *
 * noble's generic `weierstrass` uses complete projective formulas that work for any `a`; they
 * cost ~2× more field operations than Jacobian coordinates specialised to SM2's a = −3
 * (GB/T 32918.5 §10): doubling 8 multiplications ("dbl-2001-b"), mixed Jacobian+affine addition
 * 11 ("madd", add-1998-cmo-2 with Z2 = 1), see https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html.
 * Verification computes s·G + t·P_A (GB/T 32918.2 §7.1 step B7) as
 * - s·G from a fixed signed-window table of G (additions only),
 * - t·P_A from a per-key table of the same shape when the key is cached, otherwise by width-5
 *   wNAF (256 doublings + ~43 additions),
 * and compares x₁ with r − e without an inversion (x₁ = X/Z² ⇔ X = x₁·Z²).
 *
 * Never use these functions with secret scalars: running time and memory access depend on the
 * scalar. Signing, key generation and decryption use noble's constant-time, blinded `multiply`.
 * Internal: not re-exported.
 * @module
 */
import { fadd, finvBatch, fmul, fneg, fsqr, fsub, P } from './_sm2-field.ts'
import { SM2_CURVE } from './sm2-curve.ts'

/** Mutable Jacobian point (x, y) = (X/Z², Y/Z³); Z = 0 is the point at infinity. */
export class Jacobian {
  constructor(
    public X: bigint,
    public Y: bigint,
    public Z: bigint,
  ) {}

  static infinity(): Jacobian {
    return new Jacobian(1n, 1n, 0n)
  }

  isInfinity(): boolean {
    return this.Z === 0n
  }
}

/** In-place doubling, a = −3 (dbl-2001-b with Z3 = 2·Y·Z): 4M + 4S. */
export function double(p: Jacobian): void {
  if (p.Z === 0n) return
  const { X, Y, Z } = p
  const delta = fsqr(Z)
  const gamma = fsqr(Y)
  const beta = fmul(X, gamma)
  let alpha = fmul(fsub(X, delta), fadd(X, delta))
  alpha = fadd(alpha, fadd(alpha, alpha)) // 3(X − δ)(X + δ)
  const beta4 = fadd(fadd(beta, beta), fadd(beta, beta))
  const X3 = fsub(fsqr(alpha), fadd(beta4, beta4))
  const gamma2 = fsqr(gamma)
  const gamma8 = fadd(fadd(fadd(gamma2, gamma2), fadd(gamma2, gamma2)), fadd(fadd(gamma2, gamma2), fadd(gamma2, gamma2)))
  p.Z = fmul(fadd(Y, Y), Z)
  p.Y = fsub(fmul(alpha, fsub(beta4, X3)), gamma8)
  p.X = X3
}

/** In-place mixed addition p += (x2, y2) with (x2, y2) an affine point (not infinity): 8M + 3S. */
export function addAffine(p: Jacobian, x2: bigint, y2: bigint): void {
  if (p.Z === 0n) {
    p.X = x2
    p.Y = y2
    p.Z = 1n
    return
  }
  const { X, Y, Z } = p
  const zz = fsqr(Z)
  const h = fsub(fmul(x2, zz), X)
  const r = fsub(fmul(y2, fmul(Z, zz)), Y)
  if (h === 0n) {
    if (r === 0n) double(p) // same point
    else p.Z = 0n // opposite points
    return
  }
  const hh = fsqr(h)
  const hhh = fmul(h, hh)
  const v = fmul(X, hh)
  const X3 = fsub(fsub(fsqr(r), hhh), fadd(v, v))
  p.Y = fsub(fmul(r, fsub(v, X3)), fmul(Y, hhh))
  p.Z = fmul(Z, h)
  p.X = X3
}

/** Converts finite Jacobian points to affine coordinates with one shared inversion. */
function toAffineBatch(points: readonly Jacobian[]): { xs: bigint[]; ys: bigint[] } {
  const zInv = finvBatch(points.map((q) => q.Z))
  const xs: bigint[] = []
  const ys: bigint[] = []
  for (let i = 0; i < points.length; i++) {
    const zi = zInv[i]!
    const zi2 = fsqr(zi)
    xs.push(fmul(points[i]!.X, zi2))
    ys.push(fmul(points[i]!.Y, fmul(zi2, zi)))
  }
  return { xs, ys }
}

/**
 * Fixed signed-window table of a point Q: for window w = 0..windows−1 and j = 1..2^(W−1) the
 * affine point j·2^(wW)·Q, flattened as `xs[w·half + j − 1]`, `ys[…]`. A multiplication by a
 * scalar < 2^256 is then `windows` additions and no doublings.
 */
export interface WindowTable {
  readonly W: number
  readonly windows: number
  readonly xs: readonly bigint[]
  readonly ys: readonly bigint[]
}

/** Scalars handled by the tables are < n < 2^256. */
const SCALAR_BITS = 256

/**
 * Builds the {@link WindowTable} of affine point (x, y) for window width W (2..12).
 * Memory: (⌈256/W⌉ + 1)·2^(W−1) points, e.g. W = 8 → 33·128 = 4,224 points ≈ 0.45 MB of bigints.
 */
export function buildWindowTable(x: bigint, y: bigint, W: number): WindowTable {
  const windows = Math.ceil(SCALAR_BITS / W) + 1
  const half = 2 ** (W - 1)
  const xs: bigint[] = []
  const ys: bigint[] = []
  let bx = x
  let by = y
  for (let w = 0; w < windows; w++) {
    const row: Jacobian[] = []
    const acc = new Jacobian(bx, by, 1n)
    row.push(new Jacobian(bx, by, 1n))
    for (let j = 2; j <= half; j++) {
      addAffine(acc, bx, by)
      row.push(new Jacobian(acc.X, acc.Y, acc.Z))
    }
    double(acc) // 2·half·base = base of the next window
    row.push(acc)
    const affine = toAffineBatch(row)
    for (let j = 0; j < half; j++) {
      xs.push(affine.xs[j]!)
      ys.push(affine.ys[j]!)
    }
    bx = affine.xs[half]!
    by = affine.ys[half]!
  }
  return { W, windows, xs, ys }
}

/**
 * Adds k·Q to `acc` using Q's {@link WindowTable}; k in [0, 2^256). Signed digits in
 * [−(2^(W−1) − 1), 2^(W−1)] keep the table at half size: a negative digit adds −(|d|·Q) = (x, −y).
 */
export function addMulTable(acc: Jacobian, table: WindowTable, k: bigint): void {
  const { W, windows, xs, ys } = table
  const half = 2 ** (W - 1)
  const full = 2 * half
  const mask = BigInt(full - 1)
  const shift = BigInt(W)
  let carry = 0
  for (let w = 0; w < windows; w++) {
    let d = Number(k & mask) + carry
    k >>= shift
    if (d > half) {
      d -= full
      carry = 1
    } else carry = 0
    if (d === 0) continue
    const i = w * half + (d < 0 ? -d : d) - 1
    addAffine(acc, xs[i]!, d < 0 ? fneg(ys[i]!) : ys[i]!)
  }
}

/** Width of the one-shot wNAF used for uncached public keys. */
const WNAF_W = 5

/** Width-w NAF digits of k ≥ 0, least significant first: odd digits in (−2^(w−1), 2^(w−1)) or 0. */
function wnafDigits(k: bigint, w: number): Int8Array {
  const out = new Int8Array(SCALAR_BITS + 1)
  const full = 2 ** w
  const mask = BigInt(full - 1)
  let i = 0
  while (k > 0n) {
    if (k & 1n) {
      let d = Number(k & mask)
      if (d >= full / 2) d -= full
      k -= BigInt(d)
      out[i] = d
    }
    k >>= 1n
    i++
  }
  return out
}

/**
 * Sets `acc` to k·Q for an affine point Q (no table): width-5 wNAF over the odd multiples
 * Q, 3Q, …, 15Q (normalised to affine with one inversion), 256 doublings.
 */
export function mulWnaf(acc: Jacobian, x: bigint, y: bigint, k: bigint): void {
  const count = 2 ** (WNAF_W - 2) // odd multiples 1, 3, …, 2^(w−1) − 1
  const twice = new Jacobian(x, y, 1n)
  double(twice)
  const two = toAffineBatch([twice]) // 2Q in affine, so each step below is a mixed addition
  const odd: Jacobian[] = [new Jacobian(x, y, 1n)]
  const run = new Jacobian(x, y, 1n)
  for (let j = 1; j < count; j++) {
    addAffine(run, two.xs[0]!, two.ys[0]!)
    odd.push(new Jacobian(run.X, run.Y, run.Z))
  }
  const { xs, ys } = toAffineBatch(odd)
  const digits = wnafDigits(k, WNAF_W)
  acc.X = 1n
  acc.Y = 1n
  acc.Z = 0n
  for (let i = digits.length - 1; i >= 0; i--) {
    double(acc)
    const d = digits[i]!
    if (d === 0) continue
    const j = ((d < 0 ? -d : d) - 1) >> 1
    addAffine(acc, xs[j]!, d < 0 ? fneg(ys[j]!) : ys[j]!)
  }
}

/**
 * True when the affine x of finite `acc` satisfies (e + x) mod n = r, i.e. x ≡ r − e (mod n),
 * checked without inverting Z: x ∈ [0, p) and n < p, so x is c or c + n with c = (r − e) mod n.
 */
export function xMatches(acc: Jacobian, c: bigint): boolean {
  if (acc.Z === 0n) return false
  const zz = fsqr(acc.Z)
  if (fmul(c, zz) === acc.X) return true
  const c2 = c + SM2_CURVE.n
  return c2 < P && fmul(c2, zz) === acc.X
}

let gTable: WindowTable | undefined

/** G's window table (W = 8), built on first use (~30 ms) and kept for the life of the module. */
export function baseTable(): WindowTable {
  gTable ??= buildWindowTable(SM2_CURVE.Gx, SM2_CURVE.Gy, 8)
  return gTable
}
