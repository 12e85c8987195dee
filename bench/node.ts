/**
 * Node throughput and latency: starts `inkstone node` (LevelDB in a temp dir, instant blocks,
 * worker-thread SM2 verification) as a child process and drives it over loopback HTTP with
 * concurrent clients sending pre-signed SM2 token transfers in JSON-RPC batches.
 *
 * Prints
 *   - the ceiling: SM2 verifications/s on one core with per-key tables × cores,
 *   - peak: committed TPS under a closed loop (every client keeps one batch in flight),
 *   - latency p50/p99 from submit to receipt (the block notification on a WebSocket
 *     subscription, sent once the block is durable) at half of the peak rate (open loop).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { toHex } from '../node/bytes.ts'
import { publicKeyOf, verify } from '../node/crypto.ts'
import { RpcClient } from '../node/rpc/client.ts'
import { addressOf, contractAddress, signTx, type SignedTx, type TxBody } from '../node/tx.ts'
import { TOKEN } from '../test/vm/harness.ts'

const SENDERS = 64
const CLIENTS = 16
const BATCH = 40
const PEAK_TXS = 19_200
const HALF_LOAD_SECONDS = 5
const CHAIN_ID = 'inkstone-bench'

interface Sender {
  key: string
  publicKey: Uint8Array
  address: string
  nonce: number
}

function makeSender(i: number): Sender {
  const key = (BigInt(i + 1) * 0x9e3779b97f4a7c15n).toString(16).padStart(64, '0')
  const publicKey = publicKeyOf(key)
  return { key, publicKey, address: addressOf(publicKey), nonce: 0 }
}

function sign(sender: Sender, action: Pick<TxBody, 'call' | 'deploy'>, gasLimit = 200_000): SignedTx {
  return signTx({ chainId: CHAIN_ID, from: sender.publicKey, nonce: sender.nonce++, gasLimit, ...action }, sender.key)
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function startNode(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), join(import.meta.dirname, '../bin/inkstone.js'), 'node', '--data', dir, '--port', '0', '--chain-id', CHAIN_ID], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const match = /JSON-RPC\s+(http:\/\/\S+)/.exec(text)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`node exited (${code}) before listening`)))
  })
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Watches committed blocks; resolves per transaction hash when its block arrives. */
class BlockWatcher {
  readonly committedAt = new Map<string, number>()
  #waiters = new Map<string, () => void>()
  readonly #ws: WebSocket
  constructor(ws: WebSocket) {
    this.#ws = ws
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString())
      if (message.method !== 'ink_subscription') return
      const now = performance.now()
      for (const hash of message.params.result.transactions as string[]) {
        this.committedAt.set(hash, now)
        this.#waiters.get(hash)?.()
        this.#waiters.delete(hash)
      }
    })
  }
  static async open(url: string): Promise<BlockWatcher> {
    const ws = new WebSocket(url.replace(/^http/, 'ws'))
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ink_subscribe', params: ['newBlocks'] }))
    return new BlockWatcher(ws)
  }
  wait(hash: string): Promise<void> {
    if (this.committedAt.has(hash)) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.set(hash, resolve))
  }
  close(): void {
    this.#ws.close()
  }
}

async function sendBatch(url: string, txs: SignedTx[]): Promise<void> {
  const body = JSON.stringify(txs.map((tx, i) => ({ jsonrpc: '2.0', id: i, method: 'ink_sendRawTransaction', params: [toHex(tx.raw)] })))
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
  const replies = (await response.json()) as { error?: { message: string } }[]
  const failed = replies.find((reply) => reply.error)
  if (failed) throw new Error(`submission refused: ${failed.error!.message}`)
}

/** Per sender, its transfers in nonce order; a client sends its senders' transfers round-robin in batches. */
function transfers(senders: Sender[], token: string, perSender: number): SignedTx[][] {
  return senders.map((sender) => Array.from({ length: perSender }, () => sign(sender, { call: { to: token, method: 'transfer', args: [senders[0]!.address, 1n] } })))
}

function clientBatches(perSender: SignedTx[][], clients: number): SignedTx[][][] {
  return Array.from({ length: clients }, (_, c) => {
    const mine = perSender.filter((_, s) => s % clients === c)
    const batches: SignedTx[][] = []
    const rounds = mine[0]?.length ?? 0
    let batch: SignedTx[] = []
    for (let i = 0; i < rounds; i++) {
      for (const list of mine) {
        batch.push(list[i]!)
        if (batch.length === BATCH) {
          batches.push(batch)
          batch = []
        }
      }
    }
    if (batch.length) batches.push(batch)
    return batches
  })
}

export default async function (): Promise<void> {
  const cores = availableParallelism()
  const senders = Array.from({ length: SENDERS }, (_, i) => makeSender(i))
  const owner = senders[0]!
  const token = contractAddress(owner.address, 0)

  // The ceiling: verification on one core with per-key tables (warm), times the cores.
  const probe = sign(owner, { call: { to: token, method: 'transfer', args: [owner.address, 1n] } })
  owner.nonce--
  for (let i = 0; i < 50; i++) verify(probe.message, probe.sig, probe.body.from)
  let verified = 0
  const probeStart = performance.now()
  while (performance.now() - probeStart < 1000) {
    verify(probe.message, probe.sig, probe.body.from)
    verified++
  }
  const perCore = verified / ((performance.now() - probeStart) / 1000)
  const ceiling = perCore * cores
  console.log(`SM2 verify with a per-key table: ${perCore.toFixed(0)}/s on one core → ceiling ${ceiling.toFixed(0)} tx/s on ${cores} cores`)

  process.stdout.write('pre-signing transfers… ')
  const signStart = performance.now()
  const setup = [sign(owner, { deploy: { name: 'Token', bundle: TOKEN, abi: null, args: null } }, 2_000_000), ...senders.map((s) => sign(owner, { call: { to: token, method: 'mint', args: [s.address, 1_000_000_000n] } }))]
  const peak = transfers(senders, token, PEAK_TXS / SENDERS)
  console.log(`${(setup.length + PEAK_TXS).toLocaleString()} in ${((performance.now() - signStart) / 1000).toFixed(1)} s`)

  const dir = mkdtempSync(join(tmpdir(), 'inkstone-bench-'))
  const node = await startNode(dir)
  try {
    const watcher = await BlockWatcher.open(node.url)
    const rpc = new RpcClient(node.url)
    await sendBatch(node.url, setup)
    await Promise.all(setup.map((tx) => watcher.wait(tx.hash)))
    const receipt = await rpc.request<{ status: string }>('ink_getTransactionReceipt', [setup.at(-1)!.hash])
    if (receipt.status !== 'ok') throw new Error(`setup failed: ${JSON.stringify(receipt)}`)

    // Peak: closed loop, every client keeps one batch in flight.
    const submittedAt = new Map<string, number>()
    const peakStart = performance.now()
    await Promise.all(
      clientBatches(peak, CLIENTS).map(async (batches) => {
        for (const batch of batches) {
          const now = performance.now()
          for (const tx of batch) submittedAt.set(tx.hash, now)
          await sendBatch(node.url, batch)
        }
      }),
    )
    await Promise.all(peak.flat().map((tx) => watcher.wait(tx.hash)))
    const peakSeconds = (performance.now() - peakStart) / 1000
    const peakTps = PEAK_TXS / peakSeconds
    const peakLatency = peak.flat().map((tx) => watcher.committedAt.get(tx.hash)! - submittedAt.get(tx.hash)!).sort((a, b) => a - b)
    console.log(
      `peak: ${PEAK_TXS.toLocaleString()} transfers committed in ${peakSeconds.toFixed(2)} s → ${peakTps.toFixed(0)} TPS ` +
        `(${((100 * peakTps) / ceiling).toFixed(0)}% of the verification ceiling); latency p50 ${percentile(peakLatency, 50).toFixed(0)} ms, p99 ${percentile(peakLatency, 99).toFixed(0)} ms`,
    )

    // Half of peak: open loop at a fixed rate, one batch every `tick` ms (signed now: the node is idle).
    const rate = peakTps / 2
    const halfTxs = clientBatches(transfers(senders, token, Math.ceil((rate * HALF_LOAD_SECONDS) / SENDERS)), 1)[0]!.flat()
    const count = Math.min(halfTxs.length, Math.round(rate * HALF_LOAD_SECONDS))
    const tickMs = 20
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000))
    const latencies: number[] = []
    const halfStart = performance.now()
    const inflight: Promise<void>[] = []
    for (let sent = 0, tick = 0; sent < count; tick++) {
      const batch = halfTxs.slice(sent, Math.min(count, sent + perTick))
      sent += batch.length
      const at = performance.now()
      inflight.push(
        sendBatch(node.url, batch).then(async () => {
          await Promise.all(batch.map((tx) => watcher.wait(tx.hash)))
          for (const tx of batch) latencies.push(watcher.committedAt.get(tx.hash)! - at)
        }),
      )
      const next = halfStart + (tick + 1) * tickMs
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())))
    }
    await Promise.all(inflight)
    latencies.sort((a, b) => a - b)
    const halfSeconds = (performance.now() - halfStart) / 1000
    console.log(
      `half load: ${count.toLocaleString()} transfers at ${rate.toFixed(0)}/s offered (${(count / halfSeconds).toFixed(0)} TPS committed) → ` +
        `submit→receipt p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    )
    watcher.close()
  } finally {
    await node.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

