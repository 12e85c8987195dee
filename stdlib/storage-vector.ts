/**
 * `StorageVector<T>`: a persistent list; its length and each element are separate storage keys
 * (`<name>` and `<name>:d<index>`), so reading element i loads that element only.
 * @module
 */
import { storage } from 'inkstone:host'
import { collectionName, encodeKey } from './_key.ts'

/**
 * @example
 * readonly proposals = new StorageVector<Proposal>('proposals')
 * const id = this.proposals.push({ title, votes: 0n }) - 1
 * for (const proposal of this.proposals) …
 */
export class StorageVector<T> {
  readonly #name: string

  /** @param name - unique within the contract: the storage key of the length and prefix of the elements */
  constructor(name: string) {
    this.#name = collectionName(name)
  }

  /** Read from storage each time: the instance holding this vector is frozen (stdlib/_entry.ts). */
  get length(): number {
    return (storage.get(this.#name) as number | undefined) ?? 0
  }

  /** The element at `index`, or `undefined` outside 0 … length − 1 (like an array). */
  get(index: number): T | undefined {
    if (!this.#inRange(index)) return undefined
    return storage.get(this.#key(index)) as T
  }

  /** Replaces the element at `index`; throws RangeError outside 0 … length − 1. */
  set(index: number, value: T): void {
    if (!this.#inRange(index)) throw new RangeError(`index ${index} is out of range for a vector of length ${this.length}`)
    storage.set(this.#key(index), value)
  }

  /** Appends an element; returns the new length. */
  push(value: T): number {
    const length = this.length
    storage.set(this.#key(length), value)
    storage.set(this.#name, length + 1)
    return length + 1
  }

  /** Removes and returns the last element (`undefined` when empty). */
  pop(): T | undefined {
    const length = this.length
    if (length === 0) return undefined
    const key = this.#key(length - 1)
    const value = storage.get(key) as T
    storage.delete(key)
    storage.set(this.#name, length - 1)
    return value
  }

  /** Iterates the elements in order, loading each as it is reached. */
  [Symbol.iterator](): Iterator<T> {
    let index = 0
    const length = this.length
    return {
      next: () => (index < length ? { value: this.get(index++) as T, done: false } : { value: undefined, done: true }),
    }
  }

  #inRange(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.length
  }

  #key(index: number): string {
    return this.#name + ':' + encodeKey(index)
  }
}
