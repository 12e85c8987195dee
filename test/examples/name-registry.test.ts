import { describe, expect, it } from 'vitest'
import type { NameRegistry } from '../../examples/name-registry/name-registry.ts'
import { build, devChain } from '../compiler/dev-chain.ts'

describe('examples/name-registry', async () => {
  const artifact = await build('examples/name-registry/name-registry.ts')
  const deploy = () => devChain({ names: { artifact } })

  it('has the ABI of its snapshot', async () => {
    await expect(JSON.stringify(artifact.abi, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/name-registry.abi.json')
  })

  it('registers, resolves, updates with data, transfers and releases names', async () => {
    const { client } = await deploy()
    const alice = client<typeof NameRegistry>('names', 'alice')
    const bob = client<typeof NameRegistry>('names', 'bob')
    const receipt = await alice.$receipt('register', 'ink-stone', 'addr-1', 100)
    expect(receipt.events).toEqual([{ name: 'Registered', data: { name: 'ink-stone', owner: 'alice', expires: receipt.value } }])
    expect(await bob.resolve('ink-stone')).toBe('addr-1')
    await expect(bob.register('ink-stone', 'addr-2', 10)).rejects.toThrow('ink-stone is taken')
    await expect(bob.update('ink-stone', 'addr-2')).rejects.toThrow('ink-stone belongs to someone else')

    await alice.update('ink-stone', 'addr-3', new Uint8Array([1, 2, 3]))
    expect(await bob.lookup('ink-stone')).toMatchObject({ owner: 'alice', target: 'addr-3', data: new Uint8Array([1, 2, 3]) })
    await alice.transfer('ink-stone', 'bob')
    await bob.release('ink-stone')
    expect(await bob.resolve('ink-stone')).toBe(null)
  })

  it('lists live names in pages and lets expired names go', async () => {
    const { client } = await deploy()
    const alice = client<typeof NameRegistry>('names', 'alice')
    for (const name of ['delta', 'alpha', 'charlie']) await alice.register(name, 'x', 1000)
    await alice.register('bravo', 'x', 1) // expires at the next block
    expect(await alice.list()).toEqual(['alpha', 'charlie', 'delta'])
    expect(await alice.list('alpha', 1)).toEqual([])
    expect(await alice.list('bravo', 2)).toEqual(['charlie', 'delta'])
    await client<typeof NameRegistry>('names', 'bob').register('bravo', 'y', 5)
  })

  it('checks names with the rule from its own module', async () => {
    const alice = (await deploy()).client<typeof NameRegistry>('names', 'alice')
    await expect(alice.register('No', 'x', 1)).rejects.toThrow('a name is 3 to 32 characters')
    await expect(alice.register('-bad', 'x', 1)).rejects.toThrow('a name has only a-z, 0-9 and inner hyphens')
  })
})
