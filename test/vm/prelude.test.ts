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

describe('storage reads (the engine reads, caches, charges and decodes: inkstone-quickjs.c __inkRead)', () => {
  const R = `const { storage } = require('inkstone:host')
const attempt = (f) => { try { return f() } catch (e) { return e.name + ': ' + e.message } }
exports.seed = () => { storage.set('k', { a: [1n, 'x'] }); storage.set('e', ''); return null }
exports.refused = () => [1, '', 'x'.repeat(1025), 'a\\u0000b', 'a\\ud800'].flatMap((key) => [attempt(() => storage.get(key)), attempt(() => storage.has(key))])
exports.reads = () => [storage.get('k'), storage.has('k'), storage.get('nope') === undefined, storage.has('nope'), storage.get('e'), storage.has('e')]
exports.ownWrites = () => { storage.set('k', 5n); storage.delete('e'); return [storage.get('k'), storage.has('e'), storage.get('e') === undefined] }
exports.get = (key) => { storage.get(key); return null }
exports.has = (key) => { storage.has(key); return null }
exports.twice = (key) => { storage.get(key); storage.get(key); return null }
exports.seedBig = () => { storage.set('big', 'x'.repeat(20000)); return null }
exports.caught = (key) => { try { storage.get(key) } catch (e) { return 'caught' } return 'read' }`

  it('refuses what keyOf refuses, with its errors, for get and has alike', async () => {
    const chain = await testChain({ r: R })
    expect(chain.call('r', 'refused').value).toEqual([
      ...Array(2).fill('TypeError: storage key must be a string'),
      ...Array(4).fill('RangeError: storage key must be 1 to 1024 characters'),
      ...Array(2).fill('RangeError: storage key must not contain U+0000'),
      ...Array(2).fill('RangeError: storage key must not contain a lone surrogate'),
    ])
  })

  it('answers stored values, absent keys and the call\'s own writes; charges by key and value size, get more than has', async () => {
    const chain = await testChain({ r: R })
    chain.call('r', 'seed')
    expect(chain.call('r', 'reads').value).toEqual([{ a: [1n, 'x'] }, true, true, false, '', true])
    expect(chain.call('r', 'ownWrites').value).toEqual([5n, false, true])
    const gas = (method: string, key: string) => chain.call('r', method, [key]).gasUsed
    expect(gas('get', 'k')).toBeGreaterThan(gas('has', 'k')) // decoding is charged
    expect(gas('has', 'k')).toBeGreaterThan(gas('has', 'e')) // by the value's bytes
    expect(gas('has', 'nope' + 'x'.repeat(100))).toBeGreaterThan(gas('has', 'nope')) // by the key's length
    expect(gas('get', 'nope')).toBe(gas('has', 'nope')) // nothing to decode
    expect(chain.call('r', 'twice', ['k']).ok).toBe(true) // the second from the call's cache
  })

  it('runs out of gas on a read\'s charge, uncatchably', async () => {
    const chain = await testChain({ r: R })
    chain.call('r', 'seedBig')
    const run = (gasLimit: number) => chain.call('r', 'caught', ['big'], { gasLimit })
    // The least gas the call needs: the read of 20,000 bytes is most of it.
    let low = 0
    let high = 5_000_000
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2)
      if (run(middle).ok) high = middle
      else low = middle
    }
    expect(run(high).value).toBe('read')
    for (const gasLimit of [high - 1, high - 2_000, high - 10_000]) expect(run(gasLimit)).toMatchObject({ ok: false, gasUsed: gasLimit, error: { kind: 'out-of-gas' } })
  })
})
