/**
 * The RPC core: the typed method table over a running node. Each method declares its parameters
 * (name + validator, so both positional and by-name params work), a description (docs/rpc.md
 * documents the same table) and a handler. Values in and out use the tagged JSON of
 * json-value.ts.
 */
import type { SourceMap } from '../../compiler/bundle.ts'
import { contractFrames, type StackFrame } from '../../stdlib/testing/stack.ts'
import { decode, isPlainObject } from '../../vm/canonical.ts'
import { LIMITS } from '../../vm/gas-schedule.ts'
import type { FailureKind } from '../../vm/vm.ts'
import { codeHashOf } from '../artifact.ts'
import { parseHex } from '../bytes.ts'
import type { ExecutedBlock } from '../executor.ts'
import { eventsOf, MAX_EVENT_RANGE, type EventFilter, type InkNode } from '../node.ts'
import { TX_LIMITS } from '../params.ts'
import type { StoredBlock } from '../store.ts'
import { decodeTx, isAddress, isMethodName, txView, type SignedTx } from '../tx.ts'
import type { RpcCore, RpcRequest } from './envelope.ts'
import { InvalidParamsError, LimitExceededError, MethodNotFoundError, MethodNotSupportedError } from './errors.ts'
import { fromJson, toJson, type JsonValue } from './json-value.ts'

/** Per-connection context: WebSocket sessions can receive subscription notifications. */
export interface RpcSession {
  notify?: (subscription: string, result: JsonValue) => void
  /** Open subscriptions of this connection: id → unsubscribe. */
  subscriptions: Map<string, () => void>
}

export interface RpcOptions {
  /**
   * The source map of the code with this code hash (SM3 of the bundle), if the node knows it:
   * contract failures then carry TypeScript frames (`sourceStack`). Called only for failures.
   */
  sourceMapOf?: (codeHash: string) => SourceMap | undefined
}

/** What every handler sees: the node and the core's options. */
interface RpcContext extends RpcOptions {
  node: InkNode
}

type Validator<T> = (value: unknown, name: string) => T
type Param<T> = readonly [name: string, validate: Validator<T>]

interface MethodSpec<P extends unknown[]> {
  description: string
  params: { [K in keyof P]: Param<P[K]> }
  handler: (context: RpcContext, session: RpcSession, ...params: P) => unknown
}

const fail = (name: string, expected: string): never => {
  throw new InvalidParamsError(`"${name}" must be ${expected}`)
}

const hash: Validator<string> = (v, name) => {
  if (typeof v !== 'string' || !/^(0x)?[0-9a-f]{64}$/.test(v)) fail(name, 'a 32-byte lowercase hex hash')
  return (v as string).replace(/^0x/, '')
}
const address: Validator<string> = (v, name) => (isAddress(v) ? v : fail(name, 'an address (0x + 40 lowercase hex)'))
const HEX_TEXT = /^(0x)?[0-9a-fA-F]*$/
/**
 * A raw transaction's hex, parsed here in the same pass that checks it is hex. What parses is
 * handed on as bytes; hex of odd length, or too long to parse, goes on as text, so `decodeTx`
 * refuses it (`malformed` / `oversize`) exactly as it refuses such text from any other caller.
 */
const rawTransaction: Validator<Uint8Array | string> = (v, name) => {
  if (typeof v !== 'string') return fail(name, 'a hex string')
  const hex = v.startsWith('0x') ? v.slice(2) : v
  const bytes = hex.length <= 2 * TX_LIMITS.maxTxBytes ? parseHex(hex) : undefined
  return bytes ?? (HEX_TEXT.test(v) ? v : fail(name, 'a hex string'))
}
const bool: Validator<boolean> = (v, name) => (typeof v === 'boolean' ? v : fail(name, 'a boolean'))
const height: Validator<number> = (v, name) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(name, 'a block height (non-negative integer)'))
const blockRef: Validator<number | 'latest'> = (v, name) => (v === 'latest' ? v : height(v, name))
const optional = <T>(validate: Validator<T>): Validator<T | undefined> => (v, name) => (v === undefined || v === null ? undefined : validate(v, name))
const string: Validator<string> = (v, name) => (typeof v === 'string' ? v : fail(name, 'a string'))

const callRequest: Validator<{ to: string; method: string; args: JsonValue[]; from?: string; gas?: number }> = (v, name) => {
  if (!isPlainObject(v)) fail(name, 'an object { to, method, args?, from?, gas? }')
  const { to, method, args = [], from, gas } = v as Record<string, unknown>
  address(to, `${name}.to`)
  if (!isMethodName(method)) fail(`${name}.method`, 'a method name')
  if (!Array.isArray(args)) fail(`${name}.args`, 'an array')
  if (from !== undefined) address(from, `${name}.from`)
  if (gas !== undefined && !(Number.isSafeInteger(gas) && (gas as number) > 0 && (gas as number) <= LIMITS.defaultGasLimit)) {
    fail(`${name}.gas`, `a gas limit from 1 to ${LIMITS.defaultGasLimit}`)
  }
  return {
    to: to as string,
    method: method as string,
    args: args as JsonValue[],
    ...(from === undefined ? {} : { from: from as string }),
    ...(gas === undefined ? {} : { gas: gas as number }),
  }
}

/** Storage keys are 1–1,024 characters (the VM's limit); a longer prefix or `after` matches nothing useful. */
const storageKeyText: Validator<string> = (v, name) => (typeof v === 'string' && v.length <= 1024 ? v : fail(name, 'a string of at most 1,024 characters'))
/** Rows of one `ink_getStorage` page at most (and by default). */
const MAX_STORAGE_PAGE = 1000
const DEFAULT_STORAGE_PAGE = 100

const storageQuery: Validator<{ address: string; prefix: string; after: string | null; limit: number }> = (v, name) => {
  if (!isPlainObject(v)) fail(name, 'an object { address, prefix?, after?, limit? }')
  const q = v as Record<string, unknown>
  const unknown = Object.keys(q).filter((k) => !['address', 'prefix', 'after', 'limit'].includes(k))
  if (unknown.length) fail(name, `a query without unknown keys (got ${unknown.join(', ')})`)
  const limit = q.limit ?? DEFAULT_STORAGE_PAGE
  if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_STORAGE_PAGE) fail(`${name}.limit`, `an integer from 1 to ${MAX_STORAGE_PAGE}`)
  return {
    address: address(q.address, `${name}.address`),
    prefix: optional(storageKeyText)(q.prefix, `${name}.prefix`) ?? '',
    after: optional(storageKeyText)(q.after, `${name}.after`) ?? null,
    limit: limit as number,
  }
}

const eventFilter: Validator<EventFilter> = (v, name) => {
  if (v === undefined || v === null) return {}
  if (!isPlainObject(v)) fail(name, 'an object { fromBlock?, toBlock?, contract?, event? }')
  const f = v as Record<string, unknown>
  const unknown = Object.keys(f).filter((k) => !['fromBlock', 'toBlock', 'contract', 'event'].includes(k))
  if (unknown.length) fail(name, `a filter without unknown keys (got ${unknown.join(', ')})`)
  const filter: EventFilter = {}
  if (f.fromBlock !== undefined) filter.fromBlock = height(f.fromBlock, `${name}.fromBlock`)
  if (f.toBlock !== undefined) filter.toBlock = height(f.toBlock, `${name}.toBlock`)
  if (f.contract !== undefined) filter.contract = address(f.contract, `${name}.contract`)
  if (f.event !== undefined) filter.event = string(f.event, `${name}.event`)
  return filter
}

/** A contract failure as the RPC reports it: the VM's fields plus `sourceStack` (docs/rpc.md "Failures"). */
interface FailureJson {
  kind: FailureKind
  name: string
  message: string
  contract: string
  stack: string
  sourceStack: StackFrame[]
}

/**
 * Adds the TypeScript frames to a failure. The failing contract's code hash comes from the state,
 * or, for an initializer whose deployment failed (so nothing is stored), from the deploying
 * transaction. A map that does not decode gives no frames rather than no answer.
 */
function failureJson({ node, sourceMapOf }: RpcContext, error: Omit<FailureJson, 'stack' | 'sourceStack'> & { stack?: string }, tx?: SignedTx): FailureJson {
  // Receipts stored before receipts carried the stack have none.
  const stack = error.stack ?? ''
  const deploy = tx?.body.deploy
  const codeHash = node.chain.contract(error.contract)?.codeHash ?? (deploy ? codeHashOf(deploy.bundle) : undefined)
  const sourceMap = stack && codeHash ? sourceMapOf?.(codeHash) : undefined
  let sourceStack: StackFrame[] = []
  try {
    if (sourceMap) sourceStack = contractFrames(stack, sourceMap)
  } catch {
    // A malformed map (decodeMappings' SyntaxError): the bundle frames still say where.
  }
  return { kind: error.kind, name: error.name, message: error.message, contract: error.contract, stack, sourceStack }
}

function method<P extends unknown[]>(spec: MethodSpec<P>): MethodSpec<P> {
  return spec
}

function blockJson(block: StoredBlock | ExecutedBlock, full: boolean): JsonValue {
  const txs = block.txs.map((tx) => (tx instanceof Uint8Array ? decodeTx(tx) : tx))
  return toJson({ hash: block.hash, ...block.header, transactions: full ? txs.map(txView) : txs.map((tx) => tx.hash) })
}

let nextSubscription = 1
/** Subscriptions one WebSocket connection may hold (each is a listener on every block). */
const MAX_SUBSCRIPTIONS = 100

export const METHODS = {
  ink_chainId: method({
    description: 'The chain id transactions must carry.',
    params: [],
    handler: ({ node }) => node.chainId,
  }),
  ink_blockNumber: method({
    description: 'Height of the newest committed block.',
    params: [],
    handler: ({ node }) => node.chain.head.header.height,
  }),
  ink_sendRawTransaction: method({
    description: 'Submits a signed transaction (hex of its canonical bytes). Returns its hash once the pool admitted it (signature checked).',
    params: [['raw', rawTransaction]],
    handler: ({ node }, _session, raw) => node.sendRawTransaction(raw),
  }),
  ink_call: method({
    description: 'Runs a contract method read-only on the newest state; nothing is written. Gas is capped by the node (10⁷ by default); −32005 when views are over their share of the node or one runs past its time limit. Returns { ok, value | error: { kind, name, message, contract, stack, sourceStack }, gasUsed, events, logs }.',
    params: [['call', callRequest]],
    handler: async (context, _session, call) => {
      const { node } = context
      let args
      try {
        args = call.args.map((arg, i) => fromJson(arg, `call.args[${i}]`))
      } catch (error) {
        throw new InvalidParamsError((error as Error).message)
      }
      if (!node.chain.contract(call.to)) throw new InvalidParamsError(`no contract at ${call.to}`)
      let result
      try {
        result = await node.view(call.to, call.method, args, { sender: call.from, gasLimit: call.gas })
      } catch (error) {
        // By name: from the chain's thread it arrives as a plain Error carrying the name.
        if ((error as Error).name === 'ViewLimitError') throw new LimitExceededError((error as Error).message)
        throw error
      }
      const { ok, value, error, gasUsed, events, logs } = result
      return toJson({ ok, value: ok ? value : undefined, error: error && failureJson(context, error), gasUsed, events, logs })
    },
  }),
  ink_getTransaction: method({
    description: 'A committed transaction with its block position, or null.',
    params: [['hash', hash]],
    handler: async ({ node }, _session, txHash) => {
      const found = await node.chain.transaction(txHash)
      if (!found) return null
      return toJson({ ...txView(found.tx), blockHeight: found.receipt.height, blockHash: found.blockHash, index: found.receipt.index })
    },
  }),
  ink_getTransactionReceipt: method({
    description: "The receipt of a committed transaction, or null (still pending, dropped or unknown). A failure's error carries the VM's stack and its TypeScript frames (sourceStack).",
    params: [['hash', hash]],
    handler: async (context, _session, txHash) => {
      const found = await context.node.chain.transaction(txHash)
      if (!found) return null
      const { receipt } = found
      return toJson({ ...receipt, error: receipt.error && failureJson(context, receipt.error, found.tx), blockHash: found.blockHash })
    },
  }),
  ink_getBlockByNumber: method({
    description: 'A committed block by height ("latest" for the head), or null. With `full`, transactions are objects, else hashes.',
    params: [['height', blockRef], ['full', optional(bool)]],
    handler: async ({ node }, _session, ref, full) => {
      const block = await node.chain.block({ height: ref === 'latest' ? node.chain.head.header.height : ref })
      return block ? blockJson(block, full === true) : null
    },
  }),
  ink_getBlockByHash: method({
    description: 'A committed block by hash, or null.',
    params: [['hash', hash], ['full', optional(bool)]],
    handler: async ({ node }, _session, blockHash, full) => {
      const block = await node.chain.block({ hash: blockHash })
      return block ? blockJson(block, full === true) : null
    },
  }),
  ink_getContract: method({
    description: 'A deployed contract: { address, name, codeHash, abi, deployer, txHash, height }, or null.',
    params: [['address', address]],
    handler: ({ node }, _session, contract) => {
      const record = node.chain.contract(contract)
      return record ? toJson({ address: contract, ...record }) : null
    },
  }),
  ink_getStorage: method({
    description: `A contract's storage on the newest state, one page in key order: { address, prefix?, after?, limit? (≤ ${MAX_STORAGE_PAGE}) } → { height, entries: [{ key, value }], next }.`,
    params: [['query', storageQuery]],
    handler: async ({ node }, _session, { address: contract, prefix, after, limit }) => {
      if (!node.chain.contract(contract)) throw new InvalidParamsError(`no contract at ${contract}`)
      // One row more than asked tells whether another page follows.
      const { height, rows } = await node.chain.storage(contract, prefix, after, limit + 1)
      const page = rows.slice(0, limit)
      return toJson({
        height,
        entries: page.map(([key, bytes]) => ({ key, value: decode(bytes) })),
        next: rows.length > limit ? page[page.length - 1]![0] : null,
      })
    },
  }),
  ink_getNonce: method({
    description: "The account's next nonce (transactions already executed, the pool not included).",
    params: [['address', address]],
    handler: ({ node }, _session, account) => node.chain.nonceOf(account),
  }),
  ink_getEvents: method({
    description: `Events of committed blocks matching { fromBlock?, toBlock?, contract?, event? } (at most ${MAX_EVENT_RANGE} blocks; default: the newest ones).`,
    params: [['filter', eventFilter]],
    handler: async ({ node }, _session, filter) => {
      try {
        return toJson(await node.events(filter))
      } catch (error) {
        if (error instanceof RangeError) throw new LimitExceededError(error.message)
        throw error
      }
    },
  }),
  ink_subscribe: method({
    description: 'WebSocket only. ["newBlocks"] or ["events", filter]: notifications `ink_subscription` { subscription, result } follow. Returns the subscription id.',
    params: [['kind', string], ['filter', eventFilter]],
    handler: ({ node }, session, kind, filter) => {
      const notify = session.notify
      if (!notify) throw new MethodNotSupportedError('subscriptions need a WebSocket connection')
      if (kind !== 'newBlocks' && kind !== 'events') throw new InvalidParamsError('"kind" must be "newBlocks" or "events"')
      if (session.subscriptions.size >= MAX_SUBSCRIPTIONS) throw new LimitExceededError(`at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`)
      const id = `0x${(nextSubscription++).toString(16)}`
      const off = node.onBlock((block) => {
        if (kind === 'newBlocks') notify(id, blockJson(block, false))
        else for (const event of eventsOf(block, filter)) notify(id, toJson(event))
      })
      session.subscriptions.set(id, off)
      return id
    },
  }),
  ink_unsubscribe: method({
    description: 'Ends a subscription of this connection; returns whether it existed.',
    params: [['subscription', string]],
    handler: (_context, session, id) => {
      const off = session.subscriptions.get(id)
      off?.()
      return session.subscriptions.delete(id)
    },
  }),
} as const

export type MethodName = keyof typeof METHODS

/** The core the envelope calls: looks the method up, binds and validates params, runs it. */
export function rpcCore(node: InkNode, options: RpcOptions = {}): RpcCore<RpcSession> {
  const context: RpcContext = { ...options, node }
  return {
    async request({ method: name, params }: RpcRequest, session: RpcSession) {
      if (!Object.hasOwn(METHODS, name)) throw new MethodNotFoundError(name)
      const spec = METHODS[name as MethodName] as unknown as MethodSpec<unknown[]>
      const declared = spec.params as readonly Param<unknown>[]
      let values: unknown[]
      if (Array.isArray(params)) {
        if (params.length > declared.length) throw new InvalidParamsError(`at most ${declared.length} params`)
        values = declared.map(([pname, validate], i) => validate(params[i], pname))
      } else {
        const unknown = Object.keys(params).filter((key) => !declared.some(([pname]) => pname === key))
        if (unknown.length) throw new InvalidParamsError(`unknown params: ${unknown.join(', ')}`)
        values = declared.map(([pname, validate]) => validate(params[pname], pname))
      }
      return spec.handler(context, session, ...values)
    },
  }
}
