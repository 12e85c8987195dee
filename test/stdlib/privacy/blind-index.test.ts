import { describe, expect, it } from 'vitest'
import { hmacSm3 } from '../../../stdlib/crypto/index.ts'
import { blindIndex, generateIndexKey } from '../../../stdlib/privacy/index.ts'
import { utf8 } from './_parties.ts'

const indexKey = generateIndexKey()
const where = { contract: 'invoices', field: 'invoiceNumber' }

describe('blind indexes', () => {
  it('are HMAC-SM3 over the documented framing', () => {
    const framing = [1, 0, 8, ...utf8('invoices'), 0, 13, ...utf8('invoiceNumber'), ...utf8('INV-7')]
    expect(blindIndex(indexKey, where, utf8('INV-7'))).toEqual(hmacSm3(indexKey, new Uint8Array(framing)))
  })

  it('match exactly the equal values (bytewise)', () => {
    expect(blindIndex(indexKey, where, utf8('INV-7'))).toEqual(blindIndex(indexKey, where, utf8('INV-7')))
    expect(blindIndex(indexKey, where, utf8('INV-7'))).not.toEqual(blindIndex(indexKey, where, utf8('inv-7')))
  })

  it('differ between fields, contracts and index keys', () => {
    const base = blindIndex(indexKey, where, utf8('42'))
    expect(blindIndex(indexKey, { ...where, field: 'amount' }, utf8('42'))).not.toEqual(base)
    expect(blindIndex(indexKey, { ...where, contract: 'invoices-2' }, utf8('42'))).not.toEqual(base)
    expect(blindIndex(generateIndexKey(), where, utf8('42'))).not.toEqual(base)
  })

  it('reject malformed input', () => {
    expect(() => blindIndex(indexKey.subarray(0, 16), where, utf8('x'))).toThrow('"indexKey" expected Uint8Array of length 32, got length=16')
    expect(() => blindIndex(indexKey, { ...where, field: 'a/b' }, utf8('x'))).toThrow(RangeError)
    expect(() => blindIndex(indexKey, { ...where, contract: '' }, utf8('x'))).toThrow(RangeError)
    expect(() => blindIndex(indexKey, where, 'x' as unknown as Uint8Array)).toThrow(TypeError)
  })
})
