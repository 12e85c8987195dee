/**
 * The in-browser chain, in its own worker so contract calls never block the page: the node core
 * (`InkNode`: pool, solo orderer with instant blocks, chain, VM) over the node's own `LevelStore`,
 * which `level` backs with IndexedDB in a browser, so the chain survives a reload. It answers
 * JSON-RPC text with the node's envelope and method table: the page talks to it exactly as it
 * talks to `inkstone node` over HTTP (connection.ts).
 *
 * Until the node's RPC has them (docs/rpc.md), it adds `ink_getStorage` and the failure `stack`
 * of `ink_call` results and receipts as agreed for the node (the page maps the stack to a
 * TypeScript line with the artifact's source map).
 *
 * Protocol: the page posts `{ text }` (a JSON-RPC request) and gets `{ text }` back, or posts
 * `{ reset: true }` to throw the chain away and start a fresh one (answered `{ reset: true }`).
 */
import { decode } from '../../../vm/canonical.ts'
import { Vm } from '../../../vm/vm.ts'
import { ZERO_HASH } from '../../../node/block.ts'
import { LevelStore } from '../../../node/level-store.ts'
import { InkNode } from '../../../node/node.ts'
import { handleMessage, type RpcCore } from '../../../node/rpc/envelope.ts'
import { InvalidParamsError } from '../../../node/rpc/errors.ts'
import { toJson } from '../../../node/rpc/json-value.ts'
import { rpcCore, type RpcSession } from '../../../node/rpc/methods.ts'
import { isAddress } from '../../../node/tx.ts'

const CHAIN_ID = 'inkstone-playground'
/** The IndexedDB database: browser-level names it with its default prefix `level-js-`. */
const LOCATION = 'inkstone-playground-chain'
const DATABASE = 'level-js-' + LOCATION
/** Storage entries one `ink_getStorage` page holds at most, and by default. */
const MAX_STORAGE_PAGE = 1000
const DEFAULT_STORAGE_PAGE = 100
/** Failure stacks kept for receipts (by transaction hash), newest last. */
const MAX_STACKS = 1000

interface Running {
  node: InkNode
  core: RpcCore<RpcSession>
}

const stacks = new Map<string, string>()
let viewStack: string | undefined

/** A VM that also remembers failure stacks: receipts and `ink_call` results drop them (they are not consensus data). */
async function tracingVm(): Promise<Vm> {
  const vm = await Vm.create()
  const call = vm.call.bind(vm)
  vm.call = (request) => {
    const result = call(request)
    const stack = result.ok ? undefined : result.error?.stack
    if (request.block.txHash === ZERO_HASH) viewStack = stack
    else if (stack) {
      stacks.set(request.block.txHash, stack)
      if (stacks.size > MAX_STACKS) stacks.delete(stacks.keys().next().value!)
    }
    return result
  }
  return vm
}

async function start(): Promise<Running> {
  const node = await InkNode.start({ chainId: CHAIN_ID, store: await LevelStore.open(LOCATION), vm: await tracingVm() })
  const inner = rpcCore(node)
  const core: RpcCore<RpcSession> = {
    async request(request, session) {
      const { method, params } = request
      if (method === 'ink_getStorage') return storage(node, (Array.isArray(params) ? params[0] : params) as Record<string, unknown>)
      viewStack = undefined
      // rpcCore runs a method's handler synchronously when called: `ink_call`'s VM call is over
      // here, before any other request can run, so `viewStack` is this call's. (Were the handler
      // ever deferred, `viewStack` would still be undefined here: no line, never a wrong one.)
      const pending = inner.request(request, session)
      const stack = viewStack
      const result = await pending
      if (method === 'ink_call' && stack) {
        const call = result as { error: object }
        return { ...call, error: { ...call.error, stack } }
      }
      if (method === 'ink_getTransactionReceipt' && result !== null) {
        const receipt = result as { txHash: string; error: object | null }
        const failure = stacks.get(receipt.txHash)
        if (failure && receipt.error) return { ...receipt, error: { ...receipt.error, stack: failure } }
      }
      return result
    },
  }
  return { node, core }
}

function storage(node: InkNode, query: Record<string, unknown> = {}) {
  const { address, prefix = '', after = null, limit = DEFAULT_STORAGE_PAGE } = query
  if (!isAddress(address)) throw new InvalidParamsError('"query.address" must be an address (0x + 40 lowercase hex)')
  if (typeof prefix !== 'string' || (after !== null && typeof after !== 'string')) throw new InvalidParamsError('"query.prefix" and "query.after" must be strings')
  if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_STORAGE_PAGE) throw new InvalidParamsError(`"query.limit" must be an integer from 1 to ${MAX_STORAGE_PAGE}`)
  if (!node.chain.contract(address)) throw new InvalidParamsError(`no contract at ${address}`)
  const rows = node.chain.state.entries(address, prefix, after, (limit as number) + 1)
  const page = rows.slice(0, limit as number)
  return { height: node.chain.head.header.height, entries: page.map(([key, bytes]) => ({ key, value: toJson(decode(bytes)) })), next: rows.length > page.length ? page.at(-1)![0] : null }
}

/**
 * One page (tab) at a time: two workers writing the same IndexedDB chain would corrupt it. The
 * Web Lock is held for the worker's lifetime.
 */
function exclusive(): Promise<void> {
  return new Promise((resolve, reject) => {
    void navigator.locks.request(DATABASE, { ifAvailable: true }, (lock) => {
      if (!lock) {
        reject(new Error('the in-browser chain is open in another tab of this browser: close it, or connect to a node over RPC'))
        return undefined
      }
      resolve()
      return new Promise<void>(() => {})
    })
  })
}

const locked = exclusive()
let running: Promise<Running> = locked.then(start)
running.catch(() => {})

async function reset(): Promise<void> {
  const old = await running.catch(() => undefined)
  await old?.node.stop()
  stacks.clear()
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DATABASE)
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error)
  })
  running = locked.then(start)
  await running
}

const session: RpcSession = { subscriptions: new Map() }

self.onmessage = async ({ data }: MessageEvent<{ text: string } | { reset: true }>) => {
  if ('reset' in data) {
    await reset()
    postMessage({ reset: true })
    return
  }
  // A chain that cannot start (another tab holds it) answers every request with the reason.
  const core = await running.then(
    (chain) => chain.core,
    (error: Error): RpcCore<RpcSession> => ({ request: () => Promise.reject(error) }),
  )
  const text = await handleMessage(data.text, core, session)
  if (text !== undefined) postMessage({ text })
}
