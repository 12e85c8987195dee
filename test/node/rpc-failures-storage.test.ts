// docs/rpc.md "Failures" and ink_getStorage against a real node (LevelDB in a temp dir) over HTTP:
// a reverting compiled contract's failures carry the VM stack and its TypeScript frames.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Artifact } from '../../compiler/artifact.ts'
import { toHex } from '../../node/bytes.ts'
import { LevelStore } from '../../node/level-store.ts'
import { InkNode } from '../../node/node.ts'
import { RpcClient } from '../../node/rpc/client.ts'
import { JsonRpcError } from '../../node/rpc/errors.ts'
import { rpcCore } from '../../node/rpc/methods.ts'
import { RpcServer } from '../../node/rpc/server.ts'
import { contractAddress, type SignedTx } from '../../node/tx.ts'
import type { StackFrame } from '../../stdlib/testing/stack.ts'
import { build, buildSource } from '../compiler/dev-chain.ts'
import { account, call, CHAIN_ID, deploy, TOKEN, tx } from './helpers.ts'

const TEMPLATE_TOKEN = join(import.meta.dirname, '../../stdlib/testing/template/contracts/token.ts')
const SOURCE = readFileSync(TEMPLATE_TOKEN, 'utf8').split('\n')
/** The 1-based line of the template token that contains `text`, and the column where `text` starts. */
const at = (text: string) => {
  const index = SOURCE.findIndex((line) => line.includes(text))
  return { line: index + 1, column: SOURCE[index]!.indexOf(text) + 1 }
}

type Failure = { kind: string; name: string; message: string; contract: string; stack: string; sourceStack: StackFrame[] }
type Receipt = { status: string; error: Failure | null; contractAddress: string | null }

let dir: string
let node: InkNode
let server: RpcServer
let rpc: RpcClient
let artifact: Artifact
/** A contract that calls the token: its failures are nested ones. */
let relay: Artifact
const RELAY = `import { call, Contract, contractAt } from 'inkstone'

export class Relay extends Contract {
  @call
  forward(token: string, to: string, amount: bigint): void {
    contractAt(token).call('transfer', to, amount)
  }
}
`
/** The template token's path as its artifact names it (relative to the repository root). */
let file: string
const alice = account(11)
const bob = account(12)
let token: string

async function submit(t: SignedTx): Promise<Receipt> {
  await rpc.request('ink_sendRawTransaction', [toHex(t.raw)])
  return rpc.waitForReceipt<Receipt>(t.hash)
}

async function rpcError(promise: Promise<unknown>): Promise<JsonRpcError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(JsonRpcError)
  return error as JsonRpcError
}

const deployArtifact = (args: unknown[]) => ({ deploy: { name: artifact.name, bundle: artifact.bundle, abi: artifact.abi as never, args: args as never } })

beforeAll(async () => {
  artifact = await build(TEMPLATE_TOKEN)
  relay = await buildSource(RELAY)
  file = artifact.sourceMap.sources.find((source) => source.endsWith('template/contracts/token.ts'))!
  dir = mkdtempSync(join(tmpdir(), 'inkstone-rpc-debug-'))
  node = await InkNode.start({ chainId: CHAIN_ID, store: await LevelStore.open(dir) })
  // The node knows these maps, and nothing else.
  const maps = new Map([artifact, relay].map((known) => [known.codeHash, known.sourceMap]))
  server = await RpcServer.start(rpcCore(node, { sourceMapOf: (codeHash) => maps.get(codeHash) }))
  rpc = new RpcClient(server.url)
  const deployed = await submit(tx(alice, deployArtifact(['INK', 100n])))
  expect(deployed.status).toBe('ok')
  token = deployed.contractAddress!
}, 60_000)

afterAll(async () => {
  await server.close()
  await node.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('contract failures over RPC', () => {
  const balanceCheck = at("require(balance >= amount, 'insufficient balance')")

  it('a failed receipt carries the VM stack and the TypeScript frames of the failing line', async () => {
    const receipt = await submit(tx(alice, call(token, 'transfer', [bob.address, 1_000n])))
    expect(receipt.status).toBe('revert')
    const error = receipt.error!
    expect(error).toMatchObject({ kind: 'revert', message: 'insufficient balance', contract: token })
    expect(error.stack.split('\n').every((line) => /^ {4}at \S+ \(bundle:\d+:\d+\)$/.test(line))).toBe(true)
    const own = error.sourceStack.filter((frame) => !frame.library)
    expect(own[0]).toEqual({ name: 'transfer', file, line: balanceCheck.line, column: balanceCheck.column, library: false })
    // The stdlib's require is the VM bridge's own function: the contract's line is innermost.
    expect(error.sourceStack[0]).toEqual(own[0])
  })

  it('a failing ink_call carries the same details', async () => {
    const result = await rpc.request<{ ok: boolean; error: Failure }>('ink_call', [{ to: token, method: 'transfer', args: [bob.address, { $bigint: '5000' }], from: bob.address }])
    expect(result.ok).toBe(false)
    expect(result.error.stack).toMatch(/bundle:\d+:\d+/)
    expect(result.error.sourceStack.find((frame) => !frame.library)).toMatchObject({ name: 'transfer', file, line: balanceCheck.line })
  })

  it('a failed deployment is mapped with the code it tried to deploy (nothing is stored)', async () => {
    const receipt = await submit(tx(alice, deployArtifact(['BAD', -1n])))
    expect(receipt).toMatchObject({ status: 'revert', contractAddress: null, error: { message: 'amount must not be negative' } })
    const own = receipt.error!.sourceStack.filter((frame) => !frame.library)
    const check = at("require(amount >= 0n, 'amount must not be negative')")
    expect(own.map(({ name, line }) => [name, line])).toEqual([['#mint', check.line], ['init', at('this.#mint(caller(), supply)').line]])
  })

  it("a nested call's failure is the caller's, with the caller's frames", async () => {
    const erin = account(15)
    await submit(tx(erin, { deploy: { name: relay.name, bundle: relay.bundle, abi: relay.abi as never, args: null } }))
    const relayAddress = contractAddress(erin.address, 0)
    // The relay holds no tokens: the token's transfer fails inside the relay's call.
    const receipt = await submit(tx(erin, call(relayAddress, 'forward', [token, bob.address, 1n])))
    expect(receipt.error).toMatchObject({ contract: relayAddress, message: `${token}.transfer failed (revert): insufficient balance` })
    const line = RELAY.split('\n').findIndex((text) => text.includes("contractAt(token).call('transfer'")) + 1
    expect(receipt.error!.sourceStack.filter((frame) => !frame.library)).toEqual([{ name: 'forward', file: 'contract.ts', line, column: expect.any(Number), library: false }])
  })

  it('code the node has no map for: the bundle stack, and sourceStack []', async () => {
    const carol = account(13)
    await submit(tx(carol, deploy(TOKEN)))
    const receipt = await submit(tx(carol, call(contractAddress(carol.address, 0), 'transfer', [bob.address, 1n])))
    expect(receipt.error).toMatchObject({ message: 'insufficient balance', stack: expect.stringMatching(/^ {4}at \S+ \(bundle:\d+:\d+\)/), sourceStack: [] })
  })
})

describe('ink_getStorage', () => {
  // Keys whose UTF-8 byte order differs from UTF-16 code-unit order: U+FFFF < U+1F600.
  const KEYS = ['b', 'a', 'ab', 'a/1', 'a/2', 'é', '\uffff', '😀', 'z']
  const FILL = `const { storage } = require('inkstone:host')
exports.fill = () => { for (const [i, k] of ${JSON.stringify(KEYS)}.entries()) storage.set(k, i % 2 ? BigInt(i) : { n: i, bytes: new Uint8Array([i]) }); return null }`
  let store: string
  const utf8Order = [...KEYS].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))

  beforeAll(async () => {
    const dave = account(14)
    store = contractAddress(dave.address, 0)
    await submit(tx(dave, deploy(FILL, null, 'Fill')))
    expect((await submit(tx(dave, call(store, "fill")))).error).toBeNull()
  })

  type Page = { height: number; entries: { key: string; value: unknown }[]; next: string | null }
  const page = (query: Record<string, unknown>) => rpc.request<Page>('ink_getStorage', [query])

  it('lists every entry in UTF-8 byte order with values in tagged JSON, at the newest block', async () => {
    const all = await page({ address: store })
    expect(all.entries.map((entry) => entry.key)).toEqual(utf8Order)
    expect(all.next).toBeNull()
    expect(all.height).toBe(await rpc.request('ink_blockNumber'))
    expect(all.entries.find((entry) => entry.key === 'b')).toEqual({ key: 'b', value: { n: 0, bytes: { $bytes: '00' } } })
    expect(all.entries.find((entry) => entry.key === 'a')).toEqual({ key: 'a', value: { $bigint: '1' } })
  })

  it('pages with limit and after (exclusive) until next is null, by name or position', async () => {
    const keys: string[] = []
    let after: string | null = null
    for (let pages = 0; pages < 10; pages++) {
      const result: Page = await page({ address: store, limit: 2, ...(after === null ? {} : { after }) })
      keys.push(...result.entries.map((entry) => entry.key))
      after = result.next
      if (after === null) break
      expect(result.entries).toHaveLength(2)
    }
    expect(keys).toEqual(utf8Order)
    expect((await page({ address: store, limit: KEYS.length })).next).toBeNull()
    expect((await rpc.request<Page>('ink_getStorage', { query: { address: store, after: utf8Order.at(-1) } })).entries).toEqual([])
  })

  it('filters by prefix (with after inside or before it)', async () => {
    expect((await page({ address: store, prefix: 'a' })).entries.map((entry) => entry.key)).toEqual(['a', 'a/1', 'a/2', 'ab'])
    expect((await page({ address: store, prefix: 'a/', after: 'a/1' })).entries.map((entry) => entry.key)).toEqual(['a/2'])
    expect((await page({ address: store, prefix: 'a/', after: '' })).entries.map((entry) => entry.key)).toEqual(['a/1', 'a/2'])
    expect((await page({ address: token, prefix: 'nothing-here' })).entries).toEqual([])
  })

  it.each([
    { name: 'an unknown address', query: { address: '0x' + '99'.repeat(20) }, message: /no contract at 0x9999/ },
    { name: 'a malformed address', query: { address: 'bob' }, message: /"query.address" must be an address/ },
    { name: 'limit 0', query: { limit: 0 }, message: /"query.limit" must be an integer from 1 to 1000/ },
    { name: 'limit 1001', query: { limit: 1001 }, message: /from 1 to 1000/ },
    { name: 'a fractional limit', query: { limit: 1.5 }, message: /from 1 to 1000/ },
    { name: 'a non-string prefix', query: { prefix: 7 }, message: /"query.prefix" must be a string/ },
    { name: 'an over-long after', query: { after: 'x'.repeat(1025) }, message: /"query.after" must be a string of at most 1,024/ },
    { name: 'an unknown key', query: { from: 'a' }, message: /unknown keys \(got from\)/ },
  ])('refuses $name with InvalidParams', async ({ query, message }) => {
    const error = await rpcError(page({ address: store, ...query }))
    expect(error.code).toBe(-32602)
    expect(error.message).toMatch(message)
  })
})
