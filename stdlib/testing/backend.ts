/**
 * What a test chain runs on: the in-process chain (local-chain.ts) or a node over JSON-RPC
 * (remote-chain.ts). The harness (test-chain.ts) builds deployments, typed clients, gas records,
 * logs and stack traces on top, the same for both.
 */
import type { CanonicalValue } from '../../vm/canonical.ts'
import type { VmLog } from '../../vm/vm.ts'
import type { Account } from './accounts.ts'

/** The outcome of a transaction or a view, as a receipt states it plus what the VM saw. */
export interface Outcome {
  ok: boolean
  value: CanonicalValue
  /** `stack` is the VM's, in bundle coordinates; empty when the backend cannot see it. */
  error: { kind: string; name: string; message: string; contract: string; stack: string } | null
  /** A transaction's receipt gas (intrinsic gas included); a view's VM gas. */
  gasUsed: number
  events: { contract: string; name: string; data: CanonicalValue }[]
  /** `console.log` lines of the call and the calls it made. */
  logs: VmLog[]
  /** A successful deploy's address. */
  contractAddress: string | null
}

export interface CallRequest {
  contract: string
  method: string
  args: CanonicalValue[]
}

export interface DeployRequest {
  name: string
  bundle: string
  abi: CanonicalValue
  /** The initializer's arguments; null: the contract has none. */
  args: CanonicalValue[] | null
}

export interface Backend {
  deploy(from: Account, request: DeployRequest, gasLimit: number): Promise<Outcome>
  call(from: Account, request: CallRequest, gasLimit: number): Promise<Outcome>
  /** Runs a method read-only on the newest state. */
  view(from: Account, request: CallRequest): Promise<Outcome>
  blockNumber(): Promise<number>
  /** The newest block's time (ms since the epoch). */
  time(): Promise<number>
  /** Adds `blocks` empty blocks, each `intervalMs` after the one before. */
  mine(blocks: number, intervalMs: number): Promise<void>
  snapshot(): Promise<number>
  revert(id: number): Promise<void>
  close(): Promise<void>
}
