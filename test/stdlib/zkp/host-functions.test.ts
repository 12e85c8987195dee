// Every zero-knowledge host function called from a contract through invoke(): a valid call, a
// tampered one, a malformed one (a catchable error), and gas charged before the work.
import { concatBytes, numberToBytesBE } from '@noble/curves/utils.js'
import { describe, expect, it } from 'vitest'
import { ZKP_HOST_FUNCTIONS } from '../../../stdlib/zkp/host-functions.ts'
import { BLS12_381, BN254 } from '../../../stdlib/zkp/pairing.ts'
import { encodeScalar, pedersenCommit, PEDERSEN_G, PEDERSEN_H, randomScalar } from '../../../stdlib/zkp/pedersen.ts'
import { poseidon2 } from '../../../stdlib/zkp/poseidon.ts'
import { proveRange } from '../../../stdlib/zkp/range-proof.ts'
import { proveEquality, proveKnowledge, proveSum } from '../../../stdlib/zkp/sigma.ts'
import { HOST_FUNCTIONS } from '../../../vm/host-functions.ts'
import { testChain } from '../../vm/harness.ts'
import { localVector, groth16Simulator, snarkjsVector, tamper } from './_fixtures.ts'

const CONTRACT = `const { invoke } = require('inkstone:host')
exports.run = (name, args) => invoke(name, args)
exports.tryRun = (name, args) => { try { return invoke(name, args) } catch (e) { return 'caught: ' + e.message } }`

const be = (n: bigint) => numberToBytesBE(n, 32)
const fp64 = (n: bigint) => numberToBytesBE(n, 64)
const bnG1 = (k: bigint) => {
  const { x, y } = BN254.G1.BASE.multiply(k).toAffine()
  return concatBytes(be(x), be(y))
}
const bnG2 = (k: bigint) => {
  const { x, y } = BN254.G2.BASE.multiply(k).toAffine()
  return concatBytes(be(x.c1), be(x.c0), be(y.c1), be(y.c0))
}
const blsG1 = (k: bigint) => {
  const { x, y } = BLS12_381.G1.BASE.multiply(k).toAffine()
  return concatBytes(fp64(x), fp64(y))
}
const blsG2 = (k: bigint) => {
  const { x, y } = BLS12_381.G2.BASE.multiply(k).toAffine()
  return concatBytes(fp64(x.c0), fp64(x.c1), fp64(y.c0), fp64(y.c1))
}
const blinding = () => encodeScalar(randomScalar())
/** The 32-byte big-endian 1 that the pairing checks return. */
const ONE = numberToBytesBE(1n, 32)
const ZERO = new Uint8Array(32)

interface Case {
  /** the call that succeeds, and what it returns */
  ok: [unknown[], unknown]
  /** the same call tampered: a well-formed input with the other answer */
  tampered?: [unknown[], unknown]
  /** a malformed call and the error it raises */
  malformed: [unknown[], RegExp]
}

function cases(): Record<string, Case> {
  const g16 = snarkjsVector('groth16-bn128-1pub')
  const plonk = snarkjsVector('plonk-bn128-2pub')
  const ff = localVector('fflonk-bn128-3pub')
  const know = proveKnowledge(7n, blinding())
  const eq = proveEquality(blinding(), PEDERSEN_G.toBytes(), PEDERSEN_H.toBytes())
  const sum = proveSum(3n, blinding(), 4n, blinding(), blinding())
  const range = proveRange(77n, blinding(), 8)
  const c1 = pedersenCommit(1n, encodeScalar(1n))
  const c2 = pedersenCommit(2n, encodeScalar(1n))
  const leaf = new TextEncoder().encode('only leaf')
  const leafHash = HOST_FUNCTIONS.sm3!.run([concatBytes(new Uint8Array([0]), leaf)]) as Uint8Array
  const pLeaf = 42n
  const pSibling = 7n
  return {
    'groth16.verify': {
      ok: [[g16.vk, g16.publicSignals, g16.proof], true],
      tampered: [[g16.vk, ['1'], g16.proof], false],
      malformed: [[g16.vk, [], g16.proof], /expected 1 signals/],
    },
    'plonk.verify': {
      ok: [[plonk.vk, plonk.publicSignals, plonk.proof], true],
      tampered: [[plonk.vk, ['7777', '1'], plonk.proof], false],
      malformed: [[plonk.vk, plonk.publicSignals, tamper(plonk.proof, ['A', 1], '3')], /"proof.A" is not a valid point/],
    },
    'fflonk.verify': {
      ok: [[ff.vk, ff.publicSignals, ff.proof], true],
      tampered: [[ff.vk, ['232', '3', '11'], ff.proof], false],
      malformed: [[ff.vk, ['231', '3'], ff.proof], /expected 3 signals/],
    },
    'bn254.add': {
      ok: [[concatBytes(bnG1(1n), bnG1(2n))], bnG1(3n)],
      malformed: [[concatBytes(be(1n), be(3n))], /first point is not on the curve/],
    },
    'bn254.mul': {
      ok: [[concatBytes(bnG1(3n), be(5n))], bnG1(15n)],
      malformed: [['00'], /"input" expected Uint8Array/],
    },
    'bn254.pairing': {
      ok: [[concatBytes(bnG1(6n), bnG2(1n), bnG1(BN254.Fr.ORDER - 2n), bnG2(3n))], ONE],
      tampered: [[concatBytes(bnG1(6n), bnG2(1n), bnG1(BN254.Fr.ORDER - 2n), bnG2(4n))], ZERO],
      malformed: [[new Uint8Array(100)], /multiple of 192/],
    },
    'bls12381.g1add': { ok: [[concatBytes(blsG1(1n), blsG1(2n))], blsG1(3n)], malformed: [[new Uint8Array(10)], /length 256/] },
    'bls12381.g2add': { ok: [[concatBytes(blsG2(1n), blsG2(2n))], blsG2(3n)], malformed: [[new Uint8Array(10)], /length 512/] },
    'bls12381.g1msm': { ok: [[concatBytes(blsG1(2n), be(3n), blsG1(1n), be(1n))], blsG1(7n)], malformed: [[new Uint8Array()], /non-zero multiple of 160/] },
    'bls12381.g2msm': { ok: [[concatBytes(blsG2(2n), be(3n))], blsG2(6n)], malformed: [[new Uint8Array(289)], /non-zero multiple of 288/] },
    'bls12381.pairing': {
      ok: [[concatBytes(blsG1(6n), blsG2(1n), blsG1(BLS12_381.Fr.ORDER - 3n), blsG2(2n))], ONE],
      tampered: [[concatBytes(blsG1(6n), blsG2(1n), blsG1(BLS12_381.Fr.ORDER - 3n), blsG2(3n))], ZERO],
      malformed: [[new Uint8Array()], /non-zero multiple of 384/],
    },
    'bls12381.mapFpToG1': { ok: [[fp64(1n)], ZKP_HOST_FUNCTIONS['bls12381.mapFpToG1']!.run([fp64(1n)])], malformed: [[fp64(BLS12_381.Fp.ORDER)], /not a field element/] },
    'bls12381.mapFp2ToG2': { ok: [[concatBytes(fp64(1n), fp64(2n))], ZKP_HOST_FUNCTIONS['bls12381.mapFp2ToG2']!.run([concatBytes(fp64(1n), fp64(2n))])], malformed: [[fp64(1n)], /length 128/] },
    'pedersen.commit': { ok: [[1n, encodeScalar(1n)], c1], malformed: [[1, encodeScalar(1n)], /"value" expected bigint/] },
    'pedersen.add': { ok: [[c1, c1], pedersenCommit(2n, encodeScalar(2n))], malformed: [[c1, new Uint8Array(32).fill(0xff)], /"c2" is not a valid ristretto255 encoding/] },
    'pedersen.sub': { ok: [[c2, c1], pedersenCommit(1n, ZERO)], malformed: [[c2], /expected 2 arguments/] },
    'sigma.verifyKnowledge': {
      ok: [[know.commitment, know.proof], true],
      tampered: [[c1, know.proof], false],
      malformed: [[know.commitment, { t1: know.proof.t1 }], /"proof.m1" expected Uint8Array/],
    },
    'sigma.verifyEquality': {
      ok: [[eq.y1, eq.y2, PEDERSEN_G.toBytes(), PEDERSEN_H.toBytes(), eq.proof], true],
      tampered: [[eq.y2, eq.y1, PEDERSEN_G.toBytes(), PEDERSEN_H.toBytes(), eq.proof], false],
      malformed: [[eq.y1, eq.y2, PEDERSEN_G.toBytes(), PEDERSEN_H.toBytes()], /expected 5 arguments/],
    },
    'sigma.verifySum': {
      ok: [[sum.c1, sum.c2, sum.c3, sum.proof], true],
      tampered: [[sum.c1, sum.c2, c2, sum.proof], false],
      malformed: [[sum.c1, sum.c2, sum.c3, 'proof'], /"proof" expected object/],
    },
    'range.verify': {
      ok: [[range.commitment, range.proof, 8], true],
      tampered: [[c1, range.proof, 8], false],
      malformed: [[range.commitment, range.proof, 16], /"proof" expected Uint8Array of length 544/],
    },
    'merkle.verifySm3': {
      ok: [[leafHash, leaf, 0, 1, []], true],
      tampered: [[leafHash, new TextEncoder().encode('other'), 0, 1, []], false],
      malformed: [[leafHash, leaf, 1, 1, []], /"index" must be in \[0, 0\]/],
    },
    'merkle.verifyPoseidon': {
      ok: [[poseidon2(pLeaf, pSibling), pLeaf, 0, [pSibling]], true],
      tampered: [[poseidon2(pLeaf, pSibling), pLeaf, 1, [pSibling]], false],
      malformed: [[0n, pLeaf, 2, [pSibling]], /"index" must be in \[0, 2\^1\)/],
    },
    'poseidon.hash2': { ok: [[1n, '2'], 7853200120776062878684798364095072458815029376092732009249414926327459813530n], malformed: [[1n], /expected 2 arguments/] },
  }
}

describe('zkp host functions through a contract', async () => {
  const chain = await testChain({ c: CONTRACT })
  const run = (name: string, args: unknown[], gasLimit = 9_000_000) => chain.call('c', 'run', [name, args], { gasLimit })
  const all = cases()

  it('every entry of ZKP_HOST_FUNCTIONS is in HOST_FUNCTIONS and has a case here', () => {
    for (const name of Object.keys(ZKP_HOST_FUNCTIONS)) {
      expect(HOST_FUNCTIONS[name], name).toBe(ZKP_HOST_FUNCTIONS[name])
      expect(all[name], name).toBeDefined()
    }
  })

  for (const [name, c] of Object.entries(all)) {
    it(`${name}: valid, tampered and malformed calls`, () => {
      const ok = run(name, c.ok[0])
      expect(ok.error, JSON.stringify(ok.error)).toBeUndefined()
      expect(ok.value).toEqual(c.ok[1])
      expect(ok.gasUsed).toBeGreaterThanOrEqual(ZKP_HOST_FUNCTIONS[name]!.gas(c.ok[0] as never))
      if (c.tampered) expect(run(name, c.tampered[0]).value).toEqual(c.tampered[1])
      const bad = run(name, c.malformed[0])
      expect(bad.error?.kind).toBe('error')
      expect(bad.error?.message).toMatch(c.malformed[1])
      expect(chain.call('c', 'tryRun', [name, c.malformed[0]], { gasLimit: 9_000_000 }).value).toMatch(/^caught: /)
    })
  }

  it('groth16.verify on bls12381 (a simulated proof), priced above bn128', () => {
    const { vk, prove } = groth16Simulator(BLS12_381, 1)
    const args = [vk, ['4'], prove([4n])]
    expect(run('groth16.verify', args).value).toBe(true)
    expect(run('groth16.verify', [vk, ['5'], args[2]]).value).toBe(false)
    const bn = snarkjsVector('groth16-bn128-1pub')
    expect(ZKP_HOST_FUNCTIONS['groth16.verify']!.gas(args as never)).toBeGreaterThan(ZKP_HOST_FUNCTIONS['groth16.verify']!.gas([bn.vk, bn.publicSignals, bn.proof] as never))
  })

  it('the price is charged before the work: short of gas, groth16.verify never runs', () => {
    const { vk, proof, publicSignals } = snarkjsVector('groth16-bn128-1pub')
    const price = ZKP_HOST_FUNCTIONS['groth16.verify']!.gas([vk, publicSignals, proof] as never)
    const started = performance.now()
    const short = run('groth16.verify', [vk, publicSignals, proof], price)
    expect(short.error?.kind).toBe('out-of-gas')
    expect(performance.now() - started).toBeLessThan(50) // no pairing was computed
  })

  it('prices grow with the work: pairs, points, signals, bits and levels', () => {
    const gas = (name: string, args: unknown[]) => ZKP_HOST_FUNCTIONS[name]!.gas(args as never)
    expect(gas('bn254.pairing', [new Uint8Array(4 * 192)])).toBeGreaterThan(gas('bn254.pairing', [new Uint8Array(192)]))
    expect(gas('bls12381.g1msm', [new Uint8Array(8 * 160)])).toBeGreaterThan(gas('bls12381.g1msm', [new Uint8Array(160)]))
    expect(gas('range.verify', [ZERO, new Uint8Array(672), 64])).toBeGreaterThan(gas('range.verify', [ZERO, new Uint8Array(480), 8]))
    expect(gas('merkle.verifyPoseidon', [0n, 0n, 0, Array(20).fill(0n)])).toBeGreaterThan(gas('merkle.verifyPoseidon', [0n, 0n, 0, [0n]]))
    const { vk } = groth16Simulator(BN254, 3)
    expect(gas('groth16.verify', [vk, ['1', '2', '3'], {}])).toBeGreaterThan(gas('groth16.verify', [vk, ['1'], {}]))
    expect(gas('fflonk.verify', [{}, ['1', '2', '3'], {}])).toBeGreaterThan(gas('fflonk.verify', [{}, ['1'], {}]))
    // and never throw, whatever the arguments
    for (const name of Object.keys(ZKP_HOST_FUNCTIONS)) expect(gas(name, [null, 'x', -1, [{}]])).toBeGreaterThan(0)
  })

  it('only TypeError/RangeError escape for random malformed input (no host errors)', () => {
    const junk: unknown[][] = [[], [null], [new Uint8Array(7)], [{}, {}, {}], ['1', '2', '3', '4', '5'], [new Uint8Array(192).fill(0xff)], [new Uint8Array(384).fill(1)]]
    for (const name of Object.keys(ZKP_HOST_FUNCTIONS)) {
      for (const args of junk) {
        try {
          ZKP_HOST_FUNCTIONS[name]!.run(args as never)
        } catch (error) {
          expect(error instanceof TypeError || error instanceof RangeError, `${name}(${args.length} args): ${(error as Error).message}`).toBe(true)
        }
      }
    }
  })
})
