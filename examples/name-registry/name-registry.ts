/**
 * A name registry: names lease for a number of blocks and resolve to a target address and
 * optional data. The owner of a live name can update, transfer or release it; an expired name
 * can be registered by anyone.
 */
import { call, caller, Contract, context, require, StorageMap, view } from 'inkstone'
import { checkName } from './names.ts'

export interface NameRecord {
  owner: string
  target: string
  /** The block height from which the name is free again. */
  expires: number
  data?: Uint8Array
}

export interface RegistryEvents {
  Registered: { name: string; owner: string; expires: number }
  Transferred: { name: string; from: string; to: string }
  Released: { name: string }
}

/** The longest lease, in blocks. */
const MAX_LEASE = 1_000_000

export class NameRegistry extends Contract<RegistryEvents> {
  readonly records = new StorageMap<string, NameRecord>('records')

  @call
  register(name: string, target: string, blocks: number, data?: Uint8Array): number {
    checkName(name)
    require(Number.isInteger(blocks) && blocks > 0 && blocks <= MAX_LEASE, `a lease is 1 to ${MAX_LEASE} blocks`)
    const { caller, blockHeight } = context()
    require(this.#live(name) === undefined, `${name} is taken`)
    const expires = blockHeight + blocks
    this.records.set(name, data === undefined ? { owner: caller, target, expires } : { owner: caller, target, expires, data })
    this.emit('Registered', { name, owner: caller, expires })
    return expires
  }

  @call
  update(name: string, target: string, data?: Uint8Array): void {
    const { expires, owner } = this.#owned(name)
    this.records.set(name, data === undefined ? { owner, target, expires } : { owner, target, expires, data })
  }

  @call
  transfer(name: string, to: string): void {
    const record = this.#owned(name)
    this.records.set(name, { ...record, owner: to })
    this.emit('Transferred', { name, from: record.owner, to })
  }

  @call
  release(name: string): void {
    this.#owned(name)
    this.records.delete(name)
    this.emit('Released', { name })
  }

  /** The target of a live name, or null. */
  @view
  resolve(name: string): string | null {
    return this.#live(name)?.target ?? null
  }

  @view
  lookup(name: string): NameRecord | null {
    return this.#live(name) ?? null
  }

  /** Live names in alphabetical order, a page at a time: pass the last name seen as `after`. */
  @view
  list(after?: string, limit = 20): string[] {
    require(Number.isInteger(limit) && limit >= 1 && limit <= 100, 'limit must be 1 to 100')
    const { blockHeight } = context()
    return this.records
      .entries(after === undefined ? { limit } : { after, limit })
      .filter(([, record]) => record.expires > blockHeight)
      .map(([name]) => name)
  }

  #live(name: string): NameRecord | undefined {
    const record = this.records.get(name)
    return record !== undefined && record.expires > context().blockHeight ? record : undefined
  }

  #owned(name: string): NameRecord {
    const record = this.#live(name)
    require(record !== undefined, `${name} is not registered`)
    require(record.owner === caller(), `${name} belongs to someone else`)
    return record
  }
}
