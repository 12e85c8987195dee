// A minimal in-process chain over the VM for tests: addresses → bundles, committed MemoryState.
import { isDeepStrictEqual, inspect } from 'node:util'
import { MemoryState } from '../../vm/state.ts'
import { Vm, type CallRequest, type CallResult, type ContractCode, type VmOptions } from '../../vm/vm.ts'

export interface TestChain {
  vm: Vm
  state: MemoryState
  call(contract: string, method: string, args?: unknown[], options?: { sender?: string; gasLimit?: number }): CallResult
}

export interface TestChainOptions extends VmOptions {
  /**
   * Runs every call a second time, on a VM that loads a fresh context for each call, and throws
   * if anything of the result differs: a warm context must behave exactly as a fresh one.
   */
  freshTwin?: boolean
}

export async function testChain(contracts: Record<string, string>, { freshTwin = false, ...options }: TestChainOptions = {}): Promise<TestChain> {
  const vm = await Vm.create({ wallClockMs: 20_000, ...options })
  const twin = freshTwin ? await Vm.create({ wallClockMs: 20_000, ...options, maxContexts: 0 }) : undefined
  const state = new MemoryState()
  const codes = new Map<string, ContractCode>(
    Object.entries(contracts).map(([address, bundle]) => [address, { codeHash: `code-${address}`, bundle }]),
  )
  let height = 0
  return {
    vm,
    state,
    call(contract, method, args = [], { sender = 'alice', gasLimit = 5_000_000 } = {}) {
      height++
      const request: CallRequest = {
        state,
        codeOf: (address) => codes.get(address),
        contract,
        method,
        args,
        sender,
        block: { blockHeight: height, blockTime: 1_700_000_000_000 + height, txHash: `tx${height}` },
        gasLimit,
      }
      const result = vm.call(request)
      const fresh = twin?.call(request)
      if (fresh && !isDeepStrictEqual(fresh, result)) {
        throw new Error(`${contract}.${method}: a warm context gave ${inspect(result, { depth: 6 })}, a fresh one ${inspect(fresh, { depth: 6 })}`)
      }
      state.apply(result.writes)
      return result
    },
  }
}

/** The token contract used across VM tests and the benchmark. */
export const TOKEN = `
const { storage, emit, caller, revert } = require('inkstone:host')
exports.mint = function (to, amount) {
  storage.set('balance:' + to, (storage.get('balance:' + to) ?? 0n) + amount)
  return null
}
exports.transfer = function (to, amount) {
  const from = caller()
  const fromBalance = storage.get('balance:' + from) ?? 0n
  if (fromBalance < amount) revert('insufficient balance')
  const toBalance = storage.get('balance:' + to) ?? 0n
  storage.set('balance:' + from, fromBalance - amount)
  storage.set('balance:' + to, toBalance + amount)
  emit('Transfer', { from, to, amount })
  return true
}
exports.balanceOf = (who) => storage.get('balance:' + who) ?? 0n
`
