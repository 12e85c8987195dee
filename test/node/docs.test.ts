// The documentation covers every RPC method and every CLI command.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { METHODS } from '../../node/rpc/methods.ts'

const read = (file: string) => readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8')

describe('docs', () => {
  it.each(Object.keys(METHODS))('docs/rpc.md documents %s', (method) => {
    expect(read('rpc.md')).toContain(`### ${method}\n`)
  })

  it.each(['init', 'build', 'test', 'node', 'verify', 'keys new', 'keys list', 'keys export', 'deploy', 'call', 'view', 'tx', 'receipt', 'block', 'nonce'])('docs/cli.md documents `%s`', (command) => {
    expect(read('cli.md')).toContain(`| \`${command}`)
  })
})

describe('docs/node.md "Using it"', () => {
  it('runs as written', async () => {
    const { InkNode } = await import('../../node/node.ts')
    const { MemoryStore } = await import('../../node/store.ts')
    const { rpcCore } = await import('../../node/rpc/methods.ts')
    const { newPrivateKey, publicKeyOf } = await import('../../node/crypto.ts')
    const { signTx, contractAddress, addressOf } = await import('../../node/tx.ts')
    const node = await InkNode.start({ chainId: 'demo', store: new MemoryStore() })
    const key = newPrivateKey()
    const from = publicKeyOf(key)
    const deploy = signTx({ chainId: 'demo', from, nonce: 0, gasLimit: 5_000_000, deploy: { name: 'Counter', bundle: 'exports.inc = () => 1', abi: null, args: null } }, key)
    await node.sendRawTransaction(deploy.raw)
    const rpc = rpcCore(node)
    const counter = contractAddress(addressOf(from), 0)
    for (let i = 0; i < 200 && node.chain.head.header.height < 1; i++) await new Promise((r) => setTimeout(r, 5))
    expect(await rpc.request({ method: 'ink_getContract', params: [counter] }, { subscriptions: new Map() })).toMatchObject({ name: 'Counter' })
    expect(read('node.md')).toContain("deploy: { name: 'Counter', bundle: \"exports.inc = () => 1\", abi: null, args: null } }, key)")
    await node.stop()
  })
})
