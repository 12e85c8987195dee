// docs/testing.md and docs/tutorial.md stay true: the test they quote is the template's, and the
// tutorial's feature compiles, behaves as its test says and fails at the line the text shows.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Token } from '../../../stdlib/testing/template/contracts/token.ts'
import { localChain } from '../../../stdlib/testing/index.ts'
import { compileSources } from '../../compiler/dev-chain.ts'

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8')
/** The ```ts block of `doc` that contains `marker`. */
const block = (doc: string, marker: string) => doc.split('```ts\n').slice(1).map((part) => part.slice(0, part.indexOf('```\n'))).find((code) => code.includes(marker))!

describe('docs', () => {
  it('docs/testing.md quotes the token test of a new project as it is', () => {
    expect(read('docs/testing.md')).toContain('```ts\n' + read('stdlib/testing/template/tests/token.test.ts') + '```\n')
  })

  it("docs/tutorial.md's burn compiles, passes its test and fails at the line shown", async () => {
    const tutorial = read('docs/tutorial.md')
    const template = read('stdlib/testing/template/contracts/token.ts')
    const source = template.replace('  #mint(to: string', `${block(tutorial, 'burn(amount: bigint): void')}\n  #mint(to: string`)
    const lines = source.split('\n')
    const burn = lines.findIndex((text) => text.includes('burn(amount: bigint): void'))
    const line = lines.findIndex((text, i) => i > burn && text.includes("require(balance >= amount, 'insufficient balance')")) + 1
    const compiled = await compileSources({ 'contracts/token.ts': source }, 'contracts/token.ts')
    expect(compiled.errors).toEqual([])
    const chain = await localChain({ log: false })
    const token = await chain.deploy<new () => Token & { burn(amount: bigint): void }>(compiled.artifact!, ['INK', 1_000n])
    // The tutorial's test, as written there.
    expect(block(tutorial, "it('burns'")).toContain("await expect(token.burn(100n)).toEmit('Transfer', { from: alice.address, to: '', amount: 100n })")
    const { alice } = chain.accounts
    await expect(token.burn(100n)).toEmit('Transfer', { from: alice.address, to: '', amount: 100n })
    expect(await token.totalSupply()).toBe(900n)
    await expect(token.burn(1_000n)).toRevertWith('insufficient balance')
    const error = (await token.burn(1_000n).catch((e: Error) => e)) as Error
    expect(error.stack).toContain(`    at burn (contracts/token.ts:${line}:5)`)
    expect(tutorial).toContain(` ❯ burn contracts/token.ts:${line}:5`)
    // The CLI's trace of the same failure on a node (test/node/cli.test.ts checks the CLI prints such frames).
    expect(tutorial).toContain(`\n    at burn (contracts/token.ts:${line}:5)\n`)
    await chain.close()
  })
})
