// Worker thread of bench/node.ts's ceiling: verifies one SM2 signature in a loop with the key's
// table built, as a verification worker of the node does for a busy sender.
import { parentPort, workerData } from 'node:worker_threads'
import { configureKeyTables, verify } from '../node/crypto.ts'
import { WORKER_KEY_TABLES } from '../node/verify-pool.ts'

const { message, sig, publicKey } = workerData as { message: Uint8Array; sig: Uint8Array; publicKey: Uint8Array }
configureKeyTables(WORKER_KEY_TABLES)
for (let i = 0; i < 50; i++) if (!verify(message, sig, publicKey)) throw new Error('probe signature does not verify')
parentPort!.postMessage('ready')
parentPort!.once('message', (ms: number) => {
  let count = 0
  const start = performance.now()
  while (performance.now() - start < ms) {
    verify(message, sig, publicKey)
    count++
  }
  parentPort!.postMessage(count / ((performance.now() - start) / 1000))
})
