// snarkjs starts worker threads that keep a process alive (DESIGN.md §4); stdlib/zkp starts none:
// a process that verifies the vectors exits by itself, promptly.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

it('a process that verifies Groth16, PLONK and FFLONK proofs exits on its own', () => {
  const script = `
    import { verifyGroth16 } from './stdlib/zkp/groth16.ts'
    import { verifyPlonk } from './stdlib/zkp/plonk.ts'
    import { verifyFflonk } from './stdlib/zkp/fflonk.ts'
    import { localVector, snarkjsVector } from './test/stdlib/zkp/_fixtures.ts'
    const g = snarkjsVector('groth16-bn128-1pub'), p = snarkjsVector('plonk-bn128-2pub'), f = localVector('fflonk-bn128-1pub')
    console.log(verifyGroth16(g.vk, g.publicSignals, g.proof), verifyPlonk(p.vk, p.publicSignals, p.proof), verifyFflonk(f.vk, f.publicSignals, f.proof))`
  const root = fileURLToPath(new URL('../../../', import.meta.url))
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, timeout: 60_000, encoding: 'utf8' })
  expect(out.trim()).toBe('true true true')
}, 90_000)
