// The bn254 pairing engine (lazy-reduction tower, Miller loop, G2 membership, GLV) against
// noble-curves, which it must match bit for bit.
import { bn254 } from '@noble/curves/bn254.js'
import { describe, expect, it } from 'vitest'
import { fromGlv, toGlv } from '../../../stdlib/zkp/_bn254-glv.ts'
import { g2InSubgroup, g2Lines, millerLoop, onTwist } from '../../../stdlib/zkp/_bn254-miller.ts'
import {
  finalExponentiate,
  fp12cyclotomicSqr,
  fp12eq,
  fp12frobenius,
  fp12mul,
  fp12mulLine,
  fp12sqr,
  fromFlat,
  toFlat,
  type Fp2,
} from '../../../stdlib/zkp/_bn254-tower.ts'
import { scalars } from './_fixtures.ts'

const { Fp2: F2, Fp12: F12, Fr } = bn254.fields
const G1 = bn254.G1.Point
const G2 = bn254.G2.Point
const rand = scalars(99n, Fr.ORDER)
const f2 = (a: { c0: bigint; c1: bigint }): Fp2 => [a.c0, a.c1]
const millerValue = (k: bigint, l: bigint) => bn254.pairing(G1.BASE.multiply(k), G2.BASE.multiply(l), false)
const same = (a: bigint[], b: Parameters<typeof toFlat>[0]) => fp12eq(a, toFlat(b))

describe('bn254 tower (lazy reduction) = noble', () => {
  const samples = Array.from({ length: 4 }, () => millerValue(rand(), rand()))
  it('mul, sqr, Frobenius 1–3, and the flat ↔ noble conversion', () => {
    for (const [i, f] of samples.entries()) {
      const g = samples[(i + 1) % samples.length]!
      expect(same(fp12mul(toFlat(f), toFlat(g)), F12.mul(f, g))).toBe(true)
      expect(same(fp12sqr(toFlat(f)), F12.sqr(f))).toBe(true)
      for (const k of [1, 2, 3] as const) expect(same(fp12frobenius(toFlat(f), k), F12.frobeniusMap(f, k))).toBe(true)
      expect(F12.eql(fromFlat(toFlat(f)), f)).toBe(true)
    }
  })

  it('sparse line multiplication equals a full multiplication by the line', () => {
    const [o0, o3, o4]: Fp2[] = [[rand(), rand()], [rand(), rand()], [rand(), rand()]]
    const line = F12.fromBigTwelve([o0[0], o0[1], 0n, 0n, 0n, 0n, o3[0], o3[1], o4[0], o4[1], 0n, 0n])
    for (const f of samples) expect(same(fp12mulLine(toFlat(f), o0, o3, o4), F12.mul(f, line))).toBe(true)
  })

  it('cyclotomic squaring and the final exponentiation', () => {
    for (const f of samples) {
      const easy = F12.mul(F12.frobeniusMap(F12.div(F12.conjugate(f), f), 2), F12.div(F12.conjugate(f), f))
      expect(same(fp12cyclotomicSqr(toFlat(easy)), F12._cyclotomicSquare(easy))).toBe(true)
      expect(same(finalExponentiate(toFlat(f)), F12.finalExponentiate(f))).toBe(true)
    }
  })
})

describe('bn254 Miller loop = noble', () => {
  it('lines of a G2 point and the multi-Miller loop of three pairs', () => {
    const Qs = [G2.BASE, G2.BASE.multiply(rand()), G2.BASE.multiply(rand())]
    const Ps = [G1.BASE.multiply(rand()), G1.BASE, G1.BASE.multiply(rand())]
    const ours = Qs.map((Q) => g2Lines(f2(Q.toAffine().x), f2(Q.toAffine().y)))
    const noble = Qs.map((Q) => bn254.utils.calcPairingPrecomputes(Q))
    for (const [i, lines] of ours.entries()) {
      expect(lines.map((step) => step.map((line) => line.map((c) => [...c])))).toEqual(noble[i]!.map((step) => step.map((line) => line.map(f2))))
    }
    const f = millerLoop(Ps.map((P, i) => [P.toAffine().x, P.toAffine().y, ours[i]!] as const))
    expect(same(f, bn254.millerLoopBatch(Ps.map((P, i) => [noble[i]!, P.toAffine().x, P.toAffine().y])))).toBe(true)
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
  const check = (Q: InstanceType<typeof G2>) => g2InSubgroup(f2(Q.toAffine().x), f2(Q.toAffine().y))

  it('accepts multiples of the generator and agrees with noble on random twist points', () => {
    for (let i = 0; i < 5; i++) expect(check(G2.BASE.multiply(rand()))).toBe(true)
    for (const Q of twistPoints()) {
      expect(onTwist(f2(Q.toAffine().x), f2(Q.toAffine().y))).toBe(true)
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

describe('bn254 G1 with GLV', () => {
  it('scalar multiplication agrees with noble, edge scalars included', () => {
    const P = G1.BASE.multiply(rand())
    for (const k of [0n, 1n, 2n, Fr.ORDER - 1n, rand(), rand(), rand()]) {
      expect(fromGlv(toGlv(P).multiplyUnsafe(k)).equals(P.multiplyUnsafe(k))).toBe(true)
    }
    expect(fromGlv(toGlv(G1.ZERO)).is0()).toBe(true)
  })
})
