/**
 * `inkstone`: the contract standard library. A contract imports everything from here; the
 * compiler bundles the parts it uses into the contract, where they talk to the VM's bridge.
 * @module
 */
export { CallError, RevertError } from 'inkstone:host'
export { caller, context, gasLeft, require, revert, self, type Context } from './context.ts'
export { call, Contract, init, view, type ArgsOf, type EntryPoints, type EventsOf, type InstanceOf, type ResultOf } from './contract.ts'
export { contractAt, RemoteContract } from './remote.ts'
export type { StorageKey } from './_key.ts'
export { StorageMap, type PageOptions } from './storage-map.ts'
export { StorageSet } from './storage-set.ts'
export { StorageValue } from './storage-value.ts'
export { StorageVector } from './storage-vector.ts'
export * from './privacy/private-records.ts'
export { PrivateRecordsContract } from './privacy/records-contract.ts'
