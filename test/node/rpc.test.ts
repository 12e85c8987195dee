// A real node (LevelDB in a temp dir) behind real HTTP and WebSocket servers on loopback.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encode, decode } from '../../vm/canonical.ts'
import { toHex } from '../../node/bytes.ts'
import { LevelStore } from '../../node/level-store.ts'
import { InkNode } from '../../node/node.ts'
import { RpcClient } from '../../node/rpc/client.ts'
import { JsonRpcError } from '../../node/rpc/errors.ts'
import { rpcCore } from '../../node/rpc/methods.ts'
import { RpcServer } from '../../node/rpc/server.ts'
import { contractAddress, signTx, type SignedTx } from '../../node/tx.ts'
import { account, call, CHAIN_ID, deploy, TOKEN, tx } from './helpers.ts'

const SPIN = `const { storage } = require('inkstone:host')
exports.spin = () => { storage.set('x', 1); for (;;) {} }
exports.x = () => storage.get('x') ?? null`

let dir: string
let node: InkNode
let server: RpcServer
let rpc: RpcClient
const alice = account(1)
const bob = account(2)
const token = contractAddress(alice.address, 0)

const raw = (t: SignedTx) => toHex(t.raw)
type Receipt = { status: string; gasUsed: number; value: unknown; error: { kind: string; message: string } | null; events: unknown[]; contractAddress: string | null }

async function submit(t: SignedTx): Promise<Receipt> {
  expect(await rpc.request('ink_sendRawTransaction', [raw(t)])).toBe(t.hash)
  return rpc.waitForReceipt<Receipt>(t.hash)
}

async function expectJsonRpcError(promise: Promise<unknown>, code: number, reason?: string) {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(JsonRpcError)
  expect((error as JsonRpcError).code).toBe(code)
  if (reason) expect((error as JsonRpcError).data).toEqual({ reason })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'inkstone-rpc-'))
  node = await InkNode.start({ chainId: CHAIN_ID, store: await LevelStore.open(dir) })
  server = await RpcServer.start(rpcCore(node), { maxBodyBytes: 1 << 20 })
  rpc = new RpcClient(server.url)
})

afterAll(async () => {
  await server.close()
  await node.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('JSON-RPC over HTTP and WebSocket against a real node', () => {
  it('deploys, calls, views and serves receipts, transactions, blocks, contracts and nonces', async () => {
    expect(await rpc.request('ink_chainId')).toBe(CHAIN_ID)
    const deployed = await submit(tx(alice, deploy(TOKEN)))
    expect(deployed).toMatchObject({ status: 'ok', contractAddress: token })
    const minted = await submit(tx(alice, call(token, 'mint', [alice.address, 1000n])))
    expect(minted.status).toBe('ok')
    const transfer = tx(alice, call(token, 'transfer', [bob.address, 250n]))
    const receipt = await submit(transfer)
    expect(receipt).toMatchObject({ status: 'ok', value: true, error: null })
    expect(receipt.events).toEqual([{ contract: token, name: 'Transfer', data: { from: alice.address, to: bob.address, amount: { $bigint: '250' } } }])

    const view = await rpc.request('ink_call', [{ to: token, method: 'balanceOf', args: [bob.address] }])
    expect(view).toMatchObject({ ok: true, value: { $bigint: '250' } })
    expect(await rpc.request('ink_getNonce', [alice.address])).toBe(3)
    expect(await rpc.request('ink_getContract', [token])).toMatchObject({ address: token, name: 'Token', deployer: alice.address })
    const found = await rpc.request<{ blockHeight: number; blockHash: string; call: unknown }>('ink_getTransaction', [transfer.hash])
    expect(found.call).toEqual({ to: token, method: 'transfer', args: [bob.address, { $bigint: '250' }] })
    const block = await rpc.request<{ hash: string; height: number; transactions: string[] }>('ink_getBlockByNumber', [found.blockHeight])
    expect(block.transactions).toContain(transfer.hash)
    expect(await rpc.request('ink_getBlockByHash', [block.hash])).toEqual(block)
    expect(await rpc.request('ink_getBlockByNumber', { height: 'latest' })).toMatchObject({ height: await rpc.request('ink_blockNumber') })
    const events = await rpc.request<unknown[]>('ink_getEvents', [{ contract: token, event: 'Transfer' }])
    expect(events).toEqual([expect.objectContaining({ txHash: transfer.hash, name: 'Transfer' })])
    expect(await rpc.request('ink_getTransactionReceipt', ['00'.repeat(32)])).toBeNull()
    expect(await rpc.request('ink_getContract', ['0x' + '00'.repeat(20)])).toBeNull()
  })

  it('streams new blocks and filtered contract events over WebSocket', async () => {
    const ws = new WebSocket(server.url.replace('http', 'ws'))
    await new Promise((resolve) => ws.once('open', resolve))
    const messages: { id?: number; result?: unknown; method?: string; params?: { subscription: string; result: Record<string, unknown> } }[] = []
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())))
    const request = async (id: number, method: string, params: unknown[]) => {
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }))
      for (let i = 0; i < 200 && !messages.some((m) => m.id === id); i++) await new Promise((r) => setTimeout(r, 10))
      return messages.find((m) => m.id === id)!.result as string
    }
    const blocks = await request(1, 'ink_subscribe', ['newBlocks'])
    const toBob = await request(2, 'ink_subscribe', ['events', { contract: token, event: 'Transfer' }])
    const transfers = [tx(alice, call(token, 'transfer', [bob.address, 1n])), tx(alice, call(token, 'transfer', [bob.address, 2n]))]
    for (const t of transfers) await submit(t)
    const received = (sub: string) => messages.filter((m) => m.method === 'ink_subscription' && m.params!.subscription === sub).map((m) => m.params!.result)
    for (let i = 0; i < 200 && received(toBob).length < 2; i++) await new Promise((r) => setTimeout(r, 10))
    expect(received(toBob).map((e) => e.data)).toEqual([
      { from: alice.address, to: bob.address, amount: { $bigint: '1' } },
      { from: alice.address, to: bob.address, amount: { $bigint: '2' } },
    ])
    expect(received(blocks).flatMap((b) => b.transactions as string[])).toEqual(transfers.map((t) => t.hash))
    expect(await request(3, 'ink_unsubscribe', [toBob])).toBe(true)
    ws.close()
    // Subscriptions need a socket.
    await expectJsonRpcError(rpc.request('ink_subscribe', ['newBlocks']), -32004)
  })

  it('puts reverts and out-of-gas in receipts, with nonce and gas accounting intact', async () => {
    const carol = account(3)
    const spinner = contractAddress(carol.address, 0)
    await submit(tx(carol, deploy(SPIN, null, 'Spin')))
    const reverted = await submit(tx(carol, call(token, 'transfer', [bob.address, 1n]), { gasLimit: 2_000_000 }))
    expect(reverted).toMatchObject({ status: 'revert', error: { kind: 'revert', message: 'insufficient balance' }, events: [] })
    expect(reverted.gasUsed).toBeLessThan(10_000) // the reload price held back is returned
    const spun = await submit(tx(carol, call(spinner, 'spin'), { gasLimit: 1_000_000 }))
    expect(spun).toMatchObject({ status: 'out-of-gas', gasUsed: 1_000_000 })
    expect(await rpc.request('ink_call', [{ to: spinner, method: 'x' }])).toMatchObject({ ok: true, value: null })
    expect(await rpc.request('ink_getNonce', [carol.address])).toBe(3)
    // A view takes an optional gas limit (at most the VM default, 10^7).
    const view = await rpc.request<{ ok: boolean; gasUsed: number; error: { kind: string } }>('ink_call', [{ to: spinner, method: 'spin', gas: 1_000_000 }])
    expect(view).toMatchObject({ ok: false, gasUsed: 1_000_000, error: { kind: 'out-of-gas' } })
    await expectJsonRpcError(rpc.request('ink_call', [{ to: spinner, method: 'spin', gas: 10_000_001 }]), -32602)
  })

  it('answers bad input with JSON-RPC errors and changes nothing', async () => {
    const height = await rpc.request('ink_blockNumber')
    const nonce = await rpc.request<number>('ink_getNonce', [alice.address])
    const post = async (body: string) => {
      const response = await fetch(server.url, { method: 'POST', body })
      return { status: response.status, body: await response.json() }
    }
    expect((await post('{"jsonrpc":"2.0","id":1,')).body.error.code).toBe(-32700)
    expect((await post('{"jsonrpc":"2.0","id":1,"method":"ink_getNonce","params":[42]}')).body.error.code).toBe(-32602)
    await expectJsonRpcError(rpc.request('ink_getBlockByNumber', ['tip']), -32602)
    await expectJsonRpcError(rpc.request('ink_call', [{ to: token, method: 'balanceOf', args: [{ $bigint: 'x' }] }]), -32602)
    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', [12]), -32602)
    await expectJsonRpcError(rpc.request('ink_nope'), -32601)
    await expectJsonRpcError(rpc.request('ink_getNonce', [alice.address, 'extra']), -32602)

    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', ['zz']), -32602)
    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', ['0a0b']), -32000, 'malformed')
    // A signature by another key than `from` (mismatched) and a tampered body (bad).
    const next = { chainId: CHAIN_ID, from: alice.publicKey, nonce, gasLimit: 1_000_000, ...call(token, 'mint', [alice.address, 1n]) }
    const mismatched = signTx(next, bob.key)
    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', [raw(mismatched)]), -32000, 'badSignature')
    const tampered = decode(signTx(next, alice.key).raw) as { body: { gasLimit: number } }
    tampered.body.gasLimit = 1_000_001
    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', [toHex(encode(tampered))]), -32000, 'badSignature')
    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', [raw(signTx({ ...next, chainId: 'other-chain' }, alice.key))]), -32000, 'wrongChain')
    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', [raw(signTx({ ...next, nonce: 0 }, alice.key))]), -32000, 'nonceTooLow')
    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', [raw(signTx({ ...next, nonce: nonce + 5000 }, alice.key))]), -32000, 'nonceGap')
    await expectJsonRpcError(rpc.request('ink_sendRawTransaction', [raw(signTx({ ...next, gasLimit: 10 }, alice.key))]), -32000, 'gasLimit')
    // Oversize: over the transport's limit (HTTP 413) …
    const huge = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ink_sendRawTransaction', params: ['00'.repeat(600_000)] }))
    expect(huge.status).toBe(413)
    expect(huge.body.error.code).toBe(-32600)
    // … and, under a transport that lets it through, over the transaction limit (2.2 MB).
    const roomy = await RpcServer.start(rpcCore(node))
    await expectJsonRpcError(new RpcClient(roomy.url).request('ink_sendRawTransaction', ['00'.repeat(2_300_000)]), -32000, 'oversize')
    await roomy.close()

    expect(await rpc.request('ink_blockNumber')).toBe(height)
    expect(await rpc.request('ink_getNonce', [alice.address])).toBe(nonce)
    // … and the node still works.
    expect((await submit(signTx(next, alice.key))).status).toBe('ok')
  })

  it('serves the compiler\'s typed contract client through rpcProvider', async () => {
    const { compileFile } = await import('../../compiler/node.ts')
    const { contractClient, ContractCallError } = await import('../../compiler/client.ts')
    const { rpcProvider } = await import('../../node/rpc/provider.ts')
    const { artifact } = await compileFile(join(import.meta.dirname, '../../examples/token/token.ts'))
    const dave = account(4)
    const deployed = await submit(tx(dave, { deploy: { name: artifact!.name, bundle: artifact!.bundle, abi: artifact!.abi as never, args: ['Ink', 'INK', 2, 500n] } }))
    expect(deployed.status).toBe('ok')
    type TokenApi = { transfer(to: string, amount: bigint): Promise<null>; balanceOf(who: string): Promise<bigint> }
    const token = contractClient<unknown>(rpcProvider(rpc, { privateKey: dave.key }), deployed.contractAddress!, artifact!.abi) as unknown as TokenApi & { $receipt: (m: string, ...a: unknown[]) => Promise<{ events: unknown[] }> }
    await Promise.all([token.transfer(bob.address, 5n), token.transfer(bob.address, 6n)])
    expect(await token.balanceOf(bob.address)).toBe(11n)
    expect((await token.$receipt('transfer', bob.address, 1n)).events).toEqual([{ name: 'Transfer', data: { from: dave.address, to: bob.address, amount: 1n } }])
    await expect(token.transfer(bob.address, 10_000n)).rejects.toBeInstanceOf(ContractCallError)
    expect(await rpc.request('ink_getNonce', [dave.address])).toBe(5)
  })

  it('answers CORS preflight for the playground', async () => {
    const response = await fetch(server.url, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' } })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Content-Type/)
  })
})
