import { describe, expect, it } from 'vitest'
import type { Token } from '../../examples/token/token.ts'
import { build, devChain } from '../compiler/dev-chain.ts'

describe('examples/token', async () => {
  const artifact = await build('examples/token/token.ts')
  const deploy = () => devChain({ token: { artifact, init: ['Ink', 'INK', 6, 1000n], deployer: 'alice' } })

  it('mints the supply to the deployer and transfers with events', async () => {
    const { client } = await deploy()
    const alice = client<typeof Token>('token', 'alice')
    expect(await alice.tokenInfo()).toEqual({ name: 'Ink', symbol: 'INK', decimals: 6, totalSupply: 1000n })
    const receipt = await alice.$receipt('transfer', 'bob', 250n)
    expect(receipt.value).toBe(null)
    expect(receipt.events).toEqual([{ name: 'Transfer', data: { from: 'alice', to: 'bob', amount: 250n } }])
    expect(await alice.balanceOf('alice')).toBe(750n)
    expect(await alice.balanceOf('bob')).toBe(250n)
  })
})
