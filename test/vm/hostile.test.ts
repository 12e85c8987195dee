// Hostile contracts: each must end in a clear, deterministic failure with the same gas over
// repeated runs and over fresh vs reused contexts, and never take the host process down.
import { describe, expect, it } from 'vitest'
import { testChain } from './harness.ts'
import { RELOAD_GAS } from '../../vm/gas-schedule.ts'
import { instrument } from '../../vm/instrument.ts'
import { encode, type CanonicalValue } from '../../vm/canonical.ts'

const GAS = 10_000_000

/** name → [method body, expected failure kind, message pattern] */
const cases: Record<string, [string, string, RegExp]> = {
  'infinite loop': ['for (;;) {}', 'out-of-gas', /out of gas/],
  'infinite while with empty body': ['while (true);', 'out-of-gas', /out of gas/],
  'unbounded recursion': ['const f = (n) => f(n + 1) + 1; return f(0)', 'error', /stack overflow/],
  'string doubling bomb': ["let s = 'x'; for (;;) s = s + s", 'out-of-memory', /memory limit/],
  'string repeat bomb': ["return 'x'.repeat(2 ** 28).length", 'error', /exceeds the limit/],
  'many large repeats': ["const a = []; for (;;) a.push('y'.repeat(2 ** 22))", 'out-of-memory', /memory limit/],
  'array length bomb': ['return new Array(2 ** 30).fill(0).length', 'error', /exceeds the limit/],
  'typed array too long': ['return new Uint8Array(2 ** 28).length', 'error', /exceeds the limit/],
  'typed array bomb': ['const a = []; for (;;) a.push(new Uint8Array(2 ** 23))', 'out-of-memory', /memory limit/],
  'array-like with huge length': ['return Array.prototype.indexOf.call({ length: 2 ** 40 }, 1)', 'error', /exceeds the limit/],
  'sparse array join': ['const a = []; a.length = 2 ** 31; return a.join(",")', 'error', /exceeds the limit/],
  'object spam': ['const o = {}; for (let i = 0; ; i++) o["k" + i] = i', 'out-of-memory', /memory limit/],
  'catastrophic regex via string method': ["return 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.match('^(a+)+$')", 'error', /not a function/],
  'BigInt growth': ['let x = 3n; for (;;) x = x * x', 'error', /BigInt exceeds 65536 bits/],
  'BigInt huge power': ['return 2n ** 100000000n', 'error', /BigInt exceeds/],
  'BigInt asUintN bomb': ['return BigInt.asUintN(2 ** 30, -1n)', 'error', /BigInt exceeds/],
  'catch around out-of-gas': ['for (;;) { try { for (;;) {} } catch (e) {} }', 'out-of-gas', /out of gas/],
  'finally swallowing out-of-gas': ['while (true) { try { for (;;) {} } finally { continue } }', 'out-of-gas', /out of gas/],
  'getter loop in result': ['return { get x() { for (;;) {} } }', 'out-of-gas', /out of gas/],
  'deep JSON.parse': ["return JSON.parse('['.repeat(100000) + ']'.repeat(100000))", 'error', /stack overflow/],
  'deep JSON.stringify': ['let a = []; for (let i = 0; i < 100000; i++) a = [a]; return JSON.stringify(a).length', 'error', /stack overflow/],
  'deep flat': ['let a = []; for (let i = 0; i < 100000; i++) a = [a]; return a.flat(Infinity).length', 'error', /stack overflow/],
  'Function constructor via prototype': ["return (function () {}).constructor('return 1')()", 'error', /code generation from strings is disabled/],
  'generator function constructor': ["return Object.getPrototypeOf(function* () {}).constructor('yield 1')", 'error', /code generation/],
  'eval': ["return eval('1')", 'error', /'eval' is not defined/],
  'Date': ['return Date.now()', 'error', /'Date' is not defined/],
  'Math.random': ['return Math.random()', 'error', /not a function/],
  'Proxy': ['return new Proxy({}, {})', 'error', /'Proxy' is not defined/],
  'Promise': ['return Promise.resolve(1)', 'error', /'Promise' is not defined/],
  'WeakRef': ['return new WeakRef({})', 'error', /'WeakRef' is not defined/],
  'SharedArrayBuffer': ['return new SharedArrayBuffer(8)', 'error', /'SharedArrayBuffer' is not defined/],
  'localeCompare': ["return 'a'.localeCompare('b')", 'error', /not a function/],
  'overwriting an intrinsic': ['Array.prototype.push = () => 0; return 1', 'error', /read-only|frozen|cannot assign/],
  'adding a global': ['globalThis.leak = 1; return 1', 'error', /not extensible|read-only|cannot/],
  'replacement pattern blow-up': ["return 'a'.repeat(10000).replaceAll('a', '$`').length", 'error', /not supported/],
  'huge string search': ["const h = 'a'.repeat(2 ** 20); let n = 0; for (;;) n += h.indexOf('b'.repeat(2 ** 10))", 'out-of-gas', /out of gas/],
  'a storage key with U+0000 (would be cut short crossing to the host)': ["require('inkstone:host').storage.set('a\\u0000b', 1)", 'error', /must not contain U\+0000/],
  'spread of a large array in a loop': ['const a = new Array(100000).fill(1); for (;;) [...a]', 'out-of-memory', /memory limit/],
}

/**
 * Allocations that gas alone bounded too loosely: at the largest transaction gas limit each of
 * these grew the node process by 0.3–2 GB (wasm memory never shrinks). The memory meter must stop
 * them at its limit, deterministically. A 4 MiB limit keeps the test quick.
 */
const memoryBombs: Record<string, string> = {
  'object literals': 'const a = []; for (;;) a.push({ x: 1, y: 2 })',
  'array literals': 'const a = []; for (;;) a.push([1, 2, 3, 4])',
  closures: 'const a = []; for (let i = 0; ; i++) a.push(() => i)',
  'indexed writes': 'const a = []; for (let i = 0; ; i++) a[i] = i',
  'new properties': 'const o = {}; for (let i = 0; ; i++) o["k" + i] = i',
  'Map entries': 'const m = new Map(); for (let i = 0; ; i++) m.set(i, i)',
  'joined strings': "const a = [], s = 'x'.repeat(1000); for (let i = 0; ; i++) a.push(s + i)",
  'template strings': "const a = [], s = 'x'.repeat(1000); for (let i = 0; ; i++) a.push(`${s}${i}`)",
  'long ropes used as keys': "const o = {}, s = 'x'.repeat(100000); for (let i = 0; ; i++) o[s + i] = 1",
  'long ropes as Map keys': "const m = new Map(), s = 'x'.repeat(100000); for (let i = 0; ; i++) m.set(s + i, 1)",
  'BigInt results': 'const a = [], x = 2n ** 4000n; for (let i = 0n; ; i++) a.push(x + i)',
  'Object.assign': 'const a = [], src = { a: 1, b: 2, c: 3, d: 4 }; for (;;) a.push(Object.assign({}, src))',
  'String.fromCharCode': 'const a = []; for (;;) a.push(String.fromCharCode(...new Array(1000).fill(65)))',
  // Field initialisers run at every construction: they were charged once, where the class is defined.
  'class fields': `class Big { a = [${'0,'.repeat(1000)}]; b = { x: 1 } }; const a = []; for (;;) a.push(new Big())`,
}

function contractFor(body: string): string {
  return `exports.run = function () { ${body} }`
}

describe('hostile contracts', () => {
  for (const [name, body] of Object.entries(memoryBombs)) {
    it(`memory bomb, ${name}: stopped by the meter, deterministically`, async () => {
      const options = { memoryLimit: 4 << 20 }
      const warm = await testChain({ c: contractFor(body) }, options)
      const runs = [0, 1].map(() => warm.call('c', 'run', [], { gasLimit: 100_000_000 }))
      runs.push((await testChain({ c: contractFor(body) }, options)).call('c', 'run', [], { gasLimit: 100_000_000 }))
      for (const run of runs) expect(run.error).toMatchObject({ kind: 'out-of-memory', message: expect.stringMatching(/memory limit of 4194304 bytes/) })
      expect(new Set(runs.map((r) => r.gasUsed))).toEqual(new Set([100_000_000]))
      // The same trip point every time: the meter's count is a function of the code alone.
      expect(new Set(runs.map((r) => r.memoryUsed)).size).toBe(1)
      expect(runs[0]!.memoryUsed).toBeGreaterThan(4 << 20)
    })
  }

  for (const [name, [body, kind, message]] of Object.entries(cases)) {
    it(`${name}: fails cleanly and deterministically`, async () => {
      const warm = await testChain({ c: contractFor(body), ok: 'exports.f = () => 1' })
      const runs = [0, 1, 2].map(() => warm.call('c', 'run', [], { gasLimit: GAS }))
      const fresh = await testChain({ c: contractFor(body) })
      runs.push(fresh.call('c', 'run', [], { gasLimit: GAS }))
      for (const run of runs) {
        expect(run.ok).toBe(false)
        expect(run.error?.kind).toBe(kind)
        expect(run.error?.message).toMatch(message)
      }
      expect(new Set(runs.map((r) => r.gasUsed)).size).toBe(1)
      expect(runs[0]!.gasUsed).toBeGreaterThan(0)
      // The VM is still healthy afterwards.
      expect(warm.call('ok', 'f').value).toBe(1)
    })
  }

  it('bounds what a module may allocate while it initialises: its state stays resident while cached', async () => {
    const chain = await testChain({
      fat: "const state = 'x'.repeat(9 * 2 ** 20)\nexports.f = () => state.length",
      fit: "const state = 'x'.repeat(7 * 2 ** 20)\nexports.f = () => state.length",
    })
    expect(() => chain.call('fat', 'f')).toThrow(/module initialisation exceeded its memory limit of 16777216 bytes/)
    expect(chain.call('fit', 'f').value).toBe(7 * 2 ** 20)
  })

  it('pays for freezing module state from the initialisation gas: a module cannot make loads slow', async () => {
    const chain = await testChain({
      many: 'const a = []\nfor (let i = 0; i < 100000; i++) a.push({ i })\nexports.f = () => a.length',
      some: 'const a = []\nfor (let i = 0; i < 10000; i++) a.push({ i })\nexports.f = () => a.length',
    })
    // Unpaid, the first took every loading node ~1 s (~3.5 s at the 16 MiB the meter allows).
    expect(() => chain.call('many', 'f')).toThrow(/module initialisation ran out of its 20000000 gas/)
    // The gas it used is part of its reload price, held back from every call (RELOAD_GAS).
    expect(chain.call('some', 'f', [], { gasLimit: 20_000_000 }).value).toBe(10_000)
  })

  it('rejects reserved names and non-deterministic syntax at load', async () => {
    const chain = await testChain({ a: 'exports.f = () => __inkG', b: 'exports.f = () => /x/.test("x")', c: 'exports.f = async () => 1' })
    expect(() => chain.call('a', 'f')).toThrow(/reserved prefix/)
    expect(() => chain.call('b', 'f')).toThrow(/regular expressions/)
    expect(() => chain.call('c', 'f')).toThrow(/async functions/)
  })

  it('rejects deeply nested source at load, with its position', async () => {
    const deep = (open: string, close: string, n: number) => `exports.f = () => ${open.repeat(n)}1${close.repeat(n)}`
    const chain = await testChain({
      ok: deep('(', ')', 195),
      parens: deep('(', ')', 199),
      functions: deep('(() => ', ')()', 70),
      templates: `exports.f = () => ${'`${'.repeat(100)}1${'}`'.repeat(100)}`,
    })
    expect(chain.call('ok', 'f').value).toBe(1)
    expect(() => chain.call('parens', 'f')).toThrow(/1:215 code is nested deeper than 200 levels/)
    expect(() => chain.call('functions', 'f')).toThrow(/nested deeper than 200 levels/)
    // A template nests twice as deep in QuickJS's parser: it counts two levels.
    expect(() => chain.call('templates', 'f')).toThrow(/nested deeper than 200 levels/)
  })

  it('a nested call deep in the stack gets the same outcome whether its callee was loaded or not', async () => {
    // Loading needs stack (parsing, the module's initialisation): done deep in a nested call it
    // could overflow where a warm callee would not, and nodes with different caches would disagree.
    const contracts = {
      deep: `const { call } = require('inkstone:host')
const r = (n) => n === 0 ? call('leaf', 'f', []) : r(n - 1) + 1
exports.f = (n) => r(n)`,
      leaf: `const table = {}; for (let i = 0; i < 50; i++) table['k' + i] = [i, { i }]
exports.f = () => Object.keys(table).length`,
    }
    // Up to the depth where the recursion itself overflows: the loads happen ever closer to the limit.
    const outcomes = new Set<string>()
    for (let depth = 100; depth <= 380; depth += 20) {
      const cold = await testChain(contracts)
      const coldResult = cold.call('deep', 'f', [depth], { gasLimit: 50_000_000 })
      const warm = await testChain(contracts)
      warm.call('leaf', 'f')
      const warmResult = warm.call('deep', 'f', [depth], { gasLimit: 50_000_000 })
      expect({ depth, ...coldResult }).toEqual({ depth, ...warmResult })
      expect(warm.vm.stats().restarts).toBe(0)
      outcomes.add(`${coldResult.ok ? 'ok' : coldResult.error!.message} after ${cold.vm.stats().restarts} restart(s)`)
    }
    // Both sides of the boundary were seen: the callee loaded by a restart, and the overflow.
    expect([...outcomes].sort()).toEqual(['ok after 1 restart(s)', 'stack overflow after 0 restart(s)'])
  })

  it('an outermost call uses a bounded number of contexts, the same limit warm or cold', async () => {
    const contracts: Record<string, string> = {
      hub: `const { call } = require('inkstone:host')
exports.f = (n) => { let sum = 0; for (let i = 0; i < n; i++) sum += call('c' + i, 'f', []); return sum }`,
    }
    for (let i = 0; i < 20; i++) contracts[`c${i}`] = `exports.f = () => ${i}`
    for (const warmFirst of [false, true]) {
      const chain = await testChain(contracts, { maxContexts: 64 })
      if (warmFirst) for (let i = 0; i < 20; i++) chain.call(`c${i}`, 'f')
      expect(chain.call('hub', 'f', [15], { gasLimit: 50_000_000 }).value).toBe(105)
      const tooMany = chain.call('hub', 'f', [16], { gasLimit: 50_000_000 })
      expect(tooMany.error?.message).toMatch(/c15\.f failed \(error\): a call may use at most 16 contract contexts/)
    }
  })

  it('nested calls share one QuickJS stack: recursing deep in each ends in a clean stack overflow', async () => {
    const contracts: Record<string, string> = {}
    for (let i = 0; i < 9; i++) {
      contracts[`c${i}`] = `const { call } = require('inkstone:host')
const r = (n) => n === 0 ? ${i < 8 ? `call('c${i + 1}', 'f', [])` : '0'} : r(n - 1) + 1
exports.f = () => r(150)`
    }
    const chain = await testChain(contracts)
    const result = chain.call('c0', 'f', [], { gasLimit: 50_000_000 })
    expect(result.error?.message).toMatch(/failed \(error\): stack overflow/)
    expect(chain.call('c8', 'f').value).toBe(150)
  })

  it('rejects huge and non-canonical arguments before running', async () => {
    const chain = await testChain({ c: 'exports.f = (x) => 1' })
    expect(() => chain.call('c', 'f', [undefined])).toThrow(/undefined is not encodable/)
    expect(() => chain.call('c', 'f', [new Date()])).toThrow(/Date instance is not encodable/)
    const big = chain.call('c', 'f', ['x'.repeat(3_000_000)], { gasLimit: 1_000_000 })
    expect(big.error?.kind).toBe('out-of-gas')
  })

  it('trips the wall-clock fuse, not a result, when something runs too long', async () => {
    const chain = await testChain({ c: contractFor('for (;;) {}'), ok: 'exports.f = () => 1' }, { wallClockMs: 250 })
    expect(() => chain.call('c', 'run', [], { gasLimit: 9e15 })).toThrow(/wall-clock fuse/)
    expect(chain.call('ok', 'f').value).toBe(1)
  })

  it('takes a per-call fuse over the VM default (a node importing an agreed block is generous)', async () => {
    const chain = await testChain({ c: contractFor('for (;;) {}') }, { wallClockMs: 250 })
    const call = (wallClockMs: number) =>
      chain.vm.call({
        state: chain.state, codeOf: () => ({ codeHash: 'spin', bundle: contractFor('for (;;) {}') }), contract: 'c', method: 'run', args: [],
        sender: 'alice', block: { blockHeight: 1, blockTime: 1, txHash: 't' }, gasLimit: 9e15, wallClockMs,
      })
    expect(() => call(400)).toThrow(/ran past the 400 ms wall-clock fuse/)
  })
})

describe('lone surrogates made by contract code', () => {
  // Canonical encoding refuses lone surrogates and the host's UTF-8 turns each into U+FFFD, so
  // they must not cross: two keys would become one, and a receipt holding one could not be
  // encoded (its block could not be made).
  const LONE = 'String.fromCharCode(0xD800)'
  const contracts = {
    c: `const { storage, emit, call } = require('inkstone:host')
const long = (s) => 'x'.repeat(70) + s
const attempt = (f) => { try { f(); return 'no error' } catch (e) { return e.name + ': ' + e.message } }
exports.refused = () => [
  attempt(() => storage.set('k' + ${LONE}, 1)),
  attempt(() => storage.get('k' + ${LONE})),
  attempt(() => storage.set('k', ${LONE})),
  attempt(() => storage.set('k', long(${LONE}))),
  attempt(() => storage.set('k', { ['a' + ${LONE}]: 1 })),
  attempt(() => emit('E' + ${LONE}, null)),
  attempt(() => emit('E', [long(${LONE})])),
]
exports.returns = () => long(${LONE})
exports.throws = () => { throw new Error('bad ' + ${LONE}) }
exports.named = () => ({ ['m' + ${LONE}]() { throw new Error('in a named method') } })['m' + ${LONE}]()
exports.logs = () => { console.log('line ' + ${LONE}); return 1 }
exports.calls = () => call('to' + ${LONE}, 'f', [])`,
  }

  it('refuses them in keys, names and values with errors the contract can catch', async () => {
    const chain = await testChain(contracts, { freshTwin: true })
    expect(chain.call('c', 'refused').value).toEqual([
      'RangeError: storage key must not contain a lone surrogate',
      'RangeError: storage key must not contain a lone surrogate',
      'TypeError: string contains a lone surrogate (not encodable)',
      'TypeError: string contains a lone surrogate (not encodable)',
      'TypeError: name contains a lone surrogate: "a\\ud800"',
      'TypeError: name contains a lone surrogate: "E\\ud800"',
      'TypeError: string contains a lone surrogate (not encodable)',
    ])
    const returned = chain.call('c', 'returns')
    expect(returned).toMatchObject({ ok: false, error: { kind: 'error', message: 'string contains a lone surrogate (not encodable)' } })
  })

  it('delivers messages, stacks, addresses and log lines well-formed, so receipts can hold them', async () => {
    const chain = await testChain(contracts, { freshTwin: true })
    for (const method of ['throws', 'named', 'calls']) {
      const { error } = chain.call('c', method)
      expect(error).toBeDefined()
      for (const text of Object.values(error!)) expect((text as string).isWellFormed()).toBe(true)
      expect(() => encode(error as unknown as CanonicalValue)).not.toThrow()
    }
    expect(chain.call('c', 'throws').error?.message).toBe('bad \uFFFD')
    expect(chain.call('c', 'named').error?.stack).toContain('m\uFFFD')
    expect(chain.call('c', 'logs').logs.map((line) => line.message)).toEqual(['line \uFFFD'])
  })
})

describe('isolation between calls', () => {
  const sameEachCall = async (source: string, expected: unknown) => {
    const chain = await testChain({ c: source })
    const runs = [0, 1, 2].map(() => chain.call('c', 'f'))
    for (const run of runs) expect(run.value).toEqual(expected)
    expect(new Set(runs.map((r) => r.gasUsed)).size).toBe(1)
  }

  it('a module-level binding written by a call starts afresh in the next call', () =>
    sameEachCall('let counter = 0\nexports.f = () => ++counter', 1))

  it('a private field of a module-level instance starts afresh in the next call', () =>
    sameEachCall('class C { #n = 0; inc() { return ++this.#n } }\nconst c = new C()\nexports.f = () => c.inc()', 1))

  // Reflection cannot see private elements, so what they hold must be frozen with the module.
  for (const [name, source] of [
    ['an object in a private field', 'class C { #box = { n: 0 }; bump() { try { ++this.#box.n } catch {} return this.#box.n } }'],
    ['an object in a private field set by the constructor', 'class C { #box; constructor() { this.#box = { n: 0 } } bump() { try { ++this.#box.n } catch {} return this.#box.n } }'],
    ['an array in a static private field', 'class C { static #list = []; bump() { try { C.#list.push(1) } catch {} return C.#list.length } }'],
    ['a private method', 'class C { #m() {} bump() { try { this.#m.n = (this.#m.n ?? 0) + 1 } catch {} return this.#m.n ?? 0 } }'],
    ['a private static method', 'class C { static #m() {} bump() { try { C.#m.n = (C.#m.n ?? 0) + 1 } catch {} return C.#m.n ?? 0 } }'],
    ['an object in a private field of a base class', 'class B { #box = { n: 0 }; get box() { return this.#box } }\nclass C extends B { bump() { try { ++this.box.n } catch {} return this.box.n } }'],
  ] as const) {
    it(`${name} of a module-level instance cannot carry state into the next call`, () => sameEachCall(`${source}\nconst c = new C()\nexports.f = () => c.bump()`, 0))
  }

  it('a private method reached through an instance built in the call cannot carry state into the next call', () =>
    sameEachCall('class C { #m() {} bump() { const m = this.#m; try { m.n = (m.n ?? 0) + 1 } catch {} return m.n ?? 0 } }\nexports.f = () => new C().bump()', 0))

  it('the freeze reads private fields per instance: many classes and many objects load quickly', async () => {
    const chain = await testChain({ c: `const classes = []
for (let i = 0; i < 2000; i++) classes.push(class { #a = i; static #s = [i]; get a() { return this.#a } })
const objects = classes.map((C) => new C())
for (let i = 0; i < 20000; i++) objects.push({ i })
exports.f = () => objects.length` })
    // Reading every class's fields on every object was 2,000 × 26,000 reader calls (minutes).
    const start = performance.now()
    expect(chain.call('c', 'f', [], { gasLimit: 40_000_000 }).value).toBe(22_000)
    expect(performance.now() - start).toBeLessThan(15_000)
  })

  // A method reaches its class's prototype chain through `super` even when nothing else reaches the class.
  for (const [name, source] of [
    ['a prototype', "class A {}\nA.prototype.box = { n: 0 }\nconst m = (class extends A { m() { try { super.box.n++ } catch {} return super.box.n } }).prototype.m\nexports.f = () => m.call({})"],
    ['a base class', "class A {}\nA.box = { n: 0 }\nconst m = (class extends A { static m() { try { super.box.n++ } catch {} return super.box.n } }).m\nexports.f = () => m()"],
  ] as const) {
    it(`what only \`super\` reaches in ${name} cannot carry state into the next call`, () => sameEachCall(source, 0))
  }

  // An arrow in a field initialiser sees the instance as `this`, and may be all that leads to it.
  for (const [name, source] of [
    ['its own field', 'const get = new (class { box = { n: 0 }; get = () => { try { this.box.n++ } catch {} return this.box.n } })().get'],
    ["a base class's field", 'class B { constructor() { this.box = { n: 0 } } }\nconst get = new (class extends B { get = () => { try { this.box.n++ } catch {} return this.box.n } })().get'],
  ] as const) {
    it(`an arrow in a field initialiser cannot carry state in ${name} into the next call`, () => sameEachCall(`${source}\nexports.f = () => get()`, 0))
  }

  it('a constructor that only `new.target` in an arrow reaches cannot carry state into the next call', () =>
    sameEachCall(`function F() { this.t = () => new.target }
function G() {}
G.prototype = Object.create(Object.prototype) // no constructor property leads back to G
const o = Reflect.construct(F, [], G)
exports.f = () => { const t = o.t(); try { t.n = (t.n ?? 0) + 1 } catch {} return t.n ?? 0 }`, 0))

  // What the prelude hands the module: require, the host bridge's functions and classes, and the
  // module wrapper's own arguments object, which an arrow at the top level sees.
  for (const [name, target] of [
    ['require', 'require'],
    ["a host bridge's function", "require('inkstone:host').context"],
    ["a host bridge's error class", "require('inkstone:host').RevertError.prototype"],
    ["the module wrapper's arguments", 'arguments'],
  ] as const) {
    it(`${name} cannot carry state into the next call`, () =>
      sameEachCall(`exports.f = () => { const t = ${target}; try { t.n = (t.n ?? 0) + 1 } catch {} return t.n ?? 0 }`, 0))
  }

  // A base constructor may return any object; the derived class then adds its private elements
  // to it, frozen or not. Added to a module-level object, they would be seen by later calls.
  for (const [name, element, has] of [
    ['field', '#mark = 1', '#mark in o'],
    ['method', '#mark() {}', '#mark in o'],
    ['accessor', 'get #mark() { return 1 }', '#mark in o'],
  ]) {
    it(`a private ${name} a derived class adds to a module-level object does not outlive the call`, () =>
      sameEachCall(`class Base { constructor(o) { return o } }
class Stamp extends Base { ${element}; static has(o) { return ${has} } }
const target = {}
exports.f = () => { const had = Stamp.has(target); new Stamp(target); return had }`, false))
  }

  it('private fields written in a base class constructor need no check, yet writes from its closures do', () =>
    sameEachCall(`class C { #n; constructor() { this.#n = 1; this.#n++; this.bump = () => ++this.#n } get n() { return this.#n } }
const c = new C()
exports.f = () => { const fresh = new C(); fresh.bump(); return [c.bump(), fresh.n] }`, [3, 3]))

  for (const [name, source] of [
    ['a typed array', 'const t = new Uint8Array(4)\nexports.f = () => ++t[0]'],
    ['a generator', 'const g = (function* () { let i = 0; for (;;) yield ++i })()\nexports.f = () => g.next().value'],
    ['a bound function', 'const f = (function () { return ++this.n }).bind({ n: 0 })\nexports.f = () => f()'],
    ['an iterator', 'const it = [1, 2, 3][Symbol.iterator]()\nexports.f = () => it.next().value'],
    ['a WeakMap', 'const key = {}\nconst w = new WeakMap([[key, { n: 0 }]])\nexports.f = () => ++w.get(key).n'],
  ]) {
    it(`a module holding ${name} is initialised afresh for every call`, () => sameEachCall(source, 1))
  }

  it('module-level objects, collections and closure-held objects are read-only during calls', async () => {
    const chain = await testChain({
      c: `const list = []; const cache = new Map(); const table = { a: 1 }
const inc = (() => { const state = { n: 0 }; return () => ++state.n })()
exports.push = () => list.push(1)
exports.cache = () => cache.set('k', 1)
exports.table = () => { table.a = 2 }
exports.closure = () => inc()
exports.read = () => [list.length, cache.size, table.a]`,
    })
    expect(chain.call('c', 'push').error?.message).toMatch(/not extensible/)
    expect(chain.call('c', 'cache').error?.message).toMatch(/cannot modify a frozen collection/)
    expect(chain.call('c', 'table').error?.message).toMatch(/read-only/)
    expect(chain.call('c', 'closure').error?.message).toMatch(/read-only/)
    expect(chain.call('c', 'read').value).toEqual([0, 0, 1])
  })

  it('the host is not available while the module initialises', async () => {
    const chain = await testChain({ c: "const v = require('inkstone:host').storage.get('x')\nexports.f = () => v" })
    expect(() => chain.call('c', 'f')).toThrow(/not available while the contract module initialises/)
  })

  it('reuses a warm context, and discards one that ran out of gas or wrote earlier state', async () => {
    const chain = await testChain({
      c: `let n = 0
exports.ok = () => 1
exports.spin = () => { for (;;) {} }
exports.write = () => ++n`,
    })
    chain.call('c', 'ok')
    chain.call('c', 'ok')
    expect(chain.vm.stats()).toEqual({ loads: 1, discards: 0, cached: 1, restarts: 0 })
    chain.call('c', 'spin', [], { gasLimit: 2_000_000 })
    expect(chain.vm.stats()).toEqual({ loads: 1, discards: 1, cached: 0, restarts: 0 })
    chain.call('c', 'write')
    expect(chain.vm.stats()).toEqual({ loads: 2, discards: 2, cached: 0, restarts: 0 })
    chain.call('c', 'ok')
    expect(chain.vm.stats()).toEqual({ loads: 3, discards: 2, cached: 1, restarts: 0 })
  })

  it('holds back the price of reloading a context, and keeps it only from calls that discard theirs', async () => {
    const source = `let n = 0
exports.ok = () => 1
exports.spin = () => { for (;;) {} }
exports.write = () => ++n`
    const chain = await testChain({ c: source, heavy: `const a = []\nfor (let i = 0; i < 1000; i++) a.push(i)\n${source}` })
    const reserveOf = (contract: string) => Number(/needs at least (\d+) gas/.exec(chain.call(contract, 'ok', [], { gasLimit: 1 }).error!.message)![1])
    const reserve = reserveOf('c')
    // A fresh context, the prelude, compiling the instrumented bundle, and the module's own initialisation.
    const scriptPrice = RELOAD_GAS.base + RELOAD_GAS.perScriptChar * instrument(source).code.length
    expect(reserve - scriptPrice).toBeGreaterThan(0)
    expect(reserve - scriptPrice).toBeLessThan(5_000) // its initialisation: freezing its exports, mostly
    expect(reserveOf('heavy') - reserve).toBeGreaterThan(1000 * 5) // its loop's gas at initialisation
    const stats = chain.vm.stats()
    // Too little gas: refused before the contract runs, so nothing is discarded.
    expect(chain.call('c', 'ok', [], { gasLimit: reserve - 1 })).toMatchObject({
      ok: false,
      gasUsed: reserve - 1,
      error: { kind: 'out-of-gas', message: `a call into c needs at least ${reserve} gas, held back to reload its code should the call fail (it had ${reserve - 1})` },
    })
    expect(chain.vm.stats()).toEqual(stats)
    // A call that keeps its context gets the reserve back.
    const clean = chain.call('c', 'ok', [], { gasLimit: reserve + 1_000 })
    expect(clean.ok).toBe(true)
    expect(clean.gasUsed).toBeLessThan(100)
    // One that writes earlier state (its context is discarded) keeps it, as does running out of gas.
    const dirty = chain.call('c', 'write', [], { gasLimit: reserve + 1_000 })
    expect(dirty).toMatchObject({ ok: true, value: 1 })
    expect(dirty.gasUsed - reserve).toBeGreaterThan(0)
    expect(dirty.gasUsed - reserve).toBeLessThan(100)
    expect(chain.call('c', 'spin', [], { gasLimit: reserve + 1_000 })).toMatchObject({ ok: false, gasUsed: reserve + 1_000, error: { kind: 'out-of-gas' } })
    expect(chain.vm.stats()).toMatchObject({ discards: stats.discards + 2 })
  })

  it('a contract that cannot load costs its load once per node, not at every call naming it', async () => {
    const chain = await testChain({ c: `const v = (() => { throw new Error('no') })()\nexports.f = () => v` })
    expect(() => chain.call('c', 'f')).toThrow(/contract code-c failed to load: no/)
    expect(() => chain.call('c', 'f')).toThrow(/contract code-c failed to load: no/)
    expect(chain.vm.stats().loads).toBe(1)
  })

  it('intrinsics cannot be extended to influence a later call', async () => {
    const chain = await testChain({
      c: `exports.poison = () => { try { Object.prototype.polluted = 1 } catch {} try { Array.prototype.at = () => 42 } catch {}
  try { Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true }) } catch {} return 1 }
exports.check = () => [({}).polluted ?? null, [7].at(0), [...[1, 2]].length]`,
    })
    chain.call('c', 'poison')
    expect(chain.call('c', 'check').value).toEqual([null, 7, 2])
  })

  it('error subclasses can still set their own name and message (override mistake tamed)', async () => {
    const chain = await testChain({
      c: `class MyError extends Error { constructor(m) { super(m); this.name = 'MyError' } }
exports.f = () => { const o = {}; o.toString = () => 'x'; throw new MyError('custom ' + o) }`,
    })
    expect(chain.call('c', 'f').error).toMatchObject({ kind: 'error', name: 'MyError', message: 'custom x' })
  })

  it('gas is identical for fresh and reused contexts and across VMs', async () => {
    const source = `const { storage } = require('inkstone:host')
exports.work = (n) => { let s = 0n; const a = []; for (let i = 0; i < n; i++) { a.push(i * 2); s += BigInt(i) }
  let t = ''; for (let i = 0; i < n; i++) t = i % 50 ? t + 'x' + i : \`\${t.length}:\${i}\`
  storage.set('s', s); return [s, t, Math.max(...a), a.map((x) => x + 1).filter((x) => x % 3).join(',').length] }`
    const results = []
    for (let vmIndex = 0; vmIndex < 2; vmIndex++) {
      const chain = await testChain({ c: source })
      for (let i = 0; i < 3; i++) results.push(chain.call('c', 'work', [500]).gasUsed)
    }
    expect(new Set(results).size).toBe(1)
  })
})
