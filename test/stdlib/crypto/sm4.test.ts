import { createCipheriv, createDecipheriv } from 'node:crypto'
import smCrypto from 'sm-crypto'
import { sm4 as sm4v2 } from 'sm-crypto-v2'
import { describe, expect, it } from 'vitest'
import { gcmOpen, gcmSeal, type BlockEncrypt } from '../../../stdlib/crypto/_gcm.ts'
import { cryptBlock, expandKey } from '../../../stdlib/crypto/_sm4-block.ts'
import { AuthenticationError } from '../../../stdlib/crypto/errors.ts'
import { bytesToHex, hexToBytes } from '../../../stdlib/crypto/hex.ts'
import { sm4 } from '../../../stdlib/crypto/sm4.ts'
import { expectThrow, seededBytes, vectors } from './_fixtures.ts'

const rand = seededBytes(0x5a4)
const key = rand(16)
const iv16 = rand(16)
const iv12 = rand(12)
/** OpenSSL (Node) as a second oracle for the unauthenticated modes. */
function openssl(cipher: 'sm4-ecb' | 'sm4-cbc' | 'sm4-ctr', data: Uint8Array, padding: boolean, iv: Uint8Array | null): string {
  const c = createCipheriv(cipher, key, iv)
  c.setAutoPadding(padding)
  return Buffer.concat([c.update(data), c.final()]).toString('hex')
}

describe('sm4: GB/T 32907 vectors', () => {
  for (const v of vectors.sm4) {
    const iterations = Number(/iterated-(\d+)/.exec(v.mode)?.[1] ?? 1)
    it(`${v.mode}`, () => {
      const k = hexToBytes(v.key)
      if (iterations === 1) {
        expect(bytesToHex(sm4.ecb.encrypt(k, hexToBytes(v.plaintext), { padding: false }))).toBe(v.ciphertext)
        expect(bytesToHex(sm4.encryptBlock(k, hexToBytes(v.plaintext)))).toBe(v.ciphertext)
        expect(bytesToHex(sm4.decryptBlock(k, hexToBytes(v.ciphertext)))).toBe(v.plaintext)
        return
      }
      const rk = expandKey(k, false) // the key schedule once; 10^6 block encryptions
      const block = hexToBytes(v.plaintext)
      for (let i = 0; i < iterations; i++) cryptBlock(rk, block, 0, block, 0)
      expect(bytesToHex(block)).toBe(v.ciphertext)
    })
  }
})

describe('sm4: ECB / CBC / CTR differential (sm-crypto, OpenSSL)', () => {
  const sizes = [...Array.from({ length: 49 }, (_, i) => i), 100, 255, 256, 1000]
  it(`ECB and CBC with PKCS#7 agree with sm-crypto and OpenSSL over ${sizes.length} sizes`, () => {
    for (const size of sizes) {
      const data = rand(size)
      const ecb = sm4.ecb.encrypt(key, data)
      const cbc = sm4.cbc.encrypt(key, iv16, data)
      expect(bytesToHex(ecb), `ecb ${size}`).toBe(bytesToHex(Uint8Array.from(smCrypto.sm4.encrypt(data, [...key], { output: 'array' }))))
      expect(bytesToHex(cbc), `cbc ${size}`).toBe(
        bytesToHex(Uint8Array.from(smCrypto.sm4.encrypt(data, [...key], { mode: 'cbc', iv: [...iv16], output: 'array' }))),
      )
      expect(bytesToHex(ecb)).toBe(openssl('sm4-ecb', data, true, null))
      expect(bytesToHex(cbc)).toBe(openssl('sm4-cbc', data, true, iv16))
      expect(sm4.ecb.decrypt(key, ecb)).toEqual(data)
      expect(sm4.cbc.decrypt(key, iv16, cbc)).toEqual(data)
    }
  })

  it('padding off: whole blocks only, same as OpenSSL without padding', () => {
    for (const size of [0, 16, 64]) {
      const data = rand(size)
      const c = sm4.cbc.encrypt(key, iv16, data, { padding: false })
      expect(bytesToHex(c)).toBe(openssl('sm4-cbc', data, false, iv16))
      expect(sm4.cbc.decrypt(key, iv16, c, { padding: false })).toEqual(data)
      expect(sm4.ecb.decrypt(key, sm4.ecb.encrypt(key, data, { padding: false }), { padding: false })).toEqual(data)
    }
  })

  it('CTR agrees with OpenSSL sm4-ctr, including a carry through all 128 counter bits', () => {
    for (const iv of [iv16, new Uint8Array(16).fill(0xff), Uint8Array.of(...new Uint8Array(12), 0xff, 0xff, 0xff, 0xfe)]) {
      for (const size of [0, 1, 15, 16, 17, 100]) {
        const data = rand(size)
        const c = sm4.ctr.encrypt(key, iv, data)
        expect(bytesToHex(c)).toBe(openssl('sm4-ctr', data, false, iv))
        expect(sm4.ctr.decrypt(key, iv, c)).toEqual(data)
      }
    }
  })

  it('never modifies its inputs', () => {
    const data = rand(40)
    const copy = data.slice()
    sm4.cbc.encrypt(key, iv16, data)
    sm4.ecb.encrypt(key, data)
    sm4.ctr.encrypt(key, iv16, data)
    sm4.gcm.encrypt(key, iv12, data, data)
    expect(data).toEqual(copy)
  })
})

describe('sm4: GCM', () => {
  it('the generic GCM matches OpenSSL AES-128-GCM (validates GHASH and counters)', () => {
    const aesKey = rand(16)
    const ecb = createCipheriv('aes-128-ecb', aesKey, null).setAutoPadding(false)
    const aes: BlockEncrypt = (src, si, dst, di) => dst.set(ecb.update(src.subarray(si, si + 16)), di)
    for (const [size, aadSize] of [[0, 0], [1, 0], [16, 16], [17, 5], [64, 20], [200, 33], [1024, 0]] as const) {
      const data = rand(size)
      const aad = rand(aadSize)
      const g = createCipheriv('aes-128-gcm', aesKey, iv12)
      g.setAAD(aad)
      const expected = Buffer.concat([g.update(data), g.final(), g.getAuthTag()]).toString('hex')
      const sealed = gcmSeal(aes, iv12, data, aad)
      expect(bytesToHex(sealed), `size ${size}/${aadSize}`).toBe(expected)
      expect(gcmOpen(aes, iv12, sealed, aad)).toEqual(data)
      const d = createDecipheriv('aes-128-gcm', aesKey, iv12)
      d.setAAD(aad)
      d.setAuthTag(sealed.subarray(size))
      expect(Buffer.concat([d.update(sealed.subarray(0, size)), d.final()]).toString('hex')).toBe(bytesToHex(data))
    }
  })

  it('SM4-GCM matches sm-crypto-v2 over random sizes, AAD included', () => {
    for (let i = 0; i < 40; i++) {
      const size = (i * 37) % 300
      const data = rand(size)
      const aad = rand(i % 23)
      const theirs = sm4v2.encrypt(data, key, { mode: 'gcm', iv: iv12, associatedData: aad, output: 'array', outputTag: true })
      const sealed = sm4.gcm.encrypt(key, iv12, data, aad)
      expect(bytesToHex(sealed)).toBe(bytesToHex(theirs.output) + bytesToHex(theirs.tag!))
      expect(sm4.gcm.decrypt(key, iv12, sealed, aad)).toEqual(data)
    }
  })

  it('empty plaintext gives a bare 16-byte tag; AAD defaults to empty', () => {
    const sealed = sm4.gcm.encrypt(key, iv12, new Uint8Array(0))
    expect(sealed.length).toBe(16)
    expect(sm4.gcm.decrypt(key, iv12, sealed, new Uint8Array(0))).toEqual(new Uint8Array(0))
  })

  const data = rand(50)
  const aad = rand(10)
  const sealed = sm4.gcm.encrypt(key, iv12, data, aad)
  const flip = (at: number): Uint8Array => {
    const t = sealed.slice()
    t[at]! ^= 0x80
    return t
  }
  const forged = [
    { name: 'a flipped ciphertext byte', run: () => sm4.gcm.decrypt(key, iv12, flip(0), aad) },
    { name: 'a flipped tag byte', run: () => sm4.gcm.decrypt(key, iv12, flip(sealed.length - 1), aad) },
    { name: 'other AAD', run: () => sm4.gcm.decrypt(key, iv12, sealed, rand(10)) },
    { name: 'missing AAD', run: () => sm4.gcm.decrypt(key, iv12, sealed) },
    { name: 'another IV', run: () => sm4.gcm.decrypt(key, rand(12), sealed, aad) },
    { name: 'another key', run: () => sm4.gcm.decrypt(rand(16), iv12, sealed, aad) },
    { name: 'a truncated ciphertext', run: () => sm4.gcm.decrypt(key, iv12, sealed.subarray(1), aad) },
  ]
  for (const f of forged) it(`AuthenticationError (no plaintext) for ${f.name}`, () => expectThrow(f.run, AuthenticationError, 'tag mismatch'))
})

describe('sm4: argument errors', () => {
  const cases = [
    { name: '15-byte key', run: () => sm4.ecb.encrypt(rand(15), rand(16)), cls: RangeError, fragment: '"key" expected Uint8Array of length 16, got length=15' },
    { name: '32-byte key (GCM)', run: () => sm4.gcm.encrypt(rand(32), iv12, rand(1)), cls: RangeError, fragment: '"key" expected Uint8Array of length 16, got length=32' },
    { name: 'hex key', run: () => sm4.cbc.encrypt('00' as never, iv16, rand(1)), cls: TypeError, fragment: '"key" expected Uint8Array, got type=string' },
    { name: '12-byte CBC IV', run: () => sm4.cbc.encrypt(key, iv12, rand(1)), cls: RangeError, fragment: '"iv" expected Uint8Array of length 16, got length=12' },
    { name: '16-byte GCM IV', run: () => sm4.gcm.encrypt(key, iv16, rand(1)), cls: RangeError, fragment: '"iv" expected Uint8Array of length 12, got length=16' },
    { name: 'missing CTR IV', run: () => sm4.ctr.encrypt(key, undefined as never, rand(1)), cls: TypeError, fragment: '"iv" expected Uint8Array, got type=undefined' },
    { name: 'GCM input shorter than the tag', run: () => sm4.gcm.decrypt(key, iv12, rand(15)), cls: RangeError, fragment: '"sealed" expected Uint8Array of length >= 16' },
    { name: 'GCM AAD as string', run: () => sm4.gcm.encrypt(key, iv12, rand(1), 'aad' as never), cls: TypeError, fragment: '"aad" expected Uint8Array' },
    { name: 'no padding, partial block', run: () => sm4.ecb.encrypt(key, rand(17), { padding: false }), cls: RangeError, fragment: '"plaintext" expected a multiple of 16 bytes (padding is off), got length=17' },
    { name: 'ciphertext not whole blocks', run: () => sm4.cbc.decrypt(key, iv16, rand(20)), cls: RangeError, fragment: '"ciphertext" expected a non-zero multiple of 16 bytes, got length=20' },
    { name: 'empty padded ciphertext', run: () => sm4.ecb.decrypt(key, new Uint8Array(0)), cls: RangeError, fragment: 'non-zero multiple of 16 bytes, got length=0' },
    { name: 'bad PKCS#7 padding', run: () => sm4.ecb.decrypt(key, sm4.ecb.encrypt(key, Uint8Array.of(...rand(15), 0), { padding: false })), cls: RangeError, fragment: 'invalid PKCS#7 padding' },
    { name: 'inconsistent PKCS#7 padding', run: () => sm4.ecb.decrypt(key, sm4.ecb.encrypt(key, Uint8Array.of(...rand(13), 9, 3, 3), { padding: false })), cls: RangeError, fragment: 'invalid PKCS#7 padding' },
    { name: 'padding option not boolean', run: () => sm4.ecb.encrypt(key, rand(16), { padding: 'pkcs#7' } as never), cls: TypeError, fragment: '"padding" expected boolean, got type=string' },
    { name: 'unknown option', run: () => sm4.ecb.encrypt(key, rand(16), { mode: 'cbc' } as never), cls: TypeError, fragment: 'unknown option "mode"' },
    { name: '15-byte block', run: () => sm4.encryptBlock(key, rand(15)), cls: RangeError, fragment: '"block" expected Uint8Array of length 16, got length=15' },
  ]
  for (const c of cases) it(`rejects ${c.name}`, () => expectThrow(c.run, c.cls, c.fragment))
})
