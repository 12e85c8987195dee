// Runs in the browser (bundled by Vite, see ../browser.test.ts and bench/zkp.ts): verifies the
// snarkjs vectors with stdlib/zkp and times Groth16 (first call = cold key and cold JIT, then warm).
import groth16Proof from '../../../../../shared/vectors/zkp/groth16-bn128-1pub/proof.json'
import groth16Public from '../../../../../shared/vectors/zkp/groth16-bn128-1pub/public.json'
import groth16Key from '../../../../../shared/vectors/zkp/groth16-bn128-1pub/verification_key.json'
import plonkProof from '../../../../../shared/vectors/zkp/plonk-bn128-2pub/proof.json'
import plonkPublic from '../../../../../shared/vectors/zkp/plonk-bn128-2pub/public.json'
import plonkKey from '../../../../../shared/vectors/zkp/plonk-bn128-2pub/verification_key.json'
import fflonkProof from '../../../vectors/zkp/fflonk-bn128-3pub/proof.json'
import fflonkPublic from '../../../vectors/zkp/fflonk-bn128-3pub/public.json'
import fflonkKey from '../../../vectors/zkp/fflonk-bn128-3pub/verification_key.json'
import { verifyFflonk } from '../../../../stdlib/zkp/fflonk.ts'
import { verifyGroth16 } from '../../../../stdlib/zkp/groth16.ts'
import { verifyPlonk } from '../../../../stdlib/zkp/plonk.ts'
import { engineFingerprint } from './fingerprint.ts'

export interface BrowserZkpResult {
  groth16: boolean
  groth16Tampered: boolean
  plonk: boolean
  plonkTampered: boolean
  fflonk: boolean
  fflonkTampered: boolean
  /** outputs of the bn254 wasm engine on fixed inputs, compared with Node's by the test */
  fingerprint: string
  /** ms: the first Groth16 verification on the page, then the median of 15 warm ones */
  groth16FirstMs: number
  groth16WarmMs: number
  plonkWarmMs: number
  fflonkWarmMs: number
}

declare global {
  interface Window {
    zkp: Promise<BrowserZkpResult>
  }
}

function medianMs(fn: () => unknown, runs = 15): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    times.push(performance.now() - t)
  }
  return times.sort((a, b) => a - b)[runs >> 1]!
}

window.zkp = (async () => {
  const t = performance.now()
  const groth16 = verifyGroth16(groth16Key, groth16Public, groth16Proof)
  const groth16FirstMs = performance.now() - t
  return {
    groth16,
    groth16Tampered: verifyGroth16(groth16Key, ['1'], groth16Proof),
    plonk: verifyPlonk(plonkKey, plonkPublic, plonkProof),
    plonkTampered: verifyPlonk(plonkKey, ['7777', '1'], plonkProof),
    fflonk: verifyFflonk(fflonkKey, fflonkPublic, fflonkProof),
    fflonkTampered: verifyFflonk(fflonkKey, ['232', '3', '11'], fflonkProof),
    fingerprint: engineFingerprint(),
    groth16FirstMs,
    groth16WarmMs: medianMs(() => verifyGroth16(groth16Key, groth16Public, groth16Proof)),
    plonkWarmMs: medianMs(() => verifyPlonk(plonkKey, plonkPublic, plonkProof), 5),
    fflonkWarmMs: medianMs(() => verifyFflonk(fflonkKey, fflonkPublic, fflonkProof), 5),
  }
})()
