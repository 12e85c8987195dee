import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { main } from '../../bin/cli/main.ts'
import { Chain } from '../../node/chain.ts'
import { LevelStore } from '../../node/level-store.ts'
import { replayChain } from '../../node/replay.ts'
import { MemoryStore } from '../../node/store.ts'
import { contractAddress } from '../../node/tx.ts'
import { account, call, CHAIN_ID, deploy, tempDirs, TOKEN, tx } from './helpers.ts'

const tempDir = tempDirs('inkstone-node-')

/**
 * Runs the load child (its chain on this thread or on a worker: `mode`) until it has committed
 * `blocks` more blocks, then SIGKILLs it. Resolves the heights it reported.
 */
function runAndKill(dir: string, blocks: number, mode: 'inline' | 'thread'): Promise<{ ready: number; last: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/load-child.ts'), dir, mode], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let ready = -1
    let last = -1
    let buffer = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) {
        const [word, n] = line.split(' ')
        if (word === 'ready') ready = last = Number(n)
        if (word === 'block') last = Number(n)
      }
      // Kill at an arbitrary point of the work, mid-block as likely as not.
      if (ready >= 0 && last >= ready + blocks) child.kill('SIGKILL')
    })
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ ready, last }) : reject(new Error(`child exited without being killed (${signal})`))))
  })
}

describe('LevelDB persistence', () => {
  it('restarts at the last committed block', async () => {
    const dir = tempDir()
    const alice = account(1)
    const token = contractAddress(alice.address, 0)
    const first = await Chain.open({ chainId: CHAIN_ID, store: await LevelStore.open(dir) })
    await first.execute({ time: 1, txs: [tx(alice, deploy(TOKEN)), tx(alice, call(token, 'mint', [alice.address, 9n]))] }).committed
    const head = first.head
    await first.close()
    const again = await Chain.open({ chainId: CHAIN_ID, store: await LevelStore.open(dir) })
    expect(again.head).toEqual(head)
    expect(again.view(token, 'balanceOf', [alice.address]).value).toBe(9n)
    expect(again.nonceOf(alice.address)).toBe(2)
    const minted = (await again.block({ height: 1 }))!.receipts[1]!
    expect((await again.transaction(minted.txHash))?.receipt).toEqual(minted)
    await again.close()
    await expect(Chain.open({ chainId: 'other', store: await LevelStore.open(dir) })).rejects.toThrow(/holds chain/)
  })

  it.each(['inline', 'thread'] as const)('survives kill -9 under load (chain %s): restart is at a committed block and replay verification passes; a replica computes the same roots', async (mode) => {
    const dir = tempDir()
    let previous = -1
    for (let round = 0; round < 3; round++) {
      // Alternate the chain's thread across restarts too: both read what the other wrote.
      const { ready, last } = await runAndKill(dir, 3 + round, round === 1 ? (mode === 'inline' ? 'thread' : 'inline') : mode)
      // Every restart opens at a committed block at least as new as the last one reported durable.
      expect(ready).toBeGreaterThanOrEqual(previous)
      previous = last
    }
    // The verification command passes…
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const progress = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await main(['verify', '--data', dir, '--json'])).toBe(0)
    expect(JSON.parse(log.mock.calls[0]![0] as string)).toMatchObject({ ok: true })
    log.mockRestore()
    progress.mockRestore()
    // … and so does replay through the API, at least as far as the last block reported durable.
    const store = await LevelStore.open(dir)
    const report = await replayChain(store)
    expect(report.height).toBeGreaterThanOrEqual(previous)
    expect(report.transactions).toBeGreaterThan(10)

    // An independent replica fed the same blocks ends with the same state root.
    const replica = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore(), genesisTime: 0 })
    for (let height = 1; height <= report.height; height++) await replica.importBlock((await store.block(height))!)
    expect(replica.state.root()).toBe(report.stateRoot)
    expect(replica.head.hash).toBe(report.headHash)
    await replica.close()
    await store.close()
  }, 60_000)

  it('replay detects a tampered block', async () => {
    const dir = tempDir()
    const alice = account(1)
    const chain = await Chain.open({ chainId: CHAIN_ID, store: await LevelStore.open(dir) })
    await chain.execute({ time: 1, txs: [tx(alice, deploy(TOKEN))] }).committed
    await chain.close()
    const { Level } = await import('level')
    const { decodeBlock, encodeBlock } = await import('../../node/store.ts')
    const db = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
    const block = decodeBlock((await db.get('b:000000000001'))!)
    block.receipts[0]!.gasUsed += 1
    await db.put('b:000000000001', encodeBlock(block))
    await db.close()
    const store = await LevelStore.open(dir)
    await expect(replayChain(store)).rejects.toThrow(/block 1: stored receipts do not match/)
    await store.close()
  })
})
