import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type CallOutcome, type Context, type Engine, type HostFunction, type Runtime } from '../../vm/engine.ts'

let engine: Engine
let runtime: Runtime
let interrupt = false

beforeAll(async () => {
  engine = await loadEngine()
  runtime = engine.newRuntime({ maxStackSize: 256 * 1024, memoryLimit: 256 << 20, shouldInterrupt: () => interrupt })
})
afterAll(() => runtime.dispose())

/** A context whose entry point is `script`, answering its host function with `host`. */
function contextOf(script: string, host: HostFunction = () => undefined) {
  const context = runtime.newContext('host', host)
  const loaded = context.evaluate(script, 'test.js')
  if (!loaded.ok) throw new Error(loaded.error)
  return context
}

/** The bytes of a byte string (every character below 256). */
function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0))
}

/** A call's result as a byte string (read at once: the bytes are a view of the engine's buffer), or its failure. */
function resultOf(outcome: CallOutcome): string | { error: string } {
  if (!outcome.ok) return { error: outcome.error }
  let text = ''
  for (const byte of outcome.bytes) text += String.fromCharCode(byte)
  return text
}

/** Calls with a header and bytes given as a byte string. */
function call(context: Context, header: string, bytes = ''): string | { error: string } {
  return resultOf(context.call(header, bytesOf(bytes)))
}

describe('engine', () => {
  it('calls the entry point with a text and a byte string and reads a byte string back, any size', () => {
    const context = contextOf('(text, bytes) => bytes + "|" + text.length + "|" + (text.length < 100 ? [...text].map((c) => c.codePointAt(0)).join(",") : "")')
    const every = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))
    for (const text of ['', 'abc', 'ключ 🦀 \u00e9', 'x'.repeat(1 << 20)]) {
      for (const bytes of ['', 'abc', every, every.repeat(4096)]) {
        const codes = text.length < 100 ? [...text].map((c) => c.codePointAt(0)).join(',') : ''
        expect(call(context, text, bytes) === `${bytes}|${text.length}|${codes}`).toBe(true)
      }
    }
    context.dispose()
  })

  it('joins a result given as a list of parts: byte strings, and safe integers in decimal', () => {
    const context = contextOf('(text) => ["K", -12, ",", 2 ** 53 - 1, ",", 0, ";", "\\u0000\\u00ff", text, 1e3]')
    expect(call(context, 'abc')).toBe('K-12,9007199254740991,0;\u0000\u00ffabc1000')
    for (const parts of ['[1.5]', '[2 ** 53]', '[NaN]', '[-Infinity]', '["\\u0100"]', '[{}]', '[undefined]', '[1n]']) {
      expect(call(contextOf(`() => ${parts}`), '')).toEqual({ error: 'the entry point returned a part that is neither a byte string nor a safe integer' })
    }
    expect(call(contextOf('() => Array(17).fill("a")'), '')).toEqual({ error: 'the entry point returned a malformed list of parts' })
    expect(call(contextOf('() => Array(16).fill("ab")'), '')).toBe('ab'.repeat(16))
    expect(call(contextOf('() => []'), '')).toBe('')
  })

  it('refuses a result that is not a byte string', () => {
    for (const result of ['"\\u0100"', '"é€"', '42', 'undefined', '({})']) {
      expect(call(contextOf(`() => ${result}`), '')).toEqual({ error: 'the entry point did not return a byte string' })
    }
  })

  it('answers the host function: a text and bytes in, bytes, undefined, or an Error the sandbox can catch', () => {
    const requests: [string, number[]][] = []
    const context = contextOf(
      `(() => { const h = host; return (s, b) => { try { const r = h(s, b); return [r, typeof h("none"), typeof h("none", "x"), r.length].join("|") } catch (e) { return e.constructor.name + ": " + e.message } } })()`,
      (request, bytes) => {
        requests.push([request, [...bytes]])
        if (request === 'fail') throw new RangeError('no such key')
        return request === 'none' ? undefined : Uint8Array.of(...bytes, 0xff, 0)
      },
    )
    expect(call(context, 'ping ✓', '\u0000\u00ff')).toBe('\u0000\u00ff\u00ff\u0000|undefined|undefined|4')
    expect(call(context, 'fail')).toBe('Error: no such key')
    expect(requests).toEqual([['ping ✓', [0, 255]], ['none', []], ['none', [120]], ['fail', []]])
    context.dispose()
  })

  it('refuses a host call with other arguments than a text and a byte string', () => {
    const context = contextOf(`(() => { const h = host; return () => [[], [1], ["a", "\\u0100"], ["a", 1], ["a", "b", "c"]].map((args) => { try { h(...args); return "called" } catch (e) { return e.message } }).join("|") })()`)
    expect(call(context, '')).toBe('the host function takes a string and a byte string|the host function takes a string and a byte string|expected a byte string|expected a byte string|the host function takes a string and a byte string')
    context.dispose()
  })

  it('reports what the entry point throws by its message', () => {
    expect(call(contextOf('() => { throw new TypeError("bad input") }'), '')).toEqual({ error: 'bad input' })
    expect(call(contextOf('() => { throw 42 }'), '')).toEqual({ error: 'uncaught exception' })
    expect(call(contextOf('() => { throw { message: 7 } }'), '')).toEqual({ error: 'uncaught exception' })
  })

  it('rejects scripts that fail or do not evaluate to a function', () => {
    const context = runtime.newContext('host', () => undefined)
    expect(context.evaluate('(', 'bad.js')).toMatchObject({ ok: false, error: expect.stringMatching(/unexpected|expecting/) })
    expect(context.evaluate('41 + 1', 'number.js')).toEqual({ ok: false, error: 'the script did not evaluate to a function' })
    expect(context.evaluate('throw new Error("at load")', 'throws.js')).toEqual({ ok: false, error: 'at load' })
    context.dispose()
  })

  it('evaluates scripts, never modules', () => {
    const context = runtime.newContext('host', () => undefined)
    expect(context.evaluate('import x from "y"; (() => 1)', 'module.js').ok).toBe(false)
    context.dispose()
  })

  it('lets the interrupt handler stop a running call', () => {
    const context = contextOf('() => { for (;;) {} }')
    interrupt = true
    try {
      expect(call(context, '')).toEqual({ error: 'interrupted' })
    } finally {
      interrupt = false
    }
    context.dispose()
  })

  it('runs the bytecode of a script in another context as the script ran: results, source text, stack lines, host calls', () => {
    const script = `(() => {
      const h = host
      const counter = h('init')
      function where() { try { throw new Error('here') } catch (e) { return e.stack } }
      return (s) => JSON.stringify([counter, s.length, where(), where.toString()])
    })()`
    const requests: string[] = []
    const ready = bytesOf('ready')
    const fromSource = runtime.newContext('host', (request) => (requests.push(request), ready))
    const evaluated = fromSource.evaluate(script, 'bytecode.js')
    if (!evaluated.ok) throw new Error(evaluated.error)
    expect(evaluated.bytecode?.length).toBeGreaterThan(0)
    const fromBytecode = runtime.newContext('host', (request) => (requests.push(request), ready))
    expect(fromBytecode.evaluateBytecode(evaluated.bytecode!)).toEqual({ ok: true })
    const result = call(fromSource, 'abc')
    expect(result).toEqual(expect.stringContaining('bytecode.js:4'))
    expect(result).toEqual(expect.stringContaining('"ready"'))
    expect(call(fromBytecode, 'abc')).toEqual(result)
    // Initialisation ran in both, calling the host each time.
    expect(requests).toEqual(['init', 'init'])
    // A script that fails as it runs fails the same way from its bytecode.
    const failing = runtime.newContext('host', () => undefined).evaluate('(() => { if (host("x") === undefined) throw new RangeError("init failed"); return () => 1 })()', 'f.js')
    expect(failing).toEqual({ ok: false, error: 'init failed' })
    for (const context of [fromSource, fromBytecode]) context.dispose()
  })

  it('__inkFreezeAll freezes what the prelude\'s freezeAll walk would, and nothing it should skip', () => {
    const context = contextOf(`(() => {
      const nativeFreezeAll = __inkFreezeAll
      const { has, add } = WeakSet.prototype
      // The prelude's freezeAll (vm/prelude.ts) without a visitor: the reference.
      function referenceFreezeAll(roots, done) {
        const stack = [...roots]
        while (stack.length) {
          const o = stack.pop()
          if (o === null || (typeof o !== 'object' && typeof o !== 'function') || done.has(o)) continue
          done.add(o)
          const keys = Reflect.ownKeys(o)
          Object.freeze(o)
          stack.push(Object.getPrototypeOf(o))
          for (const key of keys) {
            const d = Object.getOwnPropertyDescriptor(o, key)
            if (!('value' in d)) { stack.push(d.get); stack.push(d.set); continue }
            stack.push(d.value)
          }
        }
      }
      function build() {
        const shared = { s: 1 }
        const o = Object.create({ p: shared, q: [shared, { r: 1 }] })
        o.a = { b: [1, { c: 2 }], shared }
        Object.defineProperty(o, 'accessor', { get() { return 1 }, set(v) {}, enumerable: false })
        o[Symbol('k')] = { symbol: true }
        o.f = function named() {}
        o.f.extra = { deep: { deeper: {} } }
        o.cycle = o
        o.klass = class { static s = { t: 1 }; m() {} }
        o.skipped = { inner: { innermost: {} } }
        return o
      }
      // Every object reachable by the walk's edges, in one deterministic order.
      function reachable(root, limit) {
        const seen = new Set(), out = [], stack = [root]
        while (stack.length && out.length < limit) {
          const o = stack.pop()
          if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue
          seen.add(o); out.push(o)
          stack.push(Object.getPrototypeOf(o))
          for (const key of Reflect.ownKeys(o)) {
            const d = Object.getOwnPropertyDescriptor(o, key)
            if ('value' in d) stack.push(d.value); else { stack.push(d.get); stack.push(d.set) }
          }
        }
        return out
      }
      return () => {
        const a = build(), b = build(), outside = { untouched: {} }
        const doneA = new WeakSet([a.skipped]), doneB = new WeakSet([b.skipped])
        // Both walks see the graph before either froze anything.
        const listA = reachable(a, 400), listB = reachable(b, 400)
        nativeFreezeAll([a], doneA, Object.freeze, has, add)
        referenceFreezeAll([b], doneB)
        const differences = []
        listA.forEach((x, i) => {
          const y = listB[i]
          if (Object.isFrozen(x) !== Object.isFrozen(y) || doneA.has(x) !== doneB.has(y)) differences.push(i)
        })
        let typedArray = 'not thrown'
        try { nativeFreezeAll([{ bytes: new Uint8Array(1) }], new WeakSet(), Object.freeze, has, add) } catch (e) { typedArray = e.constructor.name }
        return JSON.stringify({ objects: listA.length, frozen: listA.filter((x) => Object.isFrozen(x)).length, differences,
          skipped: Object.isFrozen(a.skipped.inner), outside: Object.isFrozen(outside) || Object.isFrozen(outside.untouched), typedArray })
      }
    })()`)
    const result = JSON.parse(call(context, '') as string)
    expect(result.differences).toEqual([])
    expect(result.objects).toBeGreaterThan(100) // the graph reaches the intrinsics through prototypes
    expect(result.frozen).toBeGreaterThan(100)
    expect(result).toMatchObject({ skipped: false, outside: false, typedArray: 'TypeError' })
    context.dispose()
  })

  it('frees what each call and each context allocates', () => {
    const payload = bytesOf('bytes '.repeat(64))
    const churn = (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const context = contextOf('(() => { const h = host; return (s, b) => h(s, b) + b })()', (request, bytes) => bytesOf(request.toUpperCase() + bytes.length))
        for (let j = 0; j < 200; j++) context.call('payload '.repeat(128) + j, payload)
        context.dispose()
      }
    }
    churn(20)
    const before = engine.memoryBytes
    churn(200)
    expect(engine.memoryBytes).toBe(before)
  })
})
