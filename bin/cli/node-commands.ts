// `inkstone node` (run a node with JSON-RPC) and `inkstone verify` (replay a chain from genesis).
import { resolve } from 'node:path'
import { Chain } from '../../node/chain.ts'
import { ChainThread, yieldToChainThread } from '../../node/chain-thread.ts'
import { LevelStore } from '../../node/level-store.ts'
import { InkNode, type NodeChain } from '../../node/node.ts'
import { replayChain } from '../../node/replay.ts'
import { rpcCore } from '../../node/rpc/methods.ts'
import { RpcServer } from '../../node/rpc/server.ts'
import { WorkerVerifier } from '../../node/verify-pool.ts'
import { DEFAULT_CHAIN_ID, DEFAULT_DATA_DIR, DEFAULT_PORT } from './defaults.ts'
import { CliError, table, type Output } from './output.ts'
import { ArtifactSourceMaps } from './source-maps.ts'

export interface DevNodeOptions {
  data?: string
  chainId?: string
  port?: number
  host?: string
  /** 0 = instant blocks. */
  blockTimeMs?: number
  /** Verification threads; 0 = verify on the main thread. */
  workers?: number
  /** Execute and commit blocks on a thread of their own (default), or on the main thread. */
  chainThread?: boolean
  corsOrigin?: string
  /** Where the node looks for `*.artifact.json` to map contract failures to TypeScript (default: the current directory). */
  artifacts?: string
}

export interface RunningNode {
  node: InkNode
  server: RpcServer
  dataDir: string
  /** The directory searched for artifacts' source maps. */
  artifacts: string
  stop(): Promise<void>
}

/** Opens the store, starts the node and its RPC server. */
export async function startNode(options: DevNodeOptions = {}): Promise<RunningNode> {
  const dataDir = resolve(options.data ?? DEFAULT_DATA_DIR)
  const chainId = options.chainId ?? DEFAULT_CHAIN_ID
  let chain: NodeChain
  try {
    chain = options.chainThread === false ? await openInProcess(dataDir, chainId) : await ChainThread.open({ directory: dataDir, chainId })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause
    if ((error as { code?: string }).code === 'LEVEL_DATABASE_NOT_OPEN' && cause?.code === 'LEVEL_LOCKED') {
      throw new CliError(`${dataDir} is in use by another node (stop it, or pass --data <dir>)`)
    }
    throw new CliError(`cannot open the chain in ${dataDir}: ${(error as Error).message}`)
  }
  // The chain's thread is the serial stage: this thread and the verification workers yield to it.
  if (chain instanceof ChainThread) yieldToChainThread()
  const workers = options.workers ?? undefined
  const verifier = workers === 0 ? undefined : new WorkerVerifier(workers)
  const node = await InkNode.start({ chain, blockIntervalMs: options.blockTimeMs ?? 0, ...(verifier ? { verifier } : {}) })
  const sourceMaps = new ArtifactSourceMaps(options.artifacts ?? '.')
  let server: RpcServer
  try {
    server = await RpcServer.start(rpcCore(node, { sourceMapOf: (codeHash) => sourceMaps.get(codeHash) }), { port: options.port ?? DEFAULT_PORT, host: options.host ?? '127.0.0.1', ...(options.corsOrigin ? { corsOrigin: options.corsOrigin } : {}) })
  } catch (error) {
    await node.stop()
    const code = (error as { code?: string }).code
    throw new CliError(code === 'EADDRINUSE' ? `port ${options.port ?? DEFAULT_PORT} is in use (pass --port <n>, 0 for any)` : (error as Error).message)
  }
  return {
    node,
    server,
    dataDir,
    artifacts: sourceMaps.root,
    async stop() {
      await server.close()
      await node.stop()
    },
  }
}

async function openInProcess(dataDir: string, chainId: string): Promise<Chain> {
  const store = await LevelStore.open(dataDir)
  try {
    return await Chain.open({ chainId, store })
  } catch (error) {
    await store.close()
    throw error
  }
}

/** Runs a node until SIGINT/SIGTERM, printing where it listens and each block. */
export async function runNode(options: DevNodeOptions, out: Output): Promise<void> {
  const running = await startNode(options)
  const { node, server, dataDir, artifacts } = running
  const head = node.chain.head.header
  out.result(
    { chainId: node.chainId, height: head.height, url: server.url, websocket: server.url.replace(/^http/, 'ws'), data: dataDir, artifacts },
    table([
      ['chain', `${node.chainId} at block #${head.height}`],
      ['JSON-RPC', server.url],
      ['WebSocket', server.url.replace(/^http/, 'ws')],
      ['data', dataDir],
      ['source maps', `*.artifact.json under ${artifacts}`],
      ['blocks', options.blockTimeMs ? `every ${options.blockTimeMs} ms` : 'instant (as soon as transactions arrive)'],
    ]),
  )
  node.onBlock((block) => out.progress(`block #${block.header.height}  ${block.header.txCount} tx  ${block.hash.slice(0, 16)}…`))
  const watchdog = setInterval(() => {
    if (!node.fatal) return
    console.error(`node stopped: ${node.fatal.message}\nrestart it: it resumes at the last committed block`)
    process.exit(1)
  }, 500)
  await new Promise<void>((done) => {
    const stop = () => done()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  clearInterval(watchdog)
  out.progress('stopping…')
  await running.stop()
}

/** Replays the chain in `data` from genesis, checking every root; the node must be stopped. */
export async function verifyChain(data: string | undefined, out: Output): Promise<void> {
  const dataDir = resolve(data ?? DEFAULT_DATA_DIR)
  let store: LevelStore
  try {
    store = await LevelStore.open(dataDir)
  } catch (error) {
    throw new CliError(`cannot open ${dataDir} (is a node running on it? stop it first): ${(error as Error).message}`)
  }
  const started = Date.now()
  let lastReport = 0
  try {
    const report = await replayChain(store, {
      onProgress(height, head) {
        if (Date.now() - lastReport < 1000 && height !== head) return
        lastReport = Date.now()
        out.progress(`replayed ${height}/${head} blocks`)
      },
    })
    const seconds = (Date.now() - started) / 1000
    out.result({ ok: true, ...report, seconds }, table([
      ['verified', `blocks 0–${report.height}, ${report.transactions} transactions, in ${seconds.toFixed(1)} s`],
      ['head', report.headHash],
      ['state root', `${report.stateRoot} (${report.entries} entries match)`],
    ]))
  } catch (error) {
    throw new CliError(`verification FAILED: ${(error as Error).message}`)
  } finally {
    await store.close()
  }
}
