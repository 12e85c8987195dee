// The prelude's own encoding and decoding paths (vm/prelude.ts): the fast paths must give exactly
// what JSON.stringify / a JSON.parse reviver would, for every kind of string and key.
import { describe, expect, it } from 'vitest'
import { testChain } from './harness.ts'

const C = `const { storage, emit } = require('inkstone:host')
exports.thrown = (x) => { throw x }
exports.echo = (...a) => a
exports.keys = (o) => Object.keys(o)
exports.store = (k, v) => { storage.set(k, v); return storage.get(k) }
exports.load = (k) => storage.get(k) ?? null
exports.emit = (name, data) => { emit(name, data); return null }`

// Plain, escaped (quote, backslash, control characters), non-ASCII, and around the 64-character
// limit of the unescaped fast path.
const STRINGS = ['', 'a', 'balance:alice', 'q"uote', 'back\\slash', 'ctl\u0001x', 'nl\nx', '\u001f', '€ñ', '\u{1f600}', '\u2028', 'x'.repeat(64), 'x'.repeat(65), 'y'.repeat(63) + '"', 'z'.repeat(70) + '\n', 's', 'n1', 'x00']

describe('prelude encoding', () => {
  it('reports a thrown primitive as a clear error, not a malformed envelope', async () => {
    const chain = await testChain({ c: C })
    for (const [value, type] of [[1, 'number'], ['s', 'string'], [null, 'object'], [true, 'boolean']] as const) {
      expect(chain.call('c', 'thrown', [value]).error).toMatchObject({ kind: 'error', name: 'Error', message: `uncaught ${type} value`, stack: '' })
    }
  })

  it('round-trips every kind of string as argument, result, storage value, object key and event', async () => {
    const chain = await testChain({ c: C })
    expect(chain.call('c', 'echo', STRINGS).value).toEqual(STRINGS)
    for (const s of STRINGS) {
      const object = { [s]: s, [s + 'k']: [s, { [s]: 1n }] }
      expect(chain.call('c', 'echo', [object]).value).toEqual([object])
      expect(chain.call('c', 'store', ['key' + s, s]).value).toBe(s)
      expect(chain.call('c', 'load', ['key' + s]).value).toBe(s)
      expect(chain.call('c', 'store', ['obj' + s, object]).value).toEqual(object)
      expect(chain.call('c', 'load', ['obj' + s]).value).toEqual(object)
      const name = s.length === 0 ? 'E' : s.slice(0, 64)
      expect(chain.call('c', 'emit', [name, object]).events).toEqual([{ contract: 'c', name, data: object }])
    }
  })

  it('encodes object keys correctly once its cache of quoted names is full', async () => {
    const chain = await testChain({ c: C })
    const object = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}"${i}`, i]))
    for (let round = 0; round < 2; round++) expect(chain.call('c', 'echo', [object]).value).toEqual([object])
  })

  it('decodes a "__proto__" key as an own property, like JSON.parse', async () => {
    const chain = await testChain({ c: C })
    const object = JSON.parse('{"__proto__": "text", "a": 1}')
    expect(chain.call('c', 'keys', [object]).value).toEqual(['__proto__', 'a'])
    expect(chain.call('c', 'echo', [object]).value).toEqual([object])
  })

  it('decodes bigints and bytes inside arrays and objects', async () => {
    const chain = await testChain({ c: C })
    const value = [-(10n ** 40n), 0n, new Uint8Array([0, 15, 16, 255]), { a: [1n, new Uint8Array()], b: 's' }]
    expect(chain.call('c', 'echo', value).value).toEqual(value)
    expect(chain.call('c', 'store', ['v', value]).value).toEqual(value)
    expect(chain.call('c', 'load', ['v']).value).toEqual(value)
  })
})
