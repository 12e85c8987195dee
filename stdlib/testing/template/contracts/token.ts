/** A fungible token: the initial supply goes to the deployer, who alone can mint more. */
import { call, caller, Contract, init, require, StorageMap, StorageValue, view } from 'inkstone'

export interface TokenEvents {
  Transfer: { from: string; to: string; amount: bigint }
}

export class Token extends Contract<TokenEvents> {
  readonly symbol = new StorageValue<string>('symbol', '')
  readonly owner = new StorageValue<string>('owner', '')
  readonly supply = new StorageValue<bigint>('supply', 0n)
  readonly balances = new StorageMap<string, bigint>('balances')

  @init
  init(symbol: string, supply: bigint): void {
    this.symbol.set(symbol)
    this.owner.set(caller())
    this.#mint(caller(), supply)
  }

  @view
  balanceOf(account: string): bigint {
    return this.balances.get(account, 0n)
  }

  @view
  totalSupply(): bigint {
    return this.supply.get()
  }

  @call
  transfer(to: string, amount: bigint): void {
    require(amount > 0n, 'amount must be positive')
    const from = caller()
    const balance = this.balances.get(from, 0n)
    require(balance >= amount, 'insufficient balance')
    this.balances.set(from, balance - amount)
    this.balances.set(to, this.balances.get(to, 0n) + amount)
    this.emit('Transfer', { from, to, amount })
  }

  @call
  mint(to: string, amount: bigint): void {
    require(caller() === this.owner.get(), 'only the owner can mint')
    this.#mint(to, amount)
  }

  #mint(to: string, amount: bigint): void {
    require(amount >= 0n, 'amount must not be negative')
    this.supply.set(this.supply.get() + amount)
    this.balances.set(to, this.balances.get(to, 0n) + amount)
    this.emit('Transfer', { from: '', to, amount })
  }
}
