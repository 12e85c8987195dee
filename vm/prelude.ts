/**
 * The prelude: trusted JavaScript that runs inside every contract's QuickJS context before the
 * contract, and the script that joins it to an instrumented bundle.
 *
 * It (1) removes what is non-deterministic or unmeterable (Date, Math.random, WeakRef,
 * FinalizationRegistry, SharedArrayBuffer, Atomics, Proxy, Promise, RegExp, eval, the Function
 * constructors, locale methods), (2) wraps every builtin whose work grows with its input so it is
 * priced before it runs (gas-schedule BUILTIN_GAS, LIMITS) and counts variable-size allocations
 * against the per-call memory meter, (3) freezes every intrinsic so no call can leave state for
 * a later one, and (4) provides the host bridge (`require('inkstone:host')`) and the dispatcher.
 *
 * Isolation between calls: the module initialises once per context (epoch 0); then everything it
 * created that outlives initialisation is frozen (reached through module.exports and the getters
 * the instrumenter registers for captured bindings), and writes to bindings created in an earlier
 * epoch mark the call dirty, so the VM discards the context after it. What cannot be frozen
 * (typed arrays, weak collections, iterators, generators, bound functions) makes the module
 * volatile: it is then initialised afresh for every call. The intrinsics are frozen too, and
 * the prelude resets its own per-call state at the start of each dispatch.
 *
 * The prelude's own code is not instrumented: it charges explicitly, by size, before it works.
 * It is plain JavaScript in strings because it runs inside QuickJS, not in the host.
 */
import { BUILTIN_GAS, HOST_GAS, JOINED_STRING, LIMITS } from './gas-schedule.ts'

export interface PreludeConfig {
  memoryLimit: number
}

/** Builds the script that evaluates to the dispatch function `(payload) => envelope` (see dispatch). */
export function contractScript(instrumentedBundle: string, config: PreludeConfig): string {
  const settings = JSON.stringify({ builtin: BUILTIN_GAS, host: HOST_GAS, joined: JOINED_STRING, limits: LIMITS, memoryLimit: config.memoryLimit })
  // Line 1 holds everything before the bundle, so bundle line N is script line N + 1.
  return (
    `(function(){"use strict";let __inkG=0,__inkM=0,__inkEpoch=0,__inkT;const __inkRt=(${RUNTIME})(globalThis.__inkHostCall,${settings});` +
    `const __inkOog=__inkRt.oog,__inkP=__inkRt.priced,__inkCat=__inkRt.concat,__inkPow=__inkRt.ops['**'],__inkShl=__inkRt.ops['<<'],__inkUpdate=__inkRt.update,__inkStr=__inkRt.str,` +
    `__inkSpread=__inkRt.spread,__inkB=__inkRt.barrier,__inkPW=__inkRt.privateWrite,__inkRoots=__inkRt.roots,__inkClass=__inkRt.defineClass,__inkPrivates=__inkRt.privates,__inkFz=__inkRt.freezeMethod;` +
    `return __inkRt.start(function(module,exports,require){\n${instrumentedBundle}\n});})()`
  )
}


const RUNTIME = String.raw`function (hostCall, S) {
  // hostCall(request, bytes?): a text, its first character the operation (g get, f flush, i
  // iterate, c call, v invoke; m, once, the bytes module initialisation allocated), the rest its
  // argument, and for some a byte string (canonical bytes, a flush's writes and events). It
  // answers with a byte string or undefined (inkstone-quickjs.c host_function).
  // This function is spliced into contractScript's wrapper, so it reads and writes the wrapper's
  // counters directly (__inkG gas left, __inkM memory budget left, __inkEpoch call number): an
  // accessor call per charge would be a QuickJS function call on every priced operation.
  // __inkT is the instrumenter's temporary: it holds an operator's result while the instrumented
  // code prices it (contracts cannot name it), and is cleared after every call.
  delete globalThis.__inkHostCall
  const nativeFreezeAll = globalThis.__inkFreezeAll // vm/quickjs/inkstone-quickjs.c freeze_all
  delete globalThis.__inkFreezeAll
  const nativeToCanonical = globalThis.__inkToCanonical, nativeFromCanonical = globalThis.__inkFromCanonical // inkstone-quickjs.c: see toCanonical, fromCanonical
  const splitFields = globalThis.__inkSplit // text.split('\u001f'), natively (inkstone-quickjs.c)
  const isKey = globalThis.__inkIsKey // whether keyOf would accept a key (inkstone-quickjs.c)
  const nativeWritesAndEvents = globalThis.__inkWritesAndEvents // inkstone-quickjs.c: see writesAndEvents
  // inkstone-quickjs.c: meters, storage reads and writes, events
  const bindMeters = globalThis.__inkBindMeters, nativeRead = globalThis.__inkRead, nativeWrite = globalThis.__inkWrite, nativeEmit = globalThis.__inkEmit
  delete globalThis.__inkToCanonical
  delete globalThis.__inkFromCanonical
  delete globalThis.__inkSplit
  delete globalThis.__inkIsKey
  delete globalThis.__inkWritesAndEvents
  delete globalThis.__inkBindMeters
  delete globalThis.__inkRead
  delete globalThis.__inkWrite
  delete globalThis.__inkEmit
  __inkG = Infinity // setup runs free; every dispatch sets the call's limits
  __inkM = Infinity
  const G = globalThis
  const { apply, construct, ownKeys, getPrototypeOf, defineProperty } = Reflect
  const { freeze, isFrozen, getOwnPropertyDescriptor, keys: objectKeys } = Object
  const ObjectProto = Object.prototype, ArrayProto = Array.prototype, FunctionProto = Function.prototype
  const isArray = Array.isArray, floor = Math.floor, ceil = Math.ceil, max = Math.max
  const jsonStringify = JSON.stringify, stringOf = String, byteChar = String.fromCharCode
  const OrigUint8Array = Uint8Array, OrigError = Error, OrigTypeError = TypeError, OrigRangeError = RangeError
  const weakSetHas = WeakSet.prototype.has, weakSetAdd = WeakSet.prototype.add // before they are priced
  // The prelude's own string handling uses the originals (the wrapped ones price contract work),
  // each bound to the original Function.prototype.call: slice(s, a, b) runs s.slice(a, b) with no
  // property lookup a contract could influence and no argument array (Reflect.apply costs 2.5x).
  const uncurry = (f) => apply(FunctionProto.bind, FunctionProto.call, [f])
  const slice = uncurry(String.prototype.slice), includes = uncurry(String.prototype.includes)
  const indexOf = uncurry(String.prototype.indexOf)
  // Lone surrogates cannot cross to the host: its UTF-8 turns each into three U+FFFD, so two
  // different keys or strings would become one. Keys, names and stored strings refuse them.
  const isWellFormed = uncurry(String.prototype.isWellFormed), toWellFormed = uncurry(String.prototype.toWellFormed)
  // The instrumenter's template literals (__inkCat): the original, unpriced; it prices the result.
  const concat = uncurry(String.prototype.concat)
  const L = S.limits, B = S.builtin, H = S.host, JOIN_FREE = S.joined.freeLength, JOIN_BYTES = S.joined.bytes

  // ---- faults, gas and the memory meter ---------------------------------------------------
  // memory: the bytes the call may still allocate. Block heads take their syntax's allocations
  // from it (instrument.ts), priced builtins their results'; it never credits freed memory.
  let fault = null // set when the call must fail whatever the contract does next
  function fail(kind, message) { if (fault === null) fault = { kind, message }; __inkG = -1; throw new OrigRangeError('out of gas') }
  // __inkOog: a block head found gas or memory exhausted. Either way the gas counter ends
  // negative, so every catch and finally entered afterwards throws again.
  function oog() {
    if (__inkM < 0) fail('out-of-memory', 'memory limit of ' + S.memoryLimit + ' bytes exceeded')
    throw new OrigRangeError('out of gas')
  }
  function charge(n) { if ((__inkG -= n) < 0) oog() }
  function alloc(bytes) { if ((__inkM -= bytes) < 0) oog() }
  function units(n, per) { if ((__inkG -= ceil(n * per) + 1) < 0) oog() }

  // ---- arithmetic: prices BigInt work by size and bounds BigInt growth ------------------------
  // Size classes of a BigInt result: its gas, and the bytes it occupies (short ones are immediate).
  const BIG = [2n ** 64n, 2n ** 256n, 2n ** 1024n, 2n ** 4096n, 2n ** 16384n, 2n ** BigInt(L.maxBigintBits)]
  const BIG_PRICE = [1, 4, 64, 1024, 1024, 1024]
  const BIG_BYTES = [0, 48, 144, 528, 2064, 8208]
  const SMALL = BIG[0], MINUS_SMALL = -BIG[0]
  function pricedBigint(r) {
    if (r < SMALL && r > MINUS_SMALL) { if ((__inkG -= BIG_PRICE[0]) < 0 || (__inkM -= BIG_BYTES[0]) < 0) oog(); return r } // the first class, the common case
    const m = r < 0n ? -r : r
    for (let i = 0; i < BIG.length; i++) if (m < BIG[i]) { if ((__inkG -= BIG_PRICE[i]) < 0 || (__inkM -= BIG_BYTES[i]) < 0) oog(); return r }
    throw new OrigRangeError('BigInt exceeds ' + L.maxBigintBits + ' bits')
  }
  // A joined string counts its whole length. The engine copies joins of up to 8 Ki characters;
  // longer ones start as ropes sharing their parts, but indexing one or using it as a key
  // flattens it into a full copy the meter could not see, so it is counted up front. (Two-byte
  // strings count half; building a long string a character at a time counts quadratically:
  // join an array instead.)
  function stringResult(r) { if ((__inkM -= r.length + JOIN_BYTES) < 0) oog(); return r }
  /** A joined string (operator or template): priced by length beyond 64 characters, and counted. */
  function str(s) {
    if (s.length > JOIN_FREE) units(s.length, B.concatPerChar)
    return stringResult(s)
  }
  /**
   * An operator's result, priced. The instrumented code calls this only for what it does not
   * price inline (instrument.ts: numbers and short joined strings); __inkUpdate through ops.
   */
  function priced(r) {
    if (typeof r === 'bigint') {
      // pricedBigint's first class, the common case, inline: a QuickJS call fewer per BigInt result.
      if (r < SMALL && r > MINUS_SMALL) { if ((__inkG -= BIG_PRICE[0]) < 0 || (__inkM -= BIG_BYTES[0]) < 0) oog(); return r }
      return pricedBigint(r)
    }
    return typeof r === 'string' ? str(r) : r
  }
  // Numbers, the common case, return without a second call; '+' also skips one for a string,
  // its next most common result (key building).
  const ops = freeze({
    '+': (a, b) => { const r = a + b; return typeof r === 'number' ? r : typeof r === 'string' ? str(r) : pricedBigint(r) },
    '-': (a, b) => { const r = a - b; return typeof r === 'number' ? r : priced(r) },
    '*': (a, b) => { const r = a * b; return typeof r === 'number' ? r : priced(r) },
    '/': (a, b) => { const r = a / b; return typeof r === 'number' ? r : priced(r) },
    '%': (a, b) => { const r = a % b; return typeof r === 'number' ? r : priced(r) },
    '**': (a, b) => {
      if (typeof b === 'bigint' && b > BigInt(L.maxBigintBits) && (a > 1n || a < -1n)) throw new OrigRangeError('BigInt exceeds ' + L.maxBigintBits + ' bits')
      return priced(a ** b)
    },
    '<<': (a, b) => {
      if (typeof b === 'bigint' && b > BigInt(L.maxBigintBits) && a !== 0n) throw new OrigRangeError('BigInt exceeds ' + L.maxBigintBits + ' bits')
      return priced(a << b)
    },
  })
  function update(object, key, op, value) { return (object[key] = ops[op](object[key], value)) }

  // ---- isolation: epochs, the dirty mark and init-time roots ---------------------------------
  let epoch = 0, dirty = false, initRoots = null
  function barrier(stamp, result) { if (stamp !== epoch) dirty = true; return result }
  function privateWrite(object, result) { if (isFrozen(object)) dirty = true; return result }
  function roots(...getters) { if (initRoots !== null) for (const get of getters) initRoots.push(get) }
  // Classes defined during initialisation, and the objects given private fields then, each with
  // readers of those fields (instrument.ts #classBody): the freeze of module state reads them.
  let initClasses = [], privateOwners = new Map()
  function privates(object, reader) {
    if (initRoots === null) return
    const readers = privateOwners.get(object)
    if (readers === undefined) privateOwners.set(object, [reader])
    else readers.push(reader)
  }
  function defineClass(cls, reader) {
    if (initRoots === null) return
    initClasses.push(cls)
    if (reader !== undefined) privates(cls, reader)
  }
  function spread(x) {
    // An array, the common case (every call's arguments in the stdlib's entry), charged inline.
    if (isArray(x)) {
      const n = lengthOf(x)
      if ((__inkG -= ceil(n * B.perElement) + 1) < 0 || (__inkM -= n * 8) < 0) oog() // units(n, B.perElement), alloc(n * 8)
    } else if (x !== null && typeof x === 'object') {
      const n = ArrayBuffer.isView(x) ? lengthOf(x) : x.size !== undefined ? lengthOf({ length: x.size }) : ownKeys(x).length
      units(n, B.perElement); alloc(n * 8)
    } else if (typeof x === 'string') units(x.length, B.perElement)
    return x
  }

  // ---- lockdown: remove what is non-deterministic or unmeterable -----------------------------
  for (const name of ['Date', 'WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'Proxy', 'Promise',
    'RegExp', 'eval', 'Function', 'performance', 'queueMicrotask', 'setTimeout', 'setInterval', 'os', 'std', 'print']) delete G[name]
  delete Math.random
  const blocked = function () { throw new OrigTypeError('code generation from strings is disabled') }
  for (const fn of [function () {}, function* () {}, async function () {}, async function* () {}]) {
    defineProperty(getPrototypeOf(fn), 'constructor', { value: blocked })
  }
  for (const proto of [ObjectProto, ArrayProto, Number.prototype, BigInt.prototype, getPrototypeOf(Uint8Array.prototype)]) delete proto.toLocaleString
  for (const name of ['localeCompare', 'toLocaleLowerCase', 'toLocaleUpperCase']) delete String.prototype[name]

  // ---- pricing of builtins whose work grows with input ---------------------------------------
  function lengthOf(o) {
    const n = o == null ? 0 : +o.length
    if (!(n > 0)) return 0
    if (n > L.maxArrayLength) throw new OrigRangeError('length ' + n + ' exceeds the limit of ' + L.maxArrayLength)
    return floor(n)
  }
  function textOf(s) { return typeof s === 'string' ? s.length : 0 }
  function checkString(n) { if (n > L.maxStringLength) throw new OrigRangeError('string length ' + n + ' exceeds the limit of ' + L.maxStringLength); return n }
  function wrap(target, name, pre, post) {
    const d = getOwnPropertyDescriptor(target, name)
    if (!d || typeof d.value !== 'function') return
    const orig = d.value
    const wrapped = function (...args) {
      pre(this, args)
      const r = new.target ? construct(orig, args, new.target) : apply(orig, this, args)
      if (post) post(r)
      return r
    }
    // The original constructor must not stay reachable through .constructor: it would skip the price.
    if (orig.prototype) { defineProperty(wrapped, 'prototype', { value: orig.prototype }); defineProperty(orig.prototype, 'constructor', { value: wrapped, writable: true, configurable: true }) }
    for (const key of ownKeys(orig)) if (key !== 'prototype') try { defineProperty(wrapped, key, getOwnPropertyDescriptor(orig, key)) } catch {}
    defineProperty(target, name, { ...d, value: wrapped })
  }
  const perElement = (t) => units(lengthOf(t), B.perElement)
  const copyElements = (t) => { const n = lengthOf(t); units(n, B.perElement); alloc(n * 8) }
  const resultElements = (r) => alloc(lengthOf(r) * 8)
  const resultChars = (r) => { const n = textOf(r); units(n, B.perChar); alloc(n * 2) }
  const textOfThis = (t) => units(textOf(stringOf(t)), B.perChar)

  const arrayLinear = ['copyWithin', 'every', 'fill', 'find', 'findIndex', 'findLast', 'findLastIndex', 'forEach', 'includes',
    'indexOf', 'lastIndexOf', 'reduce', 'reduceRight', 'reverse', 'shift', 'some']
  const arrayCopying = ['filter', 'map', 'slice', 'splice', 'toReversed', 'toSpliced', 'with', 'flat', 'flatMap']
  function sortPrice(t) { const n = lengthOf(t); units(n * (32 - Math.clz32(n)), B.sortFactor * B.perElement); alloc(n * 8) }
  function pricePrototype(proto, isTyped) {
    for (const name of arrayLinear) wrap(proto, name, perElement)
    for (const name of arrayCopying) wrap(proto, name, copyElements, resultElements)
    for (const name of ['sort', 'toSorted']) wrap(proto, name, sortPrice)
    for (const name of ['join', 'toString']) wrap(proto, name, perElement, resultChars)
    if (!isTyped) wrap(proto, 'concat', (t, a) => { let n = lengthOf(t); for (const x of a) n += isArray(x) ? lengthOf(x) : 1; units(n, B.perElement); alloc(n * 8) })
    if (isTyped) wrap(proto, 'set', (t, a) => units(lengthOf(a[0]), B.perElement))
  }
  pricePrototype(ArrayProto, false)
  // Growing an array by n elements allocates their slots.
  wrap(ArrayProto, 'push', (t, a) => alloc(a.length * 8))
  wrap(ArrayProto, 'unshift', (t, a) => { perElement(t); alloc(a.length * 8) })
  const TypedArrayProto = getPrototypeOf(Uint8Array.prototype)
  pricePrototype(TypedArrayProto, true)
  const arrayArgs = (t, a) => { const n = a.length === 1 && typeof a[0] === 'number' ? lengthOf({ length: a[0] }) : a.length; units(n, B.perElement); alloc(n * 8) }
  wrap(G, 'Array', arrayArgs)
  wrap(Array, 'from', (t, a) => copyElements(a[0]))
  wrap(Array, 'of', arrayArgs)
  for (const name of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
    'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
    const size = G[name].BYTES_PER_ELEMENT
    wrap(G, name, (t, a) => {
      const x = a[0]
      const n = typeof x === 'number' ? lengthOf({ length: x }) : x instanceof ArrayBuffer ? 0 : lengthOf(x)
      units(n * size, B.perByte); alloc(n * size)
    })
  }
  wrap(G, 'ArrayBuffer', (t, a) => { const n = lengthOf({ length: a[0] }); units(n, B.perByte); alloc(n) })
  for (const name of ['slice', 'resize', 'transfer', 'transferToFixedLength']) {
    wrap(ArrayBuffer.prototype, name, (t) => { units(t.byteLength, B.perByte); alloc(t.byteLength) })
  }
  wrap(TypedArrayProto, 'subarray', () => charge(1))

  const SP = String.prototype
  // These would compile their string argument as a regular expression.
  for (const name of ['match', 'matchAll', 'search']) delete SP[name]
  // Naive search is O(n·m) from the start position: price the product for long needles.
  for (const name of ['includes', 'indexOf', 'lastIndexOf']) {
    wrap(SP, name, (t, a) => units((textOf(stringOf(t)) - (name === 'lastIndexOf' ? 0 : max(0, floor(+a[1]) || 0))) * max(1, textOf(a[0]) >> 4), B.perChar))
  }
  for (const name of ['startsWith', 'endsWith']) wrap(SP, name, (t, a) => units(textOf(stringOf(a[0])), B.perChar))
  for (const name of ['normalize', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'isWellFormed', 'toWellFormed', 'split']) {
    wrap(SP, name, textOfThis, name === 'split' ? resultElements : resultChars)
  }
  for (const name of ['slice', 'substring', 'substr']) wrap(SP, name, () => charge(1), resultChars)
  wrap(SP, 'concat', (t, a) => { let n = textOf(stringOf(t)); for (const x of a) n += stringOf(x).length; units(checkString(n), B.perChar); alloc(n * 2) })
  wrap(SP, 'repeat', (t, a) => { const n = checkString(textOf(stringOf(t)) * max(0, floor(+a[0]) || 0)); units(n, B.perChar); alloc(n * 2) })
  for (const name of ['padStart', 'padEnd']) wrap(SP, name, (t, a) => { const n = checkString(max(0, floor(+a[0]) || 0)); units(n, B.perChar); alloc(n * 2) })
  for (const name of ['replace', 'replaceAll']) {
    wrap(SP, name, (t, a) => {
      const n = textOf(stringOf(t)), m = textOf(a[0]), r = a[1]
      if (typeof r === 'string' && (includes(r, '$' + '\u0060') || includes(r, "$'"))) throw new OrigRangeError('the $\u0060 and $\' replacement patterns are not supported')
      const bound = typeof r === 'string' ? n + (n + 1) * (r.length + m) : n
      units(checkString(bound), B.perChar)
    }, resultChars)
  }
  wrap(String, 'raw', (t, a) => units(lengthOf(a[0] && a[0].raw), B.perElement), resultChars)
  for (const name of ['fromCharCode', 'fromCodePoint']) wrap(String, name, (t, a) => units(a.length, B.perElement), stringResult)
  for (const name of ['encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'escape', 'unescape']) {
    wrap(G, name, (t, a) => units(textOf(stringOf(a[0])), B.perChar), resultChars)
  }
  wrap(JSON, 'parse', (t, a) => { const n = textOf(a[0]); units(n, B.perChar * 4); alloc(n * 8) })
  wrap(JSON, 'stringify', () => charge(1), resultChars)
  const resultKeys = (r) => { const n = lengthOf(r); units(n, B.perElement); alloc(n * 8) }
  for (const name of ['keys', 'values', 'entries', 'getOwnPropertyNames', 'getOwnPropertySymbols', 'getOwnPropertyDescriptors', 'groupBy']) wrap(Object, name, () => charge(1), resultKeys)
  // Properties added by a builtin rather than by syntax (instrument.ts counts o[k] = v).
  wrap(Object, 'assign', (t, a) => { for (const x of a) if (x != null) { const n = ownKeys(Object(x)).length; units(n, B.perElement); alloc(n * 64) } })
  for (const [target, name] of [[Object, 'defineProperty'], [Reflect, 'defineProperty'], [Reflect, 'set']]) wrap(target, name, () => alloc(64))
  wrap(Object, 'defineProperties', (t, a) => alloc(ownKeys(Object(a[1])).length * 64))
  wrap(Object, 'create', (t, a) => alloc(64 + (a[1] == null ? 0 : ownKeys(Object(a[1])).length * 64)))
  wrap(Object, 'fromEntries', (t, a) => copyElements(a[0]))
  wrap(Reflect, 'ownKeys', () => charge(1), resultKeys)
  for (const name of ['apply', 'construct']) wrap(Reflect, name, (t, a) => units(lengthOf(a[1]), B.perElement))
  wrap(FunctionProto, 'apply', (t, a) => units(lengthOf(a[1]), B.perElement))
  const boundFunctions = new WeakSet()
  wrap(FunctionProto, 'bind', (t, a) => units(a.length, B.perElement), (r) => boundFunctions.add(r))
  wrap(G, 'BigInt', (t, a) => units(textOf(a[0]), B.perChar))
  for (const name of ['asIntN', 'asUintN']) {
    wrap(BigInt, name, (t, a) => { if (!(+a[0] <= L.maxBigintBits)) throw new OrigRangeError('BigInt exceeds ' + L.maxBigintBits + ' bits') })
  }
  wrap(Symbol, 'for', (t, a) => units(textOf(a[0]), B.perChar))
  // Collections built from an iterable copy it natively: price its size. (Spread and array
  // destructuring with a rest element are priced by the instrumenter's __inkSpread.)
  const sizeOf = (x) => (x == null ? 0 : x.length !== undefined ? lengthOf(x) : lengthOf({ length: x.size }))
  for (const name of ['Map', 'Set', 'WeakMap', 'WeakSet']) wrap(G, name, (t, a) => { const n = sizeOf(a[0]); units(n, B.perElement); alloc(n * 16) })
  wrap(Map, 'groupBy', (t, a) => copyElements(a[0]))
  // Object.freeze does not reach a collection's entries: refuse to change a frozen collection.
  const refuseFrozen = (t) => { if (isFrozen(t)) throw new OrigTypeError('cannot modify a frozen collection: module-level state is read-only during calls') }
  // An entry added to a collection: its record and hash slot.
  const addEntry = (t) => { refuseFrozen(t); alloc(64) }
  for (const [C, names] of [[Map, ['set', 'delete', 'clear']], [Set, ['add', 'delete', 'clear']], [WeakMap, ['set', 'delete']], [WeakSet, ['add', 'delete']]]) {
    for (const name of names) wrap(C.prototype, name, name === 'set' || name === 'add' ? addEntry : refuseFrozen)
  }
  const iterators = [[][Symbol.iterator](), new Map()[Symbol.iterator](), new Set()[Symbol.iterator](), ''[Symbol.iterator]()]

  // ---- errors, console and the bridge --------------------------------------------------------
  class RevertError extends OrigError {}
  defineProperty(RevertError.prototype, 'name', { value: 'RevertError', writable: true, configurable: true })
  class CallError extends OrigError {}
  defineProperty(CallError.prototype, 'name', { value: 'CallError', writable: true, configurable: true })

  const tamedGetters = new WeakSet()
  /** Reads a data property along the prototype chain without running contract getters. */
  function dataProperty(o, key) {
    for (let p = o, hops = 0; p !== null && hops < 16; p = getPrototypeOf(p), hops++) {
      const d = getOwnPropertyDescriptor(p, key)
      if (d) return 'value' in d ? d.value : tamedGetters.has(d.get) ? d.get() : undefined
    }
    return undefined
  }
  function describeError(e) {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return { name: 'Error', message: 'uncaught ' + typeof e + ' value', stack: '' }
    const name = dataProperty(e, 'name'), message = dataProperty(e, 'message'), stack = dataProperty(e, 'stack')
    return {
      name: typeof name === 'string' ? slice(name, 0, 64) : 'Error',
      message: typeof message === 'string' ? slice(message, 0, 1024) : '',
      stack: typeof stack === 'string' ? slice(stack, 0, 4096) : '',
    }
  }

  // Prices of the bridge's hot paths, read once; those paths also charge inline rather than
  // through charge(): a QuickJS function call is a tenth of a microsecond.
  const DECODE_PER_BYTE = H.argsDecode.perByte, READ_BASE = H.storageRead.base, READ_PER_BYTE = H.storageRead.perByte
  const WRITE_BASE = H.storageWrite.base, WRITE_PER_BYTE = H.storageWrite.perByte, EMIT_BASE = H.emit.base, EMIT_PER_BYTE = H.emit.perByte
  const RESULT_PER_BYTE = H.resultEncode.perByte

  // Canonical bytes (vm/canonical.ts) are what crosses to the host and what the bridge keeps:
  // byte strings, each character a byte (inkstone-quickjs.c).
  /**
   * A value's canonical bytes, charging 1 gas a value (and a Uint8Array by size). The engine's
   * native walk (inkstone-quickjs.c) encodes what contracts commonly hand the bridge, charging
   * the gas meter itself; for anything else (getters, errors, unusual objects, not enough gas)
   * it declines before anything happened, and plainCopy walks the value here, with the same
   * gas, then the copy is encoded.
   */
  function toCanonical(v) {
    const bytes = nativeToCanonical(v, true)
    return bytes === undefined ? encodedCopy(plainCopy(v, 0)) : bytes
  }
  /** The canonical bytes of a value the prelude made or copied (its gas already charged). */
  function encodedCopy(copy) {
    const bytes = nativeToCanonical(copy, false)
    if (bytes === undefined) throw new OrigRangeError('value is too large to encode (over ' + L.maxEncodedBytes + ' bytes)')
    return bytes
  }
  /**
   * A copy of a value of plain data properties only, read with [[Get]] (a getter is contract
   * code, metered like any other) in the order the native walk visits: the refusals of the
   * canonical encoding, each with its message, and the native walk's gas.
   */
  function plainCopy(v, depth) {
    if (depth > 64) throw new OrigTypeError('value is nested deeper than 64 levels (or cyclic)')
    if (--__inkG < 0) oog()
    switch (typeof v) {
      case 'string':
        if (!isWellFormed(v)) throw new OrigTypeError('string contains a lone surrogate (not encodable)')
        return v
      case 'bigint':
      case 'boolean':
        return v
      case 'number':
        if (v !== v || v === Infinity || v === -Infinity) throw new OrigTypeError(v + ' is not encodable (finite numbers only)')
        return v
      case 'object': break
      default: throw new OrigTypeError(typeof v + ' is not encodable')
    }
    if (v === null) return null
    const proto = getPrototypeOf(v)
    if (proto === OrigUint8Array.prototype) {
      const n = v.length
      units(n, B.perByte)
      const copy = new OrigUint8Array(n)
      for (let i = 0; i < n; i++) copy[i] = v[i]
      return copy
    }
    // Like the host's encoder: own enumerable string keys, read with [[Get]].
    if (isArray(v)) {
      const n = v.length, copy = []
      for (let i = 0; i < n; i++) {
        if (!(i in v)) throw new OrigTypeError('holes in arrays are not encodable')
        copy[i] = plainCopy(v[i], depth + 1)
      }
      return copy
    }
    if (proto !== ObjectProto && proto !== null) throw new OrigTypeError('only plain objects are encodable, not class instances')
    const copy = { __proto__: null } // so a "__proto__" key is an own property like any other
    const names = objectKeys(v)
    for (let i = 0; i < names.length; i++) {
      const name = names[i]
      if (!isWellFormed(name)) throw new OrigTypeError('name contains a lone surrogate: ' + jsonStringify(name))
      copy[name] = plainCopy(v[name], depth + 1)
    }
    return copy
  }
  /** The value of canonical bytes, charged by their length. */
  function fromCanonical(bytes) {
    // units(bytes.length, DECODE_PER_BYTE), then alloc(bytes.length * 8), inline.
    if ((__inkG -= ceil(bytes.length * DECODE_PER_BYTE) + 1) < 0 || (__inkM -= bytes.length * 8) < 0) oog()
    return nativeFromCanonical(bytes)
  }
  const ARRAY = '\u0007' // the tag of an array's canonical bytes
  /** n as an unsigned LEB128 byte string (the length and count prefixes of the frames the host reads). */
  function uvarint(n) {
    let bytes = ''
    for (; n > 127; n = floor(n / 128)) bytes += byteChar((n % 128) + 128)
    return bytes + byteChar(n)
  }
  // An event is the canonical bytes of [name, data]; the head, up to the data, is kept per name
  // (names repeat from call to call). Bounded; it holds strings only and is unreachable from
  // contracts, so all a call can learn from an earlier one through it is time.
  const eventHeads = { __proto__: null }
  let eventHeadCount = 0
  function eventHead(name) {
    const known = eventHeads[name]
    if (known !== undefined) return known
    if (!isWellFormed(name)) throw new OrigTypeError('name contains a lone surrogate: ' + jsonStringify(name))
    const head = '\u0007\u0002' + encodedCopy(name) // an array of two items, the first the name
    if (eventHeadCount < 256) { eventHeads[name] = head; eventHeadCount++ }
    return head
  }

  /**
   * list.push(item) for the prelude's own lists: the same charge as the priced push the bridge
   * always used (8 bytes a slot: memoryUsed is part of results) without its generic wrapper.
   */
  function append(list, item) { if ((__inkM -= 8) < 0) oog(); list[list.length] = item } // alloc(8), inline
  /**
   * Empties a list of the prelude's for the next call or flush: one that stayed short keeps its
   * storage (growing an array from empty reallocates at each of its first pushes); a long one is
   * let go, so a context does not keep what one call made it hold.
   */
  function emptied(list) {
    if (list.length > 64) return []
    list.length = 0
    return list
  }

  // Per-call state, reset by every dispatch.
  // local: key → canonical bytes or null (deleted), read-your-writes; pending: keys written since the
  // last flush, written: the same as a set once pending is long (null before).
  // call: [method, caller, origin, self, txHash, blockHeight, blockTime]; context: built on first use.
  let local, written, pending = [], events = [], logs = [], logCount, call, context
  // The hot paths test call inline: a QuickJS function call costs more than the test.
  function inCall() { if (call === undefined) notInCall() }
  function notInCall() { throw new OrigTypeError('the host is not available while the contract module initialises') }
  const MAX_KEY_LENGTH = 1024
  // The engine's reads and encodings charge these meters as this code does (inkstone-quickjs.c
  // "Meters"); a read answers KEY_REFUSED for a key keyOf refuses.
  const KEY_REFUSED = freeze({})
  bindMeters(() => __inkG, () => __inkM, oog, KEY_REFUSED, [B.perByte, READ_BASE, READ_PER_BYTE, DECODE_PER_BYTE, WRITE_BASE, WRITE_PER_BYTE, EMIT_BASE, EMIT_PER_BYTE, MAX_KEY_LENGTH])
  // keyOf's tests, each with its error. Reads and writes first ask the engine (nativeRead, isKey:
  // one scan), which accepts exactly what keyOf accepts, and call keyOf only when it says no.
  function keyOf(key) {
    if (typeof key !== 'string') throw new OrigTypeError('storage key must be a string')
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) throw new OrigRangeError('storage key must be 1 to 1024 characters')
    // Keys cross to the host raw, as a C string: U+0000 would cut them short.
    if (indexOf(key, '\u0000') >= 0) throw new OrigRangeError('storage key must not contain U+0000')
    if (!isWellFormed(key)) throw new OrigRangeError('storage key must not contain a lone surrogate')
    return key
  }
  function markWritten(key) {
    const n = pending.length
    // A short list is searched: a property lookup by a key made at run time costs more (the
    // engine interns the key first). The engine's writes (nativeWrite) search the same short
    // lists and leave longer ones, and written, to this code: 8 is its SHORT_PENDING too.
    if (n < 8) {
      for (let i = 0; i < n; i++) if (pending[i] === key) return
    } else {
      if (written === null) {
        written = { __proto__: null }
        for (let i = 0; i < n; i++) written[pending[i]] = true
      } else if (key in written) return
      written[key] = true
    }
    append(pending, key)
  }
  /** Hands buffered writes, events and log lines to the host, before anything that lets other code run. */
  function flush() {
    if (pending.length === 0 && events.length === 0 && logs.length === 0) return
    hostCall('f', writesAndEvents() + logLines())
    pending = emptied(pending)
    written = null
    events = emptied(events)
    logs = emptied(logs)
  }
  /** The log lines as the host reads them (vm/frames.ts): their count, then each line's length and bytes. */
  function logLines() {
    if (logs.length === 0) return '\u0000'
    let section = uvarint(logs.length)
    for (let i = 0; i < logs.length; i++) section += uvarint(logs[i].length) + logs[i]
    return section
  }
  /** The buffered writes and events as the host reads them, written by the engine (inkstone-quickjs.c). */
  function writesAndEvents() {
    if (pending.length === 0 && events.length === 0) return '\u0000\u0000'
    const section = nativeWritesAndEvents(pending, local, events)
    if (section === undefined) throw new OrigRangeError('the writes and events of a call take more than ' + L.maxEncodedBytes + ' bytes')
    return section
  }
  const storage = freeze({
    // Read, cached in local, charged and (get) decoded by the engine; keyOf only says what is wrong with a key.
    get(key) {
      if (call === undefined) notInCall()
      const value = nativeRead(key, local, true)
      if (value === KEY_REFUSED) keyOf(key)
      return value
    },
    has(key) {
      if (call === undefined) notInCall()
      const found = nativeRead(key, local, false)
      if (found === KEY_REFUSED) keyOf(key)
      return found
    },
    set(key, value) {
      if (call === undefined) notInCall()
      // The engine does all of what follows, or (an unusual key or value, a long write list) none of it.
      if (nativeWrite(key, value, local, pending) === true) return
      if (typeof key !== 'string' || !isKey(key, MAX_KEY_LENGTH)) keyOf(key)
      // toCanonical(value), inline.
      let bytes = nativeToCanonical(value, true)
      if (bytes === undefined) bytes = encodedCopy(plainCopy(value, 0))
      if ((__inkG -= WRITE_BASE + WRITE_PER_BYTE * (key.length + bytes.length)) < 0) oog()
      markWritten(key)
      local[key] = bytes
    },
    delete(key) {
      inCall()
      keyOf(key)
      charge(H.storageDelete.base + H.storageDelete.perByte * key.length)
      markWritten(key)
      local[key] = null
    },
    /** Entries whose key starts with prefix, in UTF-8 byte order of keys, after the key "after". */
    entries(prefix, options) {
      inCall()
      if (typeof prefix !== 'string') throw new OrigTypeError('prefix must be a string')
      const after = options && options.after !== undefined ? keyOf(options.after) : null
      const limit = options && options.limit !== undefined ? +options.limit : 100
      if (!(limit >= 1 && limit <= L.maxIterateEntries)) throw new OrigRangeError('limit must be 1 to ' + L.maxIterateEntries)
      charge(H.storageIterate.base + H.storageIterate.perEntry * limit)
      flush()
      // The reply: the canonical bytes of the rows, [key, value] each.
      const reply = hostCall('i' + jsonStringify({ prefix, after, limit: floor(limit) }))
      charge(H.storageIterate.perByte * reply.length)
      const rows = fromCanonical(reply)
      const out = []
      for (let i = 0; i < rows.length; i++) append(out, freeze(rows[i]))
      return out
    },
  })
  function emit(name, data) {
    if (call === undefined) notInCall()
    // The engine does all of what follows, or (a new or unusual name, an unusual value, too many events) none of it.
    if (nativeEmit(name, data, eventHeads, events) === true) return
    if (typeof name !== 'string' || name.length === 0 || name.length > 64) throw new OrigTypeError('event name must be a string of 1 to 64 characters')
    if (data === undefined) data = null
    // toCanonical(data), inline.
    let bytes = nativeToCanonical(data, true)
    if (bytes === undefined) bytes = encodedCopy(plainCopy(data, 0))
    if ((__inkG -= EMIT_BASE + EMIT_PER_BYTE * (name.length + bytes.length)) < 0) oog()
    if (events.length >= 1024) throw new OrigRangeError('more than 1024 events in one call')
    let head = eventHeads[name]
    if (head === undefined) head = eventHead(name)
    append(events, head + bytes)
  }
  function callContract(address, method, args, options) {
    inCall()
    if (typeof address !== 'string' || typeof method !== 'string') throw new OrigTypeError('call(address, method, args): address and method must be strings')
    const argsBytes = toCanonical(args === undefined ? [] : args)
    if (argsBytes[0] !== ARRAY) throw new OrigTypeError('call args must be an array')
    charge(H.call.base + H.call.perByte * (address.length + method.length + argsBytes.length))
    const left = __inkG
    let limit = floor(left - left / 64) // all but one 64th: the caller keeps enough to handle a failure
    if (options && options.gas !== undefined) limit = Math.min(limit, floor(+options.gas) || 0)
    flush()
    // The reply: the canonical bytes of { ok, gasUsed, value } or { ok, gasUsed, kind, message }.
    const reply = fromCanonical(hostCall('c' + jsonStringify({ to: address, method, gas: limit }), argsBytes))
    charge(reply.gasUsed)
    if (!reply.ok) throw new CallError(address + '.' + method + ' failed (' + reply.kind + '): ' + reply.message)
    return reply.value
  }
  /** A host function (vm/host-functions.ts): the host prices the call, it is charged, then it runs. */
  function invoke(name, args) {
    inCall()
    if (typeof name !== 'string' || name.length > 64 || indexOf(name, '\u0000') >= 0) throw new OrigTypeError('invoke(name, args): name must be a short string')
    const argsBytes = toCanonical(args)
    if (argsBytes[0] !== ARRAY) throw new OrigTypeError('invoke(name, args): args must be an array')
    charge(H.invoke.base + H.invoke.perByte * argsBytes.length)
    // The reply: the canonical bytes of [status, cost, value or message], the status 'v' (a
    // value), 'e' (an error) or 'g' (not enough gas: the cost alone, which runs the call out).
    const reply = fromCanonical(hostCall('v' + name + '\u001f' + __inkG, argsBytes))
    charge(reply[1])
    if (reply[0] === 'v') return reply[2]
    throw new OrigTypeError(name + ': ' + reply[2])
  }

  /**
   * A log argument's canonical bytes, charged by their length (encoding a large value is work
   * however little a log line is worth); of a string, its first 4,096 characters'; what cannot
   * be encoded, or takes over 16 KiB, is shown by its type.
   */
  function logArgument(x) {
    let bytes
    try { bytes = toCanonical(typeof x === 'string' ? toWellFormed(slice(x, 0, 4096)) : x) } catch {}
    if (bytes === undefined) return encodedCopy('[' + typeof x + ']')
    charge(H.log.perByte * bytes.length)
    return bytes.length <= 16384 ? bytes : encodedCopy('[' + typeof x + ']')
  }
  const console = freeze({
    // A line is the canonical bytes of its arguments (the host shows them, vm/vm.ts).
    log(...args) {
      charge(H.log.base)
      if (logCount++ < 256) {
        let line = '\u0007' + uvarint(args.length)
        for (let i = 0; i < args.length; i++) line += logArgument(args[i])
        append(logs, line)
      }
    },
  })
  defineProperty(G, 'console', { value: console })
  const inkstone = freeze({
    storage, emit, call: callContract, invoke,
    context() {
      inCall()
      if (context === null) context = freeze({ caller: call[1], origin: call[2], self: call[3], blockHeight: +call[5], blockTime: +call[6], txHash: call[4] })
      return context
    },
    caller() { if (call === undefined) notInCall(); return call[1] },
    self() { inCall(); return call[3] },
    gasLeft: () => max(0, __inkG),
    revert(message) { throw new RevertError(stringOf(message)) },
    // The stdlib's require: checks are on most calls' path, one call rather than two.
    revertUnless(condition, message) { if (!condition) throw new RevertError(stringOf(message)) },
    RevertError, CallError,
  })
  function require(name) {
    if (name === 'inkstone:host') return inkstone
    throw new OrigTypeError('module "' + name + '" is not available in a contract')
  }

  // ---- freeze every intrinsic, with the override mistake tamed --------------------------------
  // Assigning e.g. this.name on an Error instance must still work once Error.prototype.name is
  // frozen: such properties become accessors whose setter defines an own property on the instance.
  function tame(proto, key) {
    const d = getOwnPropertyDescriptor(proto, key)
    if (!d || !('value' in d) || !d.writable) return
    const value = d.value
    const get = () => value
    tamedGetters.add(get)
    defineProperty(proto, key, {
      get,
      set(v) { if (this === proto) throw new OrigTypeError('cannot assign to frozen ' + stringOf(key)); defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true }) },
      enumerable: d.enumerable, configurable: false,
    })
  }
  for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']) tame(ObjectProto, key)
  for (const E of [OrigError, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, G.InternalError, G.AggregateError, RevertError, CallError]) {
    if (E) for (const key of ['name', 'message', 'constructor', 'toString']) tame(E.prototype, key)
  }
  tame(FunctionProto, 'toString')
  const intrinsics = new WeakSet()
  /**
   * Freezes everything reachable from roots (prototypes, property values, accessors) that is
   * neither an intrinsic nor in done; visit(o, stack, keyCount) may veto an object (returns
   * false) or add more roots.
   */
  function freezeAll(roots, done, visit) {
    const stack = [...roots]
    while (stack.length) {
      const o = stack.pop()
      if (o === null || (typeof o !== 'object' && typeof o !== 'function') || intrinsics.has(o) || done.has(o)) continue
      done.add(o)
      const keys = ownKeys(o)
      if (visit && !visit(o, stack, keys.length)) return false
      freeze(o)
      stack.push(getPrototypeOf(o))
      for (const key of keys) {
        const d = getOwnPropertyDescriptor(o, key)
        if (!('value' in d)) { stack.push(d.get); stack.push(d.set); continue }
        const v = d.value
        if (typeof v === 'object' ? v !== null : typeof v === 'function') stack.push(v) // primitives need nothing
      }
    }
    return true
  }
  /** freezeAll([root], intrinsics), natively: it runs over every intrinsic at every load. */
  const deepFreeze = (root) => nativeFreezeAll([root], intrinsics, freeze, weakSetHas, weakSetAdd)

  const IteratorProto = getPrototypeOf(getPrototypeOf([][Symbol.iterator]()))
  const MapProto = Map.prototype, SetProto = Set.prototype
  const mapForEach = MapProto.forEach, setForEach = SetProto.forEach
  const volatileProtos = new Set([ArrayBuffer.prototype, TypedArrayProto, DataView.prototype, WeakMap.prototype, WeakSet.prototype, IteratorProto])
  /** Freezes everything reachable from the module's roots; false when something there cannot be frozen. */
  function freezeModuleState(values) {
    return freezeAll(values, new WeakSet(), (o, stack, keyCount) => {
      charge(B.freezePerObject + B.freezePerKey * keyCount) // from initialisation's gas (start): loads are otherwise unmetered
      if (boundFunctions.has(o)) return false
      // One walk up the prototype chain (loads are not metered: this runs for every object).
      let isMap = false, isSet = false
      for (let p = getPrototypeOf(o); p !== null; p = getPrototypeOf(p)) {
        if (volatileProtos.has(p)) return false
        if (p === MapProto) isMap = true
        else if (p === SetProto) isSet = true
      }
      const readers = privateOwners.get(o)
      if (readers !== undefined) for (let i = 0; i < readers.length; i++) readers[i](o, stack)
      // Object.freeze does not reach a collection's entries: walk them too.
      if (isMap) apply(mapForEach, o, [(v, k) => { stack.push(k); stack.push(v) }])
      if (isSet) apply(setForEach, o, [(v) => { stack.push(v) }])
      return true
    })
  }

  /** Runs the module's top level; returns its exports. */
  function initialise(factory) {
    const module = { exports: {} }
    factory(module, module.exports, require)
    return module
  }

  function start(factory) {
    // Intrinsics that no global property leads to, only syntax or an instance.
    for (const o of [function* () {}, async function () {}, async function* () {}, ...iterators]) deepFreeze(o)
    deepFreeze(G)
    // What the prelude hands the module besides globals: the host bridge and require itself.
    deepFreeze(inkstone)
    deepFreeze(require)
    // Initialise once (epoch 0) under its own gas and memory budgets; freeze what outlives
    // initialisation, and tell the host what that took.
    __inkG = L.initGas
    __inkM = L.initMemoryLimit
    initRoots = []
    let module, volatile
    try {
      module = initialise(factory)
      const captured = []
      for (const get of initRoots) { try { captured.push(get()) } catch {} } // a binding never initialised holds nothing
      initRoots = null
      volatile = !freezeModuleState([module, module.exports, ...captured, ...initClasses])
    } catch (e) {
      if (fault !== null && fault.kind === 'out-of-memory') throw new OrigRangeError('module initialisation exceeded its memory limit of ' + L.initMemoryLimit + ' bytes')
      if (__inkG < 0) throw new OrigRangeError('module initialisation ran out of its ' + L.initGas + ' gas')
      throw e
    }
    initClasses = privateOwners = null
    // What initialisation allocated (the host bounds what cached contexts hold) and the gas it
    // used (part of the price of loading the module again, RELOAD_GAS).
    hostCall('m' + (L.initMemoryLimit - __inkM) + ',' + (L.initGas - __inkG))
    __inkG = Infinity
    // Methods found on the frozen exports of a module that is not volatile: they cannot change.
    const methods = { __proto__: null }
    function methodOf(method) {
      const cached = methods[method]
      if (cached !== undefined) return cached
      const exportsObject = volatile ? initialise(factory).exports : module.exports
      const fn = exportsObject !== null && typeof exportsObject === 'object' ? dataProperty(exportsObject, method) : undefined
      if (typeof fn !== 'function' || !Object.hasOwn(exportsObject, method)) throw new OrigTypeError('contract has no method "' + method + '"')
      if (!volatile) methods[method] = fn
      return fn
    }
    /**
     * A call: its header, the method, caller, origin, self, txHash, blockHeight and blockTime
     * joined by U+001F (the host checks that no field contains one, or NUL), the canonical bytes
     * of its argument array, and its gas limit. It returns the envelope the host reads (vm/frames.ts
     * readEnvelope) as the parts the engine joins (inkstone-quickjs.c write_parts): 'K'
     * (returned) or 'F' (failed), gas left, memory used and the dirty mark (the engine writes
     * the numbers in decimal), ';', then for 'K' the writes and events, the log lines and the
     * value's canonical bytes; for 'F' the log lines and those of [kind, name, message, stack].
     */
    return function dispatch(header, args, gasLimit) {
      call = splitFields(header)
      fault = null; __inkM = S.memoryLimit; dirty = false
      __inkEpoch = ++epoch
      local = { __proto__: null }; written = null; logCount = 0
      if (pending.length !== 0) pending = emptied(pending)
      if (events.length !== 0) events = emptied(events)
      if (logs.length !== 0) logs = emptied(logs)
      __inkG = gasLimit
      let envelope
      try {
        const method = call[0]
        context = null
        const argValues = fromCanonical(args)
        let fn = methods[method]
        if (fn === undefined) fn = methodOf(method)
        const result = apply(fn, undefined, argValues)
        // toCanonical(result), then its price, inline.
        let value = nativeToCanonical(result, true)
        if (value === undefined) value = encodedCopy(plainCopy(result, 0))
        if ((__inkG -= RESULT_PER_BYTE * value.length) < 0) oog()
        const section = pending.length === 0 && events.length === 0 ? '\u0000\u0000' : writesAndEvents()
        envelope = ['K', __inkG, ',', S.memoryLimit - __inkM, dirty ? ',1;' : ',0;', section, logs.length === 0 ? '\u0000' : logLines(), value]
      } catch (e) {
        let kind, info
        if (fault !== null) { kind = fault.kind; info = { name: 'Error', message: fault.message, stack: '' } }
        else if (__inkG < 0) { kind = 'out-of-gas'; info = { name: 'Error', message: 'out of gas', stack: '' } }
        else { info = describeError(e); kind = e instanceof RevertError ? 'revert' : 'error' }
        // A sliced message or stack can end in half a surrogate pair.
        const failure = encodedCopy([kind, toWellFormed(info.name), toWellFormed(info.message), toWellFormed(info.stack)])
        envelope = ['F', __inkG, ',', S.memoryLimit - __inkM, dirty ? ',1;' : ',0;', logLines(), failure]
      }
      local = written = call = context = __inkT = undefined
      return envelope
    }
  }
  // freezeMethod: a private method read rather than called (instrument.ts #privateMethodRead).
  return { oog, priced, concat, ops, update, str, spread, barrier, privateWrite, roots, defineClass, privates, freezeMethod: freeze, start }
}`

/** Bundle line N appears at script line N + SCRIPT_LINE_OFFSET (for stack traces and source maps). */
export const SCRIPT_LINE_OFFSET = RUNTIME.split('\n').length
