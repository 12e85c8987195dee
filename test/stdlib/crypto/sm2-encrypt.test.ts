import smCrypto from 'sm-crypto'
import { sm2 as smV2 } from 'sm-crypto-v2'
import { describe, expect, it } from 'vitest'
import { AuthenticationError } from '../../../stdlib/crypto/errors.ts'
import { bytesToHex, hexToBytes } from '../../../stdlib/crypto/hex.ts'
import { decrypt, encrypt, SM2_MIN_CIPHERTEXT, type Sm2CipherMode } from '../../../stdlib/crypto/sm2-encrypt.ts'
import { sm2 } from '../../../stdlib/crypto/sm2.ts'
import { expectThrow, seededBytes, utf8 } from './_fixtures.ts'

const rand = seededBytes(0xc1c3c2)
function key(): { priv: Uint8Array; pub: Uint8Array } {
  for (;;) {
    const priv = rand(32)
    if (sm2.isValidPrivateKey(priv)) return { priv, pub: sm2.getPublicKey(priv) }
  }
}
const alice = key()
const bob = key()
/** sm-crypto numbering: cipherMode 1 = C1C3C2, 0 = C1C2C3. */
const modes: { mode: Sm2CipherMode; cipherMode: 0 | 1 }[] = [
  { mode: 'C1C3C2', cipherMode: 1 },
  { mode: 'C1C2C3', cipherMode: 0 },
]

describe('sm2-encrypt: round trips and layout', () => {
  for (const { mode } of modes) {
    it(`${mode}: decrypts what it encrypts; length is 97 + |M|; C1 is 04‖x‖y on the curve`, () => {
      for (const size of [1, 31, 32, 33, 100, 1000]) {
        const m = rand(size)
        const c = encrypt(alice.pub, m, { mode })
        expect(c.length).toBe(97 + size)
        expect(c[0]).toBe(0x04)
        expect(sm2.isValidPublicKey(c.subarray(0, 65))).toBe(true)
        expect(decrypt(alice.priv, c, { mode })).toEqual(m)
      }
    })
  }

  it('defaults to C1C3C2: C3 = SM3(x2‖M‖y2) sits right after C1', () => {
    const m = utf8('layout')
    const c = encrypt(alice.pub, m)
    expect(decrypt(alice.priv, c, { mode: 'C1C3C2' })).toEqual(m)
    // Re-ordering C1‖C3‖C2 into C1‖C2‖C3 must decrypt under the other mode.
    const reordered = Uint8Array.of(...c.subarray(0, 65), ...c.subarray(97), ...c.subarray(65, 97))
    expect(decrypt(alice.priv, reordered, { mode: 'C1C2C3' })).toEqual(m)
  })

  it('accepts a compressed recipient key; encryption is randomised', () => {
    const m = utf8('same plaintext')
    const c1 = encrypt(sm2.compressPublicKey(alice.pub), m)
    const c2 = encrypt(alice.pub, m)
    expect(bytesToHex(c1)).not.toBe(bytesToHex(c2))
    expect(decrypt(alice.priv, c1)).toEqual(m)
  })
})

/** Whether an sm-crypto ciphertext (hex, no 04) left M in the clear: C2 = M, so t = C2 ⊕ M is all zero. */
function kdfOutputIsZero(theirsHex: string, m: Uint8Array, mode: Sm2CipherMode): boolean {
  const c = hexToBytes(theirsHex)
  // C1 is 64 bytes here; C2 follows it in C1C2C3 and ends the ciphertext in C1C3C2.
  const c2 = mode === 'C1C2C3' ? c.subarray(64, 64 + m.length) : c.subarray(c.length - m.length)
  return c2.every((byte, i) => byte === m[i])
}

describe('sm2-encrypt: differential against sm-crypto (oracle) and sm-crypto-v2', () => {
  for (const { mode, cipherMode } of modes) {
    it(`${mode}: sm-crypto decrypts ours (after dropping 04) and we decrypt theirs (after adding 04)`, () => {
      for (const size of [1, 33, 200]) {
        const m = rand(size)
        const ours = encrypt(alice.pub, m, { mode })
        expect(smCrypto.sm2.doDecrypt(bytesToHex(ours).slice(2), bytesToHex(alice.priv), cipherMode, { output: 'array' })).toEqual([...m])
        // sm-crypto skips §6.1 A5 (an all-zero KDF output must be redrawn with a new k): for a
        // 1-byte message 1 ciphertext in 256 is one that the standard, and so we, reject.
        let theirs = smCrypto.sm2.doEncrypt(m, bytesToHex(alice.pub), cipherMode)
        while (kdfOutputIsZero(theirs, m, mode)) theirs = smCrypto.sm2.doEncrypt(m, bytesToHex(alice.pub), cipherMode)
        expect(decrypt(alice.priv, hexToBytes('04' + theirs), { mode })).toEqual(m)
      }
    })

    it(`${mode}: sm-crypto-v2 in both directions`, () => {
      const m = rand(77)
      const ours = encrypt(bob.pub, m, { mode })
      expect(smV2.doDecrypt(bytesToHex(ours).slice(2), bytesToHex(bob.priv), cipherMode, { output: 'array' })).toEqual(m)
      const theirs = smV2.doEncrypt(m, bytesToHex(bob.pub), cipherMode)
      expect(decrypt(bob.priv, hexToBytes('04' + theirs), { mode })).toEqual(m)
    })
  }

  it('sm-crypto ciphertext without the 04 prefix is rejected with a hint', () => {
    const theirs = smCrypto.sm2.doEncrypt('hi', bytesToHex(alice.pub), 1)
    expectThrow(() => decrypt(alice.priv, hexToBytes(theirs)), RangeError, "sm-crypto output needs '04' prepended")
  })
})

describe('sm2-encrypt: malformed and tampered input', () => {
  const m = utf8('attack at dawn')
  const c = encrypt(alice.pub, m)
  const flip = (at: number): Uint8Array => {
    const t = c.slice()
    t[at]! ^= 0x01
    return t
  }

  const auth = [
    { name: 'a flipped C3 byte', data: flip(65 + 3) },
    { name: 'a flipped C2 byte', data: flip(c.length - 1) },
    { name: 'the wrong mode', data: c, mode: 'C1C2C3' as const },
    { name: 'a C1 replaced by another valid point', data: Uint8Array.of(...bob.pub, ...c.subarray(65)) },
  ]
  for (const a of auth) {
    it(`AuthenticationError for ${a.name}`, () =>
      expectThrow(() => decrypt(alice.priv, a.data, a.mode ? { mode: a.mode } : undefined), AuthenticationError, 'C3 hash mismatch'))
  }
  it('AuthenticationError for the wrong private key', () => expectThrow(() => decrypt(bob.priv, c), AuthenticationError, 'C3 hash mismatch'))

  const bad = [
    { name: 'C1 not on the curve', data: flip(64), cls: RangeError, fragment: '"ciphertext C1" is not a point on the SM2 curve' },
    { name: 'C1 compressed prefix', data: Uint8Array.of(0x02, ...c.subarray(1)), cls: RangeError, fragment: 'C1 expected uncompressed point prefix 04, got 0x02' },
    { name: 'an empty ciphertext', data: new Uint8Array(0), cls: RangeError, fragment: `"ciphertext" expected Uint8Array of length >= ${SM2_MIN_CIPHERTEXT}, got length=0` },
    { name: 'C1 ‖ C3 with no C2', data: c.subarray(0, 97), cls: RangeError, fragment: 'length >= 98, got length=97' },
    { name: 'a hex string', data: bytesToHex(c) as unknown as Uint8Array, cls: TypeError, fragment: '"ciphertext" expected Uint8Array, got type=string' },
  ]
  for (const b of bad) it(`rejects ${b.name}`, () => expectThrow(() => decrypt(alice.priv, b.data), b.cls, b.fragment))

  it('rejects empty plaintext, bad keys and bad options on encrypt', () => {
    expectThrow(() => encrypt(alice.pub, new Uint8Array(0)), RangeError, '"plaintext" expected Uint8Array of length >= 1, got length=0')
    expectThrow(() => encrypt(alice.pub.subarray(1), m), RangeError, '"publicKey" expected Uint8Array of length 65 or 33, got length=64')
    expectThrow(() => encrypt(alice.pub, m, { mode: 'C1C2' as never }), RangeError, `"mode" expected one of 'C1C3C2', 'C1C2C3', got 'C1C2'`)
    expectThrow(() => encrypt(alice.pub, m, { cipherMode: 1 } as never), TypeError, 'unknown option "cipherMode"')
    expectThrow(() => decrypt(new Uint8Array(32), c), RangeError, '"privateKey" expected an integer in [1, n-2]')
  })
})
