/**
 * Executes an ordered batch of transactions on the working state and builds the block.
 *
 * Execution depends only on the parent block, the batch (time + transactions) and the state, so
 * any node fed the same ordered batches computes the same blocks: nothing here assumes that this
 * node produced the batch. A transaction that cannot run in this position (bad signature, wrong
 * chain, nonce not the sender's next, gas limit out of range, block full) is skipped: left out of
 * the block, with no effect. Every node skips the same ones.
 *
 * An included transaction always bumps the sender's nonce and always has a receipt, whether its
 * contract succeeded, reverted or ran out of gas; its gasUsed counts intrinsic gas (params.ts)
 * plus the VM's. Deploys store the code under a fresh address and, when the transaction has
 * `args`, call its initializer (artifact.ts `initMethodOf`) with them; if that fails, nothing is
 * deployed.
 */
import { ContractLoadError, VmFuseError, type CallRequest, type CallResult, type FailureKind, type Vm } from '../vm/vm.ts'
import { WarmSet } from '../vm/warm-set.ts'
import { codeHashOf, initMethodOf } from './artifact.ts'
import { blockHash, encodeReceipts, receiptsRoot, txRoot, type BlockHeader, type Receipt } from './block.ts'
import { BLOCK_LIMITS, TX_LIMITS } from './params.ts'
import { contractAddress, intrinsicGas, type SignedTx, type TxRejection } from './tx.ts'
import type { WorldState } from './world-state.ts'

/** What an orderer delivers: a block's worth of transactions in their final order, and its time. */
export interface Batch {
  time: number
  txs: SignedTx[]
}

export interface ExecutedBlock {
  header: BlockHeader
  hash: string
  txs: SignedTx[]
  receipts: Receipt[]
  /** The receipts' canonical bytes (hashed for the header, stored with the block). */
  receiptBytes: Uint8Array[]
  skipped: { tx: SignedTx; reason: TxRejection | 'blockFull' | 'fuse' }[]
}

export interface ExecuteOptions {
  vm: Vm
  state: WorldState
  chainId: string
  parent: { header: BlockHeader; hash: string }
  batch: Batch
  /** Checks the signature of a transaction not yet marked verified. */
  verify: (tx: SignedTx) => boolean
  /**
   * The batch is a block others already agreed on (import, replay): every transaction in it must
   * run here too, so the wall-clock fuse is IMPORT_WALL_CLOCK_MS and tripping it fails the import
   * instead of leaving the transaction out (which would fork this node off the chain).
   */
  importing?: boolean
}

/** The fuse when importing: the producer ran each transaction within the VM's default fuse. */
export const IMPORT_WALL_CLOCK_MS = 60_000

/** Runs the batch on `state` (which must have a block open) and returns the block. */
export function executeBatch({ vm, state, chainId, parent, batch, verify, importing = false }: ExecuteOptions): ExecutedBlock {
  const wallClockMs = importing ? IMPORT_WALL_CLOCK_MS : undefined
  const height = parent.header.height + 1
  // Time never goes backwards, whatever the proposer's clock says.
  const time = Math.max(batch.time, parent.header.time)
  const txs: SignedTx[] = []
  const receipts: Receipt[] = []
  const skipped: ExecutedBlock['skipped'] = []
  let gasBudget = 0
  let bytes = 0
  const codeOf = (address: string) => state.codeOf(address)
  const warmAtStart = state.warmContracts()
  const warm = new WarmSet(warmAtStart)
  for (const tx of batch.txs) {
    const { body } = tx
    const intrinsic = intrinsicGas(tx)
    let reason: ExecutedBlock['skipped'][number]['reason'] | undefined
    let next: number // the sender's next nonce (decoded from the state once)
    if (body.chainId !== chainId) reason = 'wrongChain'
    else if (body.gasLimit < intrinsic || body.gasLimit > TX_LIMITS.maxTxGas) reason = 'gasLimit'
    else if (body.nonce !== (next = state.nonceOf(tx.sender))) reason = body.nonce < next ? 'nonceTooLow' : 'nonceGap'
    else if (
      txs.length >= BLOCK_LIMITS.maxTxs ||
      gasBudget + body.gasLimit > BLOCK_LIMITS.gasLimit ||
      bytes + tx.raw.length > BLOCK_LIMITS.maxBytes
    ) reason = 'blockFull'
    else if (!tx.verified && !(tx.verified = verify(tx))) reason = 'badSignature'
    if (reason) {
      skipped.push({ tx, reason })
      continue
    }
    let receipt: Receipt
    // A transaction left out must leave the warm set as it found it. A call does so itself; a
    // deployment brings its code in before its initializer runs, so it is saved here.
    const warmBefore = body.deploy ? warm.save() : null
    try {
      receipt = run(vm, state, warm, codeOf, tx, intrinsic, height, time, txs.length, wallClockMs)
    } catch (error) {
      if (warmBefore) warm.back(warmBefore)
      if (error instanceof VmFuseError && importing) {
        throw new Error(`transaction ${tx.hash} ran past the ${IMPORT_WALL_CLOCK_MS} ms import fuse on this node: ${error.message}`)
      }
      // The wall-clock fuse is not deterministic: leave the transaction out (vm/vm.ts).
      if (error instanceof VmFuseError) {
        skipped.push({ tx, reason: 'fuse' })
        continue
      }
      throw error
    } finally {
      if (warmBefore) warm.release(warmBefore)
    }
    state.setNonce(tx.sender, body.nonce + 1)
    gasBudget += body.gasLimit
    bytes += tx.raw.length
    txs.push(tx)
    receipts.push(receipt)
  }
  const warmAtEnd = warm.entries()
  if (!sameEntries(warmAtStart, warmAtEnd)) state.setWarmContracts(warmAtEnd)
  const receiptBytes = encodeReceipts(receipts)
  const header: BlockHeader = {
    chainId,
    height,
    parentHash: parent.hash,
    time,
    txRoot: txRoot(txs.map((tx) => tx.hash)),
    receiptsRoot: receiptsRoot(receiptBytes),
    stateRoot: state.root(),
    gasUsed: receipts.reduce((sum, r) => sum + r.gasUsed, 0),
    txCount: txs.length,
  }
  return { header, hash: blockHash(header), txs, receipts, receiptBytes, skipped }
}

function sameEntries(a: [string, number][], b: [string, number][]): boolean {
  return a.length === b.length && a.every(([codeHash, bytes], i) => b[i]![0] === codeHash && b[i]![1] === bytes)
}

function run(vm: Vm, state: WorldState, warm: WarmSet, codeOf: CallRequest['codeOf'], tx: SignedTx, intrinsic: number, height: number, time: number, index: number, wallClockMs: number | undefined): Receipt {
  const { body, sender, hash } = tx
  const block = { blockHeight: height, blockTime: time, txHash: hash }
  const gasLimit = body.gasLimit - intrinsic
  if (body.call) {
    const { to, method, args } = body.call
    const result = callVm(vm, { state, codeOf, contract: to, method, args, sender, block, gasLimit, wallClockMs, warm })
    if (result.ok) state.applyWrites(result.writes)
    return receiptOf(tx, height, index, result, intrinsic, null)
  }
  const deploy = body.deploy!
  const address = contractAddress(sender, body.nonce)
  const code = { codeHash: codeHashOf(deploy.bundle), bundle: deploy.bundle }
  // Every node loads the new code now (instruments and compiles it, runs its top level): the
  // deployment pays that at the price of a reload (RELOAD_GAS), and code that cannot load is
  // refused here rather than at its first call.
  let loadGas: number
  try {
    loadGas = vm.loadPrice(code, warm)
  } catch (error) {
    if (!(error instanceof ContractLoadError)) throw error
    return receiptOf(tx, height, index, loadFailure(address, error, gasLimit), intrinsic, null)
  }
  if (loadGas > gasLimit) {
    const failure = loadFailure(address, { name: 'Error', message: `loading the code costs ${loadGas} gas, more than the ${gasLimit} left` }, gasLimit, 'out-of-gas')
    return receiptOf(tx, height, index, failure, intrinsic, null)
  }
  let result: CallResult = { ok: true, value: null, gasUsed: 0, memoryUsed: 0, events: [], logs: [], writes: new Map() }
  if (deploy.args !== null) {
    const deployed = { ...code, loadGas }
    const codeOrNew = (a: string) => (a === address ? deployed : codeOf(a))
    result = callVm(vm, { state, codeOf: codeOrNew, contract: address, method: initMethodOf(deploy.abi), args: deploy.args, sender, block, gasLimit: gasLimit - loadGas, wallClockMs, warm })
  }
  result = { ...result, gasUsed: result.gasUsed + loadGas }
  if (result.ok) {
    state.addContract(address, { name: deploy.name, codeHash: code.codeHash, abi: deploy.abi, deployer: sender, txHash: hash, height, loadGas }, deploy.bundle)
    state.applyWrites(result.writes)
  }
  return receiptOf(tx, height, index, result, intrinsic, result.ok ? address : null)
}

/** Runs a VM call; code that cannot be loaded is a deterministic failure that uses all gas. */
function callVm(vm: Vm, request: CallRequest): CallResult {
  try {
    return vm.call(request)
  } catch (error) {
    if (!(error instanceof ContractLoadError)) throw error
    return loadFailure(request.contract, error, request.gasLimit)
  }
}

/** A failed call that used all its gas. */
function loadFailure(contract: string, { name, message }: { name: string; message: string }, gasLimit: number, kind: FailureKind = 'error'): CallResult {
  return { ok: false, gasUsed: gasLimit, memoryUsed: 0, error: { kind, name, message, stack: '', contract }, events: [], logs: [], writes: new Map() }
}

/** The receipt of `tx` at `index`, from its VM result; one object literal, so every receipt has one shape. */
function receiptOf(tx: SignedTx, height: number, index: number, result: CallResult, intrinsic: number, contractAddress: string | null): Receipt {
  const error = result.error
  return {
    txHash: tx.hash,
    from: tx.sender,
    height,
    index,
    status: result.ok ? 'ok' : error!.kind,
    gasUsed: intrinsic + result.gasUsed,
    value: result.ok ? (result.value ?? null) : null,
    error: error ? { kind: error.kind, name: error.name, message: error.message, contract: error.contract, stack: error.stack } : null,
    // The VM makes these events for this one result, with a receipt event's fields: no copy.
    events: result.events,
    contractAddress,
  }
}
