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
  log: { base: 20, perByte: 0 }, //                debug output is free beyond its base: not consensus data
  argsDecode: { base: 0, perByte: 1 }, //          wire text parsed inside the sandbox
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
  'sm2.verify': { base: 20_000, perByte: 1 / 4 }, //     ~0.5 ms cold (per-key tables make repeats cheaper; the price does not assume them)
  'ed25519.verify': { base: 8_000, perByte: 1 / 4 },
  'secp256k1.verify': { base: 10_000, perByte: 0 },
}

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
  concatPerChar: 1 / 256, // string `+`: ropes make the join O(1); the eventual flatten is priced here
  sortFactor: 2, //      sort: n·log2(n)·sortFactor comparisons worth of gas (the comparator is charged too)
} as const

/** Hard bounds that keep builtins from doing unbounded work even with gas to spare. */
export const LIMITS = {
  maxArrayLength: 1 << 24, //   arrays and array-likes longer than this are rejected by priced methods
  maxStringLength: 1 << 26, //  64 Mi characters
  maxBigintBits: 1 << 16, //    65,536-bit BigInts are plenty for any cryptographic use
  maxCallDepth: 8, //           nested cross-contract calls
  defaultGasLimit: 10_000_000,
  initGas: 20_000_000, //       a module's one-time initialisation when its context loads
  defaultMemoryLimit: 64 * 1024 * 1024,
  stackSize: 64 * 1024, //      QuickJS stack: deeper than this overflows V8's own stack under wasm (DESIGN.md §1)
  wallClockMs: 2_000, //        the fuse for anything the gas model misses; never part of consensus
  maxIterateEntries: 1_000,
} as const
