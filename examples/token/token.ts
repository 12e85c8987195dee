/**
 * A fungible token: balances, allowances, mint by the owner, transfers and approvals.
 */
import { call, caller, Contract, init, require, StorageMap, StorageValue, view } from 'inkstone'

export interface TokenEvents {
  Transfer: { from: string; to: string; amount: bigint }
  Approval: { owner: string; spender: string; amount: bigint }
}

export interface TokenInfo {
  name: string
  symbol: string
  decimals: number
  totalSupply: bigint
}

export class Token extends Contract<TokenEvents> {
  readonly info = new StorageValue<TokenInfo>('info', { name: '', symbol: '', decimals: 0, totalSupply: 0n })
  readonly owner = new StorageValue<string>('owner', '')
  readonly balances = new StorageMap<string, bigint>('balances')
  /** Keyed by `${owner}/${spender}`. */
  readonly allowances = new StorageMap<string, bigint>('allowances')

  @init
  init(name: string, symbol: string, decimals: number, supply: bigint): void {
    require(Number.isInteger(decimals) && decimals >= 0 && decimals <= 18, 'decimals must be an integer from 0 to 18')
    this.owner.set(caller())
    this.info.set({ name, symbol, decimals, totalSupply: 0n })
    this.#mint(caller(), supply)
  }

  @view
  tokenInfo(): TokenInfo {
    return this.info.get()
  }

  @view
  balanceOf(account: string): bigint {
    return this.balances.get(account, 0n)
  }

  @view
  allowance(owner: string, spender: string): bigint {
    return this.allowances.get(`${owner}/${spender}`, 0n)
  }

  @call
  transfer(to: string, amount: bigint): void {
    this.#move(caller(), to, amount)
  }

  @call
  approve(spender: string, amount: bigint): void {
    require(amount >= 0n, 'amount must not be negative')
    const owner = caller()
    this.allowances.set(`${owner}/${spender}`, amount)
    this.emit('Approval', { owner, spender, amount })
  }

  @call
  transferFrom(from: string, to: string, amount: bigint): void {
    const key = `${from}/${caller()}`
    const allowed = this.allowances.get(key, 0n)
    require(allowed >= amount, 'allowance exceeded')
    this.allowances.set(key, allowed - amount)
    this.#move(from, to, amount)
  }

  @call
  mint(to: string, amount: bigint): void {
    require(caller() === this.owner.get(), 'only the owner can mint')
    this.#mint(to, amount)
  }

  #mint(to: string, amount: bigint): void {
    require(amount >= 0n, 'amount must not be negative')
    const info = this.info.get()
    this.info.set({ ...info, totalSupply: info.totalSupply + amount })
    this.balances.set(to, this.balances.get(to, 0n) + amount)
    this.emit('Transfer', { from: '', to, amount })
  }

  #move(from: string, to: string, amount: bigint): void {
    require(amount > 0n, 'amount must be positive')
    const balance = this.balances.get(from, 0n)
    require(balance >= amount, 'insufficient balance')
    this.balances.set(from, balance - amount)
    this.balances.set(to, this.balances.get(to, 0n) + amount)
    this.emit('Transfer', { from, to, amount })
  }
}
