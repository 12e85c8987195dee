/**
 * Medical records shared field by field. A patient owns a record (allergies, medication,
 * diagnoses…), each field encrypted in the patient's client under its own data key; the chain
 * holds only envelopes and wrapped keys (stdlib/privacy, docs/privacy.md). The patient grants a
 * doctor one field, perhaps until a given time, revokes it, and rotates the field's key so a
 * revoked doctor cannot read what is written next; a treating doctor given the `writer` role can
 * add to a field it was granted. Every step is an audit event.
 */
import { call, init, PrivateRecordsContract, StorageValue, view } from 'inkstone'
import type { RecordInfo, Role } from 'inkstone'

/** The entry points of the records themselves (keys, fields, grants, rotation) are inherited. */
export class MedicalRecords extends PrivateRecordsContract {
  readonly name = new StorageValue<string>('name', '')

  @init
  init(name: string): void {
    this.name.set(name)
  }

  @view
  registryName(): string {
    return this.name.get()
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
}
