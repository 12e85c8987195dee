/**
 * The one switch between the in-browser chain and a node: the page speaks JSON-RPC to either,
 * through an `RpcClient` (node/rpc/client.ts) — same methods, same tagged values, same receipts.
 * Works in the browser only (a Worker or fetch).
 */
import { RpcClient } from '../../../node/rpc/client.ts'
import { JsonRpcError } from '../../../node/rpc/errors.ts'
import type { JsonValue } from '../../../node/rpc/json-value.ts'
import ChainWorker from './worker.ts?worker'

export type Network = { kind: 'browser' } | { kind: 'rpc'; url: string }

/** Where deployments and activity belong: `browser` or the node's URL. */
export function networkId(network: Network): string {
  return network.kind === 'browser' ? 'browser' : network.url
}

type Response = { id: number; result?: JsonValue; error?: { code: number; message: string; data?: unknown } }

/** The in-browser chain (worker.ts) behind RpcClient's interface: requests are posted instead of fetched. */
export class InBrowserChain extends RpcClient {
  readonly #worker: Worker
  readonly #pending = new Map<number, (response: Response) => void>()
  #nextId = 1
  #resetDone: (() => void) | undefined

  constructor() {
    super('in-browser chain')
    this.#worker = new ChainWorker()
    this.#worker.onmessage = ({ data }: MessageEvent<{ text: string } | { reset: true }>) => {
      if ('reset' in data) return this.#resetDone?.()
      const response = JSON.parse(data.text) as Response
      this.#pending.get(response.id)?.(response)
      this.#pending.delete(response.id)
    }
  }

  override async request<T = JsonValue>(method: string, params: unknown[] | Record<string, unknown> = []): Promise<T> {
    const id = this.#nextId++
    const response = await new Promise<Response>((resolve) => {
      this.#pending.set(id, resolve)
      this.#worker.postMessage({ text: JSON.stringify({ jsonrpc: '2.0', id, method, params }) })
    })
    if (response.error) throw new JsonRpcError(response.error.code, response.error.message, response.error.data)
    return response.result as T
  }

  /** Throws the chain away (its IndexedDB database too) and starts a fresh one from genesis. */
  reset(): Promise<void> {
    return new Promise((resolve) => {
      this.#resetDone = resolve
      this.#worker.postMessage({ reset: true })
    })
  }
}

let inBrowser: InBrowserChain | undefined

/** The client for a network; the in-browser chain starts once, on first use. */
export function connect(network: Network): RpcClient {
  if (network.kind === 'rpc') return new RpcClient(network.url)
  inBrowser ??= new InBrowserChain()
  return inBrowser
}
