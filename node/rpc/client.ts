/**
 * A small JSON-RPC client over HTTP (fetch: works in Node and browsers), used by the CLI, the
 * benchmark and tests. Errors come back as `RpcError` with the server's code and data.
 */
import { JsonRpcError } from './errors.ts'
import type { JsonValue } from './json-value.ts'

let nextId = 1

export class RpcClient {
  readonly url: string
  constructor(url: string) {
    this.url = url
  }

  async request<T = JsonValue>(method: string, params: unknown[] | Record<string, unknown> = []): Promise<T> {
    let response: Response
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
      })
    } catch (error) {
      throw new Error(`cannot reach a node at ${this.url} (${(error as Error).cause ?? (error as Error).message})`)
    }
    const text = await response.text()
    let body: { result?: T; error?: { code: number; message: string; data?: unknown } }
    try {
      body = JSON.parse(text)
    } catch {
      throw new Error(`${this.url} answered HTTP ${response.status} without JSON-RPC: ${text.slice(0, 200)}`)
    }
    if (body.error) throw new JsonRpcError(body.error.code, body.error.message, body.error.data)
    return body.result as T
  }

  /** Polls for a receipt until it appears or `timeoutMs` passes. */
  async waitForReceipt<T = JsonValue>(txHash: string, { timeoutMs = 30_000, intervalMs = 50 } = {}): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const receipt = await this.request<T | null>('ink_getTransactionReceipt', [txHash])
      if (receipt) return receipt
      if (Date.now() > deadline) throw new Error(`no receipt for ${txHash} after ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  }
}
