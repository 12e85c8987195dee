/** A counter anyone can increment, once a minute at most; its owner can reset it. */
import { call, caller, Contract, context, init, require, StorageValue, view } from 'inkstone'

export interface CounterEvents {
  Incremented: { by: string; value: bigint }
}

export class Counter extends Contract<CounterEvents> {
  readonly count = new StorageValue<bigint>('count', 0n)
  readonly owner = new StorageValue<string>('owner', '')
  /** Block time of the last increment (ms). */
  readonly last = new StorageValue<number>('last', 0)

  @init
  init(start: bigint): void {
    this.owner.set(caller())
    this.count.set(start)
  }

  @view
  value(): bigint {
    return this.count.get()
  }

  @call
  increment(): bigint {
    const now = context().blockTime
    require(now >= this.last.get() + 60_000, 'wait a minute between increments')
    this.last.set(now)
    const value = this.count.get() + 1n
    this.count.set(value)
    console.log(`count is now ${value}`)
    this.emit('Incremented', { by: caller(), value })
    return value
  }

  @call
  reset(): void {
    require(caller() === this.owner.get(), 'only the owner can reset')
    this.count.set(0n)
  }
}
