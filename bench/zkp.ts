// `npx tsx bench/index.ts zkp`: zero-knowledge verification in Node, one core. Each row is the
// median per-call time of RUNS timed batches (after ≥ 300 ms of warm-up), next to the gas
// the host function charges and the gas the time implies at 30 ns per gas unit (the schedule's
// scale), so mispriced rows stand out. "cold" = a verification key not seen before (validated
// and prepared inside the call), "warm" = a cached key. snarkjs 0.7.6 (devDependency) verifies
// the same vectors in the same run for comparison (its default mode: worker threads, which are
// terminated afterwards). The last line runs Groth16, PLONK and FFLONK in headless Chromium.
import { cpus, loadavg } from 'node:os'
import { concatBytes, numberToBytesBE } from '@noble/curves/utils.js'
import { configureGroth16Cache, verifyGroth16 } from '../stdlib/zkp/groth16.ts'
import { ZKP_HOST_FUNCTIONS } from '../stdlib/zkp/host-functions.ts'
import { BLS12_381, BN254 } from '../stdlib/zkp/pairing.ts'
import { encodeScalar, randomScalar } from '../stdlib/zkp/pedersen.ts'
import { configureFflonkCache } from '../stdlib/zkp/fflonk.ts'
import { configurePlonkCache } from '../stdlib/zkp/plonk.ts'
import { curves, fflonk as snarkjsFflonk, groth16 as snarkjsGroth16, plonk as snarkjsPlonk } from 'snarkjs'
import { proveRange } from '../stdlib/zkp/range-proof.ts'
import { proveEquality, proveKnowledge, proveSum } from '../stdlib/zkp/sigma.ts'
import { localVector, groth16Simulator, snarkjsVector } from '../test/stdlib/zkp/_fixtures.ts'
import { runZkpInBrowser } from '../test/stdlib/zkp/browser.ts'
import type { CanonicalValue } from '../vm/canonical.ts'

const RUNS = 7
const NS_PER_GAS = 30

/**
 * Median milliseconds per call of `fn`, wall clock and CPU time of this process (less moved by
 * other jobs on a shared machine): ≥ 300 ms of warm-up (JIT tiers), then RUNS batches of ≥ 50 ms.
 */
function median(fn: () => unknown): { ms: number; cpuMs: number } {
  let calls = 0
  const warmStart = performance.now()
  while (performance.now() - warmStart < 300 || calls < 3) (fn(), calls++)
  const batch = Math.max(1, Math.ceil((50 * calls) / (performance.now() - warmStart)))
  const wall: number[] = []
  const cpu: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now()
    const cpuStart = process.cpuUsage()
    for (let i = 0; i < batch; i++) fn()
    const used = process.cpuUsage(cpuStart)
    wall.push((performance.now() - start) / batch)
    cpu.push((used.user + used.system) / 1000 / batch)
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!
  return { ms: mid(wall), cpuMs: mid(cpu) }
}

interface Row {
  name: string
  fn: string
  args: CanonicalValue[]
  before?: () => void
}

function rows(): Row[] {
  const g16 = snarkjsVector('groth16-bn128-1pub')
  const plonk = snarkjsVector('plonk-bn128-2pub')
  const ff = localVector('fflonk-bn128-3pub')
  const bnSim = groth16Simulator(BN254, 1) // γ ≠ δ, like a key after a phase-2 ceremony
  const bnSimProof = bnSim.prove([3n])
  const bls = groth16Simulator(BLS12_381, 1)
  const blsProof = bls.prove([3n])
  const be = (n: bigint) => numberToBytesBE(n, 32)
  const fp64 = (n: bigint) => numberToBytesBE(n, 64)
  const bnG1 = (P = BN254.G1.BASE.multiply(7n)) => concatBytes(be(P.toAffine().x), be(P.toAffine().y))
  const bnG2 = (Q = BN254.G2.BASE.multiply(5n)) => {
    const { x, y } = Q.toAffine()
    return concatBytes(be(x.c1), be(x.c0), be(y.c1), be(y.c0))
  }
  const blsG1 = (P = BLS12_381.G1.BASE.multiply(7n)) => concatBytes(fp64(P.toAffine().x), fp64(P.toAffine().y))
  const blsG2 = (Q = BLS12_381.G2.BASE.multiply(5n)) => {
    const { x, y } = Q.toAffine()
    return concatBytes(fp64(x.c0), fp64(x.c1), fp64(y.c0), fp64(y.c1))
  }
  const bnPairs = (k: number) => concatBytes(...Array.from({ length: k }, () => concatBytes(bnG1(), bnG2())))
  const blsPairs = (k: number) => concatBytes(...Array.from({ length: k }, () => concatBytes(blsG1(), blsG2())))
  const g1msm = (k: number) => concatBytes(...Array.from({ length: k }, (_, i) => concatBytes(blsG1(BLS12_381.G1.BASE.multiply(BigInt(i + 2))), be(randomScalar()))))
  const g2msm = (k: number) => concatBytes(...Array.from({ length: k }, (_, i) => concatBytes(blsG2(BLS12_381.G2.BASE.multiply(BigInt(i + 2))), be(randomScalar()))))
  const blinding = () => encodeScalar(randomScalar())
  const know = proveKnowledge(99n, blinding())
  const eq = proveEquality(blinding(), encodeScalarPoint(1n), encodeScalarPoint(2n))
  const sum = proveSum(5n, blinding(), 6n, blinding(), blinding())
  const range8 = proveRange(200n, blinding(), 8)
  const range64 = proveRange(123456789n, blinding(), 64)
  const leaf = new TextEncoder().encode('leaf')
  const path32 = Array.from({ length: 32 }, (_, i) => new Uint8Array(32).fill(i))
  const siblings32 = Array.from({ length: 32 }, (_, i) => BigInt(i) * 1000003n)
  const coldGroth16 = () => configureGroth16Cache(0)
  const warmGroth16 = () => configureGroth16Cache(64)
  return [
    { name: 'groth16 bn128, 1 public (snarkjs vector, γ = δ), warm', fn: 'groth16.verify', args: [g16.vk, g16.publicSignals, g16.proof] as CanonicalValue[], before: warmGroth16 },
    { name: 'groth16 bn128, 1 public (snarkjs vector, γ = δ), cold', fn: 'groth16.verify', args: [g16.vk, g16.publicSignals, g16.proof] as CanonicalValue[], before: coldGroth16 },
    { name: 'groth16 bn128, 1 public, γ ≠ δ (simulated key), warm', fn: 'groth16.verify', args: [bnSim.vk, ['3'], bnSimProof] as CanonicalValue[], before: warmGroth16 },
    { name: 'groth16 bn128, 1 public, γ ≠ δ (simulated key), cold', fn: 'groth16.verify', args: [bnSim.vk, ['3'], bnSimProof] as CanonicalValue[], before: coldGroth16 },
    { name: 'groth16 bls12381, 1 public, warm key', fn: 'groth16.verify', args: [bls.vk, ['3'], blsProof] as CanonicalValue[], before: warmGroth16 },
    { name: 'groth16 bls12381, 1 public, cold key', fn: 'groth16.verify', args: [bls.vk, ['3'], blsProof] as CanonicalValue[], before: coldGroth16 },
    { name: 'plonk bn128, 2 public, warm key', fn: 'plonk.verify', args: [plonk.vk, plonk.publicSignals, plonk.proof] as CanonicalValue[], before: () => (warmGroth16(), configurePlonkCache(64)) },
    { name: 'plonk bn128, 2 public, cold key', fn: 'plonk.verify', args: [plonk.vk, plonk.publicSignals, plonk.proof] as CanonicalValue[], before: () => configurePlonkCache(0) },
    { name: 'fflonk bn128, 3 public, warm key', fn: 'fflonk.verify', args: [ff.vk, ff.publicSignals, ff.proof] as CanonicalValue[], before: () => (configurePlonkCache(64), configureFflonkCache(64)) },
    { name: 'fflonk bn128, 3 public, cold key', fn: 'fflonk.verify', args: [ff.vk, ff.publicSignals, ff.proof] as CanonicalValue[], before: () => configureFflonkCache(0) },
    { name: 'bn254.add', fn: 'bn254.add', args: [concatBytes(bnG1(), bnG1(BN254.G1.BASE))], before: () => configureFflonkCache(64) },
    { name: 'bn254.mul', fn: 'bn254.mul', args: [concatBytes(bnG1(), be(randomScalar() % BN254.Fr.ORDER))] },
    { name: 'bn254.pairing, 1 pair', fn: 'bn254.pairing', args: [bnPairs(1)] },
    { name: 'bn254.pairing, 2 pairs', fn: 'bn254.pairing', args: [bnPairs(2)] },
    { name: 'bn254.pairing, 4 pairs', fn: 'bn254.pairing', args: [bnPairs(4)] },
    { name: 'bls12381.g1add', fn: 'bls12381.g1add', args: [concatBytes(blsG1(), blsG1(BLS12_381.G1.BASE))] },
    { name: 'bls12381.g2add', fn: 'bls12381.g2add', args: [concatBytes(blsG2(), blsG2(BLS12_381.G2.BASE))] },
    { name: 'bls12381.g1msm, 1 point', fn: 'bls12381.g1msm', args: [g1msm(1)] },
    { name: 'bls12381.g1msm, 8 points', fn: 'bls12381.g1msm', args: [g1msm(8)] },
    { name: 'bls12381.g2msm, 1 point', fn: 'bls12381.g2msm', args: [g2msm(1)] },
    { name: 'bls12381.g2msm, 8 points', fn: 'bls12381.g2msm', args: [g2msm(8)] },
    { name: 'bls12381.pairing, 1 pair', fn: 'bls12381.pairing', args: [blsPairs(1)] },
    { name: 'bls12381.pairing, 2 pairs', fn: 'bls12381.pairing', args: [blsPairs(2)] },
    { name: 'bls12381.pairing, 4 pairs', fn: 'bls12381.pairing', args: [blsPairs(4)] },
    { name: 'bls12381.mapFpToG1', fn: 'bls12381.mapFpToG1', args: [fp64(123456789n)] },
    { name: 'bls12381.mapFp2ToG2', fn: 'bls12381.mapFp2ToG2', args: [concatBytes(fp64(1n), fp64(2n))] },
    { name: 'pedersen.commit', fn: 'pedersen.commit', args: [1000n, blinding()] },
    { name: 'pedersen.add', fn: 'pedersen.add', args: [know.commitment, sum.c1] },
    { name: 'sigma.verifyKnowledge', fn: 'sigma.verifyKnowledge', args: [know.commitment, know.proof as unknown as CanonicalValue] },
    { name: 'sigma.verifyEquality', fn: 'sigma.verifyEquality', args: [eq.y1, eq.y2, encodeScalarPoint(1n), encodeScalarPoint(2n), eq.proof as unknown as CanonicalValue] },
    { name: 'sigma.verifySum', fn: 'sigma.verifySum', args: [sum.c1, sum.c2, sum.c3, sum.proof as unknown as CanonicalValue] },
    { name: 'range.verify, 8 bits', fn: 'range.verify', args: [range8.commitment, range8.proof, 8] },
    { name: 'range.verify, 64 bits', fn: 'range.verify', args: [range64.commitment, range64.proof, 64] },
    { name: 'merkle.verifySm3, 32 levels', fn: 'merkle.verifySm3', args: [new Uint8Array(32), leaf, 5, 2 ** 32 - 1, path32] },
    { name: 'merkle.verifyPoseidon, 32 levels', fn: 'merkle.verifyPoseidon', args: [1n, 2n, 5, siblings32] },
    { name: 'poseidon.hash2', fn: 'poseidon.hash2', args: [1n, 2n] },
  ]
}

const ASYNC_RUNS = 15

/** Median ms of an async call (snarkjs), after 3 warm-up calls. */
async function medianAsync(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < ASYNC_RUNS; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  return samples.sort((a, b) => a - b)[ASYNC_RUNS >> 1]!
}

/** snarkjs verifying the same vectors: first call (curve set-up included), then warm medians. */
async function snarkjsFigures() {
  const g16 = snarkjsVector('groth16-bn128-1pub')
  const plonk = snarkjsVector('plonk-bn128-2pub')
  const ff = localVector('fflonk-bn128-3pub')
  const check = async (ok: Promise<boolean>) => {
    if (!(await ok)) throw new Error('snarkjs did not verify a vector')
  }
  const t0 = performance.now()
  await check(snarkjsGroth16.verify(g16.vk, g16.publicSignals, g16.proof))
  const groth16FirstMs = performance.now() - t0
  try {
    return {
      groth16FirstMs,
      groth16Ms: await medianAsync(() => check(snarkjsGroth16.verify(g16.vk, g16.publicSignals, g16.proof))),
      plonkMs: await medianAsync(() => check(snarkjsPlonk.verify(plonk.vk, plonk.publicSignals, plonk.proof))),
      fflonkMs: await medianAsync(() => check(snarkjsFflonk.verify(ff.vk, ff.publicSignals, ff.proof))),
    }
  } finally {
    await (await curves.getCurveFromName('bn128')).terminate() // its worker threads
  }
}

/** A ristretto255 point k·G as bytes, for equality-proof bases. */
function encodeScalarPoint(k: bigint): Uint8Array {
  return proveKnowledge(k, encodeScalar(0n)).commitment
}

export default async function (): Promise<void> {
  const started = performance.now()
  console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ms per call on one core, median of ${RUNS} batches after warm-up; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores\n`)

  // The very first verification in this process: module-level tables, JIT warm-up and a cold key.
  const { vk, proof, publicSignals } = snarkjsVector('groth16-bn128-1pub')
  const t0 = performance.now()
  if (!verifyGroth16(vk, publicSignals, proof)) throw new Error('groth16 vector did not verify')
  const ours = (performance.now() - t0).toFixed(1)
  const snark = await snarkjsFigures()
  console.log(`groth16 bn128, first call in the process: ${ours} ms; snarkjs 0.7.6 in this run: ${snark.groth16FirstMs.toFixed(1)} ms`)
  console.log(
    `snarkjs 0.7.6 warm (median of ${ASYNC_RUNS}, same run): groth16 ${snark.groth16Ms.toFixed(2)} ms, plonk ${snark.plonkMs.toFixed(2)} ms, fflonk ${snark.fflonkMs.toFixed(2)} ms — compare the warm rows below\n`,
  )

  console.log('| operation | ms | cpu ms | calls/s | gas charged | gas at 30 ns/gas | charged ÷ implied |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  for (const row of rows()) {
    row.before?.()
    const fn = ZKP_HOST_FUNCTIONS[row.fn]!
    const { ms, cpuMs } = median(() => fn.run(row.args))
    const charged = fn.gas(row.args)
    const implied = Math.round((ms * 1e6) / NS_PER_GAS)
    const cells = [row.name, ms.toFixed(3), cpuMs.toFixed(3), Math.round(1000 / ms).toLocaleString('en-US'), charged.toLocaleString('en-US'), implied.toLocaleString('en-US'), (charged / implied).toFixed(2)]
    console.log(`| ${cells.join(' | ')} |`)
  }
  configureGroth16Cache(64)
  configurePlonkCache(64)

  // The same verifications in Debian's chromium (page built with Vite; see test/stdlib/zkp/browser.ts).
  const b = await runZkpInBrowser()
  if (!b.groth16 || b.groth16Tampered || !b.plonk || b.plonkTampered) throw new Error('browser verification gave wrong answers')
  if (!b.fflonk || b.fflonkTampered) throw new Error('browser FFLONK verification gave wrong answers')
  console.log(
    `\nChromium: groth16 bn128 first call ${b.groth16FirstMs.toFixed(1)} ms, warm ${b.groth16WarmMs.toFixed(2)} ms (median of 15); plonk warm ${b.plonkWarmMs.toFixed(2)} ms; fflonk warm ${b.fflonkWarmMs.toFixed(2)} ms`,
  )
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`)
}
