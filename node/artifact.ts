/**
 * What a deploy transaction carries: the compiler's artifact, reduced to its on-chain part.
 *
 * The compiler emits `{ name, bundle, abi, codeHash, sourceMap, compiler }` with `codeHash` = SM3
 * of the UTF-8 bundle (hex). On chain only `name`, `bundle` and `abi` travel; the node computes
 * the code hash itself and, when an artifact states one, checks that it matches. Keeping this in
 * one module makes aligning with the compiler a one-file change.
 */
import { isPlainObject, type CanonicalValue } from '../vm/canonical.ts'
import { utf8 } from './bytes.ts'
import { sm3Hex } from './crypto.ts'
import { TX_LIMITS } from './params.ts'

/** The compiler's artifact (fields the node does not use are ignored). */
export interface Artifact {
  name: string
  bundle: string
  abi?: CanonicalValue
  codeHash?: string
  sourceMap?: unknown
  compiler?: unknown
}

/** The on-chain part of an artifact, as a deploy transaction carries it. */
export interface DeployCode {
  name: string
  bundle: string
  abi: CanonicalValue
}

/** The code hash of a bundle: SM3 of its UTF-8 bytes, lowercase hex. */
export function codeHashOf(bundle: string): string {
  return sm3Hex(utf8(bundle))
}

/**
 * Validates an artifact (e.g. a parsed `*.artifact.json`) and returns its on-chain part.
 * Throws `TypeError` for a wrong shape, `RangeError` for a codeHash that does not match the bundle.
 */
export function deployCodeOf(artifact: unknown): DeployCode {
  if (!isPlainObject(artifact)) throw new TypeError('artifact must be an object')
  const { name, bundle, abi, codeHash } = artifact
  if (typeof name !== 'string' || name.length < 1 || name.length > TX_LIMITS.maxNameLength) {
    throw new TypeError(`artifact "name" must be a string of 1–${TX_LIMITS.maxNameLength} characters`)
  }
  if (typeof bundle !== 'string' || bundle.length === 0) throw new TypeError('artifact "bundle" must be a non-empty string')
  if (codeHash !== undefined && codeHash !== codeHashOf(bundle)) {
    throw new RangeError('artifact "codeHash" does not match SM3 of its bundle')
  }
  return { name, bundle, abi: (abi ?? null) as CanonicalValue }
}

/**
 * The method a deploy with arguments calls: the ABI's `init`-kind method (the compiler marks the
 * `@init` method so), or `init` when the deploy carries no ABI.
 */
export function initMethodOf(abi: CanonicalValue): string {
  const methods = isPlainObject(abi) && Array.isArray(abi.methods) ? abi.methods : []
  for (const method of methods) {
    if (isPlainObject(method) && method.kind === 'init' && typeof method.name === 'string') return method.name
  }
  return 'init'
}

/** Whether the ABI declares an initializer (the CLI then calls it on deploy). */
export function hasInitMethod(abi: CanonicalValue): boolean {
  const methods = isPlainObject(abi) && Array.isArray(abi.methods) ? abi.methods : []
  return methods.some((method) => isPlainObject(method) && method.kind === 'init')
}
