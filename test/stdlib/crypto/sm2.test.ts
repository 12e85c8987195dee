import { createHmacDrbg } from '@noble/curves/utils.js'
import smCrypto from 'sm-crypto'
import { sm2 as smV2 } from 'sm-crypto-v2'
import { describe, expect, it } from 'vitest'
import { bytesToHex, hexToBytes } from '../../../stdlib/crypto/hex.ts'
import { SM2_CURVE } from '../../../stdlib/crypto/sm2-curve.ts'
import { sm2 } from '../../../stdlib/crypto/sm2.ts'
import { hmacSm3, sm3 } from '../../../stdlib/crypto/sm3.ts'
import { WIDEN_AFTER } from '../../../stdlib/crypto/_sm2-base.ts'
import { expectThrow, seededBytes, utf8, vectors } from './_fixtures.ts'

const { n, p } = SM2_CURVE
const hex32 = (v: bigint): string => v.toString(16).padStart(64, '0')

/** Seeded valid private keys, so failures reproduce. */
function seededKeys(seed: number, count: number): { priv: Uint8Array; pub: Uint8Array }[] {
  const rand = seededBytes(seed)
  const out: { priv: Uint8Array; pub: Uint8Array }[] = []
  while (out.length < count) {
    const priv = rand(32)
    if (sm2.isValidPrivateKey(priv)) out.push({ priv, pub: sm2.getPublicKey(priv) })
  }
  return out
}

const [alice, bob] = seededKeys(1, 2) as [{ priv: Uint8Array; pub: Uint8Array }, { priv: Uint8Array; pub: Uint8Array }]
const msg = utf8('message digest')

describe('sm2: GB/T 32918 signature vectors', () => {
  for (const v of vectors.sm2_sign) {
    it(`${v.valid ? 'accepts' : 'rejects'} r‖s for ID ${v.id_utf8}${v.why ? ` (${v.why})` : ''}`, () => {
      const pub = hexToBytes(v.public_key_uncompressed)
      const sig = hexToBytes(v.r + v.s)
      expect(sm2.verify(sig, utf8(v.msg_utf8), pub, { userId: v.id_utf8 })).toBe(v.valid)
      expect(sm2.verify(sm2.signatureToDer(sig), utf8(v.msg_utf8), pub, { userId: v.id_utf8, der: true })).toBe(v.valid)
      expect(sm2.verify(sig, utf8(v.msg_utf8), sm2.compressPublicKey(pub), { userId: utf8(v.id_utf8) })).toBe(v.valid)
      if (v.private_key !== undefined) {
        expect(bytesToHex(sm2.getPublicKey(hexToBytes(v.private_key)))).toBe(v.public_key_uncompressed)
        const again = sm2.sign(utf8(v.msg_utf8), hexToBytes(v.private_key), { userId: v.id_utf8 })
        expect(sm2.verify(again, utf8(v.msg_utf8), pub, { userId: v.id_utf8 })).toBe(true)
      }
    })
  }
})

describe('sm2: keys', () => {
  it('randomPrivateKey gives distinct valid keys', () => {
    const a = sm2.randomPrivateKey()
    const b = sm2.randomPrivateKey()
    expect(a.length).toBe(32)
    expect(sm2.isValidPrivateKey(a) && sm2.isValidPrivateKey(b)).toBe(true)
    expect(bytesToHex(a)).not.toBe(bytesToHex(b))
  })

  it('getPublicKey: uncompressed 04‖x‖y and compressed 02|03‖x agree', () => {
    const full = sm2.getPublicKey(alice.priv)
    const short = sm2.getPublicKey(alice.priv, true)
    expect(full.length).toBe(65)
    expect(full[0]).toBe(4)
    expect(short.length).toBe(33)
    expect([2, 3]).toContain(short[0])
    expect(sm2.compressPublicKey(full)).toEqual(short)
    expect(sm2.decompressPublicKey(short)).toEqual(full)
    expect(bytesToHex(full)).toBe(smCrypto.sm2.getPublicKeyFromPrivateKey(bytesToHex(alice.priv)))
  })

  const privCases = [
    { name: 'zero', priv: hexToBytes(hex32(0n)), cls: RangeError, fragment: 'expected an integer in [1, n-2]' },
    { name: 'n - 1', priv: hexToBytes(hex32(n - 1n)), cls: RangeError, fragment: 'expected an integer in [1, n-2]' },
    { name: 'n', priv: hexToBytes(hex32(n)), cls: RangeError, fragment: 'expected an integer in [1, n-2]' },
    { name: '31 bytes', priv: new Uint8Array(31).fill(1), cls: RangeError, fragment: '"privateKey" expected Uint8Array of length 32, got length=31' },
    { name: 'a hex string', priv: 'aa' as unknown as Uint8Array, cls: TypeError, fragment: '"privateKey" expected Uint8Array, got type=string' },
  ]
  for (const c of privCases) {
    it(`rejects private key: ${c.name}`, () => {
      expectThrow(() => sm2.getPublicKey(c.priv), c.cls, c.fragment)
      expectThrow(() => sm2.sign(msg, c.priv), c.cls, c.fragment)
      expect(sm2.isValidPrivateKey(c.priv)).toBe(false)
    })
  }
  it('accepts private keys 1 (public key = G) and n - 2', () => {
    expect(bytesToHex(sm2.getPublicKey(hexToBytes(hex32(1n))))).toBe('04' + hex32(SM2_CURVE.Gx) + hex32(SM2_CURVE.Gy))
    expect(sm2.isValidPrivateKey(hexToBytes(hex32(n - 2n)))).toBe(true)
  })

  // A compressed x with no square root on the curve: search deterministically.
  const xNotOnCurve = (() => {
    for (let x = 1n; ; x++) {
      const cand = Uint8Array.of(2, ...hexToBytes(hex32(x)))
      if (!sm2.isValidPublicKey(cand)) return cand
    }
  })()
  const offCurve = alice.pub.slice()
  offCurve[64]! ^= 1
  const pubCases = [
    { name: '64 bytes (no 04 prefix, sm-crypto style)', pub: alice.pub.subarray(1), cls: RangeError, fragment: '"publicKey" expected Uint8Array of length 65 or 33, got length=64' },
    { name: '1 MB (too many bytes to spread into a cache key)', pub: new Uint8Array(1 << 20).fill(4), cls: RangeError, fragment: '"publicKey" expected Uint8Array of length 65 or 33, got length=1048576' },
    { name: 'prefix 02 on 65 bytes', pub: Uint8Array.of(2, ...alice.pub.subarray(1)), cls: RangeError, fragment: 'expected prefix 04, got 0x02' },
    { name: 'hybrid prefix 06', pub: Uint8Array.of(6, ...alice.pub.subarray(1)), cls: RangeError, fragment: 'expected prefix 04, got 0x06' },
    { name: 'prefix 04 on 33 bytes', pub: Uint8Array.of(4, ...alice.pub.subarray(1, 33)), cls: RangeError, fragment: 'expected prefix 02 or 03, got 0x04' },
    { name: 'y flipped (not on curve)', pub: offCurve, cls: RangeError, fragment: '"publicKey" is not a point on the SM2 curve' },
    { name: 'compressed x not on curve', pub: xNotOnCurve, cls: RangeError, fragment: 'is not a point on the SM2 curve' },
    { name: 'x = p', pub: Uint8Array.of(4, ...hexToBytes(hex32(p)), ...alice.pub.subarray(33)), cls: RangeError, fragment: 'x coordinate is not below the field prime p' },
    { name: 'y = p + 1', pub: Uint8Array.of(4, ...alice.pub.subarray(1, 33), ...hexToBytes(hex32(p + 1n))), cls: RangeError, fragment: 'y coordinate is not below the field prime p' },
    { name: 'all zero (infinity is not encodable)', pub: Uint8Array.of(4, ...new Uint8Array(64)), cls: RangeError, fragment: 'is not a point on the SM2 curve' },
    { name: 'a hex string', pub: bytesToHex(alice.pub) as unknown as Uint8Array, cls: TypeError, fragment: '"publicKey" expected Uint8Array, got type=string' },
  ]
  for (const c of pubCases) {
    it(`rejects public key: ${c.name}`, () => {
      expectThrow(() => sm2.validatePublicKey(c.pub), c.cls, c.fragment)
      expectThrow(() => sm2.verify(new Uint8Array(64).fill(1), msg, c.pub), c.cls, c.fragment)
      expect(sm2.isValidPublicKey(c.pub)).toBe(false)
    })
  }
})

describe('sm2: Z_A (GB/T 32918.2 §5.5)', () => {
  it('matches sm-crypto-v2 getZ for the default ID and a custom ID', () => {
    for (const { pub } of seededKeys(2, 3)) {
      expect(bytesToHex(sm2.computeZ(pub))).toBe(bytesToHex(smV2.getZ(bytesToHex(pub))))
      expect(bytesToHex(sm2.computeZ(pub, 'ALICE123@YAHOO.COM'))).toBe(bytesToHex(smV2.getZ(bytesToHex(pub), 'ALICE123@YAHOO.COM')))
    }
  })
  it('string and UTF-8 bytes IDs are the same; the default is 1234567812345678', () => {
    expect(sm2.computeZ(alice.pub, '张三')).toEqual(sm2.computeZ(alice.pub, utf8('张三')))
    expect(sm2.computeZ(alice.pub)).toEqual(sm2.computeZ(alice.pub, utf8('1234567812345678')))
  })
  it('accepts an empty ID (OpenSSL default) and 8191 bytes; rejects 8192', () => {
    expect(sm2.computeZ(alice.pub, new Uint8Array(0)).length).toBe(32)
    expect(sm2.computeZ(alice.pub, new Uint8Array(8191)).length).toBe(32)
    expectThrow(() => sm2.computeZ(alice.pub, new Uint8Array(8192)), RangeError, '"userId" expected at most 8191 bytes, got length=8192')
    expectThrow(() => sm2.computeZ(alice.pub, 5 as unknown as string), TypeError, '"userId" expected Uint8Array, got type=number')
  })
})

describe('sm2: sign / verify', () => {
  const sig = sm2.sign(msg, alice.priv, { publicKey: alice.pub })

  it('signs r‖s (64 bytes) that verifies; publicKey option and derivation agree', () => {
    expect(sig.length).toBe(64)
    expect(sm2.verify(sig, msg, alice.pub)).toBe(true)
    expect(sm2.verify(sm2.sign(msg, alice.priv), msg, alice.pub)).toBe(true)
    expect(sm2.verify(sm2.sign(msg, alice.priv, { publicKey: sm2.compressPublicKey(alice.pub) }), msg, alice.pub)).toBe(true)
  })

  it('randomised by default: two signatures differ', () => {
    expect(bytesToHex(sm2.sign(msg, alice.priv))).not.toBe(bytesToHex(sm2.sign(msg, alice.priv)))
  })

  const wrong = [
    { name: 'another message', run: () => sm2.verify(sig, utf8('message digesT'), alice.pub) },
    { name: 'another key', run: () => sm2.verify(sig, msg, bob.pub) },
    { name: 'another user ID', run: () => sm2.verify(sig, msg, alice.pub, { userId: 'ALICE123@YAHOO.COM' }) },
    { name: 'an empty user ID', run: () => sm2.verify(sig, msg, alice.pub, { userId: '' }) },
    { name: 'r + 1', run: () => sm2.verify(hexToBytes(hex32(BigInt('0x' + bytesToHex(sig.subarray(0, 32))) + 1n) + bytesToHex(sig.subarray(32))), msg, alice.pub) },
    { name: 's and r swapped', run: () => sm2.verify(Uint8Array.of(...sig.subarray(32), ...sig.subarray(0, 32)), msg, alice.pub) },
    { name: 'r + s = n (t = 0)', run: () => sm2.verify(hexToBytes(hex32(1n) + hex32(n - 1n)), msg, alice.pub) },
  ]
  for (const w of wrong) it(`returns false (no throw) for ${w.name}`, () => expect(w.run()).toBe(false))

  it('DER signatures round-trip and are strict', () => {
    const der = sm2.sign(msg, alice.priv, { der: true, publicKey: alice.pub })
    expect(der[0]).toBe(0x30)
    expect(sm2.verify(der, msg, alice.pub, { der: true })).toBe(true)
    expect(sm2.signatureToDer(sm2.derToSignature(der))).toEqual(der)
    expectThrow(() => sm2.verify(der, msg, alice.pub), RangeError, '"signature" expected Uint8Array of length 64')
    expectThrow(() => sm2.verify(sig, msg, alice.pub, { der: true }), RangeError, 'invalid DER')
  })

  it('deterministic nonces: repeatable, verifiable, and RFC 6979 HMAC-DRBG with HMAC-SM3', () => {
    const a = sm2.sign(msg, alice.priv, { deterministic: true })
    expect(sm2.sign(msg, alice.priv, { deterministic: true })).toEqual(a)
    expect(sm2.verify(a, msg, alice.pub)).toBe(true)
    expect(sm2.sign(utf8('other'), alice.priv, { deterministic: true })).not.toEqual(a)
    // Recompute k with noble's independent HMAC-DRBG and recover it from (r, s): s(1 + d) = k − r·d.
    const d = BigInt('0x' + bytesToHex(alice.priv))
    const e = BigInt('0x' + bytesToHex(sm3(Uint8Array.of(...sm2.computeZ(alice.pub), ...msg))))
    const drbg = createHmacDrbg<bigint>(32, 32, (key: Uint8Array, ...m: Uint8Array[]) => hmacSm3(key, Uint8Array.of(...m.flatMap((x) => [...x]))))
    const k = drbg(hexToBytes(hex32(d) + hex32(e % n)), (bytes: Uint8Array) => {
      const v = BigInt('0x' + bytesToHex(bytes))
      return v >= 1n && v < n ? v : undefined
    })
    const r = BigInt('0x' + bytesToHex(a.subarray(0, 32)))
    const s = BigInt('0x' + bytesToHex(a.subarray(32)))
    expect((((s * (1n + d) + r * d) % n) + n) % n).toBe(k)
  })

  it(`keeps signing correctly across the widening of G's table (after ${WIDEN_AFTER} k·G)`, () => {
    const pinned = sm2.sign(msg, alice.priv, { deterministic: true })
    for (let i = 0; i <= WIDEN_AFTER; i++) {
      const m = Uint8Array.of(i)
      expect(sm2.verify(sm2.sign(m, alice.priv, { publicKey: alice.pub }), m, alice.pub)).toBe(true)
    }
    expect(sm2.sign(msg, alice.priv, { deterministic: true })).toEqual(pinned)
    expect(sm2.getPublicKey(alice.priv)).toEqual(alice.pub)
  })

  const malformed = [
    { name: '63-byte signature', sig: new Uint8Array(63).fill(1), cls: RangeError, fragment: '"signature" expected Uint8Array of length 64, got length=63' },
    { name: '65-byte signature', sig: new Uint8Array(65).fill(1), cls: RangeError, fragment: 'got length=65' },
    { name: 'r = 0', sig: hexToBytes(hex32(0n) + hex32(5n)), cls: RangeError, fragment: '"signature" r expected an integer in [1, n-1], got 0' },
    { name: 's = 0', sig: hexToBytes(hex32(5n) + hex32(0n)), cls: RangeError, fragment: '"signature" s expected an integer in [1, n-1], got 0' },
    { name: 'r = n', sig: hexToBytes(hex32(n) + hex32(5n)), cls: RangeError, fragment: 'r expected an integer in [1, n-1], got a value >= n' },
    { name: 's = 2^256 - 1', sig: hexToBytes(hex32(5n) + 'f'.repeat(64)), cls: RangeError, fragment: 's expected an integer in [1, n-1], got a value >= n' },
    { name: 'a hex string', sig: 'ab' as unknown as Uint8Array, cls: TypeError, fragment: '"signature" expected Uint8Array, got type=string' },
  ]
  for (const c of malformed) it(`throws for ${c.name}`, () => expectThrow(() => sm2.verify(c.sig, msg, alice.pub), c.cls, c.fragment))

  it('rejects bad arguments and options with clear errors', () => {
    expectThrow(() => sm2.verify(sig, 'message' as unknown as Uint8Array, alice.pub), TypeError, '"message" expected Uint8Array, got type=string')
    expectThrow(() => sm2.sign('m' as unknown as Uint8Array, alice.priv), TypeError, '"message" expected Uint8Array')
    expectThrow(() => sm2.verify(sig, msg, alice.pub, { userID: 'x' } as never), TypeError, 'unknown option "userID"')
    expectThrow(() => sm2.sign(msg, alice.priv, { hash: true } as never), TypeError, 'unknown option "hash"')
    expectThrow(() => sm2.sign(msg, alice.priv, { der: 'yes' } as never), TypeError, '"der" expected boolean, got type=string')
    expectThrow(() => sm2.sign(msg, alice.priv, { publicKey: alice.pub.subarray(1) }), RangeError, '"publicKey" expected Uint8Array of length 65 or 33')
  })
})

describe('sm2: differential against sm-crypto (oracle) and sm-crypto-v2', () => {
  const keys = seededKeys(42, 3)
  const rand = seededBytes(99)
  const ids = [undefined, 'ALICE123@YAHOO.COM']

  it('our signatures verify in sm-crypto (hash: true, raw and DER, two IDs)', () => {
    for (const [i, { priv, pub }] of keys.entries()) {
      const m = rand(1 + i * 37)
      const userId = ids[i % 2]
      const der = i === 1
      const ours = sm2.sign(m, priv, { userId, der, publicKey: pub })
      expect(smCrypto.sm2.doVerifySignature(m, bytesToHex(ours), bytesToHex(pub), { hash: true, der, userId })).toBe(true)
      expect(smV2.doVerifySignature(m, bytesToHex(ours), bytesToHex(pub), { hash: true, der, userId })).toBe(true)
    }
  })

  it('sm-crypto signatures verify here (hash: true, raw and DER, two IDs)', () => {
    for (const [i, { priv, pub }] of keys.entries()) {
      const m = rand(3 + i * 50)
      const userId = ids[(i + 1) % 2]
      const der = i !== 1
      const theirs = smCrypto.sm2.doSignature(m, bytesToHex(priv), { hash: true, der, userId, publicKey: bytesToHex(pub) })
      expect(sm2.verify(hexToBytes(theirs), m, pub, { der, userId })).toBe(true)
      const v2 = smV2.doSignature(m, bytesToHex(priv), { hash: true, der, userId, publicKey: bytesToHex(pub) })
      expect(sm2.verify(hexToBytes(v2), m, pub, { der, userId })).toBe(true)
      expect(sm2.verify(hexToBytes(v2), utf8('tampered'), pub, { der, userId })).toBe(false)
    }
  })
})
