import { describe, expect, it } from 'vitest'
import type { Escrow } from '../../examples/escrow/escrow.ts'
import type { Token } from '../../examples/token/token.ts'
import { build, devChain } from '../compiler/dev-chain.ts'

describe('examples/escrow', async () => {
  const [token, escrow] = await Promise.all([build('examples/token/token.ts'), build('examples/escrow/escrow.ts')])
  const deploy = async () => {
    const dev = await devChain({
      token: { artifact: token, init: ['Ink', 'INK', 0, 1000n], deployer: 'buyer' },
      escrow: { artifact: escrow, init: ['token'] },
    })
    await dev.client<typeof Token>('token', 'buyer').approve('escrow', 300n)
    return dev
  }

  it('has the ABI of its snapshot', async () => {
    await expect(JSON.stringify(escrow.abi, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/escrow.abi.json')
  })

  it('pulls the amount in through the token and releases it to the seller', async () => {
    const { client } = await deploy()
    const buyer = client<typeof Escrow>('escrow', 'buyer')
    const tokens = client<typeof Token>('token', 'buyer')
    const opened = await buyer.$receipt('open', 'seller', 'arbiter', 200n)
    expect(opened.value).toBe(0)
    expect(opened.events).toEqual([{ name: 'Opened', data: { id: 0, buyer: 'buyer', seller: 'seller', amount: 200n } }])
    expect(opened.otherEvents).toEqual([{ contract: 'token', name: 'Transfer', data: { from: 'buyer', to: 'escrow', amount: 200n } }])
    expect(await tokens.balanceOf('escrow')).toBe(200n)

    await buyer.release(0)
    expect(await tokens.balanceOf('seller')).toBe(200n)
    expect(await buyer.deal(0)).toMatchObject({ state: 'released' })
    await expect(buyer.release(0)).rejects.toThrow('deal 0 is already released')
  })

  it('refunds through the arbiter and guards who may settle', async () => {
    const { client } = await deploy()
    await client<typeof Escrow>('escrow', 'buyer').open('seller', 'arbiter', 100n)
    await expect(client<typeof Escrow>('escrow', 'buyer').refund(0)).rejects.toThrow('only the seller or the arbiter can refund')
    await client<typeof Escrow>('escrow', 'arbiter').refund(0)
    expect(await client<typeof Token>('token', 'buyer').balanceOf('buyer')).toBe(1000n)
  })

  it('rolls the whole call back when the token call fails', async () => {
    const { client } = await deploy()
    const failure = client<typeof Escrow>('escrow', 'buyer').open('seller', 'arbiter', 301n)
    await expect(failure).rejects.toMatchObject({ kind: 'error', message: 'token.transferFrom failed (revert): allowance exceeded' })
    expect(await client<typeof Escrow>('escrow', 'buyer').deal(0)).toBe(null)
  })
})
