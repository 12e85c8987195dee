/**
 * A `Provider` for the compiler's typed contract clients (compiler/client.ts) over a node's
 * JSON-RPC: views go through `ink_call`; calls are signed with the signer's SM2 key, sent, and
 * answered from their receipt. Works in Node and in browsers.
 */
import type { Provider, ProviderRequest, ProviderResult } from '../../compiler/client.ts'
import { publicKeyOf } from '../crypto.ts'
import { addressOf, signTx } from '../tx.ts'
import { toHex } from '../bytes.ts'
import type { RpcClient } from './client.ts'
import { fromJson, toJson, type JsonValue } from './json-value.ts'

export interface RpcSigner {
  /** Private key, 64 hex characters. */
  privateKey: string
  /** Gas limit of each transaction (default 20,000,000). */
  gasLimit?: number
}

interface RpcResult {
  ok?: boolean
  status?: string
  value?: JsonValue
  error?: { kind: string; message: string; contract: string } | null
  gasUsed: number
  events: { contract: string; name: string; data: JsonValue }[]
}

function toProviderResult(result: RpcResult): ProviderResult {
  const ok = result.ok ?? result.status === 'ok'
  return {
    ok,
    ...(ok ? { value: fromJson(result.value ?? null) } : { error: result.error! }),
    gasUsed: result.gasUsed,
    events: result.events.map(({ contract, name, data }) => ({ contract, name, data: fromJson(data) })),
  }
}

export function rpcProvider(client: RpcClient, signer?: RpcSigner): Provider {
  const publicKey = signer && publicKeyOf(signer.privateKey)
  const from = publicKey && addressOf(publicKey)
  let chain: Promise<{ chainId: string; nonce: number }> | undefined
  // Calls are signed one after another, so nonces follow the order of the calls.
  let queue: Promise<unknown> = Promise.resolve()

  async function send(request: ProviderRequest): Promise<ProviderResult> {
    if (!signer || !publicKey || !from) throw new Error(`${request.method} changes state: the provider needs a signer`)
    chain ??= Promise.all([client.request<string>('ink_chainId'), client.request<number>('ink_getNonce', [from])]).then(([chainId, nonce]) => ({ chainId, nonce }))
    const account = await chain
    const tx = signTx(
      { chainId: account.chainId, from: publicKey, nonce: account.nonce, gasLimit: signer.gasLimit ?? 20_000_000, call: { to: request.contract, method: request.method, args: request.args as never } },
      signer.privateKey,
    )
    await client.request('ink_sendRawTransaction', [toHex(tx.raw)])
    account.nonce++
    return toProviderResult(await client.waitForReceipt<RpcResult>(tx.hash))
  }

  return {
    async call(request) {
      if (request.kind === 'view') {
        const params = { to: request.contract, method: request.method, args: request.args.map(toJson), ...(from ? { from } : {}) }
        return toProviderResult(await client.request<RpcResult>('ink_call', [params]))
      }
      const result = queue.then(() => send(request))
      queue = result.catch(() => {})
      return result
    },
  }
}
