/**
 * Voting among a fixed set of members: any member opens a proposal (with the hash of the document
 * voted on), members vote once each until the deadline, then anyone closes it: it passes with more
 * yes than no votes and a quorum of all votes cast.
 */
import { call, Contract, context, init, require, StorageSet, StorageValue, StorageVector, view } from 'inkstone'

export type Choice = 'yes' | 'no' | 'abstain'
export type Status = 'open' | 'passed' | 'rejected'

export interface Proposal {
  title: string
  /** SM3 hash of the document voted on. */
  document: Uint8Array
  creator: string
  /** The last block height at which votes count. */
  deadline: number
  tally: { yes: number; no: number; abstain: number }
  status: Status
}

export interface VotingEvents {
  Opened: { id: number; title: string; deadline: number }
  Voted: { id: number; voter: string; choice: Choice }
  Closed: { id: number; status: Status }
}

export class Voting extends Contract<VotingEvents> {
  readonly members = new StorageSet<string>('members')
  readonly quorum = new StorageValue<number>('quorum', 1)
  readonly proposals = new StorageVector<Proposal>('proposals')
  /** `${proposal id}/${member}` for every vote cast. */
  readonly ballots = new StorageSet<string>('ballots')

  @init
  init(members: string[], quorum: number): void {
    require(members.length > 0, 'there must be at least one member')
    require(Number.isInteger(quorum) && quorum >= 1 && quorum <= members.length, 'quorum must be 1 to the number of members')
    for (const member of members) this.members.add(member)
    this.quorum.set(quorum)
  }

  @call
  propose(title: string, document: Uint8Array, blocks: number): number {
    const { caller, blockHeight } = context()
    this.#member(caller)
    require(document.length === 32, 'document must be a 32-byte hash')
    require(Number.isInteger(blocks) && blocks > 0, 'blocks must be a positive integer')
    const deadline = blockHeight + blocks
    const id = this.proposals.push({ title, document, creator: caller, deadline, tally: { yes: 0, no: 0, abstain: 0 }, status: 'open' }) - 1
    this.emit('Opened', { id, title, deadline })
    return id
  }

  @call
  vote(id: number, choice: Choice): void {
    const { caller, blockHeight } = context()
    this.#member(caller)
    const proposal = this.#proposal(id)
    require(proposal.status === 'open' && blockHeight <= proposal.deadline, 'voting has ended')
    const ballot = `${id}/${caller}`
    require(!this.ballots.has(ballot), 'already voted')
    this.ballots.add(ballot)
    proposal.tally[choice] += 1
    this.proposals.set(id, proposal)
    this.emit('Voted', { id, voter: caller, choice })
  }

  @call
  close(id: number): Status {
    const proposal = this.#proposal(id)
    require(proposal.status === 'open', 'already closed')
    require(context().blockHeight > proposal.deadline, 'voting is still open')
    const { yes, no, abstain } = proposal.tally
    proposal.status = yes + no + abstain >= this.quorum.get() && yes > no ? 'passed' : 'rejected'
    this.proposals.set(id, proposal)
    this.emit('Closed', { id, status: proposal.status })
    return proposal.status
  }

  @view
  proposal(id: number): Proposal | null {
    return this.proposals.get(id) ?? null
  }

  @view
  count(): number {
    return this.proposals.length
  }

  @view
  hasVoted(id: number, member: string): boolean {
    return this.ballots.has(`${id}/${member}`)
  }

  #member(account: string): void {
    require(this.members.has(account), `${account} is not a member`)
  }

  #proposal(id: number): Proposal {
    const proposal = this.proposals.get(id)
    require(proposal !== undefined, `no proposal ${id}`)
    return proposal
  }
}
