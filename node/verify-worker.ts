// Worker thread of verify-pool.ts: verifies batches of SM2 signatures.
import { parentPort } from 'node:worker_threads'
import { configureKeyTables, verify } from './crypto.ts'
import { unpack, type VerifyJob } from './verify-pool.ts'

// A worker sees a fixed share of the keys: keep tables for busy ones sooner and more of them.
configureKeyTables({ threshold: 4, maxTables: 256 })

parentPort!.on('message', ({ id, packed }: VerifyJob) => {
  parentPort!.postMessage({ id, results: unpack(packed, verify) })
})
