// VM benchmark: a token transfer (two storage reads, two writes, one event, caller lookup) on a
// warm metered context, next to the same contract unmetered and @ethereumjs/evm running an
// OpenZeppelin ERC-20 transfer, all measured in this run. Goals (issue 2): ≥ 40,000 metered
// transfers/s on one core, ≥ 15× ethereumjs, metering overhead ≤ 1.1×.
import { compileFile } from '../compiler/node.ts'
import { MemoryState } from '../vm/state.ts'
import { Vm, type VmOptions } from '../vm/vm.ts'
import { TOKEN } from '../test/vm/harness.ts'
import { evmErc20Runner } from './peers/evm-erc20.ts'

/** Warm-up per variant (V8 tiers up the wasm), then rounds in which every variant runs a slice. */
const WARM_UP_MS = 1_500
const ROUNDS = 5
const SLICE_MS = 600

/**
 * A warm token-transfer loop on its own VM: `rate(ms)` runs transfers for about `ms` and returns
 * transfers per second. `init` mints the sender's balance: the hand-written bundle has `mint`, the
 * compiled example `init`.
 */
export async function tokenTransferRunner(options: VmOptions, bundle = TOKEN, init: [string, unknown[]] = ['mint', ['alice', 10n ** 30n]]): Promise<{ rate: (ms: number) => number; gas: () => number; reloadPrice: () => number; dispose: () => void }> {
  const vm = await Vm.create(options)
  const state = new MemoryState()
  const code = { codeHash: 'token', bundle }
  let height = 0
  const call = (method: string, args: unknown[], sender = 'alice') =>
    vm.call({
      state,
      codeOf: () => code,
      contract: 'token',
      method,
      args,
      sender,
      block: { blockHeight: ++height, blockTime: 1_700_000_000_000 + height, txHash: `tx${height}` },
      gasLimit: 10_000_000, // covers the reload price a call holds back (~1.1M for the compiled token)
    })
  state.apply(call(...init).writes)
  const recipients = ['bob', 'carol', 'dave', 'erin']
  let i = 0
  let gas = 0
  const transfer = () => {
    const result = call('transfer', [recipients[i++ % recipients.length], 1n])
    if (!result.ok) throw new Error(`transfer failed: ${result.error?.message}`)
    gas = result.gasUsed
    state.apply(result.writes)
  }
  return {
    rate(ms) {
      let n = 0
      const start = performance.now()
      let now = start
      while (now < start + ms) {
        transfer()
        n++
        now = performance.now()
      }
      return (n * 1000) / (now - start)
    },
    gas: () => gas,
    reloadPrice: () => vm.loadPrice(code),
    dispose: () => vm.dispose(),
  }
}

/** Transfers per second of one variant alone, after its warm-up. */
export async function tokenTransfersPerSecond(options: VmOptions, bundle = TOKEN, init?: [string, unknown[]]): Promise<{ rate: number; gas: number }> {
  const runner = await tokenTransferRunner(options, bundle, init)
  runner.rate(WARM_UP_MS)
  const rate = runner.rate(ROUNDS * SLICE_MS)
  runner.dispose()
  return { rate, gas: runner.gas() }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]!
}

export default async function (): Promise<void> {
  const compiled = await compileFile(new URL('../examples/token/token.ts', import.meta.url).pathname)
  if (!compiled.artifact) throw new Error('examples/token did not compile')
  const init: [string, unknown[]] = ['init', ['Ink', 'INK', 6, 10n ** 24n]]
  const variants = {
    metered: await tokenTransferRunner({}),
    unmetered: await tokenTransferRunner({ metering: false }),
    stdlib: await tokenTransferRunner({}, compiled.artifact.bundle, init),
    stdlibUnmetered: await tokenTransferRunner({ metering: false }, compiled.artifact.bundle, init),
  }
  const evm = await evmErc20Runner()
  // Interleaved: load on this shared machine drifts, and each ratio should compare slices run
  // side by side. Each figure is the median of its rounds.
  for (const variant of Object.values(variants)) variant.rate(WARM_UP_MS)
  await evm.rate(WARM_UP_MS)
  const rounds: Record<keyof typeof variants | 'evm', number[]> = { metered: [], unmetered: [], stdlib: [], stdlibUnmetered: [], evm: [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, variant] of Object.entries(variants)) rounds[name as keyof typeof variants].push(variant.rate(SLICE_MS))
    rounds.evm.push(await evm.rate(SLICE_MS))
  }
  await evm.check()
  for (const variant of Object.values(variants)) variant.dispose()
  const rate = Object.fromEntries(Object.entries(rounds).map(([name, rates]) => [name, median(rates)])) as Record<keyof typeof rounds, number>
  const row = (name: string, value: number, note = '') => console.log(`${name.padEnd(48)} ${Math.round(value).toLocaleString('en-US').padStart(9)} /s  ${note}`)
  console.log(`token transfer on a warm context (one core; median of ${ROUNDS} interleaved ${SLICE_MS} ms slices)`)
  row('inkstone VM, metered', rate.metered, `${variants.metered.gas()} gas · goal ≥ 40,000/s`)
  row('inkstone VM, unmetered (same contract)', rate.unmetered, `metering overhead ${(rate.unmetered / rate.metered).toFixed(2)}× · goal ≤ 1.10×`)
  row('inkstone VM, examples/token (compiled, stdlib)', rate.stdlib, `${variants.stdlib.gas()} gas · ${(rate.stdlib / rate.evm).toFixed(1)}× ethereumjs`)
  row('inkstone VM, examples/token, unmetered', rate.stdlibUnmetered, `metering overhead ${(rate.stdlibUnmetered / rate.stdlib).toFixed(2)}× on stdlib code`)
  row('@ethereumjs/evm, OpenZeppelin ERC-20', rate.evm, `inkstone is ${(rate.metered / rate.evm).toFixed(1)}× · goal ≥ 15×`)
  await reportLoads(compiled.artifact.bundle, init)
}

/**
 * Loads: the compiled token's transfer on a VM that keeps no context (maxContexts 0), so every
 * call loads one. The first load compiles; later ones run the kept bytecode (docs/vm.md "Reloads
 * are paid for"). Printed next to the reload price the call holds back, at the schedule's
 * ~30 gas a µs.
 */
async function reportLoads(bundle: string, init: [string, unknown[]]): Promise<void> {
  const start = performance.now()
  const runner = await tokenTransferRunner({ maxContexts: 0 }, bundle, init)
  const firstMs = performance.now() - start
  runner.rate(WARM_UP_MS)
  const rates = Array.from({ length: ROUNDS }, () => runner.rate(SLICE_MS))
  const reloadPrice = runner.reloadPrice()
  runner.dispose()
  const ms = 1000 / median(rates)
  console.log(
    `examples/token on a fresh context every call: ${ms.toFixed(2)} ms a call (load from bytecode + call; median of ${ROUNDS} slices); ` +
      `the first load, compiling, with the VM's start: ${firstMs.toFixed(0)} ms; reload price held back ${reloadPrice.toLocaleString('en-US')} gas ≈ ${(reloadPrice / 30_000).toFixed(1)} ms`,
  )
}
