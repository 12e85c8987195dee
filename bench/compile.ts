// Compiler benchmark: the token example (examples/token/token.ts) from source to artifact, cold
// (first compile in the process: TypeScript parses its libs) and warm (the usual case in a watch
// loop or the playground). Goal (issue 3): ≤ 100 ms warm. Also the run-time price of the stdlib:
// gas and rate of a transfer through the compiled token next to the hand-written one in
// test/vm/harness.ts.
import path from 'node:path'
import { compileFile } from '../compiler/node.ts'
import { MemoryState } from '../vm/state.ts'
import { Vm } from '../vm/vm.ts'
import { TOKEN } from '../test/vm/harness.ts'

const TOKEN_SOURCE = path.join(import.meta.dirname, '../examples/token/token.ts')
const WARM_RUNS = 20

async function compileMs(): Promise<number> {
  const start = performance.now()
  const result = await compileFile(TOKEN_SOURCE)
  if (!result.artifact) throw new Error(`the token did not compile: ${result.errors.map((e) => e.text).join('; ')}`)
  return performance.now() - start
}

/** Transfers per second and gas of one, on a warm context, for ~1 s. */
async function transfers(bundle: string, setup: [string, unknown[]]): Promise<{ rate: number; gas: number }> {
  const vm = await Vm.create()
  const state = new MemoryState()
  let height = 0
  const call = (method: string, args: unknown[]) => {
    const result = vm.call({
      state,
      codeOf: () => ({ codeHash: 'token', bundle }),
      contract: 'token',
      method,
      args,
      sender: 'alice',
      block: { blockHeight: ++height, blockTime: 1_700_000_000_000 + height, txHash: `tx${height}` },
      gasLimit: 10_000_000, // covers the reload price a call holds back
    })
    if (!result.ok) throw new Error(`${method} failed: ${result.error?.message}`)
    state.apply(result.writes)
    return result
  }
  call(...setup)
  let gas = 0
  let n = 0
  const start = performance.now()
  while (performance.now() - start < 1000) gas = call('transfer', [n++ % 2 ? 'bob' : 'carol', 1n]).gasUsed
  vm.dispose()
  return { rate: Math.round(n / ((performance.now() - start) / 1000)), gas }
}

export default async function (): Promise<void> {
  const cold = await compileMs()
  const warm: number[] = []
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await compileMs())
  warm.sort((a, b) => a - b)
  console.log(`compile examples/token/token.ts: cold ${cold.toFixed(0)} ms, warm median ${warm[WARM_RUNS >> 1]!.toFixed(1)} ms (min ${warm[0]!.toFixed(1)}, max ${warm.at(-1)!.toFixed(1)}, ${WARM_RUNS} runs; goal ≤ 100 ms warm)`)

  const { artifact } = await compileFile(TOKEN_SOURCE)
  const compiled = await transfers(artifact!.bundle, ['init', ['Ink', 'INK', 0, 10n ** 30n]])
  const handWritten = await transfers(TOKEN, ['mint', ['alice', 10n ** 30n]])
  console.log(`transfer, compiled token (stdlib, ABI check, event): ${compiled.rate.toLocaleString('en')}/s, ${compiled.gas} gas`)
  console.log(`transfer, hand-written bridge token:                 ${handWritten.rate.toLocaleString('en')}/s, ${handWritten.gas} gas`)
}
