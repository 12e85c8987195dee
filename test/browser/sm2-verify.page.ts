// Runs in the browser (bundled by Vite in sm2-verify.test.ts): sm2.verify on the main thread,
// before and after the WebAssembly kernel is ready (see the test for why both).
import { wasmKernel } from '../../stdlib/crypto/_sm2-wasm.ts'
import { sm3Kernel } from '../../stdlib/crypto/_sm3-wasm.ts'
import { bytesToHex, hexToBytes, sm2, sm3 } from '../../stdlib/crypto/index.ts'

/** [signature, message, public key] as hex, and an optional user ID. */
export type VerifyCase = [string, string, string, string?]
export type Outcome = boolean | string

export interface KernelReport {
  early: Outcome[]
  loadedSynchronously: boolean
  ready: boolean
  late: Outcome[]
  coldVerifiesPerSecond: number
}

declare global {
  interface Window {
    sm2Kernels: (cases: VerifyCase[]) => Promise<KernelReport>
    sm3Digests: (inputs: string[]) => { kernelLoaded: boolean; digests: string[] }
  }
}

// SM3 on the main thread: its WebAssembly kernel is under 4 KB, so it must load synchronously here.
window.sm3Digests = (inputs) => {
  const digests = inputs.map((hex) => bytesToHex(sm3(hexToBytes(hex))))
  return { kernelLoaded: sm3Kernel() !== undefined, digests }
}

function outcomes(cases: VerifyCase[]): Outcome[] {
  return cases.map(([sig, msg, pub, userId]) => {
    try {
      return sm2.verify(hexToBytes(sig), hexToBytes(msg), hexToBytes(pub), userId === undefined ? undefined : { userId })
    } catch (e) {
      return `${(e as Error).constructor.name}: ${(e as Error).message}`
    }
  })
}

window.sm2Kernels = async (cases) => {
  sm2.configureVerifyCache({ maxKeys: 0 })
  const early = outcomes(cases)
  const loadedSynchronously = wasmKernel() !== undefined
  const ready = await sm2.whenFastVerifyReady()
  const late = outcomes(cases)
  const [sig, msg, pub] = cases[0]!.map((h) => hexToBytes(h!))
  let count = 0
  const start = performance.now()
  while (performance.now() - start < 300) {
    sm2.verify(sig!, msg!, pub!)
    count++
  }
  return { early, loadedSynchronously, ready, late, coldVerifiesPerSecond: Math.round((count * 1000) / (performance.now() - start)) }
}
