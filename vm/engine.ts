/**
 * The QuickJS engine binding: runtimes and contexts that run one string-in, string-out function.
 *
 * Inkstone runs the bellard QuickJS release build (synchronous, no asyncify): 1.6–1.9× faster than
 * quickjs-ng on loops (DESIGN.md §1) and byte-identical in Node and the browser, which is what
 * makes gas and results identical across them. Swapping the variant here changes every node's
 * behaviour, so it is a consensus change.
 *
 * The VM needs little of QuickJS: evaluate a script to a function, call it with one string and
 * read back one string, and answer one host function that takes and returns a string. This file
 * does exactly that on the variant's C interface (its FFI), with no per-value handles: the stock
 * quickjs-emscripten wrapper (Lifetime, Scope, generator-based host calls) cost ~25 µs of each
 * call and ~4 µs of each host call (DESIGN.md §1), more than the rest of the crossing.
 *
 * Pointers below are wasm addresses: `JSValue*` boxes owned by whoever the comment says, C strings
 * freed with QTS_FreeCString, scratch memory from the module's malloc.
 */
import type {
  EmscriptenModuleLoader,
  HostRefId,
  JSContextPointer,
  JSRuntimePointer,
  JSValueConstPointer,
  JSValueConstPointerPointer,
  JSValuePointer,
  OwnedHeapCharPointer,
  QuickJSEmscriptenModule,
  QuickJSFFI,
} from '@jitl/quickjs-ffi-types'
import releaseSync from '@jitl/quickjs-wasmfile-release-sync'

/**
 * Answers the sandbox's host function. Returning undefined gives the sandbox `undefined`;
 * throwing makes the sandbox's call throw an Error with the same message.
 */
export type HostFunction = (request: string) => string | undefined

/** A result read out of the sandbox: the string returned, or the message of what was thrown. */
export type Outcome = { ok: true; text: string } | { ok: false; error: string }

export interface RuntimeOptions {
  /** Bytes of QuickJS stack (deterministic, catchable stack overflow). */
  maxStackSize: number
  /** The engine's allocation limit: a fuse only (DESIGN.md §1). */
  memoryLimit: number
  /** Polled by the engine every ~10,000 steps; true interrupts the running code. */
  shouldInterrupt: () => boolean
}

/** Loads a fresh engine instance (its own wasm memory; ~4 ms). */
export async function loadEngine(): Promise<Engine> {
  const [loaderModule, FFI] = await Promise.all([releaseSync.importModuleLoader(), releaseSync.importFFI()])
  // The loader arrives as the module itself or wrapped as its default export, by bundler.
  const load = (typeof loaderModule === 'function' ? loaderModule : (loaderModule as { default: unknown }).default) as EmscriptenModuleLoader<QuickJSEmscriptenModule>
  const module = await load()
  module.type = 'sync'
  return new Engine(module, new FFI(module))
}

export class Engine {
  readonly #module: QuickJSEmscriptenModule
  readonly #ffi: QuickJSFFI
  readonly #runtimes = new Map<JSRuntimePointer, Runtime>()
  readonly #hostFunctions = new Map<HostRefId, { context: JSContextPointer; fn: HostFunction }>()
  #nextHostRef = 1
  /** Scratch memory for strings going in (QTS_NewString and QTS_Eval copy them). */
  #scratch = 0
  #scratchSize = 0
  /** The one-slot argv of every call. */
  readonly #argv: JSValueConstPointerPointer
  readonly #undefined: JSValueConstPointer
  readonly #encoder = new TextEncoder()
  #heap32: Uint32Array<ArrayBufferLike> = new Uint32Array(0)

  constructor(module: QuickJSEmscriptenModule, ffi: QuickJSFFI) {
    this.#module = module
    this.#ffi = ffi
    this.#argv = module._malloc(4) as JSValueConstPointerPointer
    this.#undefined = ffi.QTS_GetUndefined()
    module.callbacks = {
      callFunction: (_asyncify, ctx, _this, argc, argv, id) => this.#hostCall(ctx, argc, argv, id),
      shouldInterrupt: (_asyncify, rt) => {
        try {
          return this.#runtimes.get(rt)?.shouldInterrupt() ? 1 : 0
        } catch {
          return 1
        }
      },
      freeHostRef: (_asyncify, _rt, id) => void this.#hostFunctions.delete(id),
      // Contracts are scripts, never modules: nothing is ever imported.
      loadModuleSource: () => 0 as never,
      normalizeModule: () => 0 as never,
    }
  }

  /** Bytes of wasm memory (it grows with the heaps of every runtime and never shrinks). */
  get memoryBytes(): number {
    return this.#module.HEAPU8.length
  }

  newRuntime(options: RuntimeOptions): Runtime {
    const pointer = this.#ffi.QTS_NewRuntime()
    this.#ffi.QTS_RuntimeSetMaxStackSize(pointer, options.maxStackSize)
    this.#ffi.QTS_RuntimeSetMemoryLimit(pointer, options.memoryLimit)
    this.#ffi.QTS_RuntimeEnableInterruptHandler(pointer)
    const runtime = new Runtime(this, pointer, options.shouldInterrupt)
    this.#runtimes.set(pointer, runtime)
    return runtime
  }

  // ---- for Runtime and Context ------------------------------------------------------------

  get ffi(): QuickJSFFI {
    return this.#ffi
  }

  freeRuntime(pointer: JSRuntimePointer): void {
    this.#runtimes.delete(pointer)
    this.#ffi.QTS_FreeRuntime(pointer)
  }

  /** Writes `text` as a NUL-terminated UTF-8 string into scratch memory, valid until the next call. */
  encode(text: string): { pointer: number; length: number } {
    // UTF-8 takes at most 3 bytes per UTF-16 unit, plus the NUL.
    const needed = 3 * text.length + 1
    if (needed > this.#scratchSize) {
      if (this.#scratch) this.#module._free(this.#scratch)
      this.#scratchSize = Math.max(needed, 2 * this.#scratchSize, 4096)
      this.#scratch = this.#module._malloc(this.#scratchSize)
    }
    // Strings crossing into the sandbox are well-formed (canonical values, host-made headers), so
    // TextEncoder writes the same bytes as emscripten's stringToUTF8, natively.
    const { written } = this.#encoder.encodeInto(text, this.#module.HEAPU8.subarray(this.#scratch, this.#scratch + needed - 1))
    this.#module.HEAPU8[this.#scratch + written] = 0
    return { pointer: this.#scratch, length: written }
  }

  /** A new JS string value (a `JSValue*` the caller owns). */
  newString(ctx: JSContextPointer, text: string): JSValuePointer {
    return this.#ffi.QTS_NewString(ctx, this.encode(text).pointer as never)
  }

  /** Reads and frees a C string the caller owns (malloc'd). */
  readOwnedChars(chars: OwnedHeapCharPointer): string {
    const text = this.#module.UTF8ToString(chars)
    this.#module._free(chars)
    return text
  }

  /** The string conversion of a value (ToString: only ever called on values known to be strings). */
  readString(ctx: JSContextPointer, value: JSValuePointer | JSValueConstPointer): string {
    const chars = this.#ffi.QTS_GetString(ctx, value)
    const text = this.#module.UTF8ToString(chars)
    this.#ffi.QTS_FreeCString(ctx, chars)
    return text
  }

  /** Calls `fn(argument)` with `this` undefined; returns the result box (owned by the caller), an exception marker when it threw. */
  call(ctx: JSContextPointer, fn: JSValuePointer, argument: JSValuePointer): JSValuePointer {
    // A fresh view when the wasm memory has grown (its old buffer is then detached).
    if (this.#heap32.buffer !== this.#module.HEAPU8.buffer) this.#heap32 = new Uint32Array(this.#module.HEAPU8.buffer)
    this.#heap32[this.#argv >> 2] = argument
    return this.#ffi.QTS_Call(ctx, fn, this.#undefined, 1, this.#argv)
  }

  registerHostFunction(ctx: JSContextPointer, fn: HostFunction): HostRefId {
    const id = this.#nextHostRef++ as HostRefId
    this.#hostFunctions.set(id, { context: ctx, fn })
    return id
  }

  /** C → host: the sandbox called its host function. Returns a `JSValue*` C takes over, or 0 for undefined. */
  #hostCall(ctx: JSContextPointer, argc: number, argv: JSValueConstPointer, id: HostRefId): JSValuePointer {
    try {
      const entry = this.#hostFunctions.get(id)
      if (!entry || entry.context !== ctx) throw new Error('host function called from a foreign context')
      if (argc !== 1) throw new TypeError('the host function takes one string')
      const request = this.readString(ctx, this.#ffi.QTS_ArgvGetJSValueConstPointer(argv, 0))
      const reply = entry.fn(request)
      return reply === undefined ? (0 as JSValuePointer) : this.newString(ctx, reply)
    } catch (error) {
      return this.#throwError(ctx, error instanceof Error ? error.message : String(error))
    }
  }

  #throwError(ctx: JSContextPointer, message: string): JSValuePointer {
    const error = this.#ffi.QTS_NewError(ctx)
    const key = this.newString(ctx, 'message')
    const value = this.newString(ctx, message)
    this.#ffi.QTS_SetProp(ctx, error, key, value)
    this.#ffi.QTS_FreeValuePointer(ctx, key)
    this.#ffi.QTS_FreeValuePointer(ctx, value)
    const thrown = this.#ffi.QTS_Throw(ctx, error) // throws a copy
    this.#ffi.QTS_FreeValuePointer(ctx, error)
    return thrown
  }
}

export class Runtime {
  readonly #engine: Engine
  readonly #pointer: JSRuntimePointer
  readonly #contexts = new Set<Context>()
  readonly shouldInterrupt: () => boolean

  constructor(engine: Engine, pointer: JSRuntimePointer, shouldInterrupt: () => boolean) {
    this.#engine = engine
    this.#pointer = pointer
    this.shouldInterrupt = shouldInterrupt
  }

  /** A context with the standard intrinsics and `globalThis[hostName]`, the host function. */
  newContext(hostName: string, host: HostFunction): Context {
    const { ffi } = this.#engine
    const ctx = ffi.QTS_NewContext(this.#pointer, 0 as never)
    const fn = ffi.QTS_NewFunction(ctx, hostName, 1, false, this.#engine.registerHostFunction(ctx, host))
    const global = ffi.QTS_GetGlobalObject(ctx)
    const key = this.#engine.newString(ctx, hostName)
    ffi.QTS_SetProp(ctx, global, key, fn)
    for (const pointer of [key, global, fn]) ffi.QTS_FreeValuePointer(ctx, pointer)
    const context = new Context(this.#engine, ctx, () => this.#contexts.delete(context))
    this.#contexts.add(context)
    return context
  }

  dispose(): void {
    for (const context of [...this.#contexts]) context.dispose()
    this.#engine.freeRuntime(this.#pointer)
  }
}

/** One QuickJS context holding one function, the entry point its script evaluated to. */
export class Context {
  readonly #engine: Engine
  readonly #ctx: JSContextPointer
  readonly #onDispose: () => void
  #entry = 0 as JSValuePointer
  #alive = true

  constructor(engine: Engine, ctx: JSContextPointer, onDispose: () => void) {
    this.#engine = engine
    this.#ctx = ctx
    this.#onDispose = onDispose
  }

  get alive(): boolean {
    return this.#alive
  }

  /**
   * Evaluates a global script (never a module) whose completion value, a function, becomes the
   * entry point. On failure, the message of what the script threw.
   */
  evaluate(script: string, filename: string): Outcome {
    const { pointer, length } = this.#engine.encode(script)
    const result = this.#engine.ffi.QTS_Eval(this.#ctx, pointer as never, length, filename, 0 as never, 0 as never)
    const exception = this.#engine.ffi.QTS_ResolveException(this.#ctx, result)
    if (exception) return this.#fail(result, exception)
    if (this.#typeOf(result) !== 'function') {
      this.#engine.ffi.QTS_FreeValuePointer(this.#ctx, result)
      return { ok: false, error: 'the script did not evaluate to a function' }
    }
    if (this.#entry) this.#engine.ffi.QTS_FreeValuePointer(this.#ctx, this.#entry)
    this.#entry = result
    return { ok: true, text: '' }
  }

  /** Calls the entry point with one string; a string result is read back. */
  call(argument: string): Outcome {
    const { ffi } = this.#engine
    const arg = this.#engine.newString(this.#ctx, argument)
    const result = this.#engine.call(this.#ctx, this.#entry, arg)
    ffi.QTS_FreeValuePointer(this.#ctx, arg)
    return this.#settle(result)
  }

  dispose(): void {
    if (!this.#alive) return
    this.#alive = false
    if (this.#entry) this.#engine.ffi.QTS_FreeValuePointer(this.#ctx, this.#entry)
    this.#engine.ffi.QTS_FreeContext(this.#ctx)
    this.#onDispose()
  }

  /** Reads a result box as a string, or the exception's message. Frees the box. */
  #settle(result: JSValuePointer): Outcome {
    const { ffi } = this.#engine
    const exception = ffi.QTS_ResolveException(this.#ctx, result)
    if (exception) return this.#fail(result, exception)
    const text = this.#engine.readString(this.#ctx, result)
    ffi.QTS_FreeValuePointer(this.#ctx, result)
    return { ok: true, text }
  }

  #fail(result: JSValuePointer, exception: JSValuePointer): Outcome {
    this.#engine.ffi.QTS_FreeValuePointer(this.#ctx, result)
    const error = this.#describe(exception)
    this.#engine.ffi.QTS_FreeValuePointer(this.#ctx, exception)
    return { ok: false, error }
  }

  /**
   * The message of an exception: its `message` property when that is a string (a plain property
   * read, so a getter would run; no toString, no toJSON). The VM's dispatcher catches whatever
   * contract code throws, so what reaches here is the engine's own (an interrupt, a stack overflow).
   */
  #describe(exception: JSValuePointer): string {
    const { ffi } = this.#engine
    if (this.#typeOf(exception) !== 'object') return 'uncaught exception'
    const key = this.#engine.newString(this.#ctx, 'message')
    const message = ffi.QTS_GetProp(this.#ctx, exception, key)
    ffi.QTS_FreeValuePointer(this.#ctx, key)
    const text = this.#typeOf(message) === 'string' ? this.#engine.readString(this.#ctx, message) : 'uncaught exception'
    ffi.QTS_FreeValuePointer(this.#ctx, message)
    return text
  }

  #typeOf(value: JSValuePointer): string {
    return this.#engine.readOwnedChars(this.#engine.ffi.QTS_Typeof(this.#ctx, value))
  }
}
