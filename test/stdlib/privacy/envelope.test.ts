import { describe, expect, it } from 'vitest'
import { hmacSm3, sm4 } from '../../../stdlib/crypto/index.ts'
import {
  AuthenticationError,
  decryptField,
  encryptField,
  ENVELOPE_OVERHEAD,
  fieldAad,
  generateDataKey,
  MAX_FIELD_BYTES,
  type FieldSlot,
} from '../../../stdlib/privacy/index.ts'
import { utf8 } from './_parties.ts'

const slot: FieldSlot = { contract: 'invoices', record: 'INV-0042', field: 'amount', keyVersion: 1 }
const key = generateDataKey()
const plaintext = utf8('CNY 1,250,000.00')

describe('field envelopes', () => {
  it('round-trip plaintexts of every size class, 61 bytes longer', () => {
    for (const size of [0, 1, 15, 16, 17, 1000, MAX_FIELD_BYTES]) {
      const value = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff)
      const envelope = encryptField(key, slot, value)
      expect(envelope.length).toBe(ENVELOPE_OVERHEAD + size)
      expect(decryptField(key, slot, envelope)).toEqual(value)
    }
  })

  it('draws a fresh IV for every encryption', () => {
    const a = encryptField(key, slot, plaintext)
    const b = encryptField(key, slot, plaintext)
    expect(a.subarray(1, 13)).not.toEqual(b.subarray(1, 13))
    expect(a).not.toEqual(b)
  })

  it('follows the documented layout and derivations exactly', () => {
    const envelope = encryptField(key, slot, plaintext)
    const aad = fieldAad(slot)
    expect(envelope[0]).toBe(1)
    const commitment = hmacSm3(key, new Uint8Array([...utf8('inkstone/privacy/v1/commit'), ...aad]))
    expect(envelope.subarray(13, 45)).toEqual(commitment)
    const encryptionKey = hmacSm3(key, utf8('inkstone/privacy/v1/encrypt')).subarray(0, 16)
    expect(sm4.gcm.decrypt(encryptionKey, envelope.subarray(1, 13), envelope.subarray(45), aad)).toEqual(plaintext)
  })

  const elsewhere: { part: string; slot: FieldSlot }[] = [
    { part: 'contract', slot: { ...slot, contract: 'invoices-2' } },
    { part: 'record', slot: { ...slot, record: 'INV-0043' } },
    { part: 'field', slot: { ...slot, field: 'dueDate' } },
    { part: 'key version', slot: { ...slot, keyVersion: 2 } },
  ]
  for (const { part, slot: other } of elsewhere) {
    it(`fails authentication in a slot with another ${part}`, () => {
      const envelope = encryptField(key, slot, plaintext)
      expect(() => decryptField(key, other, envelope)).toThrow(AuthenticationError)
      expect(() => decryptField(key, other, envelope)).toThrow(/does not authenticate/)
    })
  }

  it('fails authentication under another key', () => {
    const envelope = encryptField(key, slot, plaintext)
    expect(() => decryptField(generateDataKey(), slot, envelope)).toThrow(AuthenticationError)
  })

  const regions: { region: string; at: (length: number) => number[] }[] = [
    { region: 'IV', at: () => [1, 6, 12] },
    { region: 'commitment', at: () => [13, 30, 44] },
    { region: 'ciphertext', at: () => [45, 50, 45 + plaintext.length - 1] },
    { region: 'tag', at: (length) => [length - 16, length - 8, length - 1] },
  ]
  for (const { region, at } of regions) {
    it(`fails authentication when a byte of the ${region} changes`, () => {
      const envelope = encryptField(key, slot, plaintext)
      for (const index of at(envelope.length)) {
        const tampered = envelope.slice()
        tampered[index]! ^= 0x01
        expect(() => decryptField(key, slot, tampered), `byte ${index}`).toThrow(AuthenticationError)
      }
    })
  }

  it('refuses another envelope version, and truncated or extended envelopes', () => {
    const envelope = encryptField(key, slot, plaintext)
    const v2 = envelope.slice()
    v2[0] = 2
    expect(() => decryptField(key, slot, v2)).toThrow(RangeError)
    expect(() => decryptField(key, slot, v2)).toThrow('"envelope" has version 2, this SDK reads version 1')
    expect(() => decryptField(key, slot, envelope.subarray(0, 60))).toThrow(RangeError)
    expect(() => decryptField(key, slot, envelope.subarray(0, envelope.length - 1))).toThrow(AuthenticationError)
    expect(() => decryptField(key, slot, new Uint8Array([...envelope, 0]))).toThrow(AuthenticationError)
  })

  it('rejects malformed arguments with TypeError or RangeError', () => {
    const envelope = encryptField(key, slot, plaintext)
    expect(() => encryptField(key.subarray(0, 15), slot, plaintext)).toThrow('"dataKey" expected Uint8Array of length 16, got length=15')
    expect(() => encryptField('key' as unknown as Uint8Array, slot, plaintext)).toThrow(TypeError)
    expect(() => encryptField(key, slot, 'text' as unknown as Uint8Array)).toThrow(TypeError)
    expect(() => encryptField(key, slot, new Uint8Array(MAX_FIELD_BYTES + 1))).toThrow(RangeError)
    expect(() => encryptField(key, { ...slot, keyVersion: -1 }, plaintext)).toThrow(RangeError)
    expect(() => decryptField(key, slot, [...envelope] as unknown as Uint8Array)).toThrow(TypeError)
    expect(() => decryptField(new Uint8Array(32), slot, envelope)).toThrow(RangeError)
  })
})
