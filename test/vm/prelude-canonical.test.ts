// The prelude's canonical encoding has two walks: the engine's native one (inkstone-quickjs.c,
// __inkToCanonical) and the prelude's JavaScript one (plainCopy, then the native encoding of the
// copy), which runs whenever the native walk declines. This runs the same contract in two
// contexts, one with the native walk and one whose native walk always declines, and requires
// byte-identical envelopes (bytes, gas, errors, memory) and host requests for many generated
// values, in every place the bridge encodes; and it checks both against the host's encoding
// (vm/canonical.ts), and the native decoding against the host's values.
import { describe, expect, it } from 'vitest'
import { decode, encode, type CanonicalValue } from '../../vm/canonical.ts'
import { loadEngine, type CallOutcome, type Context } from '../../vm/engine.ts'
import { readEnvelope, type Envelope } from '../../vm/frames.ts'
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
  // Objects of up to 16 members are read from their shape (quickjs.patch JS_InkPlainMembers), larger ones not.
  'Object.fromEntries(Array.from({ length: 16 }, (_, i) => ["k" + (15 - i), i]))', 'Object.fromEntries(Array.from({ length: 17 }, (_, i) => ["k" + (16 - i), i]))',
  '(() => { const o = { a: 1, b: 2, c: 3 }; delete o.b; o.d = "é"; return o })()',
  'Object.defineProperty({ a: 1, b: 2 }, "s", { get() { return 2 }, enumerable: false })',
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

/** Storage keys the bridge accepts: ASCII, control characters, two-, three- and four-byte UTF-8, long. */
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
// Writes and deletions under many keys, flushed once (the host sees them before entries).
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
  /** The envelope of a call (args: the argument list), then every host request it made, each as text. */
  call(method: string, args: CanonicalValue[], gas: number): string[]
  /** How often the native walk answered, and how often it declined (the first sandbox only). */
  nativeCounts(): { toCanonical: number[] }
}

/** Bytes as text, for comparing: hex. */
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** A call's envelope as text: its bytes in hex, or its failure. */
function envelopeText(outcome: CallOutcome): string {
  return outcome.ok ? hex(outcome.bytes) : `failed: ${outcome.error}`
}

// Counts the native walk's answers, so the test knows it compared them and not only the
// fallback: each answer is told to the host as a request "#<+ or ->", which the host counts apart
// from the requests it compares.
const COUNTING = `(() => {
  const host = globalThis.__inkHostCall
  const counted = (native) => function (...args) { const r = native(...args); host('#' + (r === undefined ? '-' : '+')); return r }
  for (const name of ['__inkToCanonical', '__inkWrite', '__inkEmit']) globalThis[name] = counted(globalThis[name])
  return globalThis.__inkToCanonical // a script evaluates to a function
})()`
// Declines every first attempt (its gas is finite); encodes the prelude's copies (their gas is charged already).
// Writes and events go the prelude's own way.
const DECLINING = `(() => {
  globalThis.__inkWrite = globalThis.__inkEmit = () => undefined
  const native = globalThis.__inkToCanonical
  return globalThis.__inkToCanonical = function (value, charged) { return charged ? undefined : native(value, charged) }
})()`

/**
 * Two sandboxes running `bundle`: with the native walk, and with one that always declines.
 * The host answers a read of key "w<i>" with stored[i].
 */
async function twins(bundle: string, stored: Uint8Array[] = []): Promise<[Sandbox, Sandbox]> {
  const engine = await loadEngine()
  const runtime = engine.newRuntime({ maxStackSize: LIMITS.stackSize, memoryLimit: 256 << 20, shouldInterrupt: () => false })
  const script = contractScript(instrument(bundle).code, { memoryLimit: 64 << 20 })
  const sandbox = (native: boolean): Sandbox => {
    let requests: string[] = []
    const counts = { toCanonical: [0, 0] }
    const context: Context = runtime.newContext('__inkHostCall', (request, bytes) => {
      if (request[0] === '#') {
        counts.toCanonical[request === '#+' ? 0 : 1]!++
        return undefined
      }
      requests.push(`${request} ${hex(bytes)}`)
      // A host function call gets a value back, a read what `stored` holds, an iteration no entries; everything else nothing.
      if (request[0] === 'v') return encode(['v', 3, 'ok'])
      if (request.startsWith('gw')) return stored[+request.slice(2)]
      if (request[0] === 'i') return encode([])
      return undefined
    })
    expect(context.evaluate(native ? COUNTING : DECLINING, 'before.js').ok).toBe(true)
    const loaded = context.evaluate(script, 'contract.js')
    if (!loaded.ok) throw new Error(loaded.error)
    return {
      nativeCounts: () => structuredClone(counts),
      call(method, args, gas) {
        requests = []
        const outcome = context.call([method, 'alice', 'alice', 'c', 'tx1', '1', '1700000000000'].join('\u001f'), encode(args), gas)
        return [envelopeText(outcome), ...requests]
      },
    }
  }
  return [sandbox(true), sandbox(false)]
}

/** The envelope a call's first line holds. */
function envelopeOf(lines: string[]): Envelope {
  return readEnvelope(new Uint8Array(Buffer.from(lines[0]!, 'hex')))
}

describe('the native canonical functions', () => {
  it('are out of contracts\' reach: the prelude takes them and deletes their globals first', async () => {
    // The instrumenter refuses identifiers with the reserved prefix; a computed name is the only way to look.
    const chain = await testChain({ c: `const p = '__i' + 'nk'
exports.globals = () => [typeof globalThis[p + 'ToCanonical'], typeof globalThis[p + 'FromCanonical'], Reflect.ownKeys(globalThis).filter((k) => typeof k === 'string' && k.startsWith(p))]` })
    expect(chain.call('c', 'globals').value).toEqual(['undefined', 'undefined', []])
  })
})

/** The JSON a script evaluating to a function (given the natives, before any prelude) returns when called, in ASCII. */
async function runNative(script: string): Promise<unknown> {
  const engine = await loadEngine()
  const runtime = engine.newRuntime({ maxStackSize: LIMITS.stackSize, memoryLimit: 256 << 20, shouldInterrupt: () => false })
  const context = runtime.newContext('__inkHostCall', () => undefined)
  try {
    // The result goes through escape(): a call returns a byte string.
    const loaded = context.evaluate(`(() => { const f = ${script}; return () => escape(f()) })()`, 'natives.js')
    if (!loaded.ok) throw new Error(loaded.error)
    const outcome = context.call('', new Uint8Array())
    if (!outcome.ok) throw new Error(outcome.error)
    return JSON.parse(unescape(new TextDecoder().decode(outcome.bytes)))
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
})

/**
 * Values the sandbox and Node make differently from the same source, whose encodings therefore
 * differ: the sandbox removes ArrayBuffer.prototype.resize; Node's encoder reads a Uint8Array's
 * bytes past a fake own length, and takes a subclass of Uint8Array as bytes; getters that change
 * the value as it is read are met in a different order. Generated values holding one are
 * compared between the walks only.
 */
const SEEN_DIFFERENTLY = new Set([
  '(() => { const b = new ArrayBuffer(8, { maxByteLength: 16 }); const u = new Uint8Array(b); b.resize(3); return u })()',
  'Object.defineProperty(new Uint8Array(2), "length", { value: 5 })',
  'new (class B extends Uint8Array {})(2)',
  '(() => { const o = { x: 1, get a() { o.x = 2; o.z = 3; return "set" }, y: 4 }; return o })()',
  '(() => { const a = [1, 2, 3]; Object.defineProperty(a, 1, { get() { a.length = 1; return 0 } }); return a })()',
])

/** A value made from JavaScript source, in Node: what the host's encoding says of it. */
function hostEncoding(source: string): string {
  let value: unknown
  try {
    value = new Function(`return (${source})`)()
    return hex(encode(value))
  } catch (error) {
    return `refused: ${(error as Error).message}`
  }
}

describe('the native canonical walk', () => {
  it('encodes every generated value, error and gas figure exactly as the JavaScript walk, and as the host encodes it', async () => {
    const next = random(20261125)
    const values = [...SPECIALS, ...DEEP, ...NUMBERS, ...BIGINTS, ...[...PIECES, ...EDGES].map((p) => JSON.stringify(p)), ...Array.from({ length: 400 }, () => valueSource(next))]
    const [native, js] = await twins(contract(values))
    const statuses = new Set<boolean>()
    for (let i = 0; i < values.length; i++) {
      for (const method of METHODS) {
        const expected = js.call(method, [i], 1_000_000)
        expect(native.call(method, [i], 1_000_000), `${method}(${values[i]})`).toEqual(expected)
        statuses.add(envelopeOf(expected).returned)
      }
      // What the sandbox returns is what the host would have encoded; what the host refuses, the sandbox refuses.
      const returned = envelopeOf(native.call('ret', [i], 1_000_000))
      const host = hostEncoding(values[i]!)
      const sandbox = returned.returned ? hex(encode(returned.value)) : `refused: ${returned.failure!.message}`
      if (![...SEEN_DIFFERENTLY].some((special) => values[i]!.includes(special))) expect(sandbox.startsWith('refused') ? 'refused' : sandbox, `ret(${values[i]})`).toBe(host.startsWith('refused') ? 'refused' : host)
    }
    expect(statuses).toEqual(new Set([true, false]))
    const [encoded, declined] = native.nativeCounts().toCanonical
    expect(encoded).toBeGreaterThan(1.5 * declined!)
  }, 120_000)

  it('fails a value of more than 16 MiB of canonical bytes, the same way whichever walk met it', async () => {
    const values = ['new Array(15).fill("y".repeat(1 << 20))', 'new Array(17).fill("y".repeat(1 << 20))']
    const [native, js] = await twins(contract(values))
    for (let i = 0; i < values.length; i++) {
      const expected = js.call('ret', [i], 50_000_000)
      expect(native.call('ret', [i], 50_000_000)[0] === expected[0]).toBe(true)
      const envelope = envelopeOf(expected)
      if (i === 0) expect(envelope.returned).toBe(true)
      else expect(envelope.failure).toMatchObject({ kind: 'error', message: `value is too large to encode (over ${LIMITS.maxEncodedBytes} bytes)` })
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
        const needed = 1_000_000 - envelopeOf(js.call(method, [i], 1_000_000)).gasLeft
        let outOfGas = 0
        for (let gas = 0; gas <= needed + 2; gas++) {
          const expected = js.call(method, [i], gas)
          expect(native.call(method, [i], gas), `${method}(${values[i]}) with ${gas} gas`).toEqual(expected)
          if (envelopeOf(expected).failure?.kind === 'out-of-gas') outOfGas++
        }
        expect(outOfGas).toBeGreaterThan(needed - 10) // nearly every budget below the need ran out
      }
    }
  }, 120_000)
})

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
exports.args = (...a) => describe(a)
exports.depth = (i) => { let v = storage.get('w' + i), depth = 0; for (; Array.isArray(v); v = v[0]) depth++; return [depth, v] }`

/** Random canonical values, made on the host. */
function canonicalValue(next: () => number, depth = 0): CanonicalValue {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const r = next()
  if (depth > 4 || r < 0.5) {
    const kind = next()
    if (kind < 0.3) return Array.from({ length: Math.floor(next() * 6) }, () => pick(PIECES)).join('').toWellFormed()
    if (kind < 0.5) return (next() < 0.5 ? -1n : 1n) * BigInt(Math.floor(next() * 2 ** 53)) ** BigInt(1 + Math.floor(next() * 6))
    if (kind < 0.6) return Uint8Array.from({ length: Math.floor(next() * 40) }, () => Math.floor(next() * 256))
    return pick([0, 1, -1, -2.5, 1e21, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 5e-324, Number.MAX_VALUE, true, false, null, 2n ** 31n, -(2n ** 31n), 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, 255n, 256n, -256n])
  }
  const items = Array.from({ length: Math.floor(next() * 5) }, () => canonicalValue(next, depth + 1))
  if (r < 0.75) return items
  return Object.fromEntries(items.map((item) => [pick(KEYS).toWellFormed(), item]))
}

describe('the native canonical decoding', () => {
  it('decodes every value the host encodes into the value the host has', async () => {
    const next = random(7)
    const values = [...Array.from({ length: 600 }, () => canonicalValue(next)), { __proto__: 1, b: [2] }, JSON.parse('{"__proto__": {"polluted": 1}}')]
    const deep = JSON.parse('['.repeat(64) + '"deep"' + ']'.repeat(64))
    const [native] = await twins(DECODER, [...values, deep].map((value) => encode(value)))
    expect(envelopeOf(native.call('depth', [values.length], 1_000_000)).value).toEqual([64, 'deep'])
    for (let i = 0; i < values.length; i++) {
      const read = envelopeOf(native.call('read', [i], 1_000_000))
      expect(read.returned, `read ${i}: ${JSON.stringify(read.failure)}`).toBe(true)
      const [description, value] = read.value as [string, CanonicalValue]
      expect(value).toEqual(values[i])
      expect(encode(value)).toEqual(encode(values[i]))
      // The same description in Node: prototypes and own keys in canonical order.
      expect(description).toBe(new Function(`${DECODER.split('\n').slice(1, 9).join('\n')}; return describe`)()(decode(encode(values[i]))))
    }
    // As the argument list.
    const args = values.slice(0, 50)
    expect(envelopeOf(native.call('args', args, 1_000_000)).returned).toBe(true)
  }, 120_000)

  it('reads random bytes to a value or a TypeError, never a crash (the host sends canonical bytes only)', async () => {
    const next = random(99)
    const tags = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]
    const inputs = Array.from({ length: 1500 }, () => Uint8Array.from({ length: 1 + Math.floor(next() * 24) }, (_, i) => (i === 0 || next() < 0.3 ? tags[Math.floor(next() * tags.length)]! : Math.floor(next() * 256))))
    const [native] = await twins(DECODER, inputs)
    const outcomes = new Set<string>()
    for (let i = 0; i < inputs.length; i++) {
      const read = envelopeOf(native.call('read', [i], 1_000_000))
      if (!read.returned) expect(read.failure, `bytes ${inputs[i]}`).toMatchObject({ name: 'TypeError', message: 'malformed canonical value' })
      outcomes.add(read.returned ? 'value' : 'refused')
    }
    expect(outcomes).toEqual(new Set(['value', 'refused']))
    expect(envelopeOf(native.call('read', [0], 1_000_000)).gasLeft).toBeGreaterThan(0) // the context still works
  })

  it('refuses malformed bytes with an error, whatever they are', async () => {
    const malformed = [[], [0x09], [0x05, 0x03, 0x61], [0x07, 0xff, 0xff, 0x03], [0x08, 0x01, 0x05], [0x04, 0x02, 0x00], [0x03, 0x00], [0x00, 0x00], [0x06, 0x80], ['['.repeat(70)].flatMap(() => Array(70).fill([0x07, 0x01]).flat())]
    const [native] = await twins(DECODER, malformed.map((bytes) => new Uint8Array(bytes)))
    for (let i = 0; i < malformed.length; i++) {
      expect(envelopeOf(native.call('read', [i], 1_000_000)).failure, `bytes ${malformed[i]}`).toMatchObject({ kind: 'error', name: 'TypeError', message: 'malformed canonical value' })
    }
  })
})
