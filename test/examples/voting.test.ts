import { describe, expect, it } from 'vitest'
import type { Voting } from '../../examples/voting/voting.ts'
import { build, devChain } from '../compiler/dev-chain.ts'

const DOCUMENT = new Uint8Array(32).fill(7)

describe('examples/voting', async () => {
  const artifact = await build('examples/voting/voting.ts')
  const deploy = () => devChain({ voting: { artifact, init: [['alice', 'bob', 'carol'], 2] } })

  it('has the ABI of its snapshot', async () => {
    await expect(JSON.stringify(artifact.abi, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/voting.abi.json')
  })

  it('opens a proposal, takes one vote per member, closes after the deadline', async () => {
    const { client } = await deploy()
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((who) => client<typeof Voting>('voting', who))
    const id = await alice!.propose('Paint it blue', DOCUMENT, 5) // block 2: votes count up to block 7
    expect(id).toBe(0)
    expect((await bob!.$receipt('vote', id, 'yes')).events).toEqual([{ name: 'Voted', data: { id, voter: 'bob', choice: 'yes' } }])
    await carol!.vote(id, 'no')
    await alice!.vote(id, 'yes')
    await expect(bob!.vote(id, 'no')).rejects.toThrow('already voted')
    await expect(alice!.close(id)).rejects.toThrow('voting is still open')
    expect(await alice!.hasVoted(id, 'bob')).toBe(true)
    expect(await alice!.close(id)).toBe('passed')
    expect(await alice!.proposal(id)).toEqual({
      title: 'Paint it blue', document: DOCUMENT, creator: 'alice', deadline: 7, tally: { yes: 2, no: 1, abstain: 0 }, status: 'passed',
    })
    expect(await alice!.count()).toBe(1)
  })

  it('refuses outsiders, bad choices and short hashes', async () => {
    const { client } = await deploy()
    const alice = client<typeof Voting>('voting', 'alice')
    await expect(client<typeof Voting>('voting', 'mallory').propose('x', DOCUMENT, 1)).rejects.toThrow('mallory is not a member')
    await expect(alice.propose('x', new Uint8Array(4), 1)).rejects.toThrow('document must be a 32-byte hash')
    await alice.propose('x', DOCUMENT, 1)
    // @ts-expect-error 'maybe' is not a Choice: the client refuses it before sending
    await expect(alice.vote(0, 'maybe')).rejects.toThrow(`vote: argument "choice" expected 'abstain' | 'no' | 'yes', got string "maybe"`)
  })
})
