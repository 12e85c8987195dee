/**
 * Medical records shared field by field. A patient owns a record (allergies, medication,
 * diagnoses…), each field encrypted in the patient's client under its own data key; the chain
 * holds only envelopes and wrapped keys (stdlib/privacy, docs/privacy.md). The patient grants a
 * doctor one field, perhaps until a given time, revokes it, and rotates the field's key so a
 * revoked doctor cannot read what is written next; a treating doctor given the `writer` role can
 * add to a field it was granted. Every step is an audit event.
 */
import { call, Contract, init, PrivateRecords, StorageValue, view } from 'inkstone'
import type { FieldWrite, GrantSummary, PrivateRecordEvents, RecordInfo, RewrappedKey, Role, StoredField, StoredGrant } from 'inkstone'

export class MedicalRecords extends Contract<PrivateRecordEvents> {
  readonly records = new PrivateRecords('records', (name, data) => this.emit(name, data))
  readonly name = new StorageValue<string>('name', '')

  @init
  init(name: string): void {
    this.name.set(name)
  }

  @view
  registryName(): string {
    return this.name.get()
  }

  /** Publishes the caller's SM2 public key, so patients can grant to it. */
  @call
  registerKey(publicKey: Uint8Array): void {
    this.records.registerKey(publicKey)
  }

  @view
  publicKeyOf(account: string): Uint8Array | null {
    return this.records.publicKeyOf(account)
  }

  /** Opens a record owned by the caller (the patient). */
  @call
  createRecord(record: string): void {
    this.records.create(record)
  }

  @view
  recordInfo(record: string): RecordInfo | null {
    return this.records.record(record)
  }

  /** Lets a treating doctor write fields of the record it holds a current grant on (role `writer`), or stops it (null). */
  @call
  setRole(record: string, account: string, role: Role | null): void {
    this.records.setRole(record, account, role)
  }

  @view
  roleOf(record: string, account: string): Role | null {
    return this.records.roleOf(record, account)
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

  @view
  findByIndex(field: string, blindIndex: Uint8Array): string[] {
    return this.records.findByIndex(field, blindIndex)
  }
}
