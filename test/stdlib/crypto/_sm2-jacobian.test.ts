// The variable-time verification kernel checked against noble's generic Weierstrass arithmetic.
import { describe, expect, it } from 'vitest'
import { finv, fmul, fneg, fsqr } from '../../../stdlib/crypto/_sm2-field.ts'
import { addAffine, addMulTable, baseTable, buildWindowTable, double, Jacobian, mulWnaf, xMatches } from '../../../stdlib/crypto/_sm2-jacobian.ts'
import { bytesToHex } from '../../../stdlib/crypto/hex.ts'
import { SM2_CURVE, Sm2Point } from '../../../stdlib/crypto/sm2-curve.ts'
import { seededBytes } from './_fixtures.ts'

const { n } = SM2_CURVE
const G = Sm2Point.BASE
const rand = seededBytes(2024)
const scalar = (): bigint => BigInt('0x' + bytesToHex(rand(32))) % n

function affine(p: Jacobian): { x: bigint; y: bigint } | 'infinity' {
  if (p.isInfinity()) return 'infinity'
  const zi = finv(p.Z)
  return { x: fmul(p.X, fsqr(zi)), y: fmul(p.Y, fmul(fsqr(zi), zi)) }
}
const expected = (q: typeof G): { x: bigint; y: bigint } | 'infinity' => (q.is0() ? 'infinity' : q.toAffine())

const Q = G.multiply(scalar())
const q = Q.toAffine()
const edge = [0n, 1n, 2n, 127n, 128n, 129n, 255n, 256n, n - 1n, n - 2n, (n - 1n) / 2n]
const scalars = [...edge, ...Array.from({ length: 40 }, scalar)]

describe('_sm2-jacobian: point operations', () => {
  it('double and mixed add agree with noble, including P + P and P + (−P)', () => {
    const a = new Jacobian(q.x, q.y, 1n)
    double(a)
    expect(affine(a)).toEqual(Q.double().toAffine())
    addAffine(a, q.x, q.y) // 2Q + Q
    expect(affine(a)).toEqual(Q.multiply(3n).toAffine())
    const same = new Jacobian(q.x, q.y, 1n)
    addAffine(same, q.x, q.y)
    expect(affine(same)).toEqual(Q.double().toAffine())
    const opposite = new Jacobian(q.x, q.y, 1n)
    addAffine(opposite, q.x, fneg(q.y))
    expect(opposite.isInfinity()).toBe(true)
    const inf = Jacobian.infinity()
    double(inf)
    expect(inf.isInfinity()).toBe(true)
    addAffine(inf, q.x, q.y)
    expect(affine(inf)).toEqual(q)
  })
})

describe('_sm2-jacobian: scalar multiplication', () => {
  it(`G window table (W = 8) matches noble for ${scalars.length} scalars`, () => {
    for (const k of scalars) {
      const acc = Jacobian.infinity()
      addMulTable(acc, baseTable(), k)
      expect(affine(acc), `k = ${k}`).toEqual(expected(G.multiplyUnsafe(k)))
    }
  })

  it('width-5 wNAF matches noble', () => {
    for (const k of scalars) {
      const acc = Jacobian.infinity()
      mulWnaf(acc, q.x, q.y, k)
      expect(affine(acc), `k = ${k}`).toEqual(expected(Q.multiplyUnsafe(k)))
    }
  })

  for (const W of [4, 5, 7]) {
    it(`per-key table W = ${W} matches noble, accumulated onto s·G`, () => {
      const table = buildWindowTable(q.x, q.y, W)
      expect(table.xs.length).toBe((Math.ceil(256 / W) + 1) * 2 ** (W - 1))
      for (const k of scalars.slice(0, 20)) {
        const s = scalar()
        const acc = Jacobian.infinity()
        addMulTable(acc, table, k)
        addMulTable(acc, baseTable(), s)
        expect(affine(acc), `k = ${k}`).toEqual(expected(Q.multiplyUnsafe(k).add(G.multiplyUnsafe(s))))
      }
    })
  }

  it('k·Q + (n − k)·Q is infinity', () => {
    const acc = Jacobian.infinity()
    mulWnaf(acc, q.x, q.y, 12345n)
    addMulTable(acc, buildWindowTable(q.x, q.y, 4), n - 12345n)
    expect(acc.isInfinity()).toBe(true)
  })
})

describe('_sm2-jacobian: x comparison without inversion', () => {
  it('matches x = c and the wrapped case x = c + n (< p), not others', () => {
    const p = G.multiply(7n).toAffine()
    const z = 0x1234567n
    const acc = new Jacobian(fmul(p.x, fsqr(z)), 1n, z) // only X/Z² matters here
    expect(xMatches(acc, p.x % n)).toBe(true)
    expect(xMatches(acc, (p.x + 1n) % n)).toBe(false)
    const c = 5n // x = c + n is a field element (n + 5 < p)
    expect(xMatches(new Jacobian(c + n, 1n, 1n), c)).toBe(true)
    expect(xMatches(new Jacobian(c, 1n, 1n), c)).toBe(true)
    expect(xMatches(Jacobian.infinity(), 0n)).toBe(false)
  })
})
