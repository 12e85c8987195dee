/**
 * An escrow of tokens with an arbiter, built on the token contract through typed cross-contract
 * calls. The buyer approves the escrow on the token, then opens a deal: the escrow pulls the
 * amount in. The buyer (or the arbiter) releases it to the seller; the seller (or the arbiter)
 * refunds it to the buyer.
 */
import { call, caller, Contract, contractAt, init, require, self, StorageValue, StorageVector, view } from 'inkstone'
import type { Token } from '../token/token.ts'

export interface Deal {
  buyer: string
  seller: string
  arbiter: string
  amount: bigint
  state: 'funded' | 'released' | 'refunded'
}

export interface EscrowEvents {
  Opened: { id: number; buyer: string; seller: string; amount: bigint }
  Settled: { id: number; to: string; state: 'released' | 'refunded' }
}

export class Escrow extends Contract<EscrowEvents> {
  readonly token = new StorageValue<string>('token', '')
  readonly deals = new StorageVector<Deal>('deals')

  @init
  init(token: string): void {
    this.token.set(token)
  }

  /** Opens a deal and pulls `amount` from the buyer (who must have approved this contract). */
  @call
  open(seller: string, arbiter: string, amount: bigint): number {
    require(amount > 0n, 'amount must be positive')
    const buyer = caller()
    this.#token().call('transferFrom', buyer, self(), amount)
    const id = this.deals.push({ buyer, seller, arbiter, amount, state: 'funded' }) - 1
    this.emit('Opened', { id, buyer, seller, amount })
    return id
  }

  @call
  release(id: number): void {
    const deal = this.#funded(id)
    require(caller() === deal.buyer || caller() === deal.arbiter, 'only the buyer or the arbiter can release')
    this.#settle(id, deal, deal.seller, 'released')
  }

  @call
  refund(id: number): void {
    const deal = this.#funded(id)
    require(caller() === deal.seller || caller() === deal.arbiter, 'only the seller or the arbiter can refund')
    this.#settle(id, deal, deal.buyer, 'refunded')
  }

  @view
  deal(id: number): Deal | null {
    return this.deals.get(id) ?? null
  }

  #token() {
    return contractAt<typeof Token>(this.token.get())
  }

  #funded(id: number): Deal {
    const deal = this.deals.get(id)
    require(deal !== undefined, `no deal ${id}`)
    require(deal.state === 'funded', `deal ${id} is already ${deal.state}`)
    return deal
  }

  /** Effects before the interaction: the deal is settled before the tokens move. */
  #settle(id: number, deal: Deal, to: string, state: 'released' | 'refunded'): void {
    this.deals.set(id, { ...deal, state })
    this.#token().call('transfer', to, deal.amount)
    this.emit('Settled', { id, to, state })
  }
}
