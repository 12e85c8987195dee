// docs/authoring.md stays true: its complete example compiles and behaves as the text says.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildSource, devChain } from './dev-chain.ts'

const doc = readFileSync(path.join(import.meta.dirname, '../../docs/authoring.md'), 'utf8')
const example = doc.slice(doc.indexOf('```ts\n') + 6, doc.indexOf('```\n', doc.indexOf('```ts\n')))

describe('docs/authoring.md', () => {
  it('has a complete example that compiles and runs', async () => {
    const artifact = await buildSource(example)
    expect(artifact.name).toBe('TipJar')
    const { client } = await devChain({ jar: { artifact, init: ['owner'] } })
    const jar = client<{ new (): { tip(amount: bigint, note?: string): number; withdraw(): bigint; totalFrom(a: string): bigint; recent(n: number): unknown[] } }>('jar', 'alice')
    expect(await jar.tip(5n, 'thanks')).toBe(1)
    expect(await jar.tip(2n)).toBe(2)
    expect(await jar.totalFrom('alice')).toBe(7n)
    expect(await jar.recent(5)).toEqual([{ from: 'alice', amount: 5n, note: 'thanks' }, { from: 'alice', amount: 2n }])
    await expect(jar.tip('5' as never)).rejects.toThrow('tip: argument "amount" expected bigint, got string "5"')
    await expect(jar.withdraw()).rejects.toThrow('only the owner withdraws')
    const owner = client<{ new (): { withdraw(): bigint } }>('jar', 'owner')
    expect((await owner.$receipt('withdraw')).events).toEqual([{ name: 'Withdrawn', data: { amount: 7n } }])
  })
})
