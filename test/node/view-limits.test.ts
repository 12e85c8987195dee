import { describe, expect, it } from 'vitest'
import { Chain } from '../../node/chain.ts'
import { MemoryStore } from '../../node/store.ts'
import { contractAddress } from '../../node/tx.ts'
import { DEFAULT_VIEW_LIMITS, ViewBudget, ViewLimitError, type ViewLimits } from '../../node/view-limits.ts'
import { Vm } from '../../vm/vm.ts'
import { account, call, CHAIN_ID, deploy, tx } from './helpers.ts'

const SPINNER = `exports.spin = () => { for (;;) {} }
exports.get = () => require('inkstone:host').storage.get('x') ?? null
exports.init = () => { require('inkstone:host').storage.set('x', 'v'); return null }`

describe('ViewBudget', () => {
  const limits: ViewLimits = { ...DEFAULT_VIEW_LIMITS, share: 0.25, burstMs: 100 }

  it('admits views within the burst, then refuses until the share refills it', () => {
    let now = 0
    const budget = new ViewBudget(limits, () => now)
    budget.admit()
    budget.spent(60)
    budget.admit() // 40 ms left
    budget.spent(60) // 20 ms in debt
    expect(() => budget.admit()).toThrow(ViewLimitError)
    expect(() => budget.admit()).toThrow(/share of execution time \(25%\): retry in 81 ms/)
    now = 79 // 19.75 ms back: still in debt
    expect(() => budget.admit()).toThrow(ViewLimitError)
    now = 81
    budget.admit()
  })

  it('never banks more than the burst', () => {
    let now = 0
    const budget = new ViewBudget(limits, () => now)
    now = 1_000_000
    budget.admit()
    budget.spent(101)
    expect(() => budget.admit()).toThrow(ViewLimitError)
  })

  it('refuses a share outside (0, 1]', () => {
    expect(() => new ViewBudget({ ...limits, share: 0 })).toThrow(/view share must be in \(0, 1\]/)
    expect(() => new ViewBudget({ ...limits, share: 1.5 })).toThrow(RangeError)
  })
})

describe('views under limits', () => {
  async function spinnerChain(views?: ViewLimits) {
    // The blocks' VM with a fuse no loaded test machine reaches (the uncapped view runs on it).
    const vm = await Vm.create({ wallClockMs: 60_000 })
    const chain = await Chain.open({ chainId: CHAIN_ID, store: new MemoryStore(), vm, ...(views ? { views } : {}) })
    const carol = account(3)
    const spinner = contractAddress(carol.address, 0)
    await chain.execute({ time: 1, txs: [tx(carol, deploy(SPINNER, []))] }).committed
    return { chain, carol, spinner }
  }

  it('run on a VM of their own: a view running out of gas discards nothing blocks execute on', async () => {
    // A fuse this test cannot reach: 10⁶ gas of loop took over 500 ms on a heavily loaded machine.
    const { chain, carol, spinner } = await spinnerChain({ ...DEFAULT_VIEW_LIMITS, wallClockMs: 60_000 })
    expect(chain.viewVm).not.toBe(chain.vm)
    await chain.execute({ time: 2, txs: [tx(carol, call(spinner, 'get'))] }).committed
    const before = chain.vm.stats()
    expect(chain.view(spinner, 'spin', [], { gasLimit: 1_000_000 }).error?.kind).toBe('out-of-gas')
    expect(chain.view(spinner, 'get', []).value).toBe('v')
    expect(chain.viewVm.stats()).toMatchObject({ loads: 2, discards: 1 })
    await chain.execute({ time: 3, txs: [tx(carol, call(spinner, 'get'))] }).committed
    expect(chain.vm.stats()).toEqual(before)
    await chain.close()
  })

  it('have their gas capped and their time fused', async () => {
    const { chain, spinner } = await spinnerChain({ ...DEFAULT_VIEW_LIMITS, maxGas: 1_000_000, wallClockMs: 60_000 })
    expect(chain.view(spinner, 'spin', [], { gasLimit: 90_000_000 })).toMatchObject({ ok: false, gasUsed: 1_000_000 })
    await chain.close()
    // 10⁷ gas of loop takes far longer than 1 ms on any machine.
    const fused = await spinnerChain({ ...DEFAULT_VIEW_LIMITS, wallClockMs: 1 })
    expect(() => fused.chain.view(fused.spinner, 'spin', [])).toThrow(/the view ran longer than this node allows \(1 ms\)/)
    expect(fused.chain.view(fused.spinner, 'get', []).value).toBe('v')
    await fused.chain.close()
  })

  it('are refused once they have used their share, and blocks still execute', async () => {
    const { chain, carol, spinner } = await spinnerChain({ ...DEFAULT_VIEW_LIMITS, share: 0.001, burstMs: 1, wallClockMs: 60_000 })
    let refused = 0
    for (let i = 0; i < 20 && refused === 0; i++) {
      try {
        chain.view(spinner, 'spin', [], { gasLimit: 1_000_000 })
      } catch (error) {
        expect(error).toBeInstanceOf(ViewLimitError)
        refused++
      }
    }
    expect(refused).toBe(1)
    const { block, committed } = chain.execute({ time: 2, txs: [tx(carol, call(spinner, 'get'))] })
    await committed
    expect(block.receipts[0]).toMatchObject({ status: 'ok', value: 'v' })
    await chain.close()
  })

  it('without limits (tests, the playground) share the chain VM, uncapped', async () => {
    const { chain, spinner } = await spinnerChain()
    expect(chain.viewVm).toBe(chain.vm)
    expect(chain.view(spinner, 'spin', [], { gasLimit: 20_000_000 })).toMatchObject({ ok: false, gasUsed: 20_000_000 })
    await chain.close()
  })
})
