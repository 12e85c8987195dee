import { describe, expect, it } from 'vitest'
import { decode, encode, encodeWith, writeUvarint } from '../../vm/canonical.ts'

const roundTrips: [string, unknown][] = [
  ['null', null],
  ['booleans', [true, false]],
  ['numbers', [0, 1, -1, 0.5, 1e308, -(2 ** 53), Number.MIN_VALUE]],
  ['bigints', [0n, 1n, -1n, 255n, 256n, -(2n ** 255n), 2n ** 4096n]],
  ['strings', ['', 'a', 'ключ', '🦀', '\u0000', '\uFEFFbom']],
  ['bytes', [new Uint8Array(), new Uint8Array([0, 255, 7])]],
  ['nested', { b: [1n, { c: new Uint8Array([1]) }], a: 'x', '': null, __proto__key: { __proto__: null } }],
]

/** Compares comma-separated byte lists as byte strings (the reference order of keys). */
function compareByteLists(a: string, b: string): number {
  const x = a.split(',').map(Number), y = b.split(',').map(Number)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

describe('canonical encoding', () => {
  for (const [name, value] of roundTrips) {
    it(`round-trips ${name}`, () => {
      expect(decode(encode(value))).toEqual(value)
    })
  }

  it('writes lengths as minimal LEB128, also for hand-written canonical bytes (writeUvarint)', () => {
    for (const n of [0, 1, 127, 128, 300, 16_383, 16_384, 2 ** 21 + 5]) {
      const buffer = new Uint8Array(8)
      const end = writeUvarint(buffer, 0, n)
      expect(buffer.subarray(0, end)).toEqual(encode(Uint8Array.from({ length: n })).subarray(1, 1 + end))
    }
  })

  it('writes a short array of leaves as any array: its tag, count and items', () => {
    const leaves = [null, true, false, 0, -0, 1.5, 0n, -(2n ** 53n), 2n ** 70n, '', 'ключ', Uint8Array.of(1, 2)]
    for (let n = 0; n <= 9; n++) {
      const items = leaves.slice(0, n)
      expect(encode(items)).toEqual(Uint8Array.from([0x07, n, ...items.flatMap((item) => [...encode(item)])]))
    }
    expect(() => encode(['a', '\uD800'])).toThrow(/\$\[1\]: string contains a lone surrogate/)
    expect(() => encode([1, , 2])).toThrow(/\$\[1\]: holes/)
  })

  it('writes a value piece by piece (encodeWith) as encode writes it, canonical bytes given as they are included', () => {
    const rows: [string, unknown][] = [['a', { y: [1n, 'é'], x: null }], ['b', new Uint8Array([1, 2])], ['é', 0.5]]
    const written = encodeWith((writer) => {
      writer.array(rows.length)
      for (const [key, value] of rows) {
        writer.array(2)
        writer.value(key)
        writer.encoded(encode(value))
      }
    })
    expect(written).toEqual(encode(rows))
    expect(decode(written)).toEqual(rows)
  })

  it('writes bigints as sign, length and minimal big-endian magnitude', () => {
    // The reference: magnitude bytes peeled off with shifts, independent of the hex-based codec.
    const expected = (value: bigint) => {
      const bytes: number[] = []
      for (let m = value < 0n ? -value : value; m > 0n; m >>= 8n) bytes.unshift(Number(m & 0xffn))
      return Uint8Array.from([0x04, value < 0n ? 1 : 0, bytes.length, ...bytes])
    }
    const values = [0n, 1n, -1n, 15n, 16n, 255n, 256n, -4095n, 4096n, 2n ** 48n - 1n, -(2n ** 48n), 2n ** 53n - 1n, -(2n ** 53n - 1n), 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n, -(2n ** 64n), 10n ** 24n + 7n]
    let seed = 1n
    for (let i = 0; i < 200; i++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 127n
      values.push((seed >> BigInt(i % 120)) * (i % 2 ? -1n : 1n))
    }
    for (const value of values) {
      expect(encode(value)).toEqual(expected(value))
      expect(decode(expected(value))).toBe(value)
    }
  })

  it('encodes right when a getter encodes something else meanwhile, and after a failure', () => {
    const inner = { n: 10n ** 30n, s: 'x'.repeat(100) }
    const value = { get a() { return encode(inner).length }, b: 'y'.repeat(5000) }
    expect(decode(encode(value))).toEqual({ a: encode(inner).length, b: 'y'.repeat(5000) })
    expect(() => encode({ big: 'z'.repeat(3000), bad: () => 1 })).toThrow(/function is not encodable/)
    expect(decode(encode(['after', 1n]))).toEqual(['after', 1n])
  })

  it('writes strings and keys as length-prefixed UTF-8, ASCII or not', () => {
    expect(encode('ab')).toEqual(Uint8Array.from([0x05, 2, 0x61, 0x62]))
    expect(encode('é')).toEqual(Uint8Array.from([0x05, 2, 0xc3, 0xa9]))
    expect(encode({ 'é': null, b: null })).toEqual(Uint8Array.from([0x08, 2, 1, 0x62, 0x00, 2, 0xc3, 0xa9, 0x00]))
  })

  it('writes text that turns out not to be ASCII after an ASCII start, and reads it back', () => {
    // 127 characters would take a one-byte length; their 128 UTF-8 bytes take two.
    const text = 'a'.repeat(126) + 'é'
    expect(encode(text)).toEqual(Uint8Array.from([0x05, 0x80, 0x01, ...new TextEncoder().encode(text)]))
    for (const value of [text, { [text]: text, ['k'.repeat(200)]: 'ü'.repeat(100) }, ['x'.repeat(128), 'y'.repeat(129) + '€']]) {
      expect(decode(encode(value))).toEqual(value)
    }
    // Short text that is not valid UTF-8 is still refused, wherever the bad byte sits.
    for (const bad of [[0x05, 0x03, 0x61, 0x62, 0xff], [0x05, 0x02, 0xc3, 0x28], [0x08, 0x01, 0x02, 0x61, 0x80, 0x00]]) {
      expect(() => decode(Uint8Array.from(bad))).toThrow(/invalid UTF-8/)
    }
  })

  it('reads back many distinct short strings of equal length, repeated, as keys and values', () => {
    // Decoded short ASCII text is reused from recent decodes when its bytes match: thousands of
    // same-length strings share the slots, and none may come back as another.
    const texts = Array.from({ length: 6000 }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`)
    texts.push('', 'a', 'b', 'k'.repeat(48), 'k'.repeat(49), 'k'.repeat(128), 'k'.repeat(129), 'é', 'aé')
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < texts.length; i += 3) {
        const value = { [texts[i]!]: texts.slice(i, i + 3), [texts[(i * 7) % texts.length]!]: texts[(i * 13) % texts.length]! }
        expect(decode(encode(value))).toEqual(value)
      }
    }
  })

  it('reads numbers as big-endian IEEE-754, whatever their bit pattern', () => {
    const bits = new DataView(new ArrayBuffer(8))
    let seed = 7n
    for (let i = 0; i < 500; i++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n
      bits.setBigUint64(0, seed)
      const expected = bits.getFloat64(0)
      const bytes = Uint8Array.from([0x03, ...new Uint8Array(bits.buffer)])
      if (Number.isFinite(expected) && !Object.is(expected, -0)) expect(decode(bytes)).toBe(expected)
      else expect(() => decode(bytes)).toThrow(/non-finite|-0/)
    }
    expect(decode(Uint8Array.of(0x07, 2, 0x03, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x03, 0xc0, 0, 0, 0, 0, 0, 0, 0))).toEqual([1, -2])
  })

  it('decodes byte strings as copies, or as views of the input when asked', () => {
    const bytes = encode({ a: Uint8Array.of(1, 2, 3), b: [new Uint8Array(100).fill(7)] })
    const copied = decode(bytes) as { a: Uint8Array; b: Uint8Array[] }
    const viewed = decode(bytes, { views: true }) as { a: Uint8Array; b: Uint8Array[] }
    expect(viewed).toEqual(copied)
    expect(copied.a.buffer).not.toBe(bytes.buffer)
    expect(viewed.a.buffer).toBe(bytes.buffer)
    expect(viewed.b[0]!.buffer).toBe(bytes.buffer)
    bytes[viewed.a.byteOffset + 2] = 9
    expect([...copied.a, ...viewed.a]).toEqual([1, 2, 3, 1, 2, 9])
  })

  it('writes object keys in sorted order, whatever the insertion order', () => {
    expect(encode({ b: 1, a: 2, '10': 3, '9': 4 })).toEqual(encode({ '9': 4, a: 2, '10': 3, b: 1 }))
    expect(Object.keys(decode(encode({ a: 1, ab: 2, b: 3 })) as object)).toEqual(['a', 'ab', 'b'])
    expect(Object.keys(decode(encode({ b: 1, ab: 2, a: 3 })) as object)).toEqual(['a', 'ab', 'b'])
  })

  it('orders keys by UTF-8 bytes across the surrogate range', () => {
    // UTF-16 order puts U+1F980 (a surrogate pair) before U+E000 and U+FFFD; UTF-8 order after them.
    const keys = ['\u{1F980}', '\uFFFD', '\uE000', 'z', 'ä', 'a', '\uD7FF']
    const inUtf8Order = ['a', 'z', 'ä', '\uD7FF', '\uE000', '\uFFFD', '\u{1F980}']
    const value = Object.fromEntries(keys.map((key, i) => [key, i]))
    expect(Object.keys(decode(encode(value)) as object)).toEqual(inUtf8Order)
    const utf8 = new TextEncoder()
    const sortedBytes = inUtf8Order.map((key) => [...utf8.encode(key)].join(','))
    expect([...sortedBytes].sort((a, b) => compareByteLists(a, b))).toEqual(sortedBytes)
  })

  it('keeps a "__proto__" key as data', () => {
    const value = JSON.parse('{"__proto__": 1}')
    const back = decode(encode(value)) as Record<string, unknown>
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect(Object.keys(back)).toEqual(['__proto__'])
  })

  it('normalises -0 to 0', () => {
    expect(Object.is(decode(encode(-0)), 0)).toBe(true)
  })

  const cyclic: Record<string, unknown> = {}
  cyclic.self = cyclic
  const rejected: [string, unknown, RegExp][] = [
    ['undefined', undefined, /undefined is not encodable/],
    ['NaN', NaN, /NaN is not encodable/],
    ['Infinity', [Infinity], /\$\[0\]: Infinity/],
    ['functions', { f() {} }, /\$\.f: function is not encodable/],
    ['symbols', Symbol('x'), /symbol is not encodable/],
    ['cycles', cyclic, /cyclic value/],
    ['class instances', new Map(), /Map instance is not encodable/],
    ['holes', [1, , 2], /holes/],
    ['lone surrogates', '\uD800', /lone surrogate/],
    ['a lone surrogate among arguments', ['a', '\uD800'], /\$\[1\]: string contains a lone surrogate/],
    ['undefined among arguments', [1n, undefined], /\$\[1\]: undefined is not encodable/],
    ['deep nesting', JSON.parse('['.repeat(70) + ']'.repeat(70)), /nesting deeper than 64/],
  ]
  for (const [name, value, message] of rejected) {
    it(`rejects ${name}`, () => {
      expect(() => encode(value)).toThrow(message)
    })
  }

  const malformed: [string, number[], RegExp][] = [
    ['trailing bytes', [0x00, 0x00], /trailing/],
    ['unknown tag', [0x09], /unknown tag 0x09/],
    ['truncated input', [0x05, 0x03, 0x61], /unexpected end/],
    ['non-minimal varint', [0x05, 0x80, 0x00], /non-minimal varint/],
    ['bigint leading zero', [0x04, 0x00, 0x02, 0x00, 0x01], /leading zero/],
    ['negative zero bigint', [0x04, 0x01, 0x00], /negative zero/],
    ['unsorted keys', [0x08, 0x02, 0x01, 0x62, 0x00, 0x01, 0x61, 0x00], /strictly ascending/],
    ['duplicate keys', [0x08, 0x02, 0x01, 0x61, 0x00, 0x01, 0x61, 0x00], /strictly ascending/],
    ['invalid UTF-8', [0x05, 0x01, 0xff], /invalid UTF-8/],
    ['NaN bits', [0x03, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0], /non-finite/],
    ['-0 bits', [0x03, 0x80, 0, 0, 0, 0, 0, 0, 0], /-0/],
    ['huge count', [0x07, 0xff, 0xff, 0x03], /count exceeds/],
  ]
  for (const [name, bytes, message] of malformed) {
    it(`decode rejects ${name}`, () => {
      expect(() => decode(new Uint8Array(bytes))).toThrow(message)
    })
  }
})
