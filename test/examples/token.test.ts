import { describe, expect, it } from 'vitest'
import type { Token } from '../../examples/token/token.ts'
import { build, devChain } from '../compiler/dev-chain.ts'

describe('examples/token', async () => {
  const artifact = await build('examples/token/token.ts')
  const deploy = () => devChain({ token: { artifact, init: ['Ink', 'INK', 6, 1000n], deployer: 'alice' } })

  it('has the ABI of its snapshot', async () => {
    await expect(JSON.stringify(artifact.abi, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/token.abi.json')
  })

  it('mints the supply to the deployer, transfers with typed events', async () => {
    const { client } = await deploy()
    const alice = client<typeof Token>('token', 'alice')
    expect(await alice.tokenInfo()).toEqual({ name: 'Ink', symbol: 'INK', decimals: 6, totalSupply: 1000n })
    const receipt = await alice.$receipt('transfer', 'bob', 250n)
    expect(receipt.value).toBe(null)
    expect(receipt.events).toEqual([{ name: 'Transfer', data: { from: 'alice', to: 'bob', amount: 250n } }])
    expect(await alice.balanceOf('alice')).toBe(750n)
    expect(await alice.balanceOf('bob')).toBe(250n)
  })

  it('reverts with the message reaching the caller, and changes nothing', async () => {
    const { client } = await deploy()
    const bob = client<typeof Token>('token', 'bob')
    await expect(bob.transfer('carol', 1n)).rejects.toMatchObject({ name: 'ContractCallError', kind: 'revert', message: 'insufficient balance', contract: 'token' })
    await expect(bob.mint('bob', 5n)).rejects.toThrow('only the owner can mint')
    expect(await bob.balanceOf('bob')).toBe(0n)
    expect((await bob.tokenInfo()).totalSupply).toBe(1000n)
  })

  it('moves allowances with transferFrom', async () => {
    const { client } = await deploy()
    const alice = client<typeof Token>('token', 'alice')
    const bob = client<typeof Token>('token', 'bob')
    expect((await alice.$receipt('approve', 'bob', 100n)).events).toEqual([{ name: 'Approval', data: { owner: 'alice', spender: 'bob', amount: 100n } }])
    await bob.transferFrom('alice', 'carol', 60n)
    expect(await alice.allowance('alice', 'bob')).toBe(40n)
    await expect(bob.transferFrom('alice', 'carol', 41n)).rejects.toThrow('allowance exceeded')
    expect(await alice.balanceOf('carol')).toBe(60n)
  })

  it('runs init once: a second call reverts', async () => {
    const { client } = await deploy()
    await expect(client<typeof Token>('token', 'mallory').init('X', 'X', 0, 10n ** 9n)).rejects.toThrow('the contract is already initialized')
  })
})
