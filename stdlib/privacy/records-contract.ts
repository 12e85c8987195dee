/**
 * `PrivateRecordsContract`: a contract base class whose entry points are those of a
 * `PrivateRecords` store (the `PrivateRecordsApi` the privacy client calls), each a delegation.
 *
 * A contract extends it, adds how records come to be (`@call` methods calling `this.records.create`)
 * and may override an entry point to add its own policy, calling `super`: the compiler takes
 * inherited entry points into the ABI and an override replaces the inherited one.
 * The store's collections are named `records.*`.
 * @module
 */
import { emit } from 'inkstone:host'
import { call, Contract, view } from '../contract.ts'
import { PrivateRecords, type FieldWrite, type GrantSummary, type PrivateRecordEvents, type RewrappedKey, type StoredField, type StoredGrant } from './private-records.ts'

/**
 * @example
 * export class Medical extends PrivateRecordsContract {
 *   @call createRecord(record: string): void { this.records.create(record) }
 * }
 */
export abstract class PrivateRecordsContract<Events extends PrivateRecordEvents = PrivateRecordEvents> extends Contract<Events> {
  // The store's events are the contract's (Events includes them); emitted as Contract's emit does.
  readonly records = new PrivateRecords('records', emit)

  /** Publishes the caller's SM2 public key, so owners can grant to it. */
  @call
  registerKey(publicKey: Uint8Array): void {
    this.records.registerKey(publicKey)
  }

  @view
  publicKeyOf(account: string): Uint8Array | null {
    return this.records.publicKeyOf(account)
  }

  @call
  writeField(record: string, field: string, write: FieldWrite, ownerKey?: Uint8Array): void {
    this.records.write(record, field, write, ownerKey)
  }

  @view
  field(record: string, field: string): StoredField | null {
    return this.records.field(record, field)
  }

  @call
  grant(record: string, field: string, grantee: string, wrappedKey: Uint8Array, expiresAt?: number): void {
    this.records.grant(record, field, grantee, wrappedKey, expiresAt)
  }

  @view
  grantOf(record: string, field: string, grantee: string): StoredGrant | null {
    return this.records.grantOf(record, field, grantee)
  }

  @view
  grantees(record: string, field: string): GrantSummary[] {
    return this.records.grantees(record, field)
  }

  @call
  revoke(record: string, field: string, grantee: string): void {
    this.records.revoke(record, field, grantee)
  }

  @call
  rotate(record: string, field: string, write: FieldWrite, keys: RewrappedKey[]): void {
    this.records.rotate(record, field, write, keys)
  }

  /** Records whose `field` has this blind index. */
  @view
  findByIndex(field: string, blindIndex: Uint8Array): string[] {
    return this.records.findByIndex(field, blindIndex)
  }
}
