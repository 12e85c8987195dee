// Commands that talk to a running node over JSON-RPC: deploy, call, view, tx, receipt, block, nonce.
import { readFileSync } from 'node:fs'
import type { SourceMap } from '../../compiler/bundle.ts'
import { contractFrames, formatFrames, type StackFrame } from '../../stdlib/testing/stack.ts'
import type { CanonicalValue } from '../../vm/canonical.ts'
import { fromHex, toHex } from '../../node/bytes.ts'
import { deployCodeOf, hasInitMethod } from '../../node/artifact.ts'
import { RpcClient } from '../../node/rpc/client.ts'
import { JsonRpcError } from '../../node/rpc/errors.ts'
import { fromJson, toJson, type JsonValue } from '../../node/rpc/json-value.ts'
import { isAddress, signTx, type TxBody } from '../../node/tx.ts'
import { Keystore, readPassphrase } from './keystore.ts'
import { CliError, show, table, UsageError, type Output } from './output.ts'
import { ArtifactSourceMaps, sourceMapOf } from './source-maps.ts'
import { parseValue } from './values.ts'

export interface ChainFlags {
  rpc: string
  from?: string
  keystore?: string
  'passphrase-file'?: string
  gas?: string
  nonce?: string
  init?: boolean
  'no-wait'?: boolean
  full?: boolean
}

/** A contract failure as the RPC reports it (docs/rpc.md "Failures"); older nodes send no stacks. */
type Failure = { kind: string; name: string; message: string; contract: string; stack?: string; sourceStack?: StackFrame[] }
type Receipt = { status: string; gasUsed: number; value: JsonValue; error: Failure | null; events: { contract: string; name: string; data: JsonValue }[]; contractAddress: string | null; height: number; blockHash: string; txHash: string }
type ViewResult = { ok: boolean; value?: JsonValue; error?: Failure; gasUsed: number; logs: { message: string }[] }

/** Turns an unreachable node or an RPC error into a clear CLI error. */
async function ask<T = JsonValue>(client: RpcClient, method: string, params: unknown[]): Promise<T> {
  try {
    return await client.request<T>(method, params)
  } catch (error) {
    if (error instanceof JsonRpcError) {
      const reason = (error.data as { reason?: string } | undefined)?.reason
      throw new CliError(`the node refused: ${error.message}${reason ? ` [${reason}]` : ''}`)
    }
    throw new CliError(`${(error as Error).message} — is a node running? start one with \`inkstone node\` or pass --rpc <url>`)
  }
}

/**
 * Fills a failure's `sourceStack` when the node had no source map for the failing code: from the
 * artifact being deployed, else from an artifact under the current directory with that code.
 */
async function mapFailure(client: RpcClient, failure: Failure | null | undefined, deploying?: SourceMap): Promise<void> {
  if (!failure?.stack || failure.sourceStack?.length) return
  let sourceMap = deploying
  if (!sourceMap) {
    const record = await client.request<{ codeHash: string } | null>('ink_getContract', [failure.contract]).catch(() => null)
    sourceMap = record ? new ArtifactSourceMaps(process.cwd()).get(record.codeHash) : undefined
  }
  try {
    if (sourceMap) failure.sourceStack = contractFrames(failure.stack, sourceMap)
  } catch {
    // A malformed map: the bundle frames still say where.
  }
}

/** `FAILED (revert): message` and the TypeScript frames below it (bundle frames when none are known). */
function describeFailure(failure: Failure): string {
  const head = `FAILED (${failure.kind}): ${failure.message}`
  if (failure.sourceStack?.length) return `${head}\n${formatFrames(failure.sourceStack)}`
  if (failure.stack) return `${head}\n${failure.stack}\n    (bundle positions: neither the node nor this directory has the artifact of ${failure.contract}'s code)`
  return head
}

/** Resolves the exit code: 1 when the transaction was included but did not succeed. */
async function signAndSend(client: RpcClient, flags: ChainFlags, action: Pick<TxBody, 'call' | 'deploy'>, out: Output, deploying?: SourceMap): Promise<number> {
  if (!flags.from) throw new UsageError('--from <key name> is required (see `inkstone keys list`)')
  const keystore = Keystore.open(flags.keystore)
  const stored = keystore.get(flags.from)
  const passphrase = await readPassphrase({ file: flags['passphrase-file'], prompt: `Passphrase for "${flags.from}": ` })
  const privateKey = keystore.unlock(flags.from, passphrase)
  const chainId = await ask<string>(client, 'ink_chainId', [])
  const nonce = flags.nonce !== undefined ? integer(flags.nonce, '--nonce') : await ask<number>(client, 'ink_getNonce', [stored.address])
  const gasLimit = flags.gas !== undefined ? integer(flags.gas, '--gas') : 20_000_000
  const tx = signTx({ chainId, from: fromHex(stored.publicKey), nonce, gasLimit, ...action }, privateKey)
  await ask(client, 'ink_sendRawTransaction', [toHex(tx.raw)])
  if (flags['no-wait']) {
    out.result({ txHash: tx.hash, from: stored.address, nonce }, `submitted ${tx.hash}`)
    return 0
  }
  out.progress(`submitted ${tx.hash}, waiting for its block…`)
  let receipt: Receipt
  try {
    receipt = await client.waitForReceipt<Receipt>(tx.hash, { timeoutMs: 60_000 })
  } catch (error) {
    throw new CliError(`${(error as Error).message}: check later with \`inkstone receipt ${tx.hash}\``)
  }
  await mapFailure(client, receipt.error, deploying)
  out.result(receipt, () => describeReceipt(receipt))
  return receipt.status === 'ok' ? 0 : 1
}

function describeReceipt(receipt: Receipt): string {
  const rows: [string, unknown][] = [
    ['transaction', receipt.txHash],
    ['block', `#${receipt.height} ${receipt.blockHash}`],
    ['status', receipt.error ? describeFailure(receipt.error) : receipt.status],
    ['gas used', String(receipt.gasUsed)],
  ]
  if (receipt.contractAddress) rows.push(['contract', receipt.contractAddress])
  if (receipt.status === 'ok' && !receipt.contractAddress) rows.push(['value', fromJson(receipt.value)])
  for (const event of receipt.events) rows.push([`event ${event.name}`, fromJson(event.data)])
  return table(rows)
}

function integer(text: string, flag: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag} must be a non-negative integer`)
  return n
}

function address(text: string | undefined, what: string): string {
  if (!text || !isAddress(text)) throw new UsageError(`${what} must be an address (0x + 40 lowercase hex characters)`)
  return text
}

function hash(text: string | undefined, usage: string): string {
  if (!text || !/^(0x)?[0-9a-f]{64}$/.test(text)) throw new UsageError(usage)
  return text.replace(/^0x/, '')
}

/** Runs one of the node-facing commands; resolves the exit code. */
export async function chainCommand(command: string, positionals: string[], flags: ChainFlags, out: Output): Promise<number> {
  const client = new RpcClient(flags.rpc)
  switch (command) {
    case 'deploy': {
      const [file, ...args] = positionals
      if (!file) throw new UsageError('usage: inkstone deploy <artifact.json> [init args…] --from <key>')
      let artifact: unknown
      let code
      try {
        artifact = JSON.parse(readFileSync(file, 'utf8'))
        code = deployCodeOf(artifact)
      } catch (error) {
        throw new CliError(`${file}: ${(error as Error).message}`)
      }
      const initArgs: CanonicalValue[] | null = args.length || flags.init || hasInitMethod(code.abi) ? args.map(parseValue) : null
      return signAndSend(client, flags, { deploy: { ...code, args: initArgs } }, out, sourceMapOf(artifact))
    }
    case 'call': {
      const [to, method, ...args] = positionals
      if (!method) throw new UsageError('usage: inkstone call <contract address> <method> [args…] --from <key>')
      return signAndSend(client, flags, { call: { to: address(to, 'the contract'), method, args: args.map(parseValue) } }, out)
    }
    case 'view': {
      const [to, method, ...args] = positionals
      if (!method) throw new UsageError('usage: inkstone view <contract address> <method> [args…]')
      const request: Record<string, unknown> = { to: address(to, 'the contract'), method, args: args.map((a) => toJson(parseValue(a))) }
      if (flags.from) request.from = isAddress(flags.from) ? flags.from : Keystore.open(flags.keystore).get(flags.from).address
      const result = await ask<ViewResult>(client, 'ink_call', [request])
      for (const log of result.logs) out.progress(`console.log: ${log.message}`)
      await mapFailure(client, result.error)
      out.result(result, () => (result.ok ? show(fromJson(result.value ?? null)) : describeFailure(result.error!)))
      return result.ok ? 0 : 1
    }
    case 'tx': {
      const found = await ask(client, 'ink_getTransaction', [hash(positionals[0], 'usage: inkstone tx <hash>')])
      if (!found) throw new CliError(`no committed transaction ${positionals[0]} (it may still be pending)`)
      out.result(found, () => show(fromJson(found)))
      return 0
    }
    case 'receipt': {
      const receipt = await ask<Receipt | null>(client, 'ink_getTransactionReceipt', [hash(positionals[0], 'usage: inkstone receipt <hash>')])
      if (!receipt) throw new CliError(`no receipt for ${positionals[0]} (pending, dropped or unknown)`)
      await mapFailure(client, receipt.error)
      out.result(receipt, () => describeReceipt(receipt))
      return 0
    }
    case 'block': {
      const ref = positionals[0] ?? 'latest'
      const block =
        ref === 'latest' || /^\d+$/.test(ref)
          ? await ask(client, 'ink_getBlockByNumber', [ref === 'latest' ? ref : Number(ref), flags.full ?? false])
          : await ask(client, 'ink_getBlockByHash', [hash(ref, 'usage: inkstone block [height | hash | latest]'), flags.full ?? false])
      if (!block) throw new CliError(`no block ${ref}`)
      out.result(block, () => show(fromJson(block)))
      return 0
    }
    case 'nonce': {
      const who = positionals[0]
      if (!who) throw new UsageError('usage: inkstone nonce <address | key name>')
      const account = isAddress(who) ? who : Keystore.open(flags.keystore).get(who).address
      const nonce = await ask<number>(client, 'ink_getNonce', [account])
      out.result({ address: account, nonce }, String(nonce))
      return 0
    }
    default:
      throw new UsageError(`unknown command ${command}`)
  }
}
