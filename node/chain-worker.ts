// Worker thread of chain-thread.ts: runs the chain (execution, world state, LevelDB commits).
import { parentPort, workerData } from 'node:worker_threads'
import { packChunks, unpackChunks } from './bytes.ts'
import { Chain } from './chain.ts'
import { LevelStore } from './level-store.ts'
import { signedTx } from './tx.ts'
import { DEFAULT_VIEW_LIMITS } from './view-limits.ts'
import { toWireError, type ChainMessage, type ChainRequest, type ChainThreadOptions, type ExecutionReply } from './chain-thread.ts'

const port = parentPort!
const post = (message: ChainMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)
const { directory, chainId, genesisTime, views = DEFAULT_VIEW_LIMITS } = workerData as ChainThreadOptions

let store: LevelStore | undefined
let chain: Chain
try {
  store = await LevelStore.open(directory)
  chain = await Chain.open({ chainId, store, views, ...(genesisTime !== undefined ? { genesisTime } : {}) })
} catch (error) {
  await store?.close().catch(() => {})
  post({ type: 'openFailed', error: toWireError(error) })
  process.exit(1)
}

post({ type: 'ready', head: { header: chain.head.header, hash: chain.head.hash }, nonces: [...chain.state.nonces()], contracts: [...chain.state.contracts()] })

function execute({ time, txs: packed, decoded, verified }: Extract<ChainRequest, { op: 'execute' }>): [ExecutionReply, ArrayBuffer[]] {
  const txs = unpackChunks(packed).map((raw, i) => {
    // The node's thread decoded (and hashed) these very bytes before handing them over.
    const tx = signedTx(raw, decoded[i]!)
    tx.verified = verified[i] === 1
    return tx
  })
  const position = new Map(txs.map((tx, i) => [tx, i]))
  const { block, committed } = chain.execute({ time, txs })
  const height = block.header.height
  committed.then(
    () => post({ type: 'committed', height }),
    (error) => post({ type: 'failed', error: toWireError(error) }),
  )
  const senders = new Set(block.txs.map((tx) => tx.sender))
  const deployed = block.receipts.flatMap(({ contractAddress }) => (contractAddress ? [contractAddress] : []))
  const receipts = packChunks(block.receiptBytes)
  const reply: ExecutionReply = {
    header: block.header,
    hash: block.hash,
    included: block.txs.map((tx) => position.get(tx)!),
    skipped: block.skipped.map(({ tx, reason }) => [position.get(tx)!, reason]),
    nonces: [...senders].map((sender) => [sender, chain.nonceOf(sender)]),
    contracts: deployed.map((address) => [address, chain.contract(address)!]),
    receipts,
  }
  return [reply, [receipts.buffer as ArrayBuffer]]
}

async function handle(request: ChainRequest): Promise<[unknown, ArrayBuffer[]?]> {
  switch (request.op) {
    case 'execute':
      return execute(request)
    case 'view': {
      const { contract, method, args, sender, gasLimit } = request
      return [chain.view(contract, method, args as never, { ...(sender !== undefined ? { sender } : {}), ...(gasLimit !== undefined ? { gasLimit } : {}) })]
    }
    case 'storage':
      return [chain.storage(request.contract, request.prefix, request.after, request.limit)]
    case 'block':
      return [await chain.block(request.ref)]
    case 'transaction':
      return [await chain.transaction(request.txHash)]
    case 'flush':
      return [await chain.flush()]
    case 'close':
      return [await chain.close()]
  }
}

port.on('message', (request: ChainRequest) => {
  handle(request).then(
    ([result, transfer]) => post({ type: 'reply', id: request.id, result }, transfer),
    (error) => post({ type: 'reply', id: request.id, error: toWireError(error) }),
  )
})
