/**
 * The contract class: `@call`, `@view` and `@init` mark its entry points, `Contract<Events>`
 * gives it typed events.
 *
 * The decorators are markers the compiler reads from the source (with the types of the method);
 * it removes them before bundling and generates the exports itself, so they cost nothing at run
 * time and their bodies never run in a contract.
 * @module
 */
import { emit } from 'inkstone:host'

type Method = (...args: never[]) => unknown

/** Marks a method as a state-changing entry point (a transaction). */
export function call(_method: Method, _context: ClassMethodDecoratorContext): void {}

/** Marks a method as a read-only entry point (a query): it may read storage, never write it or emit. */
export function view(_method: Method, _context: ClassMethodDecoratorContext): void {}

/**
 * Marks the initializer: exported as `init`, run once when the contract is deployed (a second
 * call reverts). At most one per contract.
 */
export function init(_method: Method, _context: ClassMethodDecoratorContext): void {}

/**
 * Base class of a contract with events. `Events` maps each event name to its data type; the
 * compiler puts them in the ABI and clients decode them with these types.
 * @example
 * interface TokenEvents { Transfer: { from: string; to: string; amount: bigint } }
 * export class Token extends Contract<TokenEvents> {
 *   @call transfer(to: string, amount: bigint): void { …; this.emit('Transfer', { from, to, amount }) }
 * }
 */
export abstract class Contract<Events extends object = {}> {
  /** Type only (nothing at run time): where the compiler and `EventsOf` find the event map. */
  declare protected readonly $events: Events

  /** Emits an event (at most 1024 per call); events of a failed call are dropped. */
  declare protected readonly emit: <Name extends keyof Events & string>(name: Name, data: Events[Name]) => void
}
// The bridge's emit itself (it reads no `this`), as a class method would be defined: a method
// passing its arguments on would be one more interpreted, metered call per event.
Object.defineProperty(Contract.prototype, 'emit', { value: emit, writable: true, configurable: true })

/** The instance type of a contract class (`typeof Token` → `Token`). */
export type InstanceOf<C> = C extends abstract new (...args: never) => infer I ? I : never

/** The names of a contract's public methods (the entry points: the compiler allows no others). */
export type EntryPoints<C> = {
  [K in keyof InstanceOf<C>]: InstanceOf<C>[K] extends Method ? K : never
}[keyof InstanceOf<C>] &
  string

/** The parameter list of entry point `M`. */
export type ArgsOf<C, M extends EntryPoints<C>> = InstanceOf<C>[M] extends (...args: infer A) => unknown ? A : never

/** What entry point `M` returns across a call: `void` methods return `null`. */
export type ResultOf<C, M extends EntryPoints<C>> = InstanceOf<C>[M] extends (...args: never[]) => infer R
  ? [R] extends [void]
    ? null
    : R
  : never

/** The event map of a contract class (`{}` when it does not extend `Contract<Events>`). */
export type EventsOf<C> = InstanceOf<C> extends Contract<infer E> ? E : {}
