// docs/testing.md and docs/tutorial.md stay true: the test they quote is the template's, and the
// tutorial's feature compiles, behaves as its test says, fails with the stack the text shows and
// costs the gas it quotes.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Token } from '../../../stdlib/testing/template/contracts/token.ts'
import { localChain, type GasRecord } from '../../../stdlib/testing/index.ts'
import { compileSources } from '../../compiler/dev-chain.ts'

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8')
/** The ```ts block of `doc` that contains `marker`. */
const block = (doc: string, marker: string) => doc.split('```ts\n').slice(1).map((part) => part.slice(0, part.indexOf('```\n'))).find((code) => code.includes(marker))!

describe('docs', () => {
  it('docs/testing.md quotes the token test of a new project as it is', () => {
    expect(read('docs/testing.md')).toContain('```ts\n' + read('stdlib/testing/template/tests/token.test.ts') + '```\n')
  })

  it("docs/tutorial.md's burn compiles, passes its test, fails with the stack shown and costs the gas quoted", async () => {
    const tutorial = read('docs/tutorial.md')
    const template = read('stdlib/testing/template/contracts/token.ts')
    const source = template.replace('  #mint(to: string', `${block(tutorial, 'burn(amount: bigint): void')}\n  #mint(to: string`)
    const lines = source.split('\n')
    const burn = lines.findIndex((text) => text.includes('burn(amount: bigint): void'))
    const line = lines.findIndex((text, i) => i > burn && text.includes("require(balance >= amount, 'insufficient balance')")) + 1
    const compiled = await compileSources({ 'contracts/token.ts': source }, 'contracts/token.ts')
    expect(compiled.errors).toEqual([])
    const gas: GasRecord[] = []
    const chain = await localChain({ log: false, onGas: (record) => gas.push(record) })
    const token = await chain.deploy<new () => Token & { burn(amount: bigint): void }>(compiled.artifact!, ['INK', 1_000n])
    // The tutorial's test, as written there.
    expect(block(tutorial, "it('burns'")).toContain("await expect(token.burn(100n)).toEmit('Transfer', { from: alice.address, to: '', amount: 100n })")
    const { alice } = chain.accounts
    await expect(token.burn(100n)).toEmit('Transfer', { from: alice.address, to: '', amount: 100n })
    expect(await token.totalSupply()).toBe(900n)
    await expect(token.burn(1_000n)).toRevertWith('insufficient balance')
    const error = (await token.burn(1_000n).catch((e: Error) => e)) as Error
    expect(error.stack).toContain(`    at burn (contracts/token.ts:${line}:5)`)
    const frames = error.stack!.split('\n').slice(1).filter((frame) => !frame.includes('docs.test.ts') && !frame.includes('node_modules/@vitest'))
    // vitest's rendering in the test run, then the CLI's trace of the same failure on a node
    // (test/node/cli.test.ts checks the CLI prints such frames).
    expect(tutorial).toContain(frames.map((frame) => frame.replace(/^ {4}at (\S+) \((.*)\)$/, ' ❯ $1 $2')).join('\n'))
    expect(tutorial).toContain(`\n${frames.join('\n')}\n`)
    // The in-process chain's gas is the node's: the deployment and the failed burn there, the
    // burns' line in the gas snapshot.
    const [deployment] = gas
    const [burned, refused] = gas.filter((record) => record.method === 'burn').map((record) => record.gasUsed)
    expect(tutorial).toContain(`The deployment used ${deployment!.gasUsed.toLocaleString('en-US')} gas`)
    expect(tutorial).toContain(`gas used        ${deployment!.gasUsed}\n`)
    expect(tutorial).toContain(`gas used     ${refused}\n`)
    expect(tutorial).toContain(`  Token.burn: ${burned} ${refused} → `)
    await chain.close()
  })
})
