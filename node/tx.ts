/**
 * Transactions: their canonical encoding, SM2 signatures, hashes and addresses.
 *
 * A transaction body is a canonical object (vm/canonical.ts) with exactly these keys:
 *   chainId  string    the chain it is valid on (replay protection across chains)
 *   from     bytes 65  the sender's SM2 public key, uncompressed (04 ‖ X ‖ Y)
 *   nonce    number    the sender's transaction count before this one (replay protection, order)
 *   gasLimit number    most gas it may use, intrinsic gas included (params.ts TX_GAS)
 * and one action key:
 *   call     { to: address, method: string, args: value[] }
 *   deploy   { name: string, bundle: string, abi: value, args: value[] | null }
 *
 * Signing message = UTF-8 "inkstone-tx:" ‖ canonical(body): the prefix keeps a transaction
 * signature from being valid for any other message the same key signs. The signature is SM2 with
 * SM3 and the standard user ID (node/crypto.ts), 64 bytes r ‖ s.
 * Raw (wire) form = canonical({ body, sig }), sent as hex over RPC.
 * Transaction hash = SM3(canonical(body)), hex: the signature is not part of a transaction's
 * identity, so re-signing the same body cannot create a second transaction.
 *
 * Addresses (accounts and contracts share one form: "0x" + 40 lowercase hex characters):
 *   account  = first 20 bytes of SM3(public key, 65 bytes)
 *   contract = first 20 bytes of SM3(canonical(["inkstone-contract", deployer address, deploy nonce]))
 */
import { decode, encode, isPlainObject, type CanonicalValue } from '../vm/canonical.ts'
import { concatBytes, fromHex, toHex, utf8 } from './bytes.ts'
import { sign, sm3, sm3Hex } from './crypto.ts'
import { TX_GAS, TX_LIMITS } from './params.ts'

export interface CallAction {
  to: string
  method: string
  args: CanonicalValue[]
}

export interface DeployAction {
  name: string
  bundle: string
  abi: CanonicalValue
  /** Arguments of the contract's initializer, called once at deployment; null: none is called. */
  args: CanonicalValue[] | null
}

export interface TxBody {
  chainId: string
  from: Uint8Array
  nonce: number
  gasLimit: number
  call?: CallAction
  deploy?: DeployAction
}

/** A decoded, signed transaction. `verified` is set once its signature has been checked. */
export interface SignedTx {
  body: TxBody
  sig: Uint8Array
  hash: string
  sender: string
  /** The raw (wire) bytes. */
  raw: Uint8Array
  /** The bytes the signature covers. */
  message: Uint8Array
  verified: boolean
}

/** Why a transaction was refused; `reason` is stable and goes into JSON-RPC error data. */
export const TX_REJECTIONS = {
  malformed: 'malformed transaction',
  oversize: 'transaction too large',
  badSignature: 'bad signature',
  wrongChain: 'wrong chain id',
  gasLimit: 'gas limit out of range',
  nonceTooLow: 'nonce already used',
  nonceGap: 'nonce too far ahead',
  known: 'transaction already known',
  poolFull: 'transaction pool full',
} as const
export type TxRejection = keyof typeof TX_REJECTIONS

export class TxRejectedError extends Error {
  override name = 'TxRejectedError'
  readonly reason: TxRejection
  constructor(reason: TxRejection, detail?: string) {
    super(detail ? `${TX_REJECTIONS[reason]}: ${detail}` : TX_REJECTIONS[reason])
    this.reason = reason
  }
}

const SIGNING_PREFIX = utf8('inkstone-tx:')
const ADDRESS = /^0x[0-9a-f]{40}$/
const METHOD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/

export function isAddress(value: unknown): value is string {
  return typeof value === 'string' && ADDRESS.test(value)
}

/** The account address of an SM2 public key (65 bytes, uncompressed). */
export function addressOf(publicKey: Uint8Array): string {
  return '0x' + toHex(sm3(publicKey).subarray(0, 20))
}

/**
 * Recent senders' keys with their addresses, so a busy sender's key is not hashed per
 * transaction, and its transactions share one key array (a batch sent to the chain's thread
 * carries it once). Direct-mapped by two bytes of the key's X coordinate; a slot holds the last
 * key that mapped to it, and a hit is a byte-for-byte match.
 */
interface KnownSender {
  publicKey: Uint8Array
  address: string
}
const knownSenders: (KnownSender | undefined)[] = new Array(1 << 16)

function knownSenderOf(publicKey: Uint8Array): KnownSender {
  const slot = (publicKey[1]! << 8) | publicKey[2]!
  const known = knownSenders[slot]
  if (known !== undefined && equalBytes(known.publicKey, publicKey)) return known
  // A copy: the key may be a view of a transaction's raw bytes.
  const sender = { publicKey: publicKey.slice(), address: addressOf(publicKey) }
  knownSenders[slot] = sender
  return sender
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The address of the contract deployed by `deployer`'s transaction with `nonce`. */
export function contractAddress(deployer: string, nonce: number): string {
  return '0x' + toHex(sm3(encode(['inkstone-contract', deployer, nonce])).subarray(0, 20))
}

/** Gas a transaction pays before any contract code runs. */
export function intrinsicGas(tx: Pick<SignedTx, 'raw' | 'body'>): number {
  let gas = TX_GAS.base + TX_GAS.perByte * tx.raw.length
  if (tx.body.deploy) gas += TX_GAS.deployBase + TX_GAS.deployPerByte * utf8(tx.body.deploy.bundle).length
  return gas
}

function bodyValue(body: TxBody): CanonicalValue {
  const { chainId, from, nonce, gasLimit, call, deploy } = body
  const base = { chainId, from, nonce, gasLimit }
  if (call) return { ...base, call: { to: call.to, method: call.method, args: call.args } }
  if (deploy) return { ...base, deploy: { name: deploy.name, bundle: deploy.bundle, abi: deploy.abi, args: deploy.args } }
  throw new TypeError('transaction body needs a call or a deploy action')
}

/** Signs a body with `privateKey` (hex) and returns the signed transaction (marked verified). */
export function signTx(body: TxBody, privateKey: string): SignedTx {
  const bodyBytes = encode(bodyValue(body))
  const message = concatBytes(SIGNING_PREFIX, bodyBytes)
  const sig = sign(message, privateKey, body.from)
  const raw = encode({ body: bodyValue(body), sig })
  return { body, sig, hash: sm3Hex(bodyBytes), sender: addressOf(body.from), raw, message, verified: true }
}

/**
 * Decodes a raw transaction (bytes or hex) and checks everything that needs no state or key:
 * size, exact shape and types. The signature is NOT verified here (that is the mempool's job).
 * Throws `TxRejectedError` (`oversize` or `malformed`).
 */
export function decodeTx(raw: Uint8Array | string): SignedTx {
  let bytes: Uint8Array
  if (typeof raw === 'string') {
    if (raw.length > 2 * TX_LIMITS.maxTxBytes + 2) throw new TxRejectedError('oversize')
    try {
      bytes = fromHex(raw.startsWith('0x') ? raw.slice(2) : raw, 'raw transaction')
    } catch (error) {
      throw new TxRejectedError('malformed', (error as Error).message)
    }
  } else {
    bytes = raw
  }
  if (bytes.length > TX_LIMITS.maxTxBytes) throw new TxRejectedError('oversize', `${bytes.length} > ${TX_LIMITS.maxTxBytes} bytes`)
  let value: CanonicalValue
  try {
    // Byte strings as views of the raw bytes, which the transaction keeps (as its `sig` is).
    value = decode(bytes, { views: true })
  } catch (error) {
    throw new TxRejectedError('malformed', (error as Error).message)
  }
  if (!isPlainObject(value) || !hasExactKeys(value, TX_KEYS)) malformed('expected { body, sig }')
  const { body: b, sig } = value as { body: CanonicalValue; sig: CanonicalValue }
  if (!(sig instanceof Uint8Array) || sig.length !== 64) malformed('"sig" must be 64 bytes (r ‖ s)')
  if (!isPlainObject(b)) malformed('"body" must be an object')
  const body = b as Record<string, CanonicalValue>
  const action = 'call' in body ? 'call' : 'deploy'
  if (!hasExactKeys(body, action === 'call' ? CALL_BODY_KEYS : DEPLOY_BODY_KEYS)) {
    malformed('"body" must have exactly chainId, from, nonce, gasLimit and one of call / deploy')
  }
  const { chainId, from, nonce, gasLimit } = body
  if (typeof chainId !== 'string' || chainId.length < 1 || chainId.length > TX_LIMITS.maxChainIdLength) malformed('"chainId" must be a short string')
  // Only the form here: whether the point is on the curve is checked with the signature (a
  // key off the curve fails verification), on the verifying threads.
  if (!(from instanceof Uint8Array) || from.length !== 65 || from[0] !== 4) malformed('"from" must be an SM2 public key (65 bytes, uncompressed)')
  if (!isSafeCount(nonce)) malformed('"nonce" must be a non-negative safe integer')
  if (!isSafeCount(gasLimit)) malformed('"gasLimit" must be a non-negative safe integer')
  const sender = knownSenderOf(from as Uint8Array)
  const tx: TxBody = { chainId: chainId as string, from: sender.publicKey, nonce: nonce as number, gasLimit: gasLimit as number }
  const act = body[action]
  if (!isPlainObject(act)) malformed(`"${action}" must be an object`)
  const a = act as Record<string, CanonicalValue>
  if (action === 'call') {
    if (!hasExactKeys(a, CALL_KEYS)) malformed('"call" must have exactly to, method, args')
    if (!isAddress(a.to)) malformed('"call.to" must be an address (0x + 40 lowercase hex)')
    if (!isMethodName(a.method)) malformed('"call.method" must be an identifier of at most 64 characters')
    if (!Array.isArray(a.args)) malformed('"call.args" must be an array')
    tx.call = { to: a.to as string, method: a.method as string, args: a.args as CanonicalValue[] }
  } else {
    if (!hasExactKeys(a, DEPLOY_KEYS)) malformed('"deploy" must have exactly name, bundle, abi, args')
    if (typeof a.name !== 'string' || a.name.length < 1 || a.name.length > TX_LIMITS.maxNameLength) malformed('"deploy.name" must be a string of 1–64 characters')
    if (typeof a.bundle !== 'string' || a.bundle.length === 0) malformed('"deploy.bundle" must be a non-empty string')
    if (a.args !== null && !Array.isArray(a.args)) malformed('"deploy.args" must be an array or null')
    tx.deploy = { name: a.name as string, bundle: a.bundle as string, abi: a.abi!, args: a.args as CanonicalValue[] | null }
  }
  return signedTx(bytes, { body: tx, hash: sm3Hex(bodyBytesOf(bytes)), sender: sender.address })
}

const TX_KEYS = ['body', 'sig']
const CALL_BODY_KEYS = ['chainId', 'from', 'nonce', 'gasLimit', 'call']
const DEPLOY_BODY_KEYS = ['chainId', 'from', 'nonce', 'gasLimit', 'deploy']
const CALL_KEYS = ['to', 'method', 'args']
const DEPLOY_KEYS = ['name', 'bundle', 'abi', 'args']

function malformed(detail: string): never {
  throw new TxRejectedError('malformed', detail)
}

/** What `decodeTx` finds in a transaction's raw bytes besides what is sliced from them. */
export type DecodedParts = Pick<SignedTx, 'body' | 'hash' | 'sender'>

/**
 * A transaction `decodeTx` already decoded from these very bytes (on another thread of this
 * process), rebuilt from its parts without decoding or hashing again. Unverified.
 */
export function signedTx(raw: Uint8Array, { body, hash, sender }: DecodedParts): SignedTx {
  return new DecodedTx(raw, body, hash, sender)
}

/**
 * A transaction read from its raw bytes. The signing message is made on first use: a
 * transaction verified on a worker thread (its message packed there from the raw bytes,
 * `signingMessageParts`) never needs it on the node's thread or the chain's.
 */
class DecodedTx implements SignedTx {
  readonly sig: Uint8Array
  verified = false
  #message: Uint8Array | undefined
  constructor(
    readonly raw: Uint8Array,
    readonly body: TxBody,
    readonly hash: string,
    readonly sender: string,
  ) {
    this.sig = raw.subarray(raw.length - 64)
  }

  get message(): Uint8Array {
    return (this.#message ??= concatBytes(...signingMessageParts(this)))
  }
}

/** The signing message of a transaction, in two parts: the prefix and the body's canonical bytes. */
export function signingMessageParts(tx: Pick<SignedTx, 'raw'>): [Uint8Array, Uint8Array] {
  return [SIGNING_PREFIX, bodyBytesOf(tx.raw)]
}

/**
 * canonical({ body, sig }) = 08 02 04 "body" ‖ body ‖ 03 "sig" 06 40 ‖ 64 bytes: decodeTx accepts
 * only that exact layout, so the body's canonical bytes (and the signature) are slices of it.
 */
function bodyBytesOf(raw: Uint8Array): Uint8Array {
  return raw.subarray(7, raw.length - 70)
}

/** The JSON-friendly view of a transaction (RPC and CLI output); values stay canonical. */
export function txView(tx: SignedTx): Record<string, CanonicalValue> {
  const { chainId, nonce, gasLimit, call, deploy } = tx.body
  const view: Record<string, CanonicalValue> = { hash: tx.hash, from: tx.sender, publicKey: toHex(tx.body.from), chainId, nonce, gasLimit }
  if (call) view.call = { to: call.to, method: call.method, args: call.args }
  if (deploy) view.deploy = { name: deploy.name, codeHash: sm3Hex(utf8(deploy.bundle)), abi: deploy.abi, args: deploy.args }
  view.raw = toHex(tx.raw)
  return view
}

export function isMethodName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= TX_LIMITS.maxNameLength && METHOD_NAME.test(value)
}

function isSafeCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function hasExactKeys(object: Record<string, unknown>, keys: readonly string[]): boolean {
  if (Object.keys(object).length !== keys.length) return false
  for (const key of keys) if (!Object.hasOwn(object, key)) return false
  return true
}
