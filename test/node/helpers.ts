// Shared fixtures for node tests: keys, signed transactions, the token bundle, temp directories.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { publicKeyOf } from '../../node/crypto.ts'
import { addressOf, signTx, type SignedTx, type TxBody } from '../../node/tx.ts'
export { TOKEN } from '../vm/harness.ts'

export const CHAIN_ID = 'inkstone-test'

export interface Account {
  key: string
  publicKey: Uint8Array
  address: string
  nonce: number
}

/** A deterministic account (the private key is `seed` repeated): tests never need randomness. */
export function account(seed: number): Account {
  const key = (seed + 1).toString(16).padStart(2, '0').repeat(32)
  const publicKey = publicKeyOf(key)
  return { key, publicKey, address: addressOf(publicKey), nonce: 0 }
}

type Action = Pick<TxBody, 'call' | 'deploy'>

/** Signs the account's next transaction (and advances its local nonce). */
export function tx(from: Account, action: Action, { gasLimit = 5_000_000, nonce = from.nonce++, chainId = CHAIN_ID } = {}): SignedTx {
  return signTx({ chainId, from: from.publicKey, nonce, gasLimit, ...action }, from.key)
}

export const call = (to: string, method: string, args: unknown[] = []): Action => ({ call: { to, method, args: args as never } })
export const deploy = (bundle: string, args: unknown[] | null = null, name = 'Token'): Action => ({ deploy: { name, bundle, abi: null, args: args as never } })

/** A maker of fresh temp directories named `prefix…`, all removed after the test file's tests. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(dir)
    return dir
  }
}
