/**
 * A running node as a test chain: transactions are signed with the test accounts' keys and sent
 * over JSON-RPC (docs/rpc.md); outcomes come from their receipts, views from `ink_call`.
 *
 * A node keeps no snapshots and makes its own blocks, so `snapshot`, `revert` and `mine` are
 * refused; receipts carry no `console.log` lines (views do carry logs).
 * Works in Node and in browsers (fetch).
 */
import { toHex } from '../../node/bytes.ts'
import { RpcClient } from '../../node/rpc/client.ts'
import { fromJson, toJson, type JsonValue } from '../../node/rpc/json-value.ts'
import { signTx, type TxBody } from '../../node/tx.ts'
import type { CanonicalValue } from '../../vm/canonical.ts'
import type { VmLog } from '../../vm/vm.ts'
import type { Account } from './accounts.ts'
import type { Backend, CallRequest, DeployRequest, Outcome } from './backend.ts'

/** A receipt or an `ink_call` result, in the tagged JSON of the RPC. */
interface RpcOutcome {
  ok?: boolean
  status?: string
  value?: JsonValue
  error?: { kind: string; name: string; message: string; contract: string; stack?: string } | null
  gasUsed: number
  events: { contract: string; name: string; data: JsonValue }[]
  logs?: VmLog[]
  contractAddress?: string | null
}

export class RemoteBackend implements Backend {
  readonly #client: RpcClient
  #chainId: Promise<string> | undefined
  /** Per sender: its transactions go out one after another, with nonces counted here. */
  readonly #senders = new Map<string, { queue: Promise<unknown>; nonce: number | undefined }>()

  constructor(url: string) {
    this.#client = new RpcClient(url)
  }

  deploy(from: Account, deploy: DeployRequest, gasLimit: number): Promise<Outcome> {
    return this.#transact(from, { deploy }, gasLimit)
  }

  call(from: Account, { contract, method, args }: CallRequest, gasLimit: number): Promise<Outcome> {
    return this.#transact(from, { call: { to: contract, method, args } }, gasLimit)
  }

  async view(from: Account, { contract, method, args }: CallRequest): Promise<Outcome> {
    return outcome(await this.#client.request<RpcOutcome>('ink_call', [{ to: contract, method, args: args.map(toJson), from: from.address }]))
  }

  blockNumber(): Promise<number> {
    return this.#client.request<number>('ink_blockNumber')
  }

  async time(): Promise<number> {
    return (await this.#client.request<{ time: number }>('ink_getBlockByNumber', ['latest'])).time
  }

  async mine(): Promise<void> {
    throw unsupported('mine and advanceTime')
  }

  async snapshot(): Promise<number> {
    throw unsupported('snapshot')
  }

  async revert(): Promise<void> {
    throw unsupported('revert')
  }

  async close(): Promise<void> {}

  #transact(from: Account, action: Pick<TxBody, 'call' | 'deploy'>, gasLimit: number): Promise<Outcome> {
    let sender = this.#senders.get(from.address)
    if (!sender) this.#senders.set(from.address, (sender = { queue: Promise.resolve(), nonce: undefined }))
    const state = sender
    const sent = state.queue.then(async () => {
      this.#chainId ??= this.#client.request<string>('ink_chainId')
      const chainId = await this.#chainId
      const nonce = state.nonce ?? (await this.#client.request<number>('ink_getNonce', [from.address]))
      const tx = signTx({ chainId, from: from.publicKey, nonce, gasLimit, ...action }, from.privateKey)
      try {
        await this.#client.request('ink_sendRawTransaction', [toHex(tx.raw)])
      } catch (error) {
        state.nonce = undefined // someone else may have used this key: ask the node next time
        throw error
      }
      state.nonce = nonce + 1
      return this.#client.waitForReceipt<RpcOutcome>(tx.hash, { intervalMs: 10 })
    })
    state.queue = sent.catch(() => {})
    return sent.then(outcome)
  }
}

function unsupported(what: string): Error {
  return new Error(`${what}: not available on a node over RPC (it keeps no snapshots and makes its own blocks); use localChain()`)
}

function outcome(result: RpcOutcome): Outcome {
  const error = result.error ?? null
  return {
    ok: result.ok ?? result.status === 'ok',
    value: fromJson(result.value ?? null),
    error: error && { ...error, stack: error.stack ?? '' },
    gasUsed: result.gasUsed,
    events: result.events.map(({ contract, name, data }) => ({ contract, name, data: fromJson(data) as CanonicalValue })),
    logs: result.logs ?? [],
    contractAddress: result.contractAddress ?? null,
  }
}
