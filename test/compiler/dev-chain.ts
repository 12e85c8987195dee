// Compiled contracts on the in-process test chain (test/vm/harness.ts), with typed clients:
// what the example, stdlib and client tests run against.
import type { Artifact } from '../../compiler/artifact.ts'
import { contractClient, type ContractClient } from '../../compiler/client.ts'
import { compile, type CompileResult } from '../../compiler/compile.ts'
import { formatMessage } from '../../compiler/messages.ts'
import { compileFile, nodeEnvironment } from '../../compiler/node.ts'
import { testChain, type TestChain } from '../vm/harness.ts'

/** Compiles a map of sources in memory (the default entry is `contract.ts`). */
export function compileSources(files: Record<string, string>, entry = 'contract.ts'): Promise<CompileResult> {
  return compile({ entry, files, ...nodeEnvironment })
}

/** Compiles a contract file; throws with the formatted messages when it does not compile. */
export async function build(file: string): Promise<Artifact> {
  return artifactOf(await compileFile(file), file)
}

/** Compiles one contract source in memory; throws with the formatted messages when it does not compile. */
export async function buildSource(source: string): Promise<Artifact> {
  return artifactOf(await compileSources({ 'contract.ts': source }), 'the source')
}

function artifactOf(result: CompileResult, what: string): Artifact {
  if (!result.artifact) throw new Error(`${what} did not compile:\n${result.errors.map(formatMessage).join('\n')}`)
  return result.artifact
}

export interface Deployment {
  artifact: Artifact
  /** Arguments of `init`, called by `deployer` right after deployment (as the node does). */
  init?: unknown[]
  deployer?: string
}

export interface DevChain {
  chain: TestChain
  /** A typed client of the contract at `address` whose calls `sender` signs. */
  client<C>(address: string, sender?: string): ContractClient<C>
}

export async function devChain(contracts: Record<string, Deployment>): Promise<DevChain> {
  // Compiled contracts run warm and fresh side by side: any difference fails the test (harness.ts).
  const chain = await testChain(Object.fromEntries(Object.entries(contracts).map(([address, { artifact }]) => [address, artifact.bundle])), { freshTwin: true })
  for (const [address, { init, deployer = 'deployer' }] of Object.entries(contracts)) {
    if (init === undefined) continue
    const result = chain.call(address, 'init', init, { sender: deployer })
    if (!result.ok) throw new Error(`init of ${address} failed: ${result.error!.message}`)
  }
  return {
    chain,
    client: <C>(address: string, sender = 'alice') =>
      contractClient<C>({ call: ({ contract, method, args }) => chain.call(contract, method, args, { sender }) }, address, contracts[address]!.artifact.abi),
  }
}
