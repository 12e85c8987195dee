import { describe, expect, it } from 'vitest'
import { bytesToHex, hexToBytes } from '../../../stdlib/crypto/hex.ts'
import { expectThrow } from './_fixtures.ts'

describe('hex', () => {
  const cases = [
    { name: 'empty', hex: '', bytes: [] },
    { name: 'one byte', hex: '00', bytes: [0] },
    { name: 'mixed', hex: '0aff10', bytes: [0x0a, 0xff, 0x10] },
  ]
  for (const c of cases) {
    it(`round-trips ${c.name}`, () => {
      expect(bytesToHex(Uint8Array.from(c.bytes))).toBe(c.hex)
      expect(Array.from(hexToBytes(c.hex))).toEqual(c.bytes)
    })
  }

  it('accepts upper case and returns lower case', () => {
    expect(bytesToHex(hexToBytes('CAFEbabe'))).toBe('cafebabe')
  })

  it('round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(hexToBytes(bytesToHex(all))).toEqual(all)
  })

  const bad = [
    { name: 'odd length', input: 'abc', cls: RangeError, fragment: 'expected even length, got length=3' },
    { name: 'non-hex char', input: 'zz', cls: RangeError, fragment: 'non-hex character "z" at index 0' },
    { name: 'second digit bad', input: '0g', cls: RangeError, fragment: 'at index 1' },
    { name: '0x prefix', input: '0x00', cls: RangeError, fragment: '"x" at index 1' },
    { name: 'whitespace', input: 'ab cd ', cls: RangeError, fragment: 'non-hex character " "' },
    { name: 'not a string', input: 12, cls: TypeError, fragment: '"hex" expected string, got type=number' },
    { name: 'a character beyond ASCII', input: 'aaé0', cls: RangeError, fragment: 'non-hex character "é" at index 2' },
    { name: 'a character beyond Latin-1', input: 'a\u0100', cls: RangeError, fragment: 'at index 1' },
    { name: 'a Latin-1 character (one UTF-16 unit, two UTF-8 bytes)', input: '\u00b1000', cls: RangeError, fragment: 'at index 0' },
    { name: 'a lone surrogate', input: '00\ud800a', cls: RangeError, fragment: 'at index 2' },
  ] as const
  for (const b of bad) {
    it(`rejects ${b.name}`, () => expectThrow(() => hexToBytes(b.input as string), b.cls, b.fragment))
  }

  it('decodes texts longer than its scratch buffer, and short ones after them', () => {
    const long = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff)
    expect(hexToBytes(bytesToHex(long))).toEqual(long)
    expect(hexToBytes('c0ffee')).toEqual(Uint8Array.of(0xc0, 0xff, 0xee))
    expectThrow(() => hexToBytes('00'.repeat(40_000) + 'zz'), RangeError, 'at index 80000')
  })

  it('bytesToHex rejects non-bytes', () => {
    expectThrow(() => bytesToHex([1, 2] as unknown as Uint8Array), TypeError, '"bytes" expected Uint8Array, got type=array')
  })
})
