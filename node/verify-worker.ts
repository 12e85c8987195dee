// Worker thread of verify-pool.ts: verifies batches of SM2 signatures.
import { parentPort } from 'node:worker_threads'
import { configureKeyTables, verify } from './crypto.ts'
import { unpack, WORKER_KEY_TABLES, type VerifyJob } from './verify-pool.ts'

configureKeyTables(WORKER_KEY_TABLES)

parentPort!.on('message', ({ id, packed }: VerifyJob) => {
  parentPort!.postMessage({ id, results: unpack(packed, verify) })
})
