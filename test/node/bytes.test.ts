import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { fromHex, packChunks, parseHex, toHex, unpackChunks } from '../../node/bytes.ts'

/** What the node parsed hex with before: @noble/hashes' hexToBytes, undefined where it throws. */
function reference(hex: string): Uint8Array | undefined {
  try {
    return hexToBytes(hex)
  } catch {
    return undefined
  }
}

describe('hex', () => {
  const texts = [
    '',
    '00',
    '0a1B',
    'ABCDEF0123456789abcdef',
    'ff'.repeat(40_000), // longer than the parser's scratch buffer
    '0',
    'abc',
    'zz',
    '0g',
    'g0',
    '0x00',
    ' 00',
    '00 ',
    '\u00000',
    'é0',
    '0\u00e9',
    '\u0130\u0131',
    '😀',
    'ab'.repeat(100) + 'é',
    '/0', // the characters next to the digits' and letters' ranges
    ':0',
    '@0',
    'G0',
    '`0',
    'g0',
    'ab'.repeat(1500), // longer than the scratch the parser starts with
    'ab'.repeat(1500) + 'g0',
    'ab'.repeat(1499) + 'é0',
    'Ff'.repeat(32_768), // the longest text read by digit pairs
    'Ff'.repeat(32_769),
    'Ff'.repeat(32_767) + '0\u0100',
  ]
  it.each(texts.map((text) => [text.length > 40 ? `${text.slice(0, 20)}… (${text.length} chars)` : JSON.stringify(text), text]))('parses %s as @noble/hashes did', (_, text) => {
    expect(parseHex(text)).toEqual(reference(text))
  })

  it('parses every pair of ASCII characters as @noble/hashes did', () => {
    for (let first = 0; first < 128; first++) {
      for (let second = 0; second < 128; second++) {
        const text = String.fromCharCode(first, second)
        expect(parseHex(text)).toEqual(reference(text))
        expect(parseHex('00' + text + 'ff')).toEqual(reference('00' + text + 'ff'))
      }
    }
  })

  it('parses every byte value in either case, and round-trips', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(parseHex(toHex(all))).toEqual(all)
    expect(parseHex(toHex(all).toUpperCase())).toEqual(all)
  })

  it('refuses what is not a string', () => {
    for (const value of [12, null, undefined, ['00'], { length: 2 }]) expect(parseHex(value)).toBeUndefined()
    expect(() => fromHex(12 as unknown as string, 'x')).toThrow('x must be an even-length hex string')
  })

  it('fromHex names what was malformed', () => {
    expect(fromHex('0a0B')).toEqual(new Uint8Array([10, 11]))
    expect(() => fromHex('abc', 'the key')).toThrow(new TypeError('the key must be an even-length hex string'))
  })
})

describe('toHex', () => {
  it('gives what @noble/hashes gives, at every length around the short path', () => {
    for (let length = 0; length <= 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 13) & 255)
      expect(toHex(bytes)).toBe(bytesToHex(bytes))
      expect(toHex(bytes.fill(255))).toBe('ff'.repeat(length))
    }
    expect(() => toHex([1, 2] as unknown as Uint8Array)).toThrow(TypeError)
  })
})

describe('packed chunks', () => {
  it('unpacks what was packed, chunks given whole or as parts', () => {
    const a = Uint8Array.of(1, 2, 3)
    const b = new Uint8Array(300).map((_, i) => i)
    const packed = packChunks([a, [a, b.subarray(5)], new Uint8Array(0), [], [b]])
    expect(unpackChunks(packed)).toEqual([a, Uint8Array.of(1, 2, 3, ...b.subarray(5)), new Uint8Array(0), new Uint8Array(0), b])
    expect(packed.length).toBe(5 * 4 + 3 + 3 + 295 + 300)
  })
})
