// The prelude's wire encoding has two walks: the engine's native one (inkstone-quickjs.c,
// __inkToWire) and the prelude's JavaScript one (walkWire), which runs whenever the native walk
// declines. This runs the same contract in two contexts, one with the native walk and one whose
// native walk always declines, and requires byte-identical envelopes (text, gas, errors, memory)
// and host requests for many generated values, in every place the bridge encodes.
import { describe, expect, it } from 'vitest'
import { loadEngine, type Context } from '../../vm/engine.ts'
import { LIMITS } from '../../vm/gas-schedule.ts'
import { instrument } from '../../vm/instrument.ts'
import { contractScript } from '../../vm/prelude.ts'
import { testChain } from './harness.ts'

/** A seeded generator (mulberry32): the values are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Pieces of strings: plain ASCII, what JSON escapes, non-ASCII, astral, lone surrogates, U+0000.
const PIECES = ['a', 'balance:', 'Zz9', ' ', '"', '\\', '\n', '\t', '\b', '\f', '\r', '\u0001', '\u000b', '\u001f', '\u007f', '\u0000', 'é', 'ÿ', '€', '\u2028', '\u{1f600}', '\ud800', '\udfff', '\udc00x', 'x\ud83d']
const NUMBERS = ['0', '-0', '1', '-1', '42', '2147483647', '-2147483648', '2147483648', '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740992', '1e21', '-1e21', '999999999999999900000', '1e-7', '0.1', '1.5', '-123.456', '1/3', 'Number.MAX_VALUE', 'Number.MIN_VALUE', '5e-324', '2**31 + 0.5', 'NaN', 'Infinity', '-Infinity']
const BIGINTS = ['0n', '1n', '-1n', '2147483647n', '2147483648n', '-2147483649n', '(2n ** 63n)', '(-(2n ** 64n))', '(10n ** 40n)', '(-(10n ** 77n) - 1n)']
// Around the 64-unit limit below which a string without escapes goes as it is: a lone surrogate
// shows which way it went (JSON.stringify escapes it); an astral character is two units.
const EDGES = ['\ud800' + 'a'.repeat(63), '\ud800' + 'a'.repeat(64), '\u{1f600}' + 'b'.repeat(61) + '\udc00', '\u{1f600}' + 'b'.repeat(62) + '\udc00', '€'.repeat(64) + '\udfff']
const KEYS = ['a', 'b', 'amount', '0', '1', '10', '2', '-1', '01', '1.5', '4294967294', '4294967295', 'constructor', '', 'x"y', 'k\n', 'é', '\ud800', '\u{1f600}', 'k'.repeat(64), 'l'.repeat(65), ...EDGES]
// Values the generator picks as they are: every special case of the encoding.
const SPECIALS = [
  'undefined', '() => 1', 'Symbol("s")', 'null', 'true', 'false',
  'new Uint8Array()', 'new Uint8Array([0, 1, 15, 16, 127, 128, 255])', 'new Uint8Array(100)', 'new Uint8Array(17).fill(7)',
  'new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 4)',
  'new Uint8Array(new ArrayBuffer(8, { maxByteLength: 16 }))',
  '(() => { const b = new ArrayBuffer(8, { maxByteLength: 16 }); const u = new Uint8Array(b); b.resize(3); return u })()',
  '(() => { const b = new ArrayBuffer(4); const u = new Uint8Array(b); b.transfer(); return u })()',
  'Object.defineProperty(new Uint8Array(2), "length", { value: 5 })',
  'Object.defineProperty(new Uint8Array(2), "length", { get() { return 1 } })',
  'Object.assign(new Uint8Array(2), { k: 1 })',
  'Object.create(Uint8Array.prototype)', 'new Int8Array(2)', 'new Uint8ClampedArray(2)', 'new (class B extends Uint8Array {})(2)', 'new ArrayBuffer(2)', 'new DataView(new ArrayBuffer(2))',
  'new (class A { constructor() { this.a = 1 } })()', 'new Map([[1, 2]])', 'new Set()', 'new Error("e")', 'new String("ab")', 'Object(1n)', 'Math', 'JSON',
  '(function () { return arguments })(1, "two")',
  'Object.create(null)', '(() => { const o = Object.create(null); o.b = 1; o.a = 2; return o })()',
  'Object.setPrototypeOf([1, 2], null)', 'Object.setPrototypeOf([1, 2], Object.prototype)', 'Object.setPrototypeOf({ a: 1 }, Array.prototype)', 'Object.setPrototypeOf({ a: 1 }, { b: 2 })',
  '(() => { const p = { 1: "inherited" }; return Object.setPrototypeOf([0, , 2], p) })()',
  '[1, , 3]', '[, ]', 'new Array(3)', '(() => { const a = []; a[3] = 1; return a })()', '(() => { const a = [1, 2]; a.length = 4; return a })()',
  'Object.assign([1, 2], { k: 3 })', 'Object.defineProperty([1, 2], 0, { get() { return 5 } })', 'Object.defineProperty([1, 2], 1, { value: 9, enumerable: false })',
  'Object.defineProperty({ a: 1 }, "h", { value: 2 })', 'Object.defineProperty({ a: 1 }, "g", { get() { return 2 }, enumerable: true })',
  '{ get a() { return 1n }, b: 2 }', '{ b: 1, get a() { throw new Error("getter") } }', '{ get a() { return () => 1 } }',
  '(() => { const o = { x: 1, get a() { o.x = 2; o.z = 3; return "set" }, y: 4 }; return o })()',
  '(() => { const a = [1, 2, 3]; Object.defineProperty(a, 1, { get() { a.length = 1; return 0 } }); return a })()',
  '{ [Symbol("k")]: 1, a: 2 }', '{ ["__proto__"]: 1, a: { ["__proto__"]: [2] } }', 'JSON.parse(\'{"__proto__": "p", "b": 1}\')', '{ __proto__: null, a: 1 }',
  '{ b: 1, a: 2, 2: 3, 1: 4, "-1": 5, "01": 6 }',
  '(() => { const o = {}; o.self = o; return o })()', '(() => { const a = []; a.push(a); return a })()',
]

/** JS source of a value: random nesting over the pieces above. */
function valueSource(next: () => number, depth = 0): string {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const r = next()
  if (depth > 4 || r < 0.45) {
    const kind = next()
    if (kind < 0.4) {
      let s = ''
      const n = next() < 0.15 ? 40 + Math.floor(next() * 40) : Math.floor(next() * 6)
      for (let i = 0; i < n; i++) s += next() < 0.6 ? 'abcdefgh'[i % 8] : pick(PIECES)
      return JSON.stringify(s)
    }
    if (kind < 0.6) return pick(NUMBERS)
    if (kind < 0.75) return pick(BIGINTS)
    return pick(SPECIALS)
  }
  const n = Math.floor(next() * 5)
  const items = Array.from({ length: n }, () => valueSource(next, depth + 1))
  if (r < 0.7) return `[${items.join(', ')}]`
  return `{ ${items.map((item) => `${JSON.stringify(pick(KEYS))}: ${item}`).join(', ')} }`
}

/** Nested n levels deep (the value itself is level 0): arrays, objects, or both in turn. */
function nested(n: number, kind: 'array' | 'object' | 'mixed'): string {
  return `(() => { let v = "leaf"; for (let i = 0; i < ${n}; i++) v = ${kind === 'array' ? '[v]' : kind === 'object' ? '{ k: v }' : 'i % 2 ? [1, v] : { k: v, z: 2n }'}; return v })()`
}

const DEEP = [63, 64, 65, 66].flatMap((n) => (['array', 'object', 'mixed'] as const).map((kind) => nested(n, kind)))

/** Storage keys the bridge accepts, each quoted its own way in the writes it hands the host. */
const WRITTEN_KEYS = ['k', 'balance:s0x00ff', 'x"y', 'k\n', 'a\\b', '\u0001', '\u001f', '\u007f', 'é', '€', '\u2028', '\u{1f600}', 'k'.repeat(64), 'l'.repeat(65), 'm'.repeat(1024)]

/** The contract: each method encodes VALUES[i]() in one of the bridge's places. */
function contract(values: string[]): string {
  return `const { storage, emit, invoke, gasLeft } = require('inkstone:host')
const VALUES = [${values.map((v) => `() => (${v})`).join(',\n')}]
exports.set = (i) => { storage.set('k', VALUES[i]()); return null }
exports.emit = (i) => { emit('E', VALUES[i]()); return null }
exports.ret = (i) => VALUES[i]()
exports.invoke = (i) => invoke('f', [VALUES[i](), 1])
exports.log = (i) => { console.log('v', VALUES[i](), VALUES[i]()); return null }
// Writes and deletions under keys JSON escapes, flushed once (the host sees them before entries).
exports.keys = (i) => {
  const keys = [${JSON.stringify(WRITTEN_KEYS).slice(1, -1)}]
  for (let j = 0; j < keys.length; j++) if ((i + j) % 3) storage.set(keys[j], VALUES[i]()); else storage.delete(keys[j])
  storage.entries('k', { limit: 1 })
  storage.set('k', [i]); emit('E', i); storage.delete(keys[i % keys.length])
  return null
}
exports.caught = (i) => {
  const v = VALUES[i]()
  let first
  try { storage.set('k', v) } catch (e) { first = [String(e.name), String(e.message), gasLeft()] }
  try { emit('E', [v, v]) } catch (e) { return [first, String(e.name), String(e.message), gasLeft()] }
  return [first, gasLeft()]
}`
}

const METHODS = ['set', 'emit', 'ret', 'invoke', 'log', 'caught', 'keys']

interface Sandbox {
  /** The envelope of a call (args: the argument list's wire text), then every host request it made. */
  call(method: string, args: string, gas: number): string[]
  /** How often each native function answered, and how often it declined (the first sandbox only). */
  nativeCounts(): { toWire: number[]; fromWire: number[] }
}

// Counts the native functions' answers, so the test knows it compared them and not only their
// fallbacks: each answer is told to the host as a request "#<name><+ or ->", which the host counts
// apart from the requests it compares.
const COUNTING = `(() => {
  const host = globalThis.__inkHostCall
  const counted = (name) => {
    const native = globalThis['__ink' + name[0].toUpperCase() + name.slice(1)]
    return function (...args) { const r = native(...args); host('#' + name + (r === undefined ? '-' : '+')); return r }
  }
  globalThis.__inkToWire = counted('toWire')
  return globalThis.__inkFromWire = counted('fromWire')
})()`
const DECLINING = 'globalThis.__inkToWire = globalThis.__inkFromWire = globalThis.__inkWritesAndEvents = function () {}'

/**
 * Two sandboxes running `bundle`: with the native functions, and with ones that always decline.
 * The host answers a read of key "w<i>" with stored[i].
 */
async function twins(bundle: string, stored: string[] = []): Promise<[Sandbox, Sandbox]> {
  const engine = await loadEngine()
  const runtime = engine.newRuntime({ maxStackSize: LIMITS.stackSize, memoryLimit: 256 << 20, shouldInterrupt: () => false })
  const script = contractScript(instrument(bundle).code, { memoryLimit: 64 << 20 })
  const sandbox = (native: boolean): Sandbox => {
    let requests: string[] = []
    const counts = { toWire: [0, 0], fromWire: [0, 0] }
    const context: Context = runtime.newContext('__inkHostCall', (request) => {
      if (request[0] === '#') {
        counts[request.slice(1, -1) as keyof typeof counts][request.endsWith('+') ? 0 : 1]++
        return undefined
      }
      requests.push(request)
      // A host function call gets a value back, a read what `stored` holds, an iteration no entries; everything else nothing.
      if (request[0] === 'v') return 'v3\u001f"sok"'
      if (request.startsWith('gw')) return stored[+request.slice(2)]
      if (request[0] === 'i') return '[]' // no entries
      return undefined
    })
    expect(context.evaluate(native ? COUNTING : DECLINING, 'before.js').ok).toBe(true)
    const loaded = context.evaluate(script, 'contract.js')
    if (!loaded.ok) throw new Error(loaded.error)
    return {
      nativeCounts: () => structuredClone(counts),
      call(method, args, gas) {
        requests = []
        const outcome = context.call([method, 'alice', 'alice', 'c', 'tx1', '1', '1700000000000', String(gas), args].join('\u001f'))
        return [outcome.ok ? outcome.text : `failed: ${outcome.error}`, ...requests]
      },
    }
  }
  return [sandbox(true), sandbox(false)]
}

describe('the native wire functions', () => {
  it('are out of contracts\' reach: the prelude takes them and deletes their globals first', async () => {
    // The instrumenter refuses identifiers with the reserved prefix; a computed name is the only way to look.
    const chain = await testChain({ c: `const p = '__i' + 'nk'
exports.globals = () => [typeof globalThis[p + 'ToWire'], typeof globalThis[p + 'FromWire'], Reflect.ownKeys(globalThis).filter((k) => typeof k === 'string' && k.startsWith(p))]` })
    expect(chain.call('c', 'globals').value).toEqual(['undefined', 'undefined', []])
  })
})

/** The text a script evaluating to a function (given the natives, before any prelude) returns when called. */
async function runNative(script: string): Promise<unknown> {
  const engine = await loadEngine()
  const runtime = engine.newRuntime({ maxStackSize: LIMITS.stackSize, memoryLimit: 256 << 20, shouldInterrupt: () => false })
  const context = runtime.newContext('__inkHostCall', () => undefined)
  try {
    const loaded = context.evaluate(script, 'natives.js')
    if (!loaded.ok) throw new Error(loaded.error)
    const outcome = context.call('')
    if (!outcome.ok) throw new Error(outcome.error)
    return JSON.parse(outcome.text)
  } finally {
    runtime.dispose()
  }
}

describe('the native string helpers', () => {
  it('split the call header exactly as String.prototype.split does', async () => {
    const next = random(20261127)
    const fields = ['', 'transfer', '0x' + 'ab'.repeat(20), '1700000000000', '["sbob","n1"]', 'é€', '\u{1f600}', '\ud800', '\u0000', '\u001e', '\u011f']
    const texts = ['', '\u001f', '\u001f\u001f', 'a\u001f', '\u001fa', ...Array.from({ length: 500 }, () => Array.from({ length: Math.floor(next() * 12) }, () => fields[Math.floor(next() * fields.length)]).join(next() < 0.8 ? '\u001f' : ''))]
    const script = `(() => {
      const split = globalThis.__inkSplit
      const texts = [${texts.map((text) => JSON.stringify(text)).join(',')}, 'x\\u001f'.repeat(6000), ('\\u20ac'.repeat(5000) + '\\u001fz').repeat(2)]
      return () => {
        const same = (a, b) => Array.isArray(a) && Object.getPrototypeOf(a) === Array.prototype && a.length === b.length && a.every((x, i) => x === b[i]) && Object.keys(a).length === b.length
        const wrong = texts.filter((text) => !same(split(text), text.split('\\u001f')))
        let refused = 0
        for (const other of [1, null, undefined, {}, ['a'], Symbol('s')]) try { split(other) } catch (e) { if (e instanceof TypeError) refused++ }
        const pushed = split('a\\u001fb'); pushed.push('c')
        return JSON.stringify({ compared: texts.length, wrong, refused, pushed })
      }
    })()`
    expect(await runNative(script)).toEqual({ compared: texts.length + 2, wrong: [], refused: 6, pushed: ['a', 'b', 'c'] })
  })

  it('accept exactly the storage keys the prelude\'s own tests accept', async () => {
    const next = random(20261128)
    const keys = [...PIECES, ...EDGES, ...KEYS, ...Array.from({ length: 2000 }, () => Array.from({ length: Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join(''))]
    // Around the length limit, one- and two-byte, and ropes (joins beyond 512 characters).
    const built = [1023, 1024, 1025].flatMap((n) => [`"k".repeat(${n})`, `"\\u20ac".repeat(${n})`, `"k".repeat(${n} - 1) + "\\ud800"`, `"\\u0000" + "k".repeat(${n} - 1)`, `"k".repeat(600) + "\\u20ac".repeat(${n} - 600)`])
    const script = `(() => {
      const isKey = globalThis.__inkIsKey
      const keys = [${keys.map((key) => JSON.stringify(key)).join(',')}, ${built.join(', ')}]
      // vm/prelude.ts keyOf's tests.
      const accepted = (key) => key.length >= 1 && key.length <= 1024 && !key.includes('\\u0000') && key.isWellFormed()
      return () => {
        const wrong = keys.filter((key) => isKey(key, 1024) !== accepted(key))
        const refused = keys.filter((key) => !accepted(key)).length
        return JSON.stringify({ compared: keys.length, wrong, refused: refused > 100 })
      }
    })()`
    expect(await runNative(script)).toEqual({ compared: keys.length + built.length, wrong: [], refused: true })
  })

  it('quote every string exactly as JSON.stringify does', async () => {
    const next = random(20261126)
    const strings = [...PIECES, ...EDGES, ...KEYS, ...Array.from({ length: 2000 }, () => Array.from({ length: Math.floor(next() * 80) }, () => (next() < 0.5 ? 'abc' : PIECES[Math.floor(next() * PIECES.length)])).join(''))]
    // Also ropes (joins beyond 8 Ki characters) and two-byte strings past the short lengths.
    const built = ['"a".repeat(9000) + "\\n" + "b".repeat(9000)', '"\\u20ac".repeat(5000) + "\\ud800"', '("x".repeat(8193) + "\\"").slice(1)', '"y".repeat(100000)']
    const script = `(() => {
      const quote = globalThis.__inkQuote
      const strings = [${strings.map((text) => JSON.stringify(text)).join(',')}, ${built.join(', ')}]
      return () => {
        const wrong = strings.filter((text) => quote(text) !== JSON.stringify(text))
        let refused = 0
        for (const other of [1, null, undefined, {}, ['a'], Symbol('s')]) try { quote(other) } catch (e) { if (e instanceof TypeError) refused++ }
        return JSON.stringify({ compared: strings.length, wrong, refused })
      }
    })()`
    expect(await runNative(script)).toEqual({ compared: strings.length + built.length, wrong: [], refused: 6 })
  })
})

describe('the native wire walk', () => {
  it('encodes every generated value, error and gas figure exactly as the JavaScript walk', async () => {
    const next = random(20261125)
    const values = [...SPECIALS, ...DEEP, ...NUMBERS, ...BIGINTS, ...[...PIECES, ...EDGES].map((p) => JSON.stringify(p)), ...Array.from({ length: 400 }, () => valueSource(next))]
    const [native, js] = await twins(contract(values))
    const kinds = new Set<string>()
    for (let i = 0; i < values.length; i++) {
      for (const method of METHODS) {
        const expected = js.call(method, `[${i}]`, 1_000_000)
        expect(native.call(method, `[${i}]`, 1_000_000), `${method}(${values[i]})`).toEqual(expected)
        kinds.add(expected[0]!.slice(0, 14))
      }
    }
    // Both successes and failures were compared, and the native walk gave most texts (it declines
    // every error case, lone surrogates included, which are many of the generated values).
    expect(kinds).toEqual(new Set(['{"ok":true,"va', '{"ok":false,"k']))
    const [encoded, declined] = native.nativeCounts().toWire
    expect(encoded).toBeGreaterThan(1.5 * declined)
  }, 120_000)

  it('leaves a text longer than 16 MiB to the JavaScript walk (the native buffer is outside the engine\'s accounting)', async () => {
    const values = ['new Array(15).fill("y".repeat(1 << 20))', 'new Array(17).fill("y".repeat(1 << 20))']
    const [native, js] = await twins(contract(values))
    const declined = () => native.nativeCounts().toWire[1]!
    for (let i = 0; i < values.length; i++) {
      const before = declined()
      const expected = js.call('ret', `[${i}]`, 50_000_000)
      expect(expected[0]!.length).toBeGreaterThan(15 << 20)
      expect(native.call('ret', `[${i}]`, 50_000_000)[0] === expected[0]).toBe(true)
      expect(declined() - before).toBe(i) // the second value only
    }
  }, 60_000)

  it('runs out of gas at the same value, with the same gas, for every budget', async () => {
    const values = [
      '{ from: "alice", to: "bob", amount: 10n ** 24n }',
      '[1, "two", [3n, { four: new Uint8Array(40), five: null }], true, -0, 1.5]',
      `{ a: ${nested(5, 'mixed')}, b: ${JSON.stringify('q"'.repeat(40))} }`,
      '{ a: [1, 2, 3], get b() { return [4, 5, 6] }, c: 7 }', // the native walk declines: the getter
    ]
    const [native, js] = await twins(contract(values))
    for (let i = 0; i < values.length; i++) {
      for (const method of ['set', 'caught']) {
        const gasLeft = (envelope: string) => JSON.parse(envelope).gasLeft as number
        const needed = 1_000_000 - gasLeft(js.call(method, `[${i}]`, 1_000_000)[0]!)
        let outOfGas = 0
        for (let gas = 0; gas <= needed + 2; gas++) {
          const expected = js.call(method, `[${i}]`, gas)
          expect(native.call(method, `[${i}]`, gas), `${method}(${values[i]}) with ${gas} gas`).toEqual(expected)
          if (expected[0]!.includes('"kind":"out-of-gas"')) outOfGas++
        }
        expect(outOfGas).toBeGreaterThan(needed - 10) // nearly every budget below the need ran out
      }
    }
  }, 120_000)
})

// Wire text the host could hand the sandbox (arguments, storage values, replies): well-formed,
// and malformed in each way the decoding checks, alone and inside containers.
const MALFORMED = ['', ' ', '"', '""', '"s', '"sabc', 'sabc"', '"q"', '"\\u0073abc"', '"n"', '"n-"', '"n-0"', '"n01"', '"n+1"', '"n 1"', '"n1 "', '"n1.5"', '"n1e3"', '"n0x10"',
  '"x0"', '"xzz"', '"x0g"', '"x-1"', '"x 1"', '"x+f"', '[1,', '[1]]', '{"a":}', '{"a":"z"}', 'undefined', 'NaN', '1e400', '-1e400', "'s'", '["s\u0000"]']
const WELL_FORMED = ['"s"', '"sabc"', '"s€ñ"', '"s\u{1f600}"', '"s\\ud800"', '"s\\"q\\\\"', '"s\\n"', ' "sabc" ', '"n0"', '"n-1"', '"n7"', '"n999999999999999999"', '"n-999999999999999999"',
  '"n1000000000000000000"', '"n-9223372036854775808"', '"n9223372036854775808"', `"n${10n ** 77n}"`, '"x"', '"x00ff7f80"', '"xABcd"', '0', '-0', '1.5', '1e21', 'true', 'false', 'null', '[]', '{}',
  '{"__proto__":"sp","b":"n1"}', '{"a":"s1","a":"n2"}', '{"b":"s","1":"n1","0":"x00","a":[]}', '[["n99999999999999999999999999"],{"k":{"k":["x0a"]}}]',
  ...[63, 64, 65, 66, 67].map((n) => '['.repeat(n) + '"sdeep"' + ']'.repeat(n))]

function wireSource(next: () => number, depth = 0): string {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const r = next()
  if (depth > 4 || r < 0.5) {
    const kind = next()
    if (kind < 0.3) return JSON.stringify('s' + Array.from({ length: Math.floor(next() * 6) }, () => pick(PIECES)).join(''))
    if (kind < 0.5) return `"n${next() < 0.5 ? '-' : ''}${BigInt(Math.floor(next() * 2 ** 53)) ** BigInt(1 + Math.floor(next() * 3))}"`
    if (kind < 0.6) return `"x${Array.from({ length: Math.floor(next() * 5) }, () => Math.floor(next() * 256).toString(16).padStart(2, '0')).join('')}"`
    if (kind < 0.7) return pick(['0', '-0', '1', '-2.5', '1e21', 'true', 'false', 'null'])
    if (kind < 0.95) return pick(WELL_FORMED)
    return pick(MALFORMED.filter((m) => m.startsWith('"'))) // a malformed string deep inside
  }
  const items = Array.from({ length: Math.floor(next() * 5) }, () => wireSource(next, depth + 1))
  return r < 0.75 ? `[${items.join(',')}]` : `{${items.map((item) => `${JSON.stringify(pick(KEYS))}:${item}`).join(',')}}`
}

const DECODER = `const { storage } = require('inkstone:host')
// Everything a decoded value is: types, -0, prototypes, own keys in order.
function describe(v) {
  if (v === null || typeof v !== 'object') return typeof v + ':' + (Object.is(v, -0) ? '-0' : String(v))
  const proto = Object.getPrototypeOf(v)
  const kind = proto === Object.prototype ? 'O' : proto === Array.prototype ? 'A' : proto === Uint8Array.prototype ? 'U' : '?'
  if (kind === 'U') return 'U' + v.length + ':' + v.join(',')
  return kind + '{' + Reflect.ownKeys(v).map((k) => String(k) + '=' + describe(v[k])).join(';') + '}'
}
exports.read = (i) => { const v = storage.get('w' + i); return [describe(v), v] }
exports.args = (...a) => describe(a)`

// Flat lists of tagged strings, the argument lists the engine decodes without JSON.parse (and
// near misses it must leave to JSON.parse): items, separators and brackets, well-formed or not.
const LIST_ITEMS = ['"sabc"', '"s"', '"s0x00ff"', '"s a,b]["', '"n0"', '"n-1"', '"n25"', `"n${10n ** 30n}"`, '"n01"', '"n-0"', '"n1.5"', '"x00ff"', '"x"', '"x0"', '"xzz"', '"q1"', '""', '"s\\"q"', '"s\u007f"', '"s\u0001"', '"sé"', '1', 'null', '["sa"]']
function listSource(next: () => number): string {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const items = Array.from({ length: Math.floor(next() * 4) }, () => pick(LIST_ITEMS))
  const text = `[${items.join(next() < 0.85 ? ',' : pick([', ', ',,', '', ' ,']))}]`
  return next() < 0.9 ? text : pick([' ' + text, text + ' ', text.slice(0, -1), text + ']', text.replace('[', '[,')])
}

describe('the native wire decoding', () => {
  it('decodes every generated wire text, and fails on every malformed one, exactly as the JavaScript decoding', async () => {
    const next = random(7)
    const texts = [...MALFORMED, ...WELL_FORMED, ...Array.from({ length: 400 }, () => wireSource(next)), ...Array.from({ length: 300 }, () => listSource(next))]
    const [native, js] = await twins(DECODER, texts)
    const kinds = new Set<string>()
    for (let i = 0; i < texts.length; i++) {
      const read = js.call('read', `[${i}]`, 1_000_000)
      expect(native.call('read', `[${i}]`, 1_000_000), `read ${texts[i]}`).toEqual(read)
      // As the argument list (the host sends only arrays; anything else must fail the same way).
      const args = js.call('args', texts[i]!, 1_000_000)
      expect(native.call('args', texts[i]!, 1_000_000), `args ${texts[i]}`).toEqual(args)
      kinds.add(read[0]!.slice(0, 14)).add(args[0]!.slice(0, 14))
    }
    expect(kinds).toEqual(new Set(['{"ok":true,"va', '{"ok":false,"k']))
    const [decoded, declined] = native.nativeCounts().fromWire
    expect(decoded).toBeGreaterThan(2 * declined)
  }, 120_000)
})
