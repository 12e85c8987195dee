/**
 * The zero-knowledge host functions, as entries of the VM's host-function table
 * (vm/host-functions.ts spreads `ZKP_HOST_FUNCTIONS` into `HOST_FUNCTIONS`). Contracts call them
 * with `invoke(name, args)`; docs/zkp.md lists every name, argument layout, result and price.
 *
 * Prices come only from the arguments' sizes and counts (pairs, points, public signals, bits,
 * tree levels, bytes), from `HOST_FUNCTION_GAS` and the `ZKP_GAS` block of vm/gas-schedule.ts,
 * and are charged before `run`. They are the COLD cost: a verification key seen for the first
 * time is validated and prepared inside the call, so a caller cannot make a node do more work
 * than it paid for by sending fresh keys. Repeated keys are faster (cached), never cheaper.
 *
 * `run` throws `TypeError`/`RangeError` for malformed input (the contract may catch it) and
 * answers false for a well-formed proof that does not verify.
 * @module
 */
import type { CanonicalValue } from '../../vm/canonical.ts'
import { HOST_FUNCTION_GAS, ZKP_GAS } from '../../vm/gas-schedule.ts'
import type { HostFunction } from '../../vm/host-functions.ts'
import { aarity, aarray, abytes } from './_assert.ts'
import { bn254Add, bn254Mul } from './eip196.ts'
import { bn254Pairing, EIP197_PAIR_SIZE } from './eip197.ts'
import {
  bls12381G1Add,
  bls12381G1Msm,
  bls12381G2Add,
  bls12381G2Msm,
  bls12381MapFp2ToG2,
  bls12381MapFpToG1,
  bls12381Pairing,
  EIP2537,
} from './eip2537.ts'
import { verifyFflonk } from './fflonk.ts'
import { verifyGroth16 } from './groth16.ts'
import { verifyMerklePoseidon } from './merkle-poseidon.ts'
import { verifyMerkleSm3 } from './merkle-sm3.ts'
import { commitmentAdd, commitmentSub, pedersenCommit } from './pedersen.ts'
import { verifyPlonk } from './plonk.ts'
import { poseidon2 } from './poseidon.ts'
import { verifyRange } from './range-proof.ts'
import { verifyEquality, verifyKnowledge, verifySum } from './sigma.ts'

type Args = readonly CanonicalValue[]

/** Length of an array argument, 0 for anything else (gas must not throw). */
const count = (value: CanonicalValue | undefined): number => (Array.isArray(value) ? value.length : 0)
/** Length of a byte-string argument, 0 for anything else. */
const size = (value: CanonicalValue | undefined): number => (value instanceof Uint8Array ? value.length : 0)

/** Bytes of the Uint8Array arguments, nested arrays of them included (Merkle paths). */
function bytesIn(args: Args): number {
  let n = 0
  for (const arg of args) n += arg instanceof Uint8Array ? arg.length : Array.isArray(arg) ? bytesIn(arg) : 0
  return n
}

/**
 * An entry priced `base + perByte · bytes + extra(args)`, base and perByte from HOST_FUNCTION_GAS.
 * @param extra - the size-dependent part (pairs, points, levels…), from ZKP_GAS
 */
function priced(name: string, run: (args: Args) => CanonicalValue, extra: (args: Args) => number = () => 0): HostFunction {
  const price = HOST_FUNCTION_GAS[name]
  if (!price) throw new Error(`no price for host function ${name} in gas-schedule HOST_FUNCTION_GAS`)
  return { gas: (args) => price.base + Math.ceil(bytesIn(args) * price.perByte) + Math.ceil(extra(args)), run }
}

/** An entry priced entirely from ZKP_GAS (`base` + `extra(args)`; no per-byte part). */
function pricedByZkpGas(run: (args: Args) => CanonicalValue, base: number, extra: (args: Args) => number): HostFunction {
  return { gas: (args) => base + Math.ceil(extra(args)), run }
}

const bytesArg = (args: Args, i: number, name: string): Uint8Array => abytes(args[i], name)
/** Units of `unit` bytes in a byte-string argument, rounded up (MSM points, pairs). */
const units = (args: Args, unit: number) => Math.ceil(size(args[0]) / unit)
const isBls = (vk: CanonicalValue | undefined) => typeof vk === 'object' && vk !== null && !Array.isArray(vk) && !(vk instanceof Uint8Array) && vk.curve === 'bls12381'

export const ZKP_HOST_FUNCTIONS: Readonly<Record<string, HostFunction>> = {
  /** (vk, publicSignals, proof): snarkjs JSON, bn128 or bls12381 → boolean */
  'groth16.verify': priced(
    'groth16.verify',
    (args) => (aarity(args, 3), verifyGroth16(args[0], args[1], args[2])),
    (args) => (isBls(args[0]) ? ZKP_GAS.groth16Bls12381Extra + count(args[1]) * ZKP_GAS.groth16Bls12381PerPublic : count(args[1]) * ZKP_GAS.groth16PerPublic),
  ),
  /** (vk, publicSignals, proof): snarkjs PLONK JSON, bn128 → boolean */
  'plonk.verify': priced(
    'plonk.verify',
    (args) => (aarity(args, 3), verifyPlonk(args[0], args[1], args[2])),
    (args) => count(args[1]) * ZKP_GAS.plonkPerPublic,
  ),

  /** (input) → 64 bytes: EIP-196 ECADD */
  /** (vk, publicSignals, proof): snarkjs FFLONK JSON, bn128 → boolean */
  'fflonk.verify': pricedByZkpGas(
    (args) => (aarity(args, 3), verifyFflonk(args[0], args[1], args[2])),
    ZKP_GAS.fflonkVerify,
    (args) => count(args[1]) * ZKP_GAS.fflonkPerPublic,
  ),
  'bn254.add': priced('bn254.add', (args) => (aarity(args, 1), bn254Add(bytesArg(args, 0, 'input')))),
  /** (input) → 64 bytes: EIP-196 ECMUL */
  'bn254.mul': priced('bn254.mul', (args) => (aarity(args, 1), bn254Mul(bytesArg(args, 0, 'input')))),
  /** (input: k × 192 bytes) → 32 bytes: EIP-197 pairing check */
  'bn254.pairing': priced(
    'bn254.pairing',
    (args) => (aarity(args, 1), bn254Pairing(bytesArg(args, 0, 'input'))),
    (args) => units(args, EIP197_PAIR_SIZE) * ZKP_GAS.bn254PairingPerPair,
  ),

  /** EIP-2537 G1ADD: 256 bytes → 128 */
  'bls12381.g1add': priced('bls12381.g1add', (args) => (aarity(args, 1), bls12381G1Add(bytesArg(args, 0, 'input')))),
  /** EIP-2537 G2ADD: 512 bytes → 256 */
  'bls12381.g2add': priced('bls12381.g2add', (args) => (aarity(args, 1), bls12381G2Add(bytesArg(args, 0, 'input')))),
  /** EIP-2537 G1MSM: k × 160 bytes → 128 */
  'bls12381.g1msm': priced(
    'bls12381.g1msm',
    (args) => (aarity(args, 1), bls12381G1Msm(bytesArg(args, 0, 'input'))),
    (args) => units(args, EIP2537.g1MsmPair) * ZKP_GAS.bls12381G1MsmPerPoint,
  ),
  /** EIP-2537 G2MSM: k × 288 bytes → 256 */
  'bls12381.g2msm': priced(
    'bls12381.g2msm',
    (args) => (aarity(args, 1), bls12381G2Msm(bytesArg(args, 0, 'input'))),
    (args) => units(args, EIP2537.g2MsmPair) * ZKP_GAS.bls12381G2MsmPerPoint,
  ),
  /** EIP-2537 PAIRING_CHECK: k × 384 bytes → 32 */
  'bls12381.pairing': priced(
    'bls12381.pairing',
    (args) => (aarity(args, 1), bls12381Pairing(bytesArg(args, 0, 'input'))),
    (args) => units(args, EIP2537.pairingPair) * ZKP_GAS.bls12381PairingPerPair,
  ),
  /** EIP-2537 MAP_FP_TO_G1: 64 bytes → 128 */
  'bls12381.mapFpToG1': priced('bls12381.mapFpToG1', (args) => (aarity(args, 1), bls12381MapFpToG1(bytesArg(args, 0, 'input')))),
  /** EIP-2537 MAP_FP2_TO_G2: 128 bytes → 256 */
  'bls12381.mapFp2ToG2': priced('bls12381.mapFp2ToG2', (args) => (aarity(args, 1), bls12381MapFp2ToG2(bytesArg(args, 0, 'input')))),

  /** (value: bigint, blinding: 32 bytes) → commitment, 32 bytes */
  'pedersen.commit': priced('pedersen.commit', (args) => (aarity(args, 2), pedersenCommit(args[0] as bigint, bytesArg(args, 1, 'blinding')))),
  /** (c1, c2) → c1 + c2 */
  'pedersen.add': priced('pedersen.add', (args) => (aarity(args, 2), commitmentAdd(bytesArg(args, 0, 'c1'), bytesArg(args, 1, 'c2')))),
  /** (c1, c2) → c1 − c2 */
  'pedersen.sub': priced('pedersen.sub', (args) => (aarity(args, 2), commitmentSub(bytesArg(args, 0, 'c1'), bytesArg(args, 1, 'c2')))),

  /** (commitment, { t1, m1, m2 }) → boolean */
  'sigma.verifyKnowledge': priced('sigma.verifyKnowledge', (args) => (aarity(args, 2), verifyKnowledge(bytesArg(args, 0, 'commitment'), args[1]))),
  /** (y1, y2, base1, base2, { t1, t2, m1 }) → boolean */
  'sigma.verifyEquality': priced('sigma.verifyEquality', (args) => {
    aarity(args, 5)
    return verifyEquality(bytesArg(args, 0, 'y1'), bytesArg(args, 1, 'y2'), bytesArg(args, 2, 'base1'), bytesArg(args, 3, 'base2'), args[4])
  }),
  /** (c1, c2, c3, { t1, t2, t3, m1, m2, m3, m4, m5 }) → boolean */
  'sigma.verifySum': priced('sigma.verifySum', (args) => {
    aarity(args, 4)
    return verifySum(bytesArg(args, 0, 'c1'), bytesArg(args, 1, 'c2'), bytesArg(args, 2, 'c3'), args[3])
  }),
  /** (commitment, proof bytes, bits 8 | 16 | 32 | 64) → boolean */
  'range.verify': priced(
    'range.verify',
    (args) => (aarity(args, 3), verifyRange(bytesArg(args, 0, 'commitment'), bytesArg(args, 1, 'proof'), args[2] as number)),
    (args) => (typeof args[2] === 'number' && args[2] > 0 && args[2] <= 64 ? args[2] : 64) * ZKP_GAS.rangePerBit,
  ),

  /** (root 32 bytes, leaf data, index, treeSize, path: 32-byte hashes) → boolean */
  'merkle.verifySm3': priced(
    'merkle.verifySm3',
    (args) => {
      aarity(args, 5)
      const path = aarray(args[4], 'path') as Uint8Array[]
      return verifyMerkleSm3(bytesArg(args, 0, 'root'), bytesArg(args, 1, 'leaf'), args[2] as number, args[3] as number, path)
    },
    (args) => count(args[4]) * ZKP_GAS.merkleSm3PerLevel,
  ),
  /** (root, leaf, index, siblings): field elements as bigint or decimal string → boolean */
  'merkle.verifyPoseidon': priced(
    'merkle.verifyPoseidon',
    (args) => (aarity(args, 4), verifyMerklePoseidon(args[0], args[1], args[2], args[3])),
    (args) => count(args[3]) * ZKP_GAS.poseidonPerHash,
  ),
  /** (left, right): field elements → Poseidon(2) hash as bigint */
  'poseidon.hash2': priced('poseidon.hash2', (args) => (aarity(args, 2), poseidon2(args[0] as bigint, args[1] as bigint))),
}
