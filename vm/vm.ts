/**
 * The VM: runs contract methods in gas-metered QuickJS contexts over transactional state.
 *
 * One QuickJS runtime per Vm; one warm context per contract code (LRU-bounded). A call:
 *   1. checkpoints the state overlay, sets the wall-clock fuse,
 *   2. hands the dispatcher a header (method, context), the arguments' canonical bytes and the gas limit,
 *   3. answers the sandbox's host calls (storage reads, flushes of buffered writes and events,
 *      iteration, nested calls) from the overlay, in canonical bytes (vm/frames.ts),
 *   4. on success folds the call's writes into its caller's frame; on any failure drops them.
 *
 * Failure kinds: `revert` (the contract said so), `error` (an uncaught exception), `out-of-gas`,
 * `out-of-memory` (the per-call allocation meter), all deterministic and reported in the result.
 * The wall-clock fuse is not deterministic, so tripping it throws `VmFuseError` instead of
 * producing a result: a block producer leaves such a transaction out.
 *
 * Nested calls: depth ≤ LIMITS.maxCallDepth; a callee gets at most 63/64 of the caller's remaining
 * gas; reentrancy is refused: a contract already on the call stack cannot be called again until
 * it returns (so a contract never observes its own half-finished state). One outermost call uses
 * at most LIMITS.maxContextsPerCall contexts (contract code instances in use at once or in turn).
 *
 * Contexts are loaded only at the top of the stack. Loading parses the bundle and runs the
 * module's initialisation, which need stack; done inside a deep nested call it could overflow
 * where a warm context would not, so the outcome would depend on what a node had cached. A nested
 * call that needs a context not yet loaded aborts the attempt; the VM loads it at the top and
 * runs the outermost call again from the start: the result is always that of a fully warm VM.
 */
import { bytesToHex } from '../stdlib/crypto/hex.ts'
import { decode, encode, encodeWith, type CanonicalValue } from './canonical.ts'
import { loadEngine, type Context, type Engine, type Outcome, type Runtime } from './engine.ts'
import { readEnvelope, readFlush, sandboxEvent, type Envelope, type Section } from './frames.ts'
import { LIMITS, RELOAD_GAS } from './gas-schedule.ts'
import { HOST_FUNCTIONS } from './host-functions.ts'
import { instrument, type Instrumented } from './instrument.ts'
import { contractScript, SCRIPT_LINE_OFFSET } from './prelude.ts'
import { Overlay, type StateReader, type Writes } from './state.ts'
import type { WarmSet } from './warm-set.ts'

export interface ContractCode {
  /** Identifies the code (the node uses the SM3 hash of the bundle); contexts are cached by it. */
  codeHash: string
  /** A CommonJS bundle whose `module.exports` holds the callable methods (the compiler's output). */
  bundle: string
  /**
   * Its reload price (RELOAD_GAS) as the chain recorded it when the code was deployed: with it,
   * a call that cannot pay fails before anything is loaded. Without it, the VM loads to find out.
   */
  loadGas?: number
}

export interface BlockContext {
  blockHeight: number
  blockTime: number
  txHash: string
}

export interface CallRequest {
  state: StateReader
  /** Looks up the code of a contract address (for the call itself and for nested calls). */
  codeOf: (address: string) => ContractCode | undefined
  contract: string
  method: string
  args: readonly unknown[]
  /** The account that signed the transaction: `caller` and `origin` of the outermost call. */
  sender: string
  block: BlockContext
  gasLimit: number
  /**
   * The wall-clock fuse for this call, overriding VmOptions.wallClockMs. A node importing a block
   * that others agreed on gives a generous one: it must run every transaction the producer ran.
   */
  wallClockMs?: number
  /**
   * The chain's model of loaded contracts (vm/warm-set.ts), updated by the call: a call into a
   * contract outside it pays the contract's reload price. Absent (VM tests, views): no such price.
   */
  warm?: WarmSet
}

export type FailureKind = 'revert' | 'error' | 'out-of-gas' | 'out-of-memory'

export interface CallFailure {
  kind: FailureKind
  name: string
  message: string
  /** The QuickJS stack (script lines are bundle lines + 1); empty for gas and memory failures. */
  stack: string
  /** The contract in which the failure happened. */
  contract: string
}

export interface VmEvent {
  contract: string
  name: string
  data: CanonicalValue
}

export interface VmLog {
  contract: string
  method: string
  depth: number
  message: string
}

export interface CallResult {
  ok: boolean
  value?: CanonicalValue
  error?: CallFailure
  gasUsed: number
  /**
   * Bytes the allocation meter counted in the outermost call (docs/vm.md "Memory"): how close it
   * came to the memory limit. Deterministic, but not consensus data.
   */
  memoryUsed: number
  events: VmEvent[]
  logs: VmLog[]
  /** The state changes of a successful call (empty on failure). */
  writes: Writes
}

export interface VmOptions {
  /** Per-call allocation meter limit in bytes (default 64 MiB). */
  memoryLimit?: number
  /** Wall-clock fuse per outermost call in ms (default LIMITS.wallClockMs). */
  wallClockMs?: number
  /** Warm contexts kept (default 64). */
  maxContexts?: number
  /**
   * Bytes the cached contexts' module initialisations may hold together, by their allocation
   * meters (default 256 MiB); least recently used idle contexts go first. With LIMITS'
   * per-call bounds this keeps the engine well inside its 2 GiB of wasm memory, where running
   * out would fail calls on this node only (docs/vm.md "Memory").
   */
  maxCachedInitBytes?: number
  /**
   * Bytes the script cache may hold (default 256 MiB): each code's instrumented script, then its
   * bytecode (~3.7 bytes a script character), or why it cannot load. Node-local: a code
   * evicted from it is prepared and compiled again, with the same results.
   */
  maxCachedScriptBytes?: number
  /** Charge gas at block heads (default true). Off only to measure metering overhead: never on a chain. */
  metering?: boolean
}

/** Counters for operators and tests: how often contexts were loaded and thrown away. */
export interface VmStats {
  /** Contexts created (each runs the prelude and the module's initialisation). */
  loads: number
  /** Contexts discarded after out-of-gas/memory, a write to earlier state, a host error or the fuse. */
  discards: number
  /** Contexts currently cached. */
  cached: number
  /** Outermost calls run again after loading a context a nested call needed (see the file comment). */
  restarts: number
}

/** The wall-clock fuse or the engine's own memory fuse tripped: not a deterministic outcome. */
export class VmFuseError extends Error {
  override name = 'VmFuseError'
}

/** The code could not be loaded (instrumentation rejected it, or it failed to evaluate). */
export class ContractLoadError extends Error {
  override name = 'ContractLoadError'
}

/** A nested call needs a context for `code` that is not loaded: the attempt stops, see Vm. */
class ColdCode extends Error {
  constructor(readonly code: ContractCode) {
    super(`contract code ${code.codeHash} is being loaded`)
  }
}

interface Frame {
  contract: string
  method: string
  depth: number
  overlay: Overlay
  request: CallRequest
  events: VmEvent[]
  logs: VmLog[]
}

/** Bytes a prepared code holds, roughly: its bytecode or script, and the instrumented code with its position maps (~4 bytes a character). */
function bytesHeld(prepared: Prepared): number {
  if ('failure' in prepared) return 2 * prepared.failure.length
  return 4 * prepared.instrumented.code.length + ('bytecode' in prepared ? prepared.bytecode.length : 2 * prepared.script.length)
}

/** A contract's code made ready to load: its script until it first loads, then its bytecode; or why it cannot load. */
type Prepared = { script: string; instrumented: Instrumented } | { bytecode: Uint8Array; instrumented: Instrumented } | { failure: string }

interface Loaded {
  codeHash: string
  /** Its entry point is the prelude's dispatcher. */
  context: Context
  /**
   * Maps its stack traces back to the bundle. Held here, not looked up in the script cache: a
   * receipt carries the trace, so it must not depend on what else this node has loaded since.
   */
  instrumented: Instrumented
  /** What its module's initialisation allocated, by the prelude's meter (reported when it loads). */
  initBytes: number
  /** What loading it again costs (RELOAD_GAS): held back from every call it runs. */
  reloadGas: number
  /** The frame running in this context right now, if any (contexts are never re-entered). */
  frame: Frame | null
  /** Set by a host-side failure while this context was running. */
  hostError: Error | null
}

export class Vm {
  readonly #runtime: Runtime
  readonly #memoryLimit: number
  readonly #wallClockMs: number
  readonly #maxContexts: number
  readonly #maxCachedInitBytes: number
  readonly #maxCachedScriptBytes: number
  readonly #metering: boolean
  /** codeHash → loaded instances of that code (more than one when it is on the stack twice), least recently used first. */
  readonly #contexts = new Map<string, Loaded[]>()
  /** The last key of #contexts when known (a call into it need not move it), else undefined. */
  #mostRecent: string | undefined
  /** The contexts in #contexts, and the init bytes they hold together (kept as contexts load and go). */
  #cachedCount = 0
  #cachedBytes = 0
  /** Contexts the current attempt of the outermost call has used. */
  readonly #inUse = new Set<Loaded>()
  /** Set when a nested call found its code cold: every host call then fails fast until the attempt unwinds. */
  #cold: ColdCode | null = null
  /**
   * codeHash → its instrumented script (its bytecode once it has loaded), or why it cannot load
   * (the same on every node and every time: remembering it keeps a bundle that fails late, after
   * seconds of instrumenting or compiling, from costing that again at every call that names it).
   */
  readonly #scripts = new Map<string, Prepared>()
  #scriptBytes = 0
  readonly #stack: string[] = []
  /**
   * When the running call's fuse trips, by performance.now(); NaN until the engine first polls in
   * the call, which starts the fuse (#fuseMs). A poll comes within ~10,000 steps of the start,
   * and reading the clock at every call's start would cost more than a short call's own steps.
   */
  #deadline = Infinity
  #fuseMs = 0
  #fuseTripped = false
  #loads = 0
  #discards = 0
  #restarts = 0

  private constructor(engine: Engine, options: VmOptions) {
    this.#memoryLimit = options.memoryLimit ?? LIMITS.defaultMemoryLimit
    this.#wallClockMs = options.wallClockMs ?? LIMITS.wallClockMs
    this.#maxContexts = options.maxContexts ?? 64
    this.#maxCachedInitBytes = options.maxCachedInitBytes ?? 256 * 1024 * 1024
    this.#maxCachedScriptBytes = options.maxCachedScriptBytes ?? 256 * 1024 * 1024
    this.#metering = options.metering ?? true
    this.#runtime = engine.newRuntime({
      maxStackSize: LIMITS.stackSize,
      // The engine's own limit is only a fuse: in this build it bounds single allocations and the
      // number of live allocations, not bytes (DESIGN.md §1). The deterministic bound is the meter.
      memoryLimit: Math.max(4 * this.#memoryLimit, 256 * 1024 * 1024),
      shouldInterrupt: () => {
        const now = performance.now()
        if (Number.isNaN(this.#deadline)) this.#deadline = now + this.#fuseMs
        if (now <= this.#deadline) return false
        this.#fuseTripped = true
        return true
      },
    })
  }

  static async create(options: VmOptions = {}): Promise<Vm> {
    return new Vm(await loadEngine(), options)
  }

  /** Runs one outermost call. Throws `ContractLoadError` or `VmFuseError`; every other outcome is a result. */
  call(request: CallRequest): CallResult {
    if (this.#stack.length > 0) throw new Error('Vm.call is not reentrant: nested calls go through the sandbox')
    // Each attempt starts from the warm set the call started with, and a call that throws leaves it so.
    const warmAtStart = request.warm?.save()
    try {
      for (;;) {
        const overlay = new Overlay(request.state)
        const events: VmEvent[] = []
        const logs: VmLog[] = []
        this.#fuseMs = request.wallClockMs ?? this.#wallClockMs
        this.#deadline = NaN
        this.#fuseTripped = false
        this.#inUse.clear()
        this.#cold = null
        try {
          const outcome = this.#invoke(request, overlay, request.contract, request.method, request.args, request.sender, request.gasLimit, 0, events, logs)
          const { ok, value, error, gasUsed, memoryUsed } = outcome
          return ok
            ? { ok, value, gasUsed, memoryUsed, events, logs, writes: overlay.writes() }
            : { ok, error: wellFormed(error!), gasUsed, memoryUsed, events: [], logs, writes: new Map() }
        } catch (error) {
          if (warmAtStart) request.warm!.back(warmAtStart)
          if (!(error instanceof ColdCode)) throw error
          // At the top of the stack every load has the same headroom. Then run the call again.
          this.#deadline = Infinity
          this.#cold = null // the attempt has unwound; the load's own host call must go through
          this.#loadIntoCache(error.code)
          this.#restarts++
        }
      }
    } finally {
      if (warmAtStart) request.warm!.release(warmAtStart)
      this.#deadline = Infinity
      this.#inUse.clear()
      this.#cold = null
      this.#evict()
    }
  }

  /**
   * Loads `code` if no context of it is cached, and returns the price of loading it
   * (RELOAD_GAS: deterministic, whatever this node had cached); brings it into `warm`. A
   * deployment pays it: every node loads the new code. Throws `ContractLoadError`.
   */
  loadPrice(code: ContractCode, warm?: WarmSet): number {
    if (this.#stack.length > 0) throw new Error('Vm.loadPrice runs between calls')
    const loaded = this.#contexts.get(code.codeHash)?.[0] ?? this.#loadIntoCache(code)
    warm?.touch(code.codeHash, loaded.initBytes)
    return loaded.reloadGas
  }

  stats(): VmStats {
    return { loads: this.#loads, discards: this.#discards, cached: this.#cachedCount, restarts: this.#restarts }
  }

  /** Disposes every context and the runtime. */
  dispose(): void {
    for (const pool of [...this.#contexts.values()]) for (const loaded of [...pool]) this.#discard(loaded, false)
    this.#runtime.dispose()
  }

  #invoke(
    request: CallRequest,
    overlay: Overlay,
    contract: string,
    method: string,
    args: readonly unknown[],
    caller: string,
    gasLimit: number,
    depth: number,
    events: VmEvent[],
    logs: VmLog[],
  ): { ok: boolean; value?: CanonicalValue; error?: CallFailure; gasUsed: number; memoryUsed: number } {
    const code = request.codeOf(contract)
    if (!code) return failure(contract, 'error', `no contract at address ${contract}`, 0)
    if (!Number.isSafeInteger(gasLimit) || gasLimit < 0) throw new RangeError('gasLimit must be a non-negative safe integer')

    const { blockHeight, blockTime, txHash } = request.block
    if (!IDENTIFIER.test(method)) throw new TypeError(`method name ${JSON.stringify(method)} is not an identifier`)
    // The header crosses as a C string (NUL would end it), split on U+001F.
    if (NUL_OR_UNIT_SEPARATOR.test(caller) || NUL_OR_UNIT_SEPARATOR.test(request.sender) || NUL_OR_UNIT_SEPARATOR.test(contract) || NUL_OR_UNIT_SEPARATOR.test(txHash)) throw new TypeError('addresses and the tx hash must not contain U+0000 or U+001F')
    if (!Number.isSafeInteger(blockHeight) || !Number.isSafeInteger(blockTime)) throw new TypeError('block height and time must be safe integers')
    const argsBytes = encode(args)
    // A contract outside the chain's warm set pays its load (vm/warm-set.ts); the price of loading
    // it again is held back, and kept only if the call discards its context. With the price on
    // record, a call that cannot pay fails before anything loads.
    const cold = request.warm !== undefined && !request.warm.has(code.codeHash)
    if (code.loadGas !== undefined && gasLimit < (cold ? 2 : 1) * code.loadGas) return tooLittleGas(contract, code.loadGas, cold, gasLimit)
    const loaded = this.#acquire(code, depth)
    const price = code.loadGas ?? loaded.reloadGas
    const load = cold ? price : 0
    const reserve = price
    if (gasLimit < load + reserve) return tooLittleGas(contract, price, cold, gasLimit)
    // Only a call that can pay brings its contract in (a failed one leaves the chain's model as it was).
    request.warm?.touch(code.codeHash, loaded.initBytes)
    const header = `${method}\u001f${caller}\u001f${request.sender}\u001f${contract}\u001f${txHash}\u001f${blockHeight}\u001f${blockTime}`
    const frame: Frame = { contract, method, depth, overlay, request, events: [], logs }
    loaded.frame = frame
    loaded.hostError = null
    this.#stack.push(contract)
    overlay.checkpoint()
    let envelope: Envelope | undefined
    let engineError: string | undefined
    try {
      const outcome = loaded.context.call(header, argsBytes, gasLimit - load - reserve)
      // What the sandbox handed over is checked like anything it says: a frame the host cannot
      // read fails the call, never the caller of the VM.
      if (outcome.ok) envelope = readEnvelope(outcome.bytes)
      else engineError = outcome.error
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      engineError = error.message
    } finally {
      this.#stack.pop()
      loaded.frame = null
    }

    if (this.#fuseTripped) {
      overlay.revert()
      this.#discard(loaded)
      throw new VmFuseError(`contract ${contract} ran past the ${request.wallClockMs ?? this.#wallClockMs} ms wall-clock fuse`)
    }
    const hostError = loaded.hostError as Error | null
    if (hostError instanceof ColdCode) {
      // Not a fault of this context: it unwound like any exception. Pass the abort up.
      overlay.revert()
      throw hostError
    }
    if (hostError || !envelope) {
      overlay.revert()
      this.#discard(loaded)
      return failure(contract, 'error', hostError?.message ?? String(engineError), gasLimit)
    }
    if (envelope.dirty) this.#discard(loaded)
    // What the load and the contract used, and the reserve when the call discards the context.
    const spent = gasLimit - envelope.gasLeft - (envelope.dirty ? 0 : reserve)
    if (!envelope.returned) {
      addLogs(frame, envelope.logs!)
      overlay.revert()
      const { kind, name, message, stack } = envelope.failure!
      // A context that ran out of gas or memory stopped at an arbitrary point: never reuse it.
      if (kind === 'out-of-gas' || kind === 'out-of-memory') this.#discard(loaded)
      const gasUsed = kind === 'out-of-gas' || kind === 'out-of-memory' ? gasLimit : spent
      return { ok: false, gasUsed, memoryUsed: envelope.memoryUsed, error: { kind: kind as FailureKind, name, message, stack: bundleStack(loaded.instrumented, stack), contract } }
    }
    this.#applySection(frame, envelope.section!)
    overlay.commit()
    events.push(...frame.events)
    return { ok: true, value: envelope.value!, gasUsed: spent, memoryUsed: envelope.memoryUsed }
  }

  /** Answers one host call from the sandbox of `loaded` (see the prelude's hostCall). Exceptions become host faults. */
  #hostCall(loaded: Loaded, request: string, bytes: Uint8Array): Uint8Array | undefined {
    const op = request[0]
    const arg = request.slice(1)
    const frame = loaded.frame
    if (op === 'm' && !frame) {
      // The prelude's one report, when the module has initialised: what that allocated, and its gas.
      const [bytes, gas] = arg.split(',')
      loaded.initBytes = Number(bytes)
      loaded.reloadGas += Number(gas)
      return undefined
    }
    if (!frame) throw new Error('host call outside of a contract call')
    const { overlay, contract } = frame
    switch (op) {
      case 'g':
        return overlay.get(contract, arg)
      case 'f':
        this.#applySection(frame, readFlush(bytes))
        return undefined
      case 'i': {
        const { prefix, after, limit } = JSON.parse(arg) as { prefix: string; after: string | null; limit: number }
        const rows = overlay.entries(contract, prefix, after, limit)
        // Each row [key, value], the value the canonical bytes the sandbox stored, as they are.
        return encodeWith((writer) => {
          writer.array(rows.length)
          for (const [key, value] of rows) {
            writer.array(2)
            writer.value(key)
            writer.encoded(value)
          }
        })
      }
      case 'c':
        return this.#nestedCall(frame, arg, bytes)
      case 'v':
        return invokeHostFunction(arg, bytes)
      default:
        throw new Error(`unknown host call ${op}`)
    }
  }

  /** A nested call: `arg` its address, method and gas (JSON), `args` the canonical bytes of its arguments. */
  #nestedCall(frame: Frame, arg: string, args: Uint8Array): Uint8Array {
    const { to, method, gas } = JSON.parse(arg) as { to: string; method: string; gas: number }
    if (frame.depth + 1 > LIMITS.maxCallDepth) {
      return encode({ ok: false, kind: 'error', message: `call depth limit of ${LIMITS.maxCallDepth} reached`, gasUsed: 0 })
    }
    if (this.#stack.includes(to)) {
      return encode({ ok: false, kind: 'error', message: `reentrant call into ${to} refused`, gasUsed: 0 })
    }
    // Decoded before the callee runs: `args` lies in the engine's buffer, which its crossings reuse.
    const values = decode(args) as CanonicalValue[]
    // The caller flushed its events before calling, so the callee's land after them.
    let outcome
    try {
      outcome = this.#invoke(frame.request, frame.overlay, to, method, values, frame.contract, gas, frame.depth + 1, frame.events, frame.logs)
    } catch (error) {
      // A malformed address or method name from the caller, or too many contexts: its failure, not the host's.
      if (!(error instanceof TypeError)) throw error
      return encode({ ok: false, kind: 'error', message: error.message, gasUsed: 0 })
    }
    if (!outcome.ok) {
      return encode({ ok: false, kind: outcome.error!.kind, message: outcome.error!.message, gasUsed: outcome.gasUsed })
    }
    return encode({ ok: true, value: outcome.value!, gasUsed: outcome.gasUsed })
  }

  /** Stores the writes, and keeps the events and log lines, the sandbox handed over. */
  #applySection(frame: Frame, { writes, events, logs }: Section): void {
    for (let i = 0; i < writes.length; i++) frame.overlay.set(frame.contract, writes[i]![0], writes[i]![1])
    for (let i = 0; i < events.length; i++) frame.events.push(sandboxEvent(frame.contract, events[i]!.name, events[i]!.dataBytes))
    addLogs(frame, logs)
  }

  /**
   * An idle context for `code`: the one this call used before if any, else another loaded one,
   * else (outermost call only) a new one. A nested call never loads: it throws ColdCode.
   */
  #acquire(code: ContractCode, depth: number): Loaded {
    const pool = this.#pool(code.codeHash)
    if (this.#mostRecent !== code.codeHash) {
      // Refresh the LRU position.
      this.#contexts.delete(code.codeHash)
      this.#contexts.set(code.codeHash, pool)
      this.#mostRecent = code.codeHash
    }
    let loaded: Loaded | undefined
    for (let i = 0; i < pool.length && !loaded; i++) if (pool[i]!.frame === null && this.#inUse.has(pool[i]!)) loaded = pool[i]
    if (loaded) return loaded
    if (this.#inUse.size >= LIMITS.maxContextsPerCall) throw new TypeError(`a call may use at most ${LIMITS.maxContextsPerCall} contract contexts`)
    for (let i = 0; i < pool.length && !loaded; i++) if (pool[i]!.frame === null) loaded = pool[i]
    if (!loaded) {
      if (depth > 0) throw new ColdCode(code)
      loaded = this.#loadIntoCache(code)
    }
    this.#inUse.add(loaded)
    return loaded
  }

  #pool(codeHash: string): Loaded[] {
    let pool = this.#contexts.get(codeHash)
    if (!pool) {
      this.#contexts.set(codeHash, (pool = []))
      this.#mostRecent = codeHash
    }
    return pool
  }

  /** Loads `code` into a new context, first making room for it in the cache. */
  #loadIntoCache(code: ContractCode): Loaded {
    this.#evict(1)
    const loaded = this.#load(code)
    this.#pool(code.codeHash).push(loaded)
    this.#cachedCount++
    this.#cachedBytes += loaded.initBytes
    return loaded
  }

  /**
   * Disposes least recently used contexts, neither running nor used by the running call, until
   * `room` more would fit within maxContexts and the cached init bytes are within their bound.
   */
  #evict(room = 0): void {
    let count = this.#cachedCount + room
    let bytes = this.#cachedBytes
    if (count <= this.#maxContexts && bytes <= this.#maxCachedInitBytes) return // after every call: no walk
    for (const pool of [...this.#contexts.values()]) {
      for (const loaded of [...pool]) {
        if (count <= this.#maxContexts && bytes <= this.#maxCachedInitBytes) return
        if (loaded.frame !== null || this.#inUse.has(loaded)) continue
        this.#discard(loaded, false)
        count--
        bytes -= loaded.initBytes
      }
    }
  }

  /**
   * Keeps a prepared code as the most recent, dropping the oldest beyond 4 × maxContexts codes or
   * maxCachedScriptBytes (256 codes of 2M characters would hold ~2 GB of bytecode).
   */
  #remember(codeHash: string, prepared: Prepared): void {
    const previous = this.#scripts.get(codeHash)
    if (previous !== undefined) {
      this.#scriptBytes -= bytesHeld(previous)
      this.#scripts.delete(codeHash)
    }
    this.#scripts.set(codeHash, prepared)
    this.#scriptBytes += bytesHeld(prepared)
    for (const [oldest, entry] of this.#scripts) {
      if (oldest === codeHash || (this.#scripts.size <= 4 * this.#maxContexts && this.#scriptBytes <= this.#maxCachedScriptBytes)) break
      this.#scripts.delete(oldest)
      this.#scriptBytes -= bytesHeld(entry)
    }
  }

  #load(code: ContractCode): Loaded {
    let prepared = this.#scripts.get(code.codeHash)
    if (prepared === undefined) {
      try {
        const instrumented = instrument(code.bundle, { metering: this.#metering })
        prepared = { script: contractScript(instrumented.code, { memoryLimit: this.#memoryLimit }), instrumented }
      } catch (error) {
        prepared = { failure: `contract ${code.codeHash}: ${(error as Error).message}` }
      }
      this.#remember(code.codeHash, prepared)
    }
    if ('failure' in prepared) throw new ContractLoadError(prepared.failure)
    const { instrumented } = prepared
    this.#loads++
    // The prelude takes this function and deletes the global before the contract runs; nothing
    // can call it before `loaded` exists.
    const context = this.#runtime.newContext('__inkHostCall', (request, bytes) => {
      try {
        if (this.#cold) throw this.#cold
        return this.#hostCall(loaded, request, bytes)
      } catch (error) {
        if (error instanceof ColdCode) this.#cold = error
        throw (loaded.hostError ??= error instanceof Error ? error : new Error(String(error)))
      }
    })
    const reloadGas = RELOAD_GAS.base + RELOAD_GAS.perScriptChar * instrumented.code.length // + initialisation's gas, reported as it loads
    const loaded: Loaded = { codeHash: code.codeHash, context, instrumented, initBytes: 0, reloadGas, frame: null, hostError: null }
    // Loading is node work, not the call's: it does not count against the wall-clock fuse.
    const deadline = this.#deadline
    this.#deadline = Infinity
    let result: Outcome
    if ('bytecode' in prepared) result = context.evaluateBytecode(prepared.bytecode)
    else {
      const evaluated = context.evaluate(prepared.script, `contract-${code.codeHash}.js`)
      // Compiled once per engine: later loads of the code run its bytecode, not its script.
      if (evaluated.bytecode) this.#remember(code.codeHash, { bytecode: evaluated.bytecode, instrumented })
      result = evaluated
    }
    this.#deadline = deadline
    if (!result.ok) {
      loaded.context.dispose()
      const failure = `contract ${code.codeHash} failed to load: ${result.error}`
      this.#remember(code.codeHash, { failure })
      throw new ContractLoadError(failure)
    }
    return loaded
  }

  #discard(loaded: Loaded, counted = true): void {
    const pool = this.#contexts.get(loaded.codeHash)
    const at = pool ? pool.indexOf(loaded) : -1
    if (at >= 0) {
      pool!.splice(at, 1)
      if (pool!.length === 0) {
        this.#contexts.delete(loaded.codeHash)
        if (this.#mostRecent === loaded.codeHash) this.#mostRecent = undefined
      }
      this.#cachedCount--
      this.#cachedBytes -= loaded.initBytes
    }
    this.#inUse.delete(loaded)
    if (!loaded.context.alive) return
    if (counted) this.#discards++
    loaded.context.dispose()
  }
}

/** Runs a host function for the sandbox: `request` is `name ‖ US ‖ gasLeft`, `args` their canonical bytes; see the prelude's `invoke`. */
function invokeHostFunction(request: string, args: Uint8Array): Uint8Array {
  const separator = request.indexOf('\u001f')
  const name = request.slice(0, separator)
  const fn = Object.hasOwn(HOST_FUNCTIONS, name) ? HOST_FUNCTIONS[name] : undefined
  if (!fn) return encode(['e', 0, `no host function "${name}"`])
  const values = decode(args) as CanonicalValue[]
  const cost = fn.gas(values)
  if (cost > Number(request.slice(separator + 1))) return encode(['g', cost])
  try {
    return encode(['v', cost, fn.run(values)])
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return encode(['e', cost, error.message])
    throw error // a host bug, not bad input: the call fails as a host error
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]{0,127}$/
const NUL_OR_UNIT_SEPARATOR = /[\u0000\u001f]/

/** Log lines of `frame`'s contract, in the order they were written across nested calls: each its arguments shown, joined by spaces. */
function addLogs(frame: Frame, lines: CanonicalValue[][]): void {
  for (const args of lines) frame.logs.push({ contract: frame.contract, method: frame.method, depth: frame.depth, message: args.map(showArgument).join(' ') })
}

/** A log argument as console.log shows it: a string as it is, anything else as JSON with bigints as 1n and bytes as 0x… hex. */
function showArgument(value: CanonicalValue): string {
  return typeof value === 'string' ? value : show(value)
}

function show(value: CanonicalValue): string {
  if (typeof value === 'bigint') return `${value}n`
  if (value instanceof Uint8Array) return `0x${bytesToHex(value)}`
  if (Array.isArray(value)) return `[${value.map(show).join(',')}]`
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${show(item)}`).join(',')}}`
  return JSON.stringify(value)
}

/**
 * A failure as receipts can hold it. Contract code can put lone surrogates into messages, error
 * names, stack frames (a computed method name) and the address of a nested call; canonical
 * encoding refuses them (a block holding such a receipt could not be made), so each becomes U+FFFD.
 */
function wellFormed(failure: CallFailure): CallFailure {
  return {
    ...failure,
    name: failure.name.toWellFormed(),
    message: failure.message.toWellFormed(),
    stack: failure.stack.toWellFormed(),
    contract: failure.contract.toWellFormed(),
  }
}

/**
 * Rewrites a QuickJS stack into bundle coordinates, `at name (bundle:line:column)` (1-based, as
 * in the compiler's source map input), keeping only the contract's own frames.
 */
function bundleStack(instrumented: Instrumented, stack: string): string {
  const frames: string[] = []
  for (const match of stack.matchAll(/at (\S*) \([^()]*:(\d+):(\d+)\)/g)) {
    const line = Number(match[2]) - SCRIPT_LINE_OFFSET
    if (line < 1) continue // the prelude
    const column = instrumented.originalColumn(line, Number(match[3]) - 1) + 1
    frames.push(`    at ${match[1] || '<anonymous>'} (bundle:${line}:${column})`)
  }
  return frames.join('\n')
}

function tooLittleGas(contract: string, price: number, cold: boolean, gasLimit: number) {
  const needs = cold ? `${price} gas to load its code and ${price} held back` : `at least ${price} gas, held back`
  return failure(contract, 'out-of-gas', `a call into ${contract} needs ${needs} to reload its code should the call fail (it had ${gasLimit})`, gasLimit)
}

function failure(contract: string, kind: FailureKind, message: string, gasUsed: number) {
  return { ok: false, gasUsed, memoryUsed: 0, error: { kind, name: 'Error', message, stack: '', contract } }
}
