import smCrypto from 'sm-crypto'
import { describe, expect, it } from 'vitest'
import { bytesToHex, hexToBytes, sm2 } from '../../../stdlib/crypto/index.ts'
import { AuthenticationError, generateDataKey, unwrapDataKey, wrapDataKey, WRAPPED_KEY_LENGTH } from '../../../stdlib/privacy/index.ts'
import { keyPair } from './_parties.ts'

const doctor = keyPair()
const stranger = keyPair()

describe('data keys', () => {
  it('are 16 fresh random bytes', () => {
    const a = generateDataKey()
    expect(a.length).toBe(16)
    expect(generateDataKey()).not.toEqual(a)
  })

  it('wrap to a grantee as 113 bytes of SM2 C1C3C2 that only its private key opens', () => {
    const key = generateDataKey()
    const wrapped = wrapDataKey(doctor.publicKey, key)
    expect(wrapped.length).toBe(WRAPPED_KEY_LENGTH)
    expect(wrapped[0]).toBe(4)
    expect(sm2.decrypt(doctor.privateKey, wrapped, { mode: 'C1C3C2' })).toEqual(key)
    expect(unwrapDataKey(doctor.privateKey, wrapped)).toEqual(key)
    expect(() => unwrapDataKey(stranger.privateKey, wrapped)).toThrow(AuthenticationError)
  })

  it('wrap for a compressed public key too', () => {
    const key = generateDataKey()
    expect(unwrapDataKey(doctor.privateKey, wrapDataKey(sm2.compressPublicKey(doctor.publicKey), key))).toEqual(key)
  })

  it('interoperate with sm-crypto (cipherMode 1 = C1C3C2, hex without the 04)', () => {
    const key = generateDataKey()
    const wrapped = wrapDataKey(doctor.publicKey, key)
    expect(smCrypto.sm2.doDecrypt(bytesToHex(wrapped).slice(2), bytesToHex(doctor.privateKey), 1, { output: 'array' })).toEqual([...key])
    const theirs = smCrypto.sm2.doEncrypt(key, bytesToHex(doctor.publicKey), 1)
    expect(unwrapDataKey(doctor.privateKey, hexToBytes('04' + theirs))).toEqual(key)
  })

  it('fail authentication when any part of the wrapped key is tampered with', () => {
    const wrapped = wrapDataKey(doctor.publicKey, generateDataKey())
    for (const index of [65, 80, 96, 97, 112]) {
      const tampered = wrapped.slice()
      tampered[index]! ^= 0x80
      expect(() => unwrapDataKey(doctor.privateKey, tampered), `byte ${index}`).toThrow(AuthenticationError)
    }
    const offCurve = wrapped.slice()
    offCurve[64]! ^= 0x01
    expect(() => unwrapDataKey(doctor.privateKey, offCurve)).toThrow(RangeError)
  })

  it('reject malformed input', () => {
    const wrapped = wrapDataKey(doctor.publicKey, generateDataKey())
    expect(() => wrapDataKey(doctor.publicKey.subarray(1), generateDataKey())).toThrow(RangeError)
    expect(() => wrapDataKey(new Uint8Array(65).fill(4), generateDataKey())).toThrow(RangeError)
    expect(() => wrapDataKey(doctor.publicKey, new Uint8Array(32))).toThrow('"dataKey" expected Uint8Array of length 16, got length=32')
    expect(() => unwrapDataKey(doctor.privateKey, wrapped.subarray(0, 112))).toThrow('"wrappedKey" expected Uint8Array of length 113, got length=112')
    expect(() => unwrapDataKey(doctor.privateKey, 'wrapped' as unknown as Uint8Array)).toThrow(TypeError)
  })
})
