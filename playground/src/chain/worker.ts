/**
 * The in-browser chain, in its own worker so contract calls never block the page: the node core
 * (`InkNode`: pool, solo orderer with instant blocks, chain, VM) over the node's own `LevelStore`,
 * which `level` backs with IndexedDB in a browser, so the chain survives a reload. It answers
 * JSON-RPC text with the node's envelope and method table: the page talks to it exactly as it
 * talks to `inkstone node` over HTTP (connection.ts).
 *
 * It is the node's RPC, failure stacks (`error.stack`) and `ink_getStorage` included: the page
 * maps a failure to its TypeScript line with the source map of the artifact it deployed (the
 * worker has no artifacts, so its `sourceStack`s are empty).
 *
 * Protocol: the page posts `{ text }` (a JSON-RPC request) and gets `{ text }` back, or posts
 * `{ reset: true }` to throw the chain away and start a fresh one (answered `{ reset: true }`).
 */
import { LevelStore } from '../../../node/level-store.ts'
import { InkNode } from '../../../node/node.ts'
import { handleMessage, type RpcCore } from '../../../node/rpc/envelope.ts'
import { rpcCore, type RpcSession } from '../../../node/rpc/methods.ts'

const CHAIN_ID = 'inkstone-playground'
/** The IndexedDB database: browser-level names it with its default prefix `level-js-`. */
const LOCATION = 'inkstone-playground-chain'
const DATABASE = 'level-js-' + LOCATION

interface Running {
  node: InkNode
  core: RpcCore<RpcSession>
}

async function start(): Promise<Running> {
  const node = await InkNode.start({ chainId: CHAIN_ID, store: await LevelStore.open(LOCATION) })
  return { node, core: rpcCore(node) }
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
