/**
 * `inkstone/testing`: contract tests in vitest (docs/testing.md).
 *
 * Importing it registers the `toEmit` / `toRevertWith` matchers and the gas hooks in the test
 * file. `localChain()` runs the node's chain code in-process (no server, snapshots, time
 * control); `remoteChain(url)` is the same API over a running node.
 * @example
 * import { localChain } from 'inkstone/testing'
 * import type { Token } from '../contracts/token.ts'
 *
 * const chain = await localChain()
 * const { alice, bob } = chain.accounts
 * const token = await chain.deploy<typeof Token>('contracts/token.ts', ['INK', 1_000n])
 * await expect(token.transfer(bob.address, 5n)).toEmit('Transfer', { from: alice.address, to: bob.address, amount: 5n })
 * await expect(token.as(bob).transfer(alice.address, 6n)).toRevertWith('insufficient balance')
 * @module
 */
import './matchers.ts'
import { recordGas, registerGasHooks } from './gas-hooks.ts'
import { LocalBackend, type LocalChainOptions } from './local-chain.ts'
import { loadArtifact } from './node.ts'
import { RemoteBackend } from './remote-chain.ts'
import { TestChain, type TestChainOptions } from './test-chain.ts'

export { ACCOUNT_NAMES, testAccount, type Account, type Accounts } from './accounts.ts'
export { contractFrames, formatFrames, type StackFrame } from './stack.ts'
export { TestChain, type GasRecord, type InitArgs, type SendOptions, type TestChainOptions, type TestContract } from './test-chain.ts'
export type { LocalChainOptions } from './local-chain.ts'

registerGasHooks()

/** A fresh in-process chain: the node's executor and state over memory, one block per transaction. */
export async function localChain(options: LocalChainOptions & TestChainOptions = {}): Promise<TestChain> {
  return new TestChain(await LocalBackend.create(options), { load: loadArtifact, onGas: recordGas, ...options })
}

/** The node at `url` (e.g. `http://127.0.0.1:8545`, a node started with `inkstone node`) as a test chain. */
export function remoteChain(url: string, options: TestChainOptions = {}): TestChain {
  return new TestChain(new RemoteBackend(url), { load: loadArtifact, onGas: recordGas, ...options })
}
