import smCrypto from 'sm-crypto'
import { describe, expect, it } from 'vitest'
import { bytesToHex, hexToBytes } from '../../../stdlib/crypto/hex.ts'
import { SM2_CURVE } from '../../../stdlib/crypto/sm2-curve.ts'
import { derToSignature, signatureToDer } from '../../../stdlib/crypto/sm2-der.ts'
import { expectThrow, seededBytes } from './_fixtures.ts'

const { n } = SM2_CURVE
const hex32 = (v: bigint): string => v.toString(16).padStart(64, '0')
const raw = (r: bigint, s: bigint): Uint8Array => hexToBytes(hex32(r) + hex32(s))

describe('sm2-der: encoding', () => {
  const cases = [
    { name: 'one-byte INTEGERs', r: 1n, s: 0x7fn, der: '300602010102017f' },
    { name: 'a set top bit gets a 0x00 prefix', r: 0x80n, s: 0x100n, der: '3008020200800202' + '0100' },
    { name: 'full-width values', r: n - 1n, s: 1n, der: '3026022100' + hex32(n - 1n) + '020101' },
  ]
  for (const c of cases) {
    it(`encodes ${c.name}`, () => {
      expect(bytesToHex(signatureToDer(raw(c.r, c.s)))).toBe(c.der)
      expect(derToSignature(hexToBytes(c.der))).toEqual(raw(c.r, c.s))
    })
  }

  it('round-trips random values, including short and high-bit ones', () => {
    const rand = seededBytes(11)
    for (let i = 0; i < 200; i++) {
      const bytes = rand(64)
      if (i % 4 === 1) bytes.fill(0, 0, 1 + (i % 31)) // leading zero bytes in r
      if (i % 4 === 2) bytes[32] = 0x80 | bytes[32]! // high bit in s
      const r = BigInt('0x' + bytesToHex(bytes.subarray(0, 32))) % (n - 1n) + 1n
      const s = BigInt('0x' + bytesToHex(bytes.subarray(32))) % (n - 1n) + 1n
      const sig = raw(r, s)
      const der = signatureToDer(sig)
      expect(derToSignature(der)).toEqual(sig)
      expect(der.length).toBeLessThanOrEqual(72)
    }
  })

  it('matches sm-crypto DER output for the same signature', () => {
    const { privateKey, publicKey } = smCrypto.sm2.generateKeyPairHex()
    for (let i = 0; i < 3; i++) {
      const theirs = smCrypto.sm2.doSignature('x' + i, privateKey, { hash: true, der: true, publicKey })
      expect(bytesToHex(signatureToDer(derToSignature(hexToBytes(theirs))))).toBe(theirs)
    }
  })
})

describe('sm2-der: strict decoding', () => {
  const good = bytesToHex(signatureToDer(raw(0x1234n, 0x80n))) // 30 08 02 02 1234 02 02 0080
  it('fixture is what we think', () => expect(good).toBe('3008020212340202' + '0080'))
  const bad = [
    { name: 'wrong outer tag', der: '3108020212340202' + '0080', fragment: 'expected SEQUENCE tag 0x30' },
    { name: 'trailing byte', der: good + '00', fragment: 'does not match' },
    { name: 'truncated', der: good.slice(0, -2), fragment: 'does not match' },
    { name: 'long-form SEQUENCE length', der: '308108020212340202' + '0080', fragment: 'SEQUENCE uses a long-form length' },
    { name: 'long-form INTEGER length', der: '3009028102' + '1234' + '02020080', fragment: 'r uses a long-form length' },
    { name: 'non-minimal leading zero in r', der: '30090203001234020200' + '80', fragment: 'r has a non-minimal leading zero' },
    { name: 'negative s', der: '300702021234020180', fragment: 's is negative' },
    { name: 'r = 0', der: '3007020100020200' + '80', fragment: 'r expected an integer in [1, n-1], got 0' },
    { name: 's = n', der: bytesToHex(signatureToDer(raw(1n, n - 1n))).replace(hex32(n - 1n).replace(/^0+/, ''), hex32(n)), fragment: 's expected an integer in [1, n-1], got a value >= n' },
    { name: 'wrong INTEGER tag', der: '3008030212340202' + '0080', fragment: 'r expected INTEGER tag 0x02' },
    { name: 'empty INTEGER', der: '30060200' + '02020080', fragment: 'r has an empty or missing length' },
    { name: 'r overruns the sequence', der: '300802081234' + '02020080', fragment: 'r is truncated' },
    { name: 'extra element inside SEQUENCE', der: '300b020212340202008002010' + '1', fragment: 'trailing bytes inside SEQUENCE' },
    { name: 'too short', der: '3000', fragment: 'expected at least 8 bytes' },
  ]
  for (const b of bad) {
    it(`rejects ${b.name}`, () => expectThrow(() => derToSignature(hexToBytes(b.der)), RangeError, b.fragment))
  }
  it('rejects non-bytes', () => expectThrow(() => derToSignature(good as unknown as Uint8Array), TypeError, '"signature" expected Uint8Array'))
  it('signatureToDer rejects out-of-range raw signatures', () => {
    expectThrow(() => signatureToDer(raw(0n, 1n)), RangeError, 'r expected an integer in [1, n-1]')
    expectThrow(() => signatureToDer(new Uint8Array(10)), RangeError, 'expected Uint8Array of length 64')
  })
})
