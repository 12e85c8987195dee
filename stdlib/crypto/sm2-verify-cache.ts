/**
 * Per-public-key precomputation for SM2 verification, bounded in memory.
 *
 * Verification computes s·G + t·P_A (GB/T 32918.2 §7.1 B6). G's multiples are tabulated once;
 * for P_A, a table of the same shape (signed windows of W bits, (⌈256/W⌉ + 1)·2^(W−1) affine
 * points) turns t·P_A from ~256 doublings + ~43 additions into ~33 additions. Building a table
 * costs ~6 ms with the WebAssembly kernel (~35 ms in TypeScript) for W = 8, i.e. ~25 uncached
 * verifications, so it is only worth it for keys that sign often (busy accounts, validators).
 *
 * Two mechanisms, both used by `sm2.verify`:
 * - Automatic: a least-recently-used cache of decoded keys (point + Z_A for the default ID),
 *   at most `maxKeys` entries (~0.5 KB each). When a cached key has produced `threshold`
 *   SUCCESSFUL verifications, its table is built; at most `maxTables` tables are kept (LRU).
 *   Only successes count, so a flood of bad signatures cannot make the node build tables.
 * - Explicit: {@link precomputePublicKey} returns a {@link PrecomputedPublicKey} that owns its
 *   table; pass it to `sm2.verify` instead of the key bytes. It lives as long as you keep it.
 *
 * Memory: one W = 8 table = 4,224 affine points: 270 KB in the WebAssembly kernel's linear
 * memory (64 bytes a point), ≈ 470 KB of bigints when the TypeScript kernel built it; the
 * defaults (maxKeys 1024, maxTables 16) stay under ~5 MB (~9 MB in TypeScript). An evicted
 * automatic table is freed at once (its block is reused by the next table; linear memory never
 * shrinks); a {@link PrecomputedPublicKey}'s table when the garbage collector reclaims the handle.
 * @module
 */
import { abytes, aoptions } from './_assert.ts'
import { buildKeyTable, keyTableBytes, releaseKeyTable, type KeyTable } from './_sm2-verify-kernel.ts'
import { decodePublicKey } from './sm2-keys.ts'
import { SM2_LENGTHS, type Sm2Point } from './sm2-curve.ts'

/** A decoded, validated public key plus what verification can reuse across calls. */
export interface KeyEntry {
  readonly x: bigint
  readonly y: bigint
  /** x ‖ y, 64 bytes, for the WebAssembly kernel. */
  readonly xy: Uint8Array
  readonly point: Sm2Point
  /** Z_A for the default user ID, computed on first use. */
  zDefault?: Uint8Array
  /** Window table of the key, when built. */
  table?: KeyTable
  /** Successful verifications since the entry was cached (or since its table was evicted). */
  successes: number
}

/** Tunables of the automatic cache; see the module documentation. */
export interface VerifyCacheOptions {
  /** Successful verifications of one key before its table is built (default 16, ≥ 1). */
  threshold?: number
  /** Decoded keys kept (default 1024, ≥ 0; 0 disables the automatic cache). */
  maxKeys?: number
  /** Automatic tables kept (default 16, ≥ 0; 0 disables automatic tables). */
  maxTables?: number
  /** Window width W of new tables, 4..10 (default 8; table size doubles per +1, ~+12% speed). */
  windowSize?: number
}

const config: Required<VerifyCacheOptions> = { threshold: 16, maxKeys: 1024, maxTables: 16, windowSize: 8 }

/** Decoded keys by their encoding (`cacheKey`), least recently used first (Map keeps insertion order). */
const keys = new Map<string, KeyEntry>()
/** The subset of `keys` holding an automatic table, least recently used first. */
const tabled = new Map<string, KeyEntry>()

const LIMITS = { threshold: [1, 2 ** 30], maxKeys: [0, 2 ** 20], maxTables: [0, 4096], windowSize: [4, 10] } as const

/**
 * Changes the automatic cache's limits; omitted fields keep their value. Lowering a limit
 * evicts immediately.
 * @param options - see {@link VerifyCacheOptions}
 * @throws {TypeError} when a field is not an integer or unknown
 * @throws {RangeError} when a field is out of its range
 * @example
 * configureVerifyCache({ maxTables: 64, threshold: 4 }) // a validator with many busy accounts
 */
export function configureVerifyCache(options: VerifyCacheOptions): void {
  for (const [name, value] of Object.entries(aoptions(options, 'options', Object.keys(LIMITS)))) {
    const range = LIMITS[name as keyof typeof LIMITS]
    if (!Number.isInteger(value)) throw new TypeError(`"${name}" expected integer, got ${String(value)}`)
    if (value < range[0] || value > range[1]) throw new RangeError(`"${name}" expected an integer in [${range[0]}, ${range[1]}], got ${value}`)
  }
  Object.assign(config, options)
  evictOverflow()
}

/**
 * Current limits and occupancy of the automatic cache.
 * @returns counts and limits; `tableBytes` is an estimate of the memory held by tables
 * @example
 * verifyCacheStats() // { keys: 3, tables: 1, tableBytes: 540672, threshold: 16, … }
 */
export function verifyCacheStats(): Required<VerifyCacheOptions> & { keys: number; tables: number; tableBytes: number } {
  let tableBytes = 0
  for (const e of tabled.values()) tableBytes += e.table ? keyTableBytes(e.table) : 0
  return { ...config, keys: keys.size, tables: tabled.size, tableBytes }
}

/**
 * Empties the automatic cache (explicit {@link PrecomputedPublicKey} objects are unaffected).
 * @example
 * clearVerifyCache()
 */
export function clearVerifyCache(): void {
  for (const entry of tabled.values()) dropTable(entry)
  keys.clear()
  tabled.clear()
}

function dropTable(entry: KeyEntry): void {
  releaseKeyTable(entry.table!)
  entry.table = undefined
}

function evictOverflow(): void {
  while (keys.size > config.maxKeys) {
    const [[id, entry]] = keys.entries()
    keys.delete(id!)
    if (tabled.delete(id!)) dropTable(entry!)
  }
  while (tabled.size > config.maxTables) {
    const [[id, entry]] = tabled.entries()
    tabled.delete(id!)
    dropTable(entry!)
    entry!.successes = 0 // must earn a table again; avoids rebuilding on every call when over capacity
  }
}

/**
 * The cache's key for an encoded public key: one character per byte (a flat one-byte string, ~10×
 * cheaper to build and hash than hex, which appends 65 pieces into a rope the Map must flatten).
 */
function cacheKey(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[])
}

function newEntry(publicKey: Uint8Array): KeyEntry {
  const point = decodePublicKey(publicKey)
  const { x, y } = point.toAffine()
  const xy = publicKey.length === SM2_LENGTHS.uncompressed ? publicKey.slice(1) : point.toBytes(false).subarray(1)
  return { x, y, xy, point, successes: 0 }
}

/**
 * Decoded entry for an encoded public key, from the cache or freshly validated (internal).
 * @throws {TypeError | RangeError} for an invalid key, as `validatePublicKey`
 */
export function keyEntry(publicKey: Uint8Array): { id: string; entry: KeyEntry } {
  abytes(publicKey, 'publicKey')
  // Not a key's length: decoding throws the error for it (and no huge input becomes a cache key).
  if (publicKey.length !== SM2_LENGTHS.uncompressed && publicKey.length !== SM2_LENGTHS.compressed) decodePublicKey(publicKey)
  const id = cacheKey(publicKey)
  let entry = keys.get(id)
  if (entry !== undefined) {
    keys.delete(id) // re-insert: most recently used last
    keys.set(id, entry)
    if (entry.table !== undefined) {
      tabled.delete(id)
      tabled.set(id, entry)
    }
    return { id, entry }
  }
  entry = newEntry(publicKey)
  if (config.maxKeys > 0) {
    keys.set(id, entry)
    evictOverflow()
  }
  return { id, entry }
}

/** Records a successful verification; builds the key's table once it reaches the threshold (internal). */
export function noteSuccess(id: string, entry: KeyEntry): void {
  if (entry.table !== undefined || config.maxTables === 0 || !keys.has(id)) return
  if (++entry.successes < config.threshold) return
  entry.table = buildKeyTable(entry, config.windowSize)
  tabled.set(id, entry)
  evictOverflow()
}

const precomputed = new WeakMap<PrecomputedPublicKey, KeyEntry>()
/** Frees a collected handle's table (WebAssembly memory is not garbage-collected). */
const handleTables = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<KeyTable>(releaseKeyTable) : undefined

/**
 * A public key with its verification table, owned by the caller (not subject to the automatic
 * cache's eviction). Create with {@link precomputePublicKey}; pass to `sm2.verify` in place of
 * the key bytes.
 * @example
 * const pre = precomputePublicKey(pub)
 * sm2.verify(sig, msg, pre)
 */
export class PrecomputedPublicKey {
  /** @internal Use {@link precomputePublicKey}. */
  constructor(entry: KeyEntry) {
    precomputed.set(this, entry)
    handleTables?.register(this, entry.table!)
  }

  /**
   * The key as 65 bytes 04 ‖ x ‖ y (a fresh copy).
   * @example
   * bytesToHex(pre.publicKey)
   */
  get publicKey(): Uint8Array {
    return precomputed.get(this)!.point.toBytes(false)
  }
}

/** The entry behind a {@link PrecomputedPublicKey}, or undefined for anything else (internal). */
export function precomputedEntry(value: unknown): KeyEntry | undefined {
  return value instanceof PrecomputedPublicKey ? precomputed.get(value) : undefined
}

/**
 * Validates a public key and builds its verification table now (W = 8: ~6 ms and 270 KB with
 * the WebAssembly kernel, ~35 ms and ~470 KB in TypeScript).
 * @param publicKey - 65- or 33-byte encoded key
 * @param options - `windowSize` 4..10 (default: the cache's, 8)
 * @returns a handle to pass to `sm2.verify`; ~4–5× faster verification than an uncached key
 * @throws {TypeError | RangeError} for an invalid key or window size
 * @example
 * const pre = precomputePublicKey(validatorKey)
 * sm2.verify(sig, msg, pre) // true / false
 */
export function precomputePublicKey(publicKey: Uint8Array, options?: { windowSize?: number }): PrecomputedPublicKey {
  const W = aoptions(options, 'options', ['windowSize']).windowSize ?? config.windowSize
  if (!Number.isInteger(W)) throw new TypeError(`"windowSize" expected integer, got ${String(W)}`)
  if (W < LIMITS.windowSize[0] || W > LIMITS.windowSize[1]) {
    throw new RangeError(`"windowSize" expected an integer in [${LIMITS.windowSize[0]}, ${LIMITS.windowSize[1]}], got ${W}`)
  }
  const entry = newEntry(publicKey)
  entry.table = buildKeyTable(entry, W)
  return new PrecomputedPublicKey(entry)
}
