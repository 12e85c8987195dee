import { createHash, createHmac } from 'node:crypto'
import smCrypto from 'sm-crypto'
import { sm3 as sm3v2 } from 'sm-crypto-v2'
import { describe, expect, it } from 'vitest'
import { bytesToHex } from '../../../stdlib/crypto/hex.ts'
import { hmacSm3, sm3 } from '../../../stdlib/crypto/sm3.ts'
import { expectThrow, seededBytes, utf8, vectors } from './_fixtures.ts'

describe('sm3: GB/T 32905 vectors', () => {
  for (const v of vectors.sm3) {
    it(`SM3(${JSON.stringify(v.msg_utf8.slice(0, 12))}…, ${v.msg_utf8.length} bytes)`, () => {
      expect(bytesToHex(sm3(utf8(v.msg_utf8)))).toBe(v.digest)
    })
  }

  it('empty input (OpenSSL value)', () => {
    expect(bytesToHex(sm3(new Uint8Array(0)))).toBe(createHash('sm3').update(new Uint8Array(0)).digest('hex'))
  })
})

describe('sm3: incremental', () => {
  const data = seededBytes(3)(300)
  const expected = bytesToHex(sm3(data))
  for (const split of [0, 1, 55, 56, 63, 64, 65, 128, 299, 300]) {
    it(`update(…${split}) + update(${split}…) equals one shot`, () => {
      const h = sm3.create()
      h.update(data.subarray(0, split)).update(data.subarray(split))
      expect(bytesToHex(h.digest())).toBe(expected)
    })
  }

  it('clone() forks the state', () => {
    const h = sm3.create().update(data.subarray(0, 100))
    const fork = h.clone()
    h.update(data.subarray(100))
    fork.update(data.subarray(100))
    expect(bytesToHex(fork.digest())).toBe(expected)
    expect(bytesToHex(h.digest())).toBe(expected)
  })

  it('exposes hash metadata', () => {
    expect([sm3.outputLen, sm3.blockLen]).toEqual([32, 64])
  })
})

describe('sm3: differential against sm-crypto, sm-crypto-v2 and OpenSSL', () => {
  const rand = seededBytes(0x5eed)
  const sizes = [...Array.from({ length: 130 }, (_, i) => i), 191, 192, 193, 1000, 1024, 4097]
  it(`agrees on ${sizes.length} input sizes`, () => {
    for (const size of sizes) {
      const data = rand(size)
      const ours = bytesToHex(sm3(data))
      expect(ours, `size ${size} vs sm-crypto`).toBe(smCrypto.sm3(data))
      expect(ours, `size ${size} vs sm-crypto-v2`).toBe(sm3v2(data))
      expect(ours, `size ${size} vs OpenSSL`).toBe(createHash('sm3').update(data).digest('hex'))
    }
  })
})

describe('hmacSm3', () => {
  const rand = seededBytes(77)
  for (const keyLength of [0, 1, 16, 32, 63, 64, 65, 200]) {
    it(`matches OpenSSL and sm-crypto for a ${keyLength}-byte key`, () => {
      const key = rand(keyLength)
      for (const size of [0, 1, 64, 333]) {
        const data = rand(size)
        const ours = bytesToHex(hmacSm3(key, data))
        expect(ours).toBe(createHmac('sm3', key).update(data).digest('hex'))
        if (keyLength > 0) expect(ours).toBe(smCrypto.sm3(data, { key: bytesToHex(key) }))
      }
    })
  }
})

describe('sm3: argument errors', () => {
  it('rejects a string', () => expectThrow(() => sm3('abc' as unknown as Uint8Array), TypeError, '"data" expected Uint8Array, got type=string'))
  it('rejects an array', () => expectThrow(() => sm3([1] as unknown as Uint8Array), TypeError, 'got type=array'))
  it('hmac rejects a string key', () =>
    expectThrow(() => hmacSm3('k' as unknown as Uint8Array, new Uint8Array(1)), TypeError, '"key" expected Uint8Array'))
  it('hmac rejects missing data', () =>
    expectThrow(() => hmacSm3(new Uint8Array(1), undefined as unknown as Uint8Array), TypeError, '"data" expected Uint8Array, got type=undefined'))
})
