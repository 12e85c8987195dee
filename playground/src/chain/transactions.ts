/**
 * Signing and sending, the same for both networks: SM2 keys live in the page, transactions are
 * signed here (node/tx.ts) and sent raw, as the CLI does.
 */
import type { Receipt } from '../../../node/block.ts'
import type { RpcClient } from '../../../node/rpc/client.ts'
import type { JsonValue } from '../../../node/rpc/json-value.ts'
import type { ContractFailure } from './failure-location.ts'
import { toHex } from '../../../node/bytes.ts'
import { addressOf, signTx, type CallAction, type DeployAction } from '../../../node/tx.ts'
import { newPrivateKey, publicKeyOf } from '../../../node/crypto.ts'

/** Most gas a playground transaction may use (the CLI's default). */
export const GAS_LIMIT = 20_000_000

export interface Account {
  name: string
  /** 64 hex characters. Kept in this browser's storage, unencrypted: a development key. */
  privateKey: string
  address: string
}

/** A fresh SM2 key pair from the browser's CSPRNG. */
export function newAccount(name: string): Account {
  const privateKey = newPrivateKey()
  return { name, privateKey, address: addressOf(publicKeyOf(privateKey)) }
}

/** A receipt as the node's RPC returns it: values in tagged JSON, a failure with its stack and TypeScript frames. */
export type ReceiptJson = Omit<Receipt, 'value' | 'events' | 'error'> & {
  value: JsonValue
  events: { contract: string; name: string; data: JsonValue }[]
  error: ContractFailure | null
  blockHash: string
}

let queue: Promise<unknown> = Promise.resolve()

/**
 * Signs and sends one transaction, resolving its receipt. Sends are queued: the nonce comes from
 * `ink_getNonce`, which counts executed transactions only, so one must land before the next.
 */
export function sendTransaction(rpc: RpcClient, account: Account, action: { call: CallAction } | { deploy: DeployAction }): Promise<ReceiptJson> {
  const send = async () => {
    const [chainId, nonce] = await Promise.all([rpc.request<string>('ink_chainId'), rpc.request<number>('ink_getNonce', [account.address])])
    const tx = signTx({ chainId, from: publicKeyOf(account.privateKey), nonce, gasLimit: GAS_LIMIT, ...action }, account.privateKey)
    const hash = await rpc.request<string>('ink_sendRawTransaction', [toHex(tx.raw)])
    return rpc.waitForReceipt<ReceiptJson>(hash)
  }
  const result = queue.then(send, send)
  queue = result.catch(() => {})
  return result
}
