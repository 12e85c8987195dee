import { describe, expect, it } from 'vitest'
import { bytesToHex } from '../../../stdlib/crypto/index.ts'
import { fieldAad, type FieldSlot } from '../../../stdlib/privacy/index.ts'

const slot: FieldSlot = { contract: 'medical', record: 'patient-7', field: 'allergies', keyVersion: 2 }

describe('fieldAad', () => {
  it('is the documented canonical bytes', () => {
    const hex = (s: string) => bytesToHex(new TextEncoder().encode(s))
    const expected = '01' + '0007' + hex('medical') + '0009' + hex('patient-7') + '0009' + hex('allergies') + '00000002'
    expect(bytesToHex(fieldAad(slot))).toBe(expected)
  })

  it('frames each part, so moving bytes between parts changes the AAD', () => {
    const a = fieldAad({ ...slot, record: 'ab', field: 'c' })
    const b = fieldAad({ ...slot, record: 'a', field: 'bc' })
    expect(bytesToHex(a)).not.toBe(bytesToHex(b))
  })

  it('counts UTF-8 bytes, not characters', () => {
    expect(bytesToHex(fieldAad({ ...slot, record: '病历' })).slice(2 + 4 + 14, 2 + 4 + 14 + 4)).toBe('0006')
  })

  const malformed: { name: string; slot: unknown; error: ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor; message: RegExp }[] = [
    { name: 'no slot', slot: null, error: TypeError, message: /"slot" expected object/ },
    { name: 'empty contract', slot: { ...slot, contract: '' }, error: RangeError, message: /"contract" expected 1 to 65535/ },
    { name: 'numeric record', slot: { ...slot, record: 7 }, error: TypeError, message: /"record" expected string/ },
    { name: 'record with /', slot: { ...slot, record: 'a/b' }, error: RangeError, message: /may not contain '\/'/ },
    { name: 'field too long', slot: { ...slot, field: 'x'.repeat(65) }, error: RangeError, message: /1 to 64 characters/ },
    { name: 'key version 0', slot: { ...slot, keyVersion: 0 }, error: RangeError, message: /"keyVersion" expected an integer from 1/ },
    { name: 'key version 2^32', slot: { ...slot, keyVersion: 2 ** 32 }, error: RangeError, message: /"keyVersion"/ },
    { name: 'fractional key version', slot: { ...slot, keyVersion: 1.5 }, error: RangeError, message: /"keyVersion"/ },
    { name: 'string key version', slot: { ...slot, keyVersion: '1' }, error: TypeError, message: /"keyVersion" expected number/ },
  ]
  for (const { name, slot: bad, error, message } of malformed) {
    it(`rejects ${name}`, () => {
      expect(() => fieldAad(bad as FieldSlot)).toThrow(error)
      expect(() => fieldAad(bad as FieldSlot)).toThrow(message)
    })
  }
})
