/**
 * The gas schedule: every price the VM charges, in one place.
 *
 * Gas is deterministic by construction: costs are static weights of the contract's syntax
 * (charged at the head of every block, see instrument.ts), plus prices computed only from the
 * sizes of a builtin's or host call's inputs and outputs. Nothing depends on timing, on what
 * ran earlier in a context, or on the engine's internals. Changing any number here changes
 * consensus: the pinned-gas test (test/vm/gas-pinned.test.ts) makes every change visible.
 *
 * Scale: 1 gas ≈ one simple interpreted operation (~20–50 ns of QuickJS on this machine class).
 */

/** Static weight of a syntax node; nodes not listed weigh 1. */
export const NODE_GAS: Readonly<Record<string, number>> = {
  CallExpression: 4, //         frame setup; the callee's own body is charged at its entry
  NewExpression: 8, //          allocation + constructor frame
  ObjectExpression: 4, //       allocates an object (plus 1 per property node)
  ArrayExpression: 3, //        allocates an array (plus 1 per element node)
  FunctionExpression: 4, //     allocates a closure
  ArrowFunctionExpression: 4,
  FunctionDeclaration: 4,
  ClassDeclaration: 16, //      prototype + constructor + methods
  ClassExpression: 16,
  TemplateLiteral: 2,
  TaggedTemplateExpression: 6,
  SpreadElement: 4, //          plus the iteration it drives, charged per element by the prelude's iterator pricing
  ThrowStatement: 8, //         builds a backtrace
  TryStatement: 2,
}

/**
 * Bytes a syntax node allocates, counted against the per-call memory meter at the head of the
 * block that runs it (like NODE_GAS). Sizes are this engine's, measured (objects ~72 bytes with
 * two properties, a 4-element array ~96, a closure ~72, a new property ~64 with its key). The
 * meter never credits freed memory: it bounds what a call can allocate, not what it keeps.
 */
export const NODE_BYTES = {
  ObjectExpression: 48, //       plus `property` per property
  property: 16,
  ArrayExpression: 64, //        plus `element` per element
  element: 8,
  FunctionExpression: 72, //     a closure
  ArrowFunctionExpression: 72,
  FunctionDeclaration: 72,
  ClassDeclaration: 512, //      prototype, constructor and a method table
  ClassExpression: 512,
  NewExpression: 64, //          the instance; what the constructor adds is charged in its body
  computedAssignment: 64, //     `o[k] = v` may add a property (key atom + slot) or grow an array
  namedAssignment: 16, //        `o.k = v` may add a slot
} as const

/** Host calls: a base price plus a price per byte crossing the boundary (key + value). */
export const HOST_GAS = {
  storageRead: { base: 200, perByte: 1 },
  storageWrite: { base: 400, perByte: 4 }, //    persisted by every node forever: the dearest byte
  storageDelete: { base: 200, perByte: 1 },
  storageHas: { base: 150, perByte: 1 },
  storageIterate: { base: 300, perEntry: 50, perByte: 1 },
  emit: { base: 200, perByte: 2 },
  invoke: { base: 100, perByte: 1 }, //            moving a host function's arguments across; its own price is HOST_FUNCTION_GAS
  call: { base: 1000, perByte: 2 }, //             plus the callee's own gas
  log: { base: 20, perByte: 1 }, //                per byte of an argument encoded (not consensus data, but encoding it is work)
  argsDecode: { base: 0, perByte: 1 }, //          canonical bytes decoded inside the sandbox
  resultEncode: { base: 0, perByte: 1 },
} as const

/**
 * Host functions (vm/host-functions.ts): a base price plus a price per byte of their arguments,
 * charged before they run. Scale: ~30 ns of work per gas unit on this machine class, so the
 * signature checks are priced from their measured cost (see bench figures in docs/crypto.md).
 */
export const HOST_FUNCTION_GAS: Readonly<Record<string, { base: number; perByte: number }>> = {
  sm3: { base: 60, perByte: 1 / 4 },
  sha256: { base: 60, perByte: 1 / 4 },
  keccak256: { base: 60, perByte: 1 / 4 },
  'sm2.verify': { base: 20_000, perByte: 1 / 4 }, //     ~0.25 ms cold on the wasm kernel, ~1.9 ms on the TypeScript fallback (per-key tables make repeats cheaper; the price assumes neither)
  'ed25519.verify': { base: 8_000, perByte: 1 / 4 },
  'secp256k1.verify': { base: 10_000, perByte: 0 },
  // Zero-knowledge host functions (stdlib/zkp/host-functions.ts), from bench/zkp.ts (docs/zkp.md
  // has the figures). The base covers the fixed work at its COLD cost (a verification key
  // validated and prepared inside the call); what grows with pairs, points, signals, bits or
  // levels is in ZKP_GAS below.
  'groth16.verify': { base: 950_000, perByte: 0 }, //     bn128 ~5 ms warm on the wasm engine (priced from the former ~27 ms: a margin kept); bls12381 adds ZKP_GAS.groth16Bls12381Extra
  'plonk.verify': { base: 1_300_000, perByte: 0 }, //     ~8 ms warm on the wasm engine (priced from the former ~36 ms)
  'bn254.add': { base: 3_000, perByte: 0 }, //            EIP-196
  'bn254.mul': { base: 60_000, perByte: 0 },
  'bn254.pairing': { base: 100_000, perByte: 0 }, //      EIP-197: + ZKP_GAS.bn254PairingPerPair per pair
  'bls12381.g1add': { base: 4_000, perByte: 0 }, //       EIP-2537
  'bls12381.g2add': { base: 6_000, perByte: 0 },
  'bls12381.g1msm': { base: 50_000, perByte: 0 }, //      + ZKP_GAS.bls12381G1MsmPerPoint per point
  'bls12381.g2msm': { base: 120_000, perByte: 0 }, //     + ZKP_GAS.bls12381G2MsmPerPoint per point
  'bls12381.pairing': { base: 450_000, perByte: 0 }, //   + ZKP_GAS.bls12381PairingPerPair per pair
  'bls12381.mapFpToG1': { base: 120_000, perByte: 0 },
  'bls12381.mapFp2ToG2': { base: 420_000, perByte: 0 },
  'pedersen.commit': { base: 20_000, perByte: 0 }, //     ristretto255
  'pedersen.add': { base: 15_000, perByte: 0 },
  'pedersen.sub': { base: 15_000, perByte: 0 },
  'sigma.verifyKnowledge': { base: 90_000, perByte: 0 },
  'sigma.verifyEquality': { base: 260_000, perByte: 0 },
  'sigma.verifySum': { base: 270_000, perByte: 0 },
  'range.verify': { base: 500_000, perByte: 0 }, //       Bulletproofs: + ZKP_GAS.rangePerBit per bit
  'merkle.verifySm3': { base: 1_000, perByte: 1 / 4 }, // + ZKP_GAS.merkleSm3PerLevel per path entry
  'merkle.verifyPoseidon': { base: 1_000, perByte: 0 }, // + ZKP_GAS.poseidonPerHash per level
  'poseidon.hash2': { base: 11_000, perByte: 0 },
}

/**
 * Zero-knowledge host functions: the per-unit prices that HOST_FUNCTION_GAS's `base + perByte`
 * cannot express, added by stdlib/zkp/host-functions.ts from argument counts alone (pairs and
 * points from input length, public signals from the array length, bits and levels as given).
 */
export const ZKP_GAS = {
  groth16PerPublic: 50_000, //           one bn254 G1 scalar multiplication (GLV) per public signal
  groth16Bls12381Extra: 1_250_000, //    a BLS12-381 verification over a bn128 one (noble pairing; a cold key measured ~61 ms)
  groth16Bls12381PerPublic: 100_000,
  plonkPerPublic: 1_000, //              one Lagrange evaluation (a field inversion) per signal
  fflonkVerify: 900_000, //              fflonk.verify's base (cold key): 6-point MSM, 2 prepared pairs, ~25 inversions
  fflonkPerPublic: 1_000, //             one Lagrange evaluation per signal, as PLONK
  bn254PairingPerPair: 200_000, //       Miller loop + G2 decoding and subgroup check
  bls12381PairingPerPair: 300_000,
  bls12381G1MsmPerPoint: 130_000, //     subgroup check + share of the MSM
  bls12381G2MsmPerPoint: 360_000,
  rangePerBit: 21_000, //                Bulletproofs verification is one multi-exponentiation of ~2n points
  merkleSm3PerLevel: 100, //             one SM3 compression of 0x01 ‖ left ‖ right
  poseidonPerHash: 10_500, //            one Poseidon(2) permutation
} as const

/**
 * Builtins whose work grows with their input are priced before they run. `perUnit` is charged
 * for every unit of the size the prelude measures (elements, characters, bytes); see prelude.ts
 * for how each size is measured. Builtins that allocate also count those bytes against the
 * per-call memory meter.
 */
export const BUILTIN_GAS = {
  perElement: 1, //      array methods: per element of `this` (and of arguments that are spread or copied)
  perChar: 1 / 16, //    string methods: per character read or written
  perByte: 1 / 16, //    typed arrays and ArrayBuffer: per byte allocated or copied
  perBigintBit: 1 / 64, // BigInt arithmetic and conversion: per bit of the larger operand
  concatPerChar: 1 / 256, // string `+`: ropes make the join O(1); the eventual flatten is priced here, beyond JOINED_STRING.freeLength
  sortFactor: 2, //      sort: n·log2(n)·sortFactor comparisons worth of gas (the comparator is charged too)
  // Freezing module state after initialisation, from the module's initGas (~7 µs an object and
  // ~3 µs a property measured): loading is otherwise unmetered, and every node loads every
  // contract it runs, again after each eviction.
  freezePerObject: 250,
  freezePerKey: 100,
} as const

/**
 * The price of loading a contract's context again: a fresh context, the prelude, freezing the
 * intrinsics and compiling the bundle, plus the gas its module's initialisation used when it
 * first ran. A call holds this back from its gas and spends it only when the call ends in a way
 * that discards its context (out of gas or memory, a write to earlier state), so each reload a
 * call forces is paid for; a call that ends any other way gets it back. Without it, a few hundred
 * gas could make every node redo ~20 ms of work (docs/vm.md "Reloads are paid for").
 */
export const RELOAD_GAS = {
  base: 500_000, //      a fresh context with the prelude and the intrinsics frozen: ~16 ms measured
  perScriptChar: 20, //  compiling the instrumented bundle: 0.25 µs a character measured at 270k, 0.6 µs at 1.6M (the cap is 2M)
} as const

/**
 * A joined string (`+`, template literal) is priced per character (concatPerChar) beyond
 * `freeLength` characters, and counts its length plus `bytes` against the memory meter. The
 * instrumenter charges the short case inline and the prelude the rest: both read it from here.
 */
export const JOINED_STRING = { freeLength: 64, bytes: 16 } as const

/** Hard bounds that keep builtins from doing unbounded work even with gas to spare. */
export const LIMITS = {
  maxArrayLength: 1 << 24, //   arrays and array-likes longer than this are rejected by priced methods
  maxStringLength: 1 << 26, //  64 Mi characters
  maxBigintBits: 1 << 16, //    65,536-bit BigInts are plenty for any cryptographic use
  maxCallDepth: 8, //           nested cross-contract calls
  maxContextsPerCall: 16, //     contract code instances one outermost call may use (each restart loads one: docs/vm.md)
  defaultGasLimit: 10_000_000,
  initGas: 20_000_000, //       a module's one-time initialisation when its context loads
  initMemoryLimit: 16 * 1024 * 1024, // what that initialisation may allocate: module state stays resident while its context is cached (docs/vm.md "Memory")
  defaultMemoryLimit: 64 * 1024 * 1024,
  stackSize: 96 * 1024, //      QuickJS stack, ~360 frames: a quarter of what overflows V8's own stack under wasm (vm/quickjs/quickjs.patch)
  wallClockMs: 2_000, //        the fuse for anything the gas model misses; never part of consensus
  maxIterateEntries: 1_000,
  // A value's canonical bytes inside the sandbox, and a call's writes and events together: the
  // engine writes them into a buffer outside QuickJS's accounting (inkstone-quickjs.c MAX_ENCODED).
  maxEncodedBytes: 16 * 1024 * 1024,
  // The contracts deemed loaded (vm/warm-set.ts): below the VM's default cache (64 contexts,
  // 256 MiB), which also holds a code twice when it is on the stack twice.
  warmContracts: 48,
  warmInitBytes: 192 * 1024 * 1024,
} as const
