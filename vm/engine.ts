/**
 * The QuickJS engine binding: runtimes and contexts that run one function, a text and bytes in,
 * bytes out.
 *
 * Inkstone runs its own WebAssembly build of the bellard QuickJS release (vm/quickjs/: the
 * sources, their provenance and the build): the same bytes in Node and the browser, which is what
 * makes gas and results identical across them. Changing the build changes every node's behaviour,
 * so it is a consensus change.
 *
 * The VM needs little of QuickJS: evaluate a script to a function, call it with a text (the call's
 * header), bytes (its arguments' canonical bytes) and a number (its gas limit) and read back
 * bytes, and answer one host function that takes a text and bytes and returns bytes. The C side
 * (vm/quickjs/inkstone-quickjs.c) does exactly that, and everything crosses through one buffer
 * in wasm memory, so a call or a host call is one crossing with no per-value handles (the stock
 * quickjs-emscripten wrapper cost ~25 µs of each call and ~4 µs of each host call: DESIGN.md §1).
 * Bytes the engine hands the host are a view of that buffer, valid until the next crossing.
 */
import { decodeBase64 } from '../stdlib/crypto/_bytes.ts'
import { writeAscii } from './canonical.ts'
import { QUICKJS_WASM_BASE64 } from './quickjs/_quickjs-wasm-binary.ts'

/**
 * Answers the sandbox's host function: a text and the bytes that came with it (empty if none; a
 * view, valid until the next crossing). Bytes returned reach the sandbox as a byte string,
 * undefined as `undefined`; throwing makes the sandbox's call throw an Error with the same message.
 */
export type HostFunction = (request: string, bytes: Uint8Array) => Uint8Array | undefined

/** A script's evaluation: done, or the message of what was thrown. */
export type Outcome = { ok: true } | { ok: false; error: string }

/** A call's result: the bytes returned (a view, valid until the next crossing), or the message of what was thrown. */
export type CallOutcome = { ok: true; bytes: Uint8Array } | { ok: false; error: string }

export interface RuntimeOptions {
  /** Bytes of QuickJS stack (deterministic, catchable stack overflow). */
  maxStackSize: number
  /** The engine's allocation limit: a fuse only (DESIGN.md §1). */
  memoryLimit: number
  /** Polled by the engine every ~10,000 steps; true interrupts the running code. */
  shouldInterrupt: () => boolean
}

/** The exports of inkstone-quickjs.c (pointers are wasm addresses). */
interface Exports {
  memory: WebAssembly.Memory
  _initialize(): void
  ink_buffer(size: number): number
  ink_buffer_place(): number
  ink_new_runtime(maxStackSize: number, memoryLimit: number): number
  ink_free_runtime(rt: number): void
  ink_new_context(rt: number, hostName: number): number
  ink_free_context(ctx: number): void
  ink_eval(ctx: number, sourceLength: number): number
  ink_eval_bytecode(ctx: number, length: number): number
  ink_call(ctx: number, textLength: number, bytesLength: number, number: number): number
}

/** Compiled once per process (or page); every engine instantiates it with its own memory. */
let compiled: WebAssembly.Module | undefined

/** Loads a fresh engine instance (its own wasm memory). */
export async function loadEngine(): Promise<Engine> {
  compiled ??= await WebAssembly.compile(decodeBase64(QUICKJS_WASM_BASE64))
  const engine = new Engine()
  const instance = await WebAssembly.instantiate(compiled, engine.imports())
  engine.attach(instance.exports as unknown as Exports)
  return engine
}

/** WASI's errno for a bad file descriptor: the engine has no files. */
const EBADF = 8

export class Engine {
  #exports!: Exports
  #heap = new Uint8Array(0)
  /** wasm memory as 32-bit words, fresh with #heap: the shared buffer's address and capacity are read from it. */
  #words = new Uint32Array(0)
  /** Index in #words of the shared buffer's address; its capacity is the next word (inkstone-quickjs.c ink_buffer_place). */
  #bufferWord = 0
  readonly #runtimes = new Map<number, Runtime>()
  readonly #hostFunctions = new Map<number, HostFunction>()
  readonly #encoder = new TextEncoder()
  readonly #decoder = new TextDecoder()

  /**
   * What the engine imports: the host function and the interrupt poll, and the few WASI calls
   * the C library links. The clock reads 0 (Date is removed in the sandbox; nothing else may see
   * time), the environment is empty, and there are no files: only stderr writes, for QuickJS's
   * own assertion messages.
   */
  imports(): WebAssembly.Imports {
    return {
      env: {
        host_call: (ctx: number, textLength: number, length: number) => this.#hostCall(ctx, textLength, length),
        should_interrupt: (rt: number) => {
          try {
            return this.#runtimes.get(rt)?.shouldInterrupt() ? 1 : 0
          } catch {
            return 1
          }
        },
        emscripten_notify_memory_growth: () => {},
      },
      wasi_snapshot_preview1: {
        clock_time_get: (_clock: number, _precision: bigint, out: number) => {
          new DataView(this.#exports.memory.buffer).setBigUint64(out, 0n, true)
          return 0
        },
        environ_sizes_get: (count: number, size: number) => {
          const view = new DataView(this.#exports.memory.buffer)
          view.setUint32(count, 0, true)
          view.setUint32(size, 0, true)
          return 0
        },
        environ_get: () => 0,
        fd_write: (fd: number, iovs: number, count: number, written: number) => {
          const view = new DataView(this.#exports.memory.buffer)
          let total = 0
          let text = ''
          for (let i = 0; i < count; i++) {
            const base = view.getUint32(iovs + 8 * i, true)
            const length = view.getUint32(iovs + 8 * i + 4, true)
            text += this.#decoder.decode(new Uint8Array(this.#exports.memory.buffer, base, length))
            total += length
          }
          if (fd === 2) console.error(`quickjs: ${text}`)
          view.setUint32(written, total, true)
          return fd === 1 || fd === 2 ? 0 : EBADF
        },
        fd_close: () => EBADF,
        fd_seek: () => EBADF,
        proc_exit: (code: number) => {
          throw new Error(`the QuickJS engine aborted (exit ${code})`)
        },
      },
    }
  }

  attach(exports: Exports): void {
    this.#exports = exports
    exports._initialize()
    this.#bufferWord = exports.ink_buffer_place() >>> 2
  }

  /** Bytes of wasm memory (it grows with the heaps of every runtime and never shrinks). */
  get memoryBytes(): number {
    return this.#exports.memory.buffer.byteLength
  }

  newRuntime(options: RuntimeOptions): Runtime {
    const pointer = this.#exports.ink_new_runtime(options.maxStackSize, options.memoryLimit)
    if (!pointer) throw new Error('the engine could not create a runtime')
    const runtime = new Runtime(this, pointer, options.shouldInterrupt)
    this.#runtimes.set(pointer, runtime)
    return runtime
  }

  // ---- for Runtime and Context ------------------------------------------------------------

  get exports(): Exports {
    return this.#exports
  }

  freeRuntime(pointer: number): void {
    this.#runtimes.delete(pointer)
    this.#exports.ink_free_runtime(pointer)
  }

  registerHostFunction(ctx: number, fn: HostFunction): void {
    this.#hostFunctions.set(ctx, fn)
  }

  forgetHostFunction(ctx: number): void {
    this.#hostFunctions.delete(ctx)
  }

  /** Bytes of wasm memory as a view, fresh when the memory has grown (the old buffer is then detached). */
  #bytes(): Uint8Array {
    // Growing the memory detaches its old buffer, and a view of a detached buffer has length 0:
    // testing that costs less than fetching memory.buffer at every crossing.
    if (this.#heap.length === 0) {
      this.#heap = new Uint8Array(this.#exports.memory.buffer)
      this.#words = new Uint32Array(this.#exports.memory.buffer)
    }
    return this.#heap
  }

  /** The shared buffer's address, grown first to hold `size` bytes when it is smaller (0: out of memory). */
  #buffer(size: number): number {
    this.#bytes()
    const words = this.#words
    return size <= words[this.#bufferWord + 1]! ? words[this.#bufferWord]! : this.#exports.ink_buffer(size)
  }

  /**
   * Writes `text` as NUL-terminated UTF-8 into the shared buffer, then `bytes` after the NUL if
   * any (valid until the next crossing); returns the buffer's address and the text's byte length.
   */
  write(text: string, bytes?: Uint8Array): { pointer: number; length: number } {
    // UTF-8 takes at most 3 bytes per UTF-16 unit, plus the NUL.
    const needed = 3 * text.length + 1
    const pointer = this.#buffer(needed + (bytes?.length ?? 0))
    if (!pointer) throw new Error('the engine is out of memory')
    const heap = this.#bytes()
    // A short ASCII text (a call's header) by hand: a TextEncoder call costs more.
    let written = text.length <= 256 ? writeAscii(heap, pointer, text) : 0
    // Strings crossing into the sandbox are well-formed (host-made headers and names), so
    // TextEncoder writes what QuickJS would.
    if (written < text.length) written = this.#encoder.encodeInto(text, heap.subarray(pointer, pointer + needed - 1)).written
    heap[pointer + written] = 0
    if (bytes) heap.set(bytes, pointer + written + 1)
    return { pointer, length: written }
  }

  /** Copies bytes into the shared buffer; returns their length. */
  writeBytes(bytes: Uint8Array): number {
    const pointer = this.#buffer(bytes.length)
    if (!pointer) throw new Error('the engine is out of memory')
    this.#bytes().set(bytes, pointer)
    return bytes.length
  }

  /** The first `length` bytes of the shared buffer, as a view (valid until the next crossing). */
  view(length: number): Uint8Array {
    const pointer = this.#buffer(0)
    return this.#bytes().subarray(pointer, pointer + length)
  }

  /** Bytes of `text` in UTF-8. */
  utf8Length(text: string): number {
    return this.#encoder.encode(text).length
  }

  /**
   * The UTF-8 text of bytes[0, length): a short ASCII request (an operation and a storage key,
   * the usual host call) by hand, where a TextDecoder call costs more.
   */
  #text(bytes: Uint8Array, length: number): string {
    if (length <= 64) {
      let text = ''
      for (let i = 0; i < length; i++) {
        const byte = bytes[i]!
        if (byte >= 0x80) return this.#decoder.decode(bytes.subarray(0, length))
        text += String.fromCharCode(byte)
      }
      return text
    }
    return this.#decoder.decode(bytes.subarray(0, length))
  }

  /** The message of a failure the C side left in the shared buffer (`result` is -2 - its length). */
  failure(result: number): { ok: false; error: string } {
    return { ok: false, error: this.#decoder.decode(this.view(-result - 2)) }
  }

  /**
   * C → host: the sandbox called its host function with `textLength` bytes of UTF-8 and then
   * bytes, `length` in all, in the shared buffer. Returns the reply's length, -1 for undefined,
   * -2 - length for an error.
   */
  #hostCall(ctx: number, textLength: number, length: number): number {
    let reply: Uint8Array | undefined
    try {
      const fn = this.#hostFunctions.get(ctx)
      if (!fn) throw new Error('host function called from a foreign context')
      const request = this.view(length)
      reply = fn(this.#text(request, textLength), request.subarray(textLength))
    } catch (error) {
      return -2 - this.write(error instanceof Error ? error.message : String(error)).length
    }
    return reply === undefined ? -1 : this.writeBytes(reply)
  }
}

export class Runtime {
  readonly #engine: Engine
  readonly #pointer: number
  readonly #contexts = new Set<Context>()
  readonly shouldInterrupt: () => boolean

  constructor(engine: Engine, pointer: number, shouldInterrupt: () => boolean) {
    this.#engine = engine
    this.#pointer = pointer
    this.shouldInterrupt = shouldInterrupt
  }

  /** A context with the standard intrinsics, `globalThis[hostName]` (the host function) and the natives the prelude takes (inkstone-quickjs.c). */
  newContext(hostName: string, host: HostFunction): Context {
    const ctx = this.#engine.exports.ink_new_context(this.#pointer, this.#engine.write(hostName).pointer)
    if (!ctx) throw new Error('the engine could not create a context')
    this.#engine.registerHostFunction(ctx, host)
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
  readonly #ctx: number
  readonly #onDispose: () => void
  #alive = true

  constructor(engine: Engine, ctx: number, onDispose: () => void) {
    this.#engine = engine
    this.#ctx = ctx
    this.#onDispose = onDispose
  }

  get alive(): boolean {
    return this.#alive
  }

  /**
   * Evaluates a global script (never a module) whose completion value, a function, becomes the
   * entry point. On failure, the message of what the script threw; on success, the script's
   * bytecode, which `evaluateBytecode` runs in another context of this engine without compiling.
   */
  evaluate(script: string, filename: string): Outcome & { bytecode?: Uint8Array } {
    // The buffer holds the script, a NUL and the file name (QuickJS wants both NUL-terminated).
    const { length } = this.#engine.write(script + '\u0000' + filename)
    const result = this.#engine.exports.ink_eval(this.#ctx, length - this.#engine.utf8Length(filename) - 1)
    return result >= 0 ? { ok: true, bytecode: this.#engine.view(result).slice() } : this.#engine.failure(result)
  }

  /**
   * Evaluates bytecode that `evaluate` returned, as `evaluate` evaluates its script: the same
   * behaviour, without the compile. Only ever bytecode this engine build wrote: reading bytecode
   * is not safe for untrusted input.
   */
  evaluateBytecode(bytecode: Uint8Array): Outcome {
    const result = this.#engine.exports.ink_eval_bytecode(this.#ctx, this.#engine.writeBytes(bytecode))
    return result === 0 ? { ok: true } : this.#engine.failure(result)
  }

  /**
   * Calls the entry point with a text, a byte string of `bytes` and a number (0 if none); what it
   * returns, a byte string or a list of byte strings and safe integers the engine joins (the
   * integers in decimal), is read back as bytes (a view, valid until the next crossing).
   */
  call(text: string, bytes: Uint8Array, number = 0): CallOutcome {
    const { length } = this.#engine.write(text, bytes)
    const result = this.#engine.exports.ink_call(this.#ctx, length, bytes.length, number)
    return result >= 0 ? { ok: true, bytes: this.#engine.view(result) } : this.#engine.failure(result)
  }

  dispose(): void {
    if (!this.#alive) return
    this.#alive = false
    this.#engine.exports.ink_free_context(this.#ctx)
    this.#engine.forgetHostFunction(this.#ctx)
    this.#onDispose()
  }
}
