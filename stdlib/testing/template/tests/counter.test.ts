import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { localChain, type TestChain, type TestContract } from 'inkstone/testing'
import type { Counter } from '../contracts/counter.ts'

describe('Counter', () => {
  let chain: TestChain
  let counter: TestContract<typeof Counter>
  let deployed: number

  beforeAll(async () => {
    chain = await localChain()
    counter = await chain.deploy<typeof Counter>('contracts/counter.ts', [5n])
    deployed = await chain.snapshot()
  })
  // Every test starts from the freshly deployed counter.
  beforeEach(() => chain.revert(deployed))

  it('increments and says who did', async () => {
    const { bob } = chain.accounts
    await expect(counter.as(bob).increment()).toEmit('Incremented', { by: bob.address, value: 6n })
    expect(await counter.value()).toBe(6n)
  })

  it('allows one increment a minute', async () => {
    await counter.increment()
    await expect(counter.increment()).toRevertWith('wait a minute between increments')
    await chain.advanceTime(60_000)
    expect(await counter.increment()).toBe(7n)
  })

  it('lets only its owner reset it', async () => {
    const { mallory } = chain.accounts
    await expect(counter.as(mallory).reset()).toRevertWith('only the owner can reset')
    await counter.reset()
    expect(await counter.value()).toBe(0n)
  })
})
