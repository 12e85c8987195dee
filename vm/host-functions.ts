/**
 * Host functions: work a contract asks the host to do because it is native-speed there (hashes,
 * signature checks, later zero-knowledge-proof verification). Contracts reach them through the
 * bridge, `require('inkstone:host').invoke(name, args)`; the stdlib wraps them in typed helpers.
 *
 * Each entry prices its call from its arguments alone (`gas`, from gas-schedule HOST_FUNCTION_GAS),
 * and the VM charges that before `run` does any work. `run` takes and returns canonical values
 * and throws `TypeError`/`RangeError` for malformed input (signature checks answer false for a
 * well-formed wrong signature): the contract sees that as an error it
 * may catch, identical on every node. Functions must be deterministic and must not keep state.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { sm3, verify as sm2Verify } from '../stdlib/crypto/index.ts'
import { ZKP_HOST_FUNCTIONS } from '../stdlib/zkp/host-functions.ts'
import type { CanonicalValue } from './canonical.ts'
import { HOST_FUNCTION_GAS } from './gas-schedule.ts'

export interface HostFunction {
  /** Gas for a call with these arguments, charged before `run`; must not throw. */
  gas(args: readonly CanonicalValue[]): number
  run(args: readonly CanonicalValue[]): CanonicalValue
}

/** Bytes of the Uint8Array and string arguments: what priced host functions are charged by. */
function argumentBytes(args: readonly CanonicalValue[]): number {
  let n = 0
  for (const arg of args) n += arg instanceof Uint8Array || typeof arg === 'string' ? arg.length : 0
  return n
}

function priced(name: string, run: HostFunction['run']): HostFunction {
  const price = HOST_FUNCTION_GAS[name]
  if (!price) throw new Error(`no price for host function ${name} in gas-schedule HOST_FUNCTION_GAS`)
  return { gas: (args) => price.base + Math.ceil(argumentBytes(args) * price.perByte), run }
}

function bytes(args: readonly CanonicalValue[], index: number, name: string, length?: number): Uint8Array {
  const value = args[index]
  if (!(value instanceof Uint8Array)) throw new TypeError(`"${name}" expected Uint8Array`)
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`"${name}" expected Uint8Array of length ${length}, got length=${value.length}`)
  }
  return value
}

function arity(args: readonly CanonicalValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new TypeError(`expected ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`)
}

export const HOST_FUNCTIONS: Readonly<Record<string, HostFunction>> = {
  sm3: priced('sm3', (args) => (arity(args, 1), sm3(bytes(args, 0, 'data')))),
  sha256: priced('sha256', (args) => (arity(args, 1), sha256(bytes(args, 0, 'data')))),
  keccak256: priced('keccak256', (args) => (arity(args, 1), keccak_256(bytes(args, 0, 'data')))),
  /** (signature r‖s 64 bytes, message, publicKey 65 or 33 bytes, userId? string | bytes) → boolean */
  'sm2.verify': priced('sm2.verify', (args) => {
    arity(args, 3, 4)
    const userId = args[3]
    if (userId !== undefined && typeof userId !== 'string' && !(userId instanceof Uint8Array)) {
      throw new TypeError('"userId" expected string or Uint8Array')
    }
    return sm2Verify(bytes(args, 0, 'signature', 64), bytes(args, 1, 'message'), bytes(args, 2, 'publicKey'), { userId })
  }),
  /** (signature 64 bytes, message, publicKey 32 bytes) → boolean (RFC 8032, strict decoding) */
  'ed25519.verify': priced('ed25519.verify', (args) => {
    arity(args, 3)
    return ed25519.verify(bytes(args, 0, 'signature', 64), bytes(args, 1, 'message'), bytes(args, 2, 'publicKey', 32))
  }),
  /** (signature r‖s 64 bytes, 32-byte message hash, publicKey 33 or 65 bytes) → boolean (low-s only) */
  'secp256k1.verify': priced('secp256k1.verify', (args) => {
    arity(args, 3)
    const publicKey = bytes(args, 2, 'publicKey')
    if (publicKey.length !== 33 && publicKey.length !== 65) throw new RangeError(`"publicKey" expected 33 or 65 bytes, got length=${publicKey.length}`)
    return secp256k1.verify(bytes(args, 0, 'signature', 64), bytes(args, 1, 'messageHash', 32), publicKey, { prehash: false })
  }),
  ...ZKP_HOST_FUNCTIONS,
}
