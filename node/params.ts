/**
 * Chain parameters the node enforces: limits and the gas a transaction pays before its contract
 * runs. They are consensus values: every node of a chain must use the same ones.
 *
 * Inkstone has no native currency yet: gas bounds work (per transaction and per block) and is
 * reported in receipts, but nothing is paid for it.
 */

/** Gas charged for a transaction before the VM runs ("intrinsic" gas): it pays for carrying and storing the bytes. */
export const TX_GAS = {
  base: 2_000, //           signature check, nonce update, receipt
  perByte: 2, //            every byte of the signed transaction is kept in a block forever
  deployBase: 20_000, //    contract record
  deployPerByte: 4, //      the bundle is stored in state as well (storageWrite's per-byte price)
} as const

export const TX_LIMITS = {
  /** Largest signed transaction in bytes (a deploy carries the bundle: the VM accepts up to 2 MiB). */
  maxTxBytes: 2_200_000,
  /** Largest gas limit of one transaction. */
  maxTxGas: 100_000_000,
  /** Longest method name or contract name. */
  maxNameLength: 64,
  maxChainIdLength: 64,
} as const

export const BLOCK_LIMITS = {
  /** Gas of all transactions in a block (their gas limits, so a block never runs over it). */
  gasLimit: 2_000_000_000,
  maxTxs: 5_000,
  /** Largest sum of transaction sizes in a block. */
  maxBytes: 16_000_000,
} as const
