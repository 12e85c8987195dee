// VM benchmark: a token transfer (two storage reads, two writes, one event, caller lookup) on a
// warm metered context, next to the same contract unmetered and @ethereumjs/evm running an
// OpenZeppelin ERC-20 transfer, all measured in this run. Goals (issue 2): ≥ 40,000 metered
// transfers/s on one core, ≥ 15× ethereumjs, metering overhead ≤ 1.1×.
import { compileFile } from '../compiler/node.ts'
import { MemoryState } from '../vm/state.ts'
import { Vm, type VmOptions } from '../vm/vm.ts'
import { TOKEN } from '../test/vm/harness.ts'
import { evmErc20TransfersPerSecond } from './peers/evm-erc20.ts'

const SECONDS = 3

/**
 * Transfers per second on a warm context, after a warm-up that lets V8 tier up the wasm.
 * `init` mints the sender's balance: the hand-written bundle has `mint`, the compiled example `init`.
 */
export async function tokenTransfersPerSecond(options: VmOptions, bundle = TOKEN, init: [string, unknown[]] = ['mint', ['alice', 10n ** 30n]]): Promise<{ rate: number; gas: number }> {
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
      gasLimit: 1_000_000,
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
  const until = (ms: number) => {
    let n = 0
    const end = performance.now() + ms
    while (performance.now() < end) {
      transfer()
      n++
    }
    return n
  }
  until(2000)
  const n = until(SECONDS * 1000)
  vm.dispose()
  return { rate: n / SECONDS, gas }
}

export default async function (): Promise<void> {
  const metered = await tokenTransfersPerSecond({})
  const unmetered = await tokenTransfersPerSecond({ metering: false })
  const compiled = await compileFile(new URL('../examples/token/token.ts', import.meta.url).pathname)
  if (!compiled.artifact) throw new Error('examples/token did not compile')
  const init: [string, unknown[]] = ['init', ['Ink', 'INK', 6, 10n ** 24n]]
  const stdlibToken = await tokenTransfersPerSecond({}, compiled.artifact.bundle, init)
  const stdlibUnmetered = await tokenTransfersPerSecond({ metering: false }, compiled.artifact.bundle, init)
  const evm = await evmErc20TransfersPerSecond(SECONDS * 1000)
  const row = (name: string, rate: number, note = '') => console.log(`${name.padEnd(48)} ${Math.round(rate).toLocaleString('en-US').padStart(9)} /s  ${note}`)
  console.log('token transfer on a warm context (one core)')
  row('inkstone VM, metered', metered.rate, `${metered.gas} gas · goal ≥ 40,000/s`)
  row('inkstone VM, unmetered (same contract)', unmetered.rate, `metering overhead ${(unmetered.rate / metered.rate).toFixed(2)}× · goal ≤ 1.10×`)
  row('inkstone VM, examples/token (compiled, stdlib)', stdlibToken.rate, `${stdlibToken.gas} gas · ${(stdlibToken.rate / evm).toFixed(1)}× ethereumjs`)
  row('inkstone VM, examples/token, unmetered', stdlibUnmetered.rate, `metering overhead ${(stdlibUnmetered.rate / stdlibToken.rate).toFixed(2)}× on stdlib code`)
  row('@ethereumjs/evm, OpenZeppelin ERC-20', evm, `inkstone is ${(metered.rate / evm).toFixed(1)}× · goal ≥ 15×`)
}
