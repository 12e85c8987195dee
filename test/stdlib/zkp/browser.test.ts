// stdlib/zkp must run in the browser: the snarkjs vectors verify in Chromium, tampered ones do not.
import { expect, it } from 'vitest'
import { runZkpInBrowser } from './browser.ts'

it('Groth16 and PLONK verify in Chromium (no Node APIs), and reject tampered signals', async () => {
  const result = await runZkpInBrowser()
  expect(result).toMatchObject({ groth16: true, groth16Tampered: false, plonk: true, plonkTampered: false })
  expect(result.groth16WarmMs).toBeGreaterThan(0)
}, 120_000)
