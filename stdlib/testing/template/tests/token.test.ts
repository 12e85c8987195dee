import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { localChain, type TestChain, type TestContract } from 'inkstone/testing'
import type { Token } from '../contracts/token.ts'

describe('Token', () => {
  let chain: TestChain
  let token: TestContract<typeof Token>
  let deployed: number

  beforeAll(async () => {
    chain = await localChain()
    // Deployed by alice, the default account: she holds the supply.
    token = await chain.deploy<typeof Token>('contracts/token.ts', ['INK', 1_000n])
    deployed = await chain.snapshot()
  })
  beforeEach(() => chain.revert(deployed))

  it('gives the supply to the deployer', async () => {
    const { alice } = chain.accounts
    expect(await token.balanceOf(alice.address)).toBe(1_000n)
    expect(await token.totalSupply()).toBe(1_000n)
  })

  it('transfers and emits Transfer', async () => {
    const { alice, bob } = chain.accounts
    await expect(token.transfer(bob.address, 250n)).toEmit('Transfer', { from: alice.address, to: bob.address, amount: 250n })
    expect(await token.balanceOf(alice.address)).toBe(750n)
    expect(await token.balanceOf(bob.address)).toBe(250n)
  })

  it('refuses to overdraw', async () => {
    const { alice, bob } = chain.accounts
    await expect(token.as(bob).transfer(alice.address, 1n)).toRevertWith('insufficient balance')
    await expect(token.transfer(bob.address, 0n)).toRevertWith('amount must be positive')
  })

  it('lets only the owner mint', async () => {
    const { bob } = chain.accounts
    await expect(token.as(bob).mint(bob.address, 5n)).toRevertWith('only the owner can mint')
    await expect(token.mint(bob.address, 5n)).toEmit('Transfer', { from: '', to: bob.address, amount: 5n })
    expect(await token.totalSupply()).toBe(1_005n)
  })
})
