// stdlib/zkp must run in the browser: the snarkjs vectors verify in Chromium, tampered ones do
// not, and the bn254 wasm engine gives the same bytes there as in Node.
import { expect, it } from 'vitest'
import { runZkpInBrowser } from './browser.ts'
import { engineFingerprint } from './browser/fingerprint.ts'

it('Groth16, PLONK and FFLONK verify in Chromium (no Node APIs), reject tampered signals, and match Node bit for bit', async () => {
  const result = await runZkpInBrowser()
  expect(result).toMatchObject({ groth16: true, groth16Tampered: false, plonk: true, plonkTampered: false, fflonk: true, fflonkTampered: false })
  expect(result.fingerprint).toBe(engineFingerprint())
  expect(result.groth16WarmMs).toBeGreaterThan(0)
}, 120_000)
