// The bn254 pairing engine (WebAssembly: tower, Miller loop, final exponentiation, G2
// membership; and GLV) against noble-curves, which it must match bit for bit.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bn254 } from '@noble/curves/bn254.js'
import { describe, expect, it } from 'vitest'
import {
  finalExponentiation,
  g1Msm,
  g2IsValid,
  g2Lines,
  gtFromBigints,
  gtMul,
  gtToBigints,
  isOneAfterFinalExponentiation,
  linesToBigints,
  millerLoop,
  type Fp2,
} from '../../../stdlib/zkp/_bn254-wasm.ts'
import { scalars } from './_fixtures.ts'

const { Fp2: F2, Fp12: F12, Fr } = bn254.fields
const G1 = bn254.G1.Point
const G2 = bn254.G2.Point
const rand = scalars(99n, Fr.ORDER)
const f2 = (a: { c0: bigint; c1: bigint }): Fp2 => [a.c0, a.c1]
const millerValue = (k: bigint, l: bigint) => bn254.pairing(G1.BASE.multiply(k), G2.BASE.multiply(l), false)
type NobleFp12 = ReturnType<typeof millerValue>
const flat = (f: NobleFp12) => [f.c0.c0.c0, f.c0.c0.c1, f.c0.c1.c0, f.c0.c1.c1, f.c0.c2.c0, f.c0.c2.c1, f.c1.c0.c0, f.c1.c0.c1, f.c1.c1.c0, f.c1.c1.c1, f.c1.c2.c0, f.c1.c2.c1]
const affine2 = (Q: InstanceType<typeof G2>) => [f2(Q.toAffine().x), f2(Q.toAffine().y)] as const

describe('bn254 wasm engine = noble', () => {
  const samples = Array.from({ length: 4 }, () => millerValue(rand(), rand()))
  it('Fp¹² conversion and multiplication', () => {
    for (const [i, f] of samples.entries()) {
      const g = samples[(i + 1) % samples.length]!
      expect(gtToBigints(gtFromBigints(flat(f)))).toEqual(flat(f))
      expect(gtToBigints(gtMul(gtFromBigints(flat(f)), gtFromBigints(flat(g))))).toEqual(flat(F12.mul(f, g)))
    }
  })

  it('the final exponentiation', () => {
    for (const f of samples) {
      expect(gtToBigints(finalExponentiation(gtFromBigints(flat(f))))).toEqual(flat(F12.finalExponentiate(f)))
      expect(isOneAfterFinalExponentiation(gtFromBigints(flat(f)))).toBe(false)
    }
    expect(isOneAfterFinalExponentiation(gtFromBigints(flat(F12.ONE)))).toBe(true)
  })

  it('lines of G2 points and the multi-Miller loop of three pairs, prepared and not', () => {
    const Qs = [G2.BASE, G2.BASE.multiply(rand()), G2.BASE.multiply(rand())]
    const Ps = [G1.BASE.multiply(rand()), G1.BASE, G1.BASE.multiply(rand())]
    const ours = Qs.map((Q) => g2Lines(...affine2(Q)))
    const noble = Qs.map((Q) => bn254.utils.calcPairingPrecomputes(Q))
    for (const [i, lines] of ours.entries()) {
      expect(linesToBigints(lines)).toEqual(noble[i]!.flat().flatMap((line) => line.flatMap(f2)))
    }
    const expected = flat(bn254.millerLoopBatch(Ps.map((P, i) => [noble[i]!, P.toAffine().x, P.toAffine().y])))
    const f = millerLoop(Ps.map((P, i) => [P.toAffine().x, P.toAffine().y, ours[i]!] as const))
    expect(gtToBigints(f)).toEqual(expected)
    const mixed = millerLoop(Ps.map((P, i) => [P.toAffine().x, P.toAffine().y, i === 1 ? affine2(Qs[i]!) : ours[i]!] as const))
    expect(gtToBigints(mixed)).toEqual(expected)
    expect(gtToBigints(millerLoop([]))).toEqual(flat(F12.ONE))
  })

  it('a pairing check holds for e(P, Q)·e(−P, Q) and e(aP, bQ)·e(−abP, Q), and fails when off by one', () => {
    const [a, b] = [rand(), rand()]
    const pair = (P: InstanceType<typeof G1>, Q: InstanceType<typeof G2>) => [P.toAffine().x, P.toAffine().y, affine2(Q)] as const
    const check = (pairs: ReturnType<typeof pair>[]) => isOneAfterFinalExponentiation(millerLoop(pairs))
    expect(check([pair(G1.BASE.multiply(a), G2.BASE), pair(G1.BASE.multiply(a).negate(), G2.BASE)])).toBe(true)
    expect(check([pair(G1.BASE.multiply(a), G2.BASE.multiply(b)), pair(G1.BASE.multiply(Fr.mul(a, b)).negate(), G2.BASE)])).toBe(true)
    expect(check([pair(G1.BASE.multiply(a), G2.BASE.multiply(b)), pair(G1.BASE.multiply(Fr.mul(a, b) + 1n).negate(), G2.BASE)])).toBe(false)
  })
})

describe('bn254 wasm module', () => {
  const clang = (() => {
    try {
      execFileSync('clang-14', ['--version'])
      return true
    } catch {
      return false
    }
  })()
  it.skipIf(!clang)('the committed binary is what stdlib/zkp/wasm/build.sh makes from bn254.c', () => {
    const source = fileURLToPath(new URL('../../../stdlib/zkp/wasm/', import.meta.url))
    const dir = mkdtempSync(join(tmpdir(), 'bn254-wasm-'))
    try {
      cpSync(source, join(dir, 'wasm'), { recursive: true })
      execFileSync('sh', [join(dir, 'wasm', 'build.sh')])
      const built = readFileSync(join(dir, '_bn254-wasm-binary.ts'), 'utf8')
      expect(built === readFileSync(new URL('../../../stdlib/zkp/_bn254-wasm-binary.ts', import.meta.url), 'utf8')).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('bn254 G2 membership: [x+1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q)', () => {
  const b = G2.CURVE().b
  /** Points of the twist for x = (i, 1): almost none is in G2 (cofactor ≈ 2^254). */
  const twistPoints = () => {
    const out: InstanceType<typeof G2>[] = []
    for (let i = 1n; out.length < 12; i++) {
      const x = F2.fromBigTuple([i, 1n])
      try {
        out.push(G2.fromAffine({ x, y: F2.sqrt(F2.add(F2.mul(F2.sqr(x), x), b)) }))
      } catch {
        // x³ + b is not a square
      }
    }
    return out
  }
  const check = (Q: InstanceType<typeof G2>) => g2IsValid(...affine2(Q)).inSubgroup

  it('accepts multiples of the generator and agrees with noble on random twist points', () => {
    for (let i = 0; i < 5; i++) expect(check(G2.BASE.multiply(rand()))).toBe(true)
    const [x, y] = affine2(G2.BASE)
    expect(g2IsValid(x, [y[0], y[1] + 1n])).toEqual({ onCurve: false, inSubgroup: false })
    for (const Q of twistPoints()) {
      expect(g2IsValid(...affine2(Q)).onCurve).toBe(true)
      expect(check(Q)).toBe(Q.isTorsionFree())
    }
  })

  it('rejects Q + T for T of order 10069 (the small prime factor of the G2 cofactor)', () => {
    const cofactorTimesR = G2.CURVE().h * Fr.ORDER
    const times = (P: InstanceType<typeof G2>, k: bigint) => {
      let acc = G2.ZERO
      for (let A = P; k > 0n; k >>= 1n, A = A.double()) if (k & 1n) acc = acc.add(A)
      return acc
    }
    const T = twistPoints().map((P) => times(P, cofactorTimesR / 10069n)).find((P) => !P.is0())!
    expect(times(T, 10069n).is0()).toBe(true)
    expect(check(T)).toBe(false)
    expect(check(G2.BASE.multiply(rand()).add(T))).toBe(false)
  })
})

describe('bn254 G1 multi-scalar multiplication (wasm)', () => {
  const xy = (P: InstanceType<typeof G1>) => [P.toAffine().x, P.toAffine().y] as const
  it('agrees with noble for 1, 2 and 18 points, edge scalars included', () => {
    const P = G1.BASE.multiply(rand())
    for (const k of [1n, 2n, 15n, 16n, Fr.ORDER - 1n, rand(), rand()]) expect(g1Msm([xy(P)], [k])).toEqual(xy(P.multiply(k)))
    const Ps = Array.from({ length: 18 }, () => G1.BASE.multiply(rand()))
    const ks = Ps.map(() => rand())
    expect(g1Msm(Ps.map(xy), ks)).toEqual(xy(Ps.reduce((acc, Q, i) => acc.add(Q.multiply(ks[i]!)), G1.ZERO)))
    expect(g1Msm([xy(P), xy(G1.BASE)], [3n, 5n])).toEqual(xy(P.multiply(3n).add(G1.BASE.multiply(5n))))
  })

  it('gives infinity for k·P with k = r or 0, for P − P, and for no points; doubles inside a sum', () => {
    const P = G1.BASE.multiply(rand())
    expect(g1Msm([xy(P)], [Fr.ORDER])).toBeUndefined()
    expect(g1Msm([xy(P)], [0n])).toBeUndefined()
    expect(g1Msm([xy(P), xy(P.negate())], [7n, 7n])).toBeUndefined()
    expect(g1Msm([], [])).toBeUndefined()
    expect(g1Msm([xy(P), xy(P)], [1n, 1n])).toEqual(xy(P.double()))
  })
})
