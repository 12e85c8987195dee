// Shared by the privacy tests: text helpers, SM2 key pairs, and parties (an account with a key
// pair and a PrivacyClient) on a contract built on PrivateRecords in the dev chain.
import type { ContractClient } from '../../../compiler/client.ts'
import { getPublicKey, randomPrivateKey } from '../../../stdlib/crypto/index.ts'
import { PrivacyClient, type PrivateRecordsApi } from '../../../stdlib/privacy/index.ts'
import type { DevChain } from '../../compiler/dev-chain.ts'

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

export interface KeyPair {
  privateKey: Uint8Array
  publicKey: Uint8Array
}

export function keyPair(): KeyPair {
  const privateKey = randomPrivateKey()
  return { privateKey, publicKey: getPublicKey(privateKey) }
}

export interface Party<C> extends KeyPair {
  account: string
  /** The contract as this account calls it. */
  api: ContractClient<C> & PrivateRecordsApi
  privacy: PrivacyClient
}

/**
 * One party per account on `contract`, each with a fresh key pair registered in the contract.
 * Clients judge expiry by the chain's clock (`chainClock`) unless `now` is given.
 */
export async function parties<C, const Name extends string>(
  dev: DevChain,
  contract: string,
  accounts: readonly Name[],
  options: { indexKey?: Uint8Array; now?: () => number; register?: boolean } = {},
): Promise<Record<Name, Party<C>>> {
  const entries = await Promise.all(
    accounts.map(async (account) => {
      const pair = keyPair()
      const api = dev.client<C>(contract, account) as ContractClient<C> & PrivateRecordsApi
      const privacy = new PrivacyClient({ api, account, privateKey: pair.privateKey, now: chainClock(dev), ...options })
      if (options.register !== false) await privacy.registerKey()
      return [account, { ...pair, account, api, privacy }] as const
    }),
  )
  return Object.fromEntries(entries) as unknown as Record<Name, Party<C>>
}

const clocks = new WeakMap<DevChain, () => number>()

/** The block time of the latest call on the dev chain (0 before the first), as a client would read it from the node. */
export function chainClock(dev: DevChain): () => number {
  let clock = clocks.get(dev)
  if (clock === undefined) {
    let latest = 0
    const { vm } = dev.chain
    const call = vm.call.bind(vm)
    vm.call = (request) => {
      latest = request.block.blockTime
      return call(request)
    }
    clocks.set(dev, (clock = () => latest))
  }
  return clock
}

/** Every byte the contract holds in chain state, values concatenated: for "no plaintext on chain" checks. */
export function stateBytes(dev: DevChain, contract: string): Uint8Array {
  const rows = dev.chain.state.entries(contract, '', null, Number.MAX_SAFE_INTEGER)
  const out = new Uint8Array(rows.reduce((n, [, value]) => n + value.length, 0))
  let offset = 0
  for (const [, value] of rows) {
    out.set(value, offset)
    offset += value.length
  }
  return out
}

/** Whether `needle` occurs in `haystack`. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/** Records the events of every successful call on the dev chain from now on: the audit trail as a reader of the chain sees it. */
export function auditTrail(dev: DevChain): { name: string; data: unknown }[] {
  const trail: { name: string; data: unknown }[] = []
  const call = dev.chain.call
  dev.chain.call = (...args) => {
    const result = call(...args)
    if (result.ok) trail.push(...result.events.map(({ name, data }) => ({ name, data })))
    return result
  }
  return trail
}
