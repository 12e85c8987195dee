/**
 * The values the contract library stores, takes and emits, as the SDK reads and sends them.
 * Types only: shared by the contract library (bundled into contracts) and the client SDK.
 * @module
 */

/** A role an owner gives on a record. A writer may write fields it holds a current grant for. */
export type Role = 'writer'

export interface RecordInfo {
  owner: string
  /** Block time of creation (ms). */
  createdAt: number
}

/** What a write or a rotation uploads for one field. */
export interface FieldWrite {
  /** The envelope (layout.ts), encrypted under the field's data key for `keyVersion`. */
  ciphertext: Uint8Array
  keyVersion: number
  /** The value's blind index (blind-index.ts); absent when the field is not searchable. */
  blindIndex?: Uint8Array
}

/** A field as stored on chain: public, so only ciphertext. */
export interface StoredField {
  ciphertext: Uint8Array
  keyVersion: number
  writer: string
  /** Block time of the write (ms). */
  writtenAt: number
  blindIndex?: Uint8Array
}

/** A grantee's access to one field: the field's data key wrapped to the grantee's SM2 key. */
export interface StoredGrant {
  wrappedKey: Uint8Array
  /** The key version the wrapped key opens. */
  keyVersion: number
  grantedBy: string
  grantedAt: number
  /** Block time (ms) from which the grant no longer counts; null for no expiry. */
  expiresAt: number | null
}

/** One line of a field's grant list. */
export interface GrantSummary {
  grantee: string
  keyVersion: number
  expiresAt: number | null
}

/** A rotation's new data key, wrapped to one remaining grantee. */
export interface RewrappedKey {
  grantee: string
  wrappedKey: Uint8Array
}

/** The audit trail: every grant, revocation, rotation and write is an event. */
export interface PrivateRecordEvents {
  RecordCreated: { record: string; owner: string }
  RoleChanged: { record: string; account: string; role: Role | null }
  KeyRegistered: { account: string; publicKey: Uint8Array }
  FieldWritten: { record: string; field: string; keyVersion: number; writer: string }
  Granted: { record: string; field: string; grantee: string; keyVersion: number; expiresAt: number | null; by: string }
  /** `expired`: dropped by a rotation because its expiry had passed. */
  Revoked: { record: string; field: string; grantee: string; keyVersion: number; reason: 'revoked' | 'expired'; by: string }
  /** `grantees`: who holds the new key (the owner included). */
  Rotated: { record: string; field: string; keyVersion: number; grantees: string[]; by: string }
}
