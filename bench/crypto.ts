// `npx tsx bench/index.ts crypto`: China-crypto throughput, ours (stdlib/crypto) vs sm-crypto 0.5.8
// vs sm-crypto-v2 1.15.1, measured in the same process. SM2 verification is measured on both of
// our kernels: WebAssembly (the default) and TypeScript (the browser fallback). Each cell is the median of RUNS short runs
// (ops/s on one core) after one discarded warm-up run; libraries are interleaved run by run so
// machine noise hits them alike. Whole suite: ~20 s on the project's 2-core machine.
import { cpus } from 'node:os'
import smCrypto from 'sm-crypto'
import { sm2 as v2sm2, sm3 as v2sm3, sm4 as v2sm4 } from 'sm-crypto-v2'
import { forceTypeScriptKernel } from '../stdlib/crypto/_sm2-verify-kernel.ts'
import { bytesToHex, sm2, sm3, sm4 } from '../stdlib/crypto/index.ts'

const RUNS = 5
const RUN_MS = 150

type Lib = 'ours' | 'sm-crypto' | 'sm-crypto-v2'
const LIBS: readonly Lib[] = ['ours', 'sm-crypto', 'sm-crypto-v2']

/** One benchmark row: an optional function per library, and bytes per op for MB/s. */
interface Row {
  name: string
  bytes?: number
  fns: Partial<Record<Lib, () => unknown>>
  note?: string
  /** Runs once before the row is measured (cache configuration, kernel choice). */
  before?: () => void
  /** Runs once after the row (undoes `before`). */
  after?: () => void
}

/** Calls per timed batch so that one batch takes ≥ 1 ms (keeps timer overhead out of µs ops). */
function batchSize(fn: () => unknown): number {
  let batch = 1
  for (;;) {
    const t = performance.now()
    for (let i = 0; i < batch; i++) fn()
    if (performance.now() - t >= 1 || batch >= 1 << 20) return batch
    batch *= 2
  }
}

/**
 * Milliseconds of CPU this process has used. Rates are per CPU-second, not per wall-clock
 * second: the machine is shared, and time the scheduler gives to other processes is not time
 * spent on our operations. (Background GC threads count, which charges allocation fairly.)
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

function opsPerSecond(fn: () => unknown, batch: number): number {
  let ops = 0
  const start = cpuMs()
  let now = start
  do {
    for (let i = 0; i < batch; i++) fn()
    ops += batch
    now = cpuMs()
  } while (now - start < RUN_MS)
  return (ops * 1000) / (now - start)
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function measure(row: Row): Partial<Record<Lib, number>> {
  row.before?.()
  try {
    return measureRuns(row)
  } finally {
    row.after?.()
  }
}

function measureRuns(row: Row): Partial<Record<Lib, number>> {
  const libs = LIBS.filter((l) => row.fns[l] !== undefined)
  const batches = new Map(libs.map((l) => [l, batchSize(row.fns[l]!)] as const))
  // One discarded run each: JIT warm-up and one-time work (G's table is widened after 64 k·G).
  for (const l of libs) opsPerSecond(row.fns[l]!, batches.get(l)!)
  const samples = new Map(libs.map((l) => [l, [] as number[]] as const))
  for (let r = 0; r < RUNS; r++) for (const l of libs) samples.get(l)!.push(opsPerSecond(row.fns[l]!, batches.get(l)!))
  return Object.fromEntries(libs.map((l) => [l, median(samples.get(l)!)]))
}

const fmt = (v: number | undefined, bytes?: number): string => {
  if (v === undefined) return '–'
  const ops = v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1)
  return bytes === undefined ? ops : `${ops} (${((v * bytes) / 1e6).toFixed(1)} MB/s)`
}
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`)

function rows(): Row[] {
  const priv = sm2.randomPrivateKey()
  const pub = sm2.getPublicKey(priv)
  const privHex = bytesToHex(priv)
  const pubHex = bytesToHex(pub)
  const msg = new TextEncoder().encode('transfer 100 INK from alice to bob, nonce 42')
  const sig = sm2.sign(msg, priv, { publicKey: pub })
  const sigHex = bytesToHex(sig)
  const opts = { hash: true, der: false, publicKey: pubHex } // sm-crypto-v2 defaults to hash: false
  const pre = sm2.precomputePublicKey(pub) // table in the WebAssembly kernel
  forceTypeScriptKernel(true)
  const preTs = sm2.precomputePublicKey(pub) // table of bigints for the TypeScript kernel
  forceTypeScriptKernel(false)
  const typeScriptKernel = { before: () => forceTypeScriptKernel(true), after: () => forceTypeScriptKernel(false) }
  const v2pre = v2sm2.precomputePublicKey(pubHex)
  const d32 = new Uint8Array(32).fill(7)
  const d1k = new Uint8Array(1024).fill(9)
  const key = new Uint8Array(16).fill(1)
  const iv12 = new Uint8Array(12).fill(2)
  const iv16 = new Uint8Array(16).fill(3)
  return [
    {
      name: 'SM2 sign (standard ID, signer public key given)',
      fns: {
        ours: () => sm2.sign(msg, priv, { publicKey: pub }),
        'sm-crypto': () => smCrypto.sm2.doSignature(msg, privHex, opts),
        'sm-crypto-v2': () => v2sm2.doSignature(msg, privHex, opts),
      },
    },
    {
      name: 'SM2 verify, cold (no per-key cache or table; ours: WebAssembly kernel)',
      before: () => sm2.configureVerifyCache({ maxKeys: 0, maxTables: 0 }),
      fns: {
        ours: () => sm2.verify(sig, msg, pub),
        'sm-crypto': () => smCrypto.sm2.doVerifySignature(msg, sigHex, pubHex, opts),
        'sm-crypto-v2': () => v2sm2.doVerifySignature(msg, sigHex, pubHex, opts),
      },
    },
    {
      name: 'SM2 verify, key seen before: decoded key and Z_A cached, no table yet (ours: WebAssembly wNAF)',
      note: 'what a node does for a sender\'s first `threshold` (16) transactions; the others have no such cache, their figure is their cold verify',
      before: () => {
        sm2.configureVerifyCache({ maxKeys: 1024, maxTables: 0 })
        sm2.verify(sig, msg, pub)
      },
      fns: {
        ours: () => sm2.verify(sig, msg, pub),
        'sm-crypto': () => smCrypto.sm2.doVerifySignature(msg, sigHex, pubHex, opts),
        'sm-crypto-v2': () => v2sm2.doVerifySignature(msg, sigHex, pubHex, opts),
      },
    },
    {
      name: 'SM2 verify, cold, ours on the TypeScript kernel (browser fallback)',
      before: () => {
        sm2.configureVerifyCache({ maxKeys: 0, maxTables: 0 })
        forceTypeScriptKernel(true)
      },
      after: () => forceTypeScriptKernel(false),
      fns: {
        ours: () => sm2.verify(sig, msg, pub),
        'sm-crypto': () => smCrypto.sm2.doVerifySignature(msg, sigHex, pubHex, opts),
        'sm-crypto-v2': () => v2sm2.doVerifySignature(msg, sigHex, pubHex, opts),
      },
    },
    {
      name: 'SM2 verify, per-key table (ours W=8 precomputePublicKey, WebAssembly; v2 precomputePublicKey)',
      note: 'sm-crypto has no table; its ratio column compares with its cold verify',
      fns: {
        ours: () => sm2.verify(sig, msg, pre),
        'sm-crypto': () => smCrypto.sm2.doVerifySignature(msg, sigHex, pubHex, opts),
        'sm-crypto-v2': () => v2sm2.doVerifySignature(msg, sigHex, v2pre, opts),
      },
    },
    {
      name: 'SM2 verify, per-key table, ours on the TypeScript kernel (browser fallback)',
      ...typeScriptKernel,
      fns: {
        ours: () => sm2.verify(sig, msg, preTs),
        'sm-crypto': () => smCrypto.sm2.doVerifySignature(msg, sigHex, pubHex, opts),
        'sm-crypto-v2': () => v2sm2.doVerifySignature(msg, sigHex, v2pre, opts),
      },
    },
    {
      name: 'SM2 verify, same key again, automatic cache (default settings)',
      note: 'ours builds the table after 16 successful verifications of a key; the others have no such cache',
      before: () => {
        sm2.configureVerifyCache({ maxKeys: 1024, maxTables: 16 })
        for (let i = 0; i < 16; i++) sm2.verify(sig, msg, pub)
      },
      fns: { ours: () => sm2.verify(sig, msg, pub) },
    },
    {
      name: 'SM3 32 B',
      bytes: 32,
      fns: { ours: () => sm3(d32), 'sm-crypto': () => smCrypto.sm3(d32), 'sm-crypto-v2': () => v2sm3(d32) },
    },
    {
      name: 'SM3 1 KiB',
      bytes: 1024,
      fns: { ours: () => sm3(d1k), 'sm-crypto': () => smCrypto.sm3(d1k), 'sm-crypto-v2': () => v2sm3(d1k) },
    },
    {
      name: 'SM4-GCM encrypt 1 KiB (16-byte AAD)',
      bytes: 1024,
      note: 'sm-crypto has no GCM',
      fns: {
        ours: () => sm4.gcm.encrypt(key, iv12, d1k, d32.subarray(0, 16)),
        'sm-crypto-v2': () => v2sm4.encrypt(d1k, key, { mode: 'gcm', iv: iv12, associatedData: d32.subarray(0, 16), output: 'array', outputTag: true }),
      },
    },
    {
      name: 'SM4-CBC encrypt 1 KiB (PKCS#7)',
      bytes: 1024,
      fns: {
        ours: () => sm4.cbc.encrypt(key, iv16, d1k),
        'sm-crypto': () => smCrypto.sm4.encrypt(d1k, [...key], { mode: 'cbc', iv: [...iv16], output: 'array' }),
        'sm-crypto-v2': () => v2sm4.encrypt(d1k, key, { mode: 'cbc', iv: iv16, output: 'array' }),
      },
    },
  ]
}

export default async function (): Promise<void> {
  const started = performance.now()
  const defaults = sm2.verifyCacheStats() // rows change the cache limits; restored at the end
  console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ops per CPU-second on one core, median of ${RUNS} runs of ${RUN_MS} ms CPU\n`)
  console.log('| operation | ours | sm-crypto | sm-crypto-v2 | ours ÷ sm-crypto | v2 ÷ sm-crypto |')
  console.log('|---|---:|---:|---:|---:|---:|')
  const notes: string[] = []
  try {
    for (const row of rows()) {
      const r = measure(row)
      console.log(
        `| ${row.name} | ${fmt(r.ours, row.bytes)} | ${fmt(r['sm-crypto'], row.bytes)} | ${fmt(r['sm-crypto-v2'], row.bytes)} | ${ratio(r.ours, r['sm-crypto'])} | ${ratio(r['sm-crypto-v2'], r['sm-crypto'])} |`,
      )
      if (row.note) notes.push(`${row.name}: ${row.note}`)
    }
  } finally {
    sm2.clearVerifyCache()
    sm2.configureVerifyCache({ maxKeys: defaults.maxKeys, maxTables: defaults.maxTables })
  }
  for (const n of notes) console.log(`- ${n}`)
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`)
}
