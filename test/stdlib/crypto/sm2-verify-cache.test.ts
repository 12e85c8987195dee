import { afterEach, describe, expect, it } from 'vitest'
import { sm2 } from '../../../stdlib/crypto/sm2.ts'
import { PrecomputedPublicKey } from '../../../stdlib/crypto/sm2-verify-cache.ts'
import { expectThrow, seededBytes, utf8 } from './_fixtures.ts'

const DEFAULTS = { threshold: 16, maxKeys: 1024, maxTables: 16, windowSize: 8 }
afterEach(() => {
  sm2.clearVerifyCache()
  sm2.configureVerifyCache(DEFAULTS)
})

const rand = seededBytes(7)
function key(): { priv: Uint8Array; pub: Uint8Array } {
  for (;;) {
    const priv = rand(32)
    if (sm2.isValidPrivateKey(priv)) return { priv, pub: sm2.getPublicKey(priv) }
  }
}
const [a, b, c] = [key(), key(), key()] as const
const msgs = Array.from({ length: 6 }, (_, i) => utf8(`tx ${i}`))
const sigsA = msgs.map((m) => sm2.sign(m, a.priv, { publicKey: a.pub }))

describe('sm2-verify-cache: automatic per-key tables', () => {
  it('builds a table after `threshold` successful verifications, then keeps verifying correctly', () => {
    sm2.configureVerifyCache({ threshold: 3, windowSize: 4 })
    for (let i = 0; i < 3; i++) expect(sm2.verify(sigsA[i]!, msgs[i]!, a.pub)).toBe(true)
    expect(sm2.verifyCacheStats()).toMatchObject({ keys: 1, tables: 1 })
    for (let i = 0; i < msgs.length; i++) {
      expect(sm2.verify(sigsA[i]!, msgs[i]!, a.pub)).toBe(true)
      expect(sm2.verify(sigsA[i]!, msgs[(i + 1) % msgs.length]!, a.pub)).toBe(false)
      expect(sm2.verify(sigsA[i]!, msgs[i]!, a.pub, { userId: 'other' })).toBe(false)
    }
    expect(sm2.verifyCacheStats().tableBytes).toBeGreaterThan(0)
  })

  it('failed verifications do not count toward the threshold', () => {
    sm2.configureVerifyCache({ threshold: 2, windowSize: 4 })
    for (let i = 0; i < 5; i++) expect(sm2.verify(sigsA[0]!, msgs[1]!, a.pub)).toBe(false)
    expect(sm2.verifyCacheStats()).toMatchObject({ keys: 1, tables: 0 })
    sm2.verify(sigsA[0]!, msgs[0]!, a.pub)
    sm2.verify(sigsA[1]!, msgs[1]!, a.pub)
    expect(sm2.verifyCacheStats().tables).toBe(1)
  })

  it('bounds keys and tables (LRU) and rebuilds only after the threshold again', () => {
    sm2.configureVerifyCache({ threshold: 1, windowSize: 4, maxTables: 1, maxKeys: 2 })
    const sig = (k: typeof a, m: Uint8Array): Uint8Array => sm2.sign(m, k.priv, { publicKey: k.pub })
    expect(sm2.verify(sig(a, msgs[0]!), msgs[0]!, a.pub)).toBe(true)
    expect(sm2.verify(sig(b, msgs[0]!), msgs[0]!, b.pub)).toBe(true)
    expect(sm2.verifyCacheStats()).toMatchObject({ keys: 2, tables: 1 })
    expect(sm2.verify(sig(c, msgs[0]!), msgs[0]!, c.pub)).toBe(true)
    expect(sm2.verifyCacheStats()).toMatchObject({ keys: 2, tables: 1 })
    sm2.configureVerifyCache({ maxTables: 0 })
    expect(sm2.verifyCacheStats().tables).toBe(0)
    sm2.configureVerifyCache({ maxKeys: 0 })
    expect(sm2.verifyCacheStats().keys).toBe(0)
    expect(sm2.verify(sig(a, msgs[1]!), msgs[1]!, a.pub)).toBe(true) // works with caching off
    expect(sm2.verifyCacheStats().keys).toBe(0)
  })

  it('validates configuration', () => {
    expectThrow(() => sm2.configureVerifyCache({ threshold: 0 }), RangeError, '"threshold" expected an integer in [1, 1073741824], got 0')
    expectThrow(() => sm2.configureVerifyCache({ windowSize: 11 }), RangeError, '"windowSize" expected an integer in [4, 10], got 11')
    expectThrow(() => sm2.configureVerifyCache({ maxKeys: 1.5 }), TypeError, '"maxKeys" expected integer, got 1.5')
    expectThrow(() => sm2.configureVerifyCache({ max: 1 } as never), TypeError, 'unknown option "max"')
  })
})

describe('sm2-verify-cache: precomputePublicKey', () => {
  it('verifies exactly like the raw key, for good and bad signatures', () => {
    const pre = sm2.precomputePublicKey(a.pub, { windowSize: 5 })
    expect(pre).toBeInstanceOf(PrecomputedPublicKey)
    expect(pre.publicKey).toEqual(a.pub)
    for (let i = 0; i < msgs.length; i++) {
      expect(sm2.verify(sigsA[i]!, msgs[i]!, pre)).toBe(true)
      expect(sm2.verify(sigsA[i]!, msgs[(i + 2) % msgs.length]!, pre)).toBe(false)
      expect(sm2.verify(sm2.signatureToDer(sigsA[i]!), msgs[i]!, pre, { der: true })).toBe(true)
    }
    expect(sm2.verifyCacheStats().keys).toBe(0) // explicit keys stay out of the automatic cache
  })

  it('accepts a compressed key and rejects invalid keys and window sizes', () => {
    const pre = sm2.precomputePublicKey(sm2.compressPublicKey(b.pub), { windowSize: 4 })
    expect(sm2.verify(sm2.sign(msgs[0]!, b.priv), msgs[0]!, pre)).toBe(true)
    expectThrow(() => sm2.precomputePublicKey(a.pub.subarray(1)), RangeError, '"publicKey" expected Uint8Array of length 65 or 33')
    expectThrow(() => sm2.precomputePublicKey(a.pub, { windowSize: 3 }), RangeError, '"windowSize" expected an integer in [4, 10], got 3')
    expectThrow(() => sm2.verify(sigsA[0]!, msgs[0]!, {} as never), TypeError, '"publicKey" expected Uint8Array, got type=Object')
  })
})
