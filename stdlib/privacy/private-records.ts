/**
 * `PrivateRecords`: the contract side of field-level encryption, a storage-backed store of
 * private records a contract holds in a field and exposes through its own entry points (or
 * inherits them, store included, from `PrivateRecordsContract`: records-contract.ts).
 *
 * It stores only what clients encrypted (stdlib/privacy SDK): per record an owner and roles, per
 * field an envelope and its key version, per (field, grantee) a wrapped data key with an optional
 * expiry, and a public-key directory. It never sees a plaintext or a data key and could not
 * check one: it checks who may do what (`require`), the outline of the bytes (layout.ts) and the
 * key versions, and emits an audit event for every write, grant, revocation and rotation.
 *
 *   - the owner creates fields, grants, revokes and rotates; a `writer` may write a field it
 *     holds a current grant on; anyone reads the (public) ciphertexts and wrapped keys;
 *   - soft revoke deletes the grant; hard revoke is a rotation: new envelope and key version
 *     + 1, the new key re-wrapped for exactly the grants still in force, in one call;
 *   - expiry is judged by block time: an expired grant neither writes nor survives a rotation.
 *
 * Storage: collections `<name>.records`, `<name>.roles`, `<name>.keys`, `<name>.fields`,
 * `<name>.grants`, `<name>.index`; entries are keyed `record/field/grantee`, which is why record
 * ids and field names may not contain `/`.
 * @module
 */
import { caller, context, require, revert } from '../context.ts'
import { encodeKey } from '../_key.ts'
import { StorageMap } from '../storage-map.ts'
import { StorageSet } from '../storage-set.ts'
import { BLIND_INDEX_LENGTH, ENVELOPE_OVERHEAD, ENVELOPE_VERSION, isExpired, MAX_FIELD_BYTES, MAX_GRANTEES, MAX_INDEX_MATCHES, nameProblem, WRAPPED_KEY_LENGTH } from './layout.ts'
import type { FieldWrite, GrantSummary, PrivateRecordEvents, RecordInfo, RewrappedKey, Role, StoredField, StoredGrant } from './types.ts'

export type { FieldWrite, GrantSummary, PrivateRecordEvents, RecordInfo, RewrappedKey, Role, StoredField, StoredGrant }

/**
 * How the store emits its events: the contract's own `emit`, passed as
 * `(name, data) => this.emit(name, data)`, which type-checks only when the contract's event map
 * includes `PrivateRecordEvents` (so its ABI and clients know them).
 */
export type PrivateRecordsEmit = (name: keyof PrivateRecordEvents, data: PrivateRecordEvents[keyof PrivateRecordEvents]) => void

/**
 * @example
 * export class Medical extends Contract<PrivateRecordEvents> {
 *   readonly records = new PrivateRecords('records', (name, data) => this.emit(name, data))
 *   @call grant(record: string, field: string, grantee: string, wrappedKey: Uint8Array, expiresAt?: number): void {
 *     this.records.grant(record, field, grantee, wrappedKey, expiresAt)
 *   }
 * }
 */
export class PrivateRecords {
  readonly #emit: PrivateRecordsEmit
  readonly #records: StorageMap<string, RecordInfo>
  readonly #roles: StorageMap<string, Role>
  readonly #keys: StorageMap<string, Uint8Array>
  readonly #fields: StorageMap<string, StoredField>
  readonly #grants: StorageMap<string, StoredGrant>
  /** Members `field/<encoded blind index>/record`: a lookup is one range of keys. */
  readonly #index: StorageSet<string>

  /** @param name - prefix of the store's collections (1–56 characters, no `:`, not starting with `$`), unique in the contract */
  constructor(name: string, emit: PrivateRecordsEmit) {
    this.#emit = emit
    this.#records = new StorageMap(`${name}.records`)
    this.#roles = new StorageMap(`${name}.roles`)
    this.#keys = new StorageMap(`${name}.keys`)
    this.#fields = new StorageMap(`${name}.fields`)
    this.#grants = new StorageMap(`${name}.grants`)
    this.#index = new StorageSet(`${name}.index`)
  }

  /** Publishes the caller's SM2 public key (65 bytes `04…` or 33 bytes `02…`/`03…`), replacing an earlier one. */
  registerKey(publicKey: Uint8Array): void {
    const prefix = publicKey[0]
    require((publicKey.length === 65 && prefix === 4) || (publicKey.length === 33 && (prefix === 2 || prefix === 3)), 'a public key is 65 bytes starting 04 or 33 bytes starting 02 or 03')
    const account = caller()
    this.#keys.set(account, publicKey)
    this.#event('KeyRegistered', { account, publicKey })
  }

  publicKeyOf(account: string): Uint8Array | null {
    return this.#keys.get(account) ?? null
  }

  /** Creates a record owned by the caller. */
  create(record: string): void {
    requireName('record', record)
    require(!this.#records.has(record), `record "${record}" already exists`)
    const { caller: owner, blockTime } = context()
    this.#records.set(record, { owner, createdAt: blockTime })
    this.#event('RecordCreated', { record, owner })
  }

  record(record: string): RecordInfo | null {
    return this.#records.get(record) ?? null
  }

  /** Gives `account` a role on the record, or takes it away (`null`). Owner only. */
  setRole(record: string, account: string, role: Role | null): void {
    this.#ownedBy(record, 'set roles')
    if (role === null) this.#roles.delete(`${record}/${account}`)
    else this.#roles.set(`${record}/${account}`, role)
    this.#event('RoleChanged', { record, account, role })
  }

  roleOf(record: string, account: string): Role | null {
    return this.#roles.get(`${record}/${account}`) ?? null
  }

  /**
   * Writes a field. A new field is the owner's: key version 1 and `ownerKey`, its data key
   * wrapped to the owner, which becomes the owner's grant. An existing field takes an envelope
   * under its current key version, from the owner or from a writer holding a current grant.
   */
  write(record: string, field: string, write: FieldWrite, ownerKey?: Uint8Array): void {
    const { owner } = this.#existing(record)
    requireName('field', field)
    requireEnvelope(write)
    const { caller: writer, blockTime } = context()
    const current = this.#fields.get(`${record}/${field}`)
    if (current === undefined) {
      require(writer === owner, `only the owner creates fields of record "${record}"`)
      require(write.keyVersion === 1, 'a new field starts at key version 1')
      require(ownerKey !== undefined, 'a new field needs ownerKey: its data key wrapped to the owner')
      requireWrappedKey(ownerKey)
      this.#grants.set(`${record}/${field}/${owner}`, { wrappedKey: ownerKey, keyVersion: 1, grantedBy: writer, grantedAt: blockTime, expiresAt: null })
      this.#event('Granted', { record, field, grantee: owner, keyVersion: 1, expiresAt: null, by: writer })
    } else {
      require(ownerKey === undefined, `field "${field}" exists: ownerKey is only for a new field`)
      require(write.keyVersion === current.keyVersion, `field "${field}" is at key version ${current.keyVersion}, not ${write.keyVersion}`)
      require(writer === owner || this.#mayWrite(record, field, writer, current.keyVersion, blockTime), `only the owner or a writer holding a current grant may write field "${field}" of record "${record}"`)
    }
    this.#store(record, field, write, current)
    this.#event('FieldWritten', { record, field, keyVersion: write.keyVersion, writer })
  }

  field(record: string, field: string): StoredField | null {
    return this.#fields.get(`${record}/${field}`) ?? null
  }

  /**
   * Grants `grantee` the field's current data key, wrapped to its public key, until `expiresAt`
   * (a future block time in ms) or for good. Replaces an earlier grant of the same grantee.
   * Owner only; at most 32 grants per field.
   */
  grant(record: string, field: string, grantee: string, wrappedKey: Uint8Array, expiresAt?: number): void {
    const { owner } = this.#ownedBy(record, 'grant')
    const current = this.#existingField(record, field)
    require(grantee.length > 0, 'the grantee is empty')
    require(grantee !== owner, "the owner's own grant comes with the field")
    requireWrappedKey(wrappedKey)
    const { caller: by, blockTime } = context()
    require(expiresAt === undefined || (Number.isSafeInteger(expiresAt) && expiresAt > blockTime), `expiresAt must be a block time after ${blockTime}`)
    const key = `${record}/${field}/${grantee}`
    require(this.#grants.has(key) || this.#grantsOf(record, field).length < MAX_GRANTEES, `field "${field}" already has ${MAX_GRANTEES} grants`)
    const expiry = expiresAt ?? null
    this.#grants.set(key, { wrappedKey, keyVersion: current.keyVersion, grantedBy: by, grantedAt: blockTime, expiresAt: expiry })
    this.#event('Granted', { record, field, grantee, keyVersion: current.keyVersion, expiresAt: expiry, by })
  }

  /** The grant as stored, expired or not: chain state is public anyway, and clients judge expiry too. */
  grantOf(record: string, field: string, grantee: string): StoredGrant | null {
    return this.#grants.get(`${record}/${field}/${grantee}`) ?? null
  }

  /** The grants in force at this block, the owner's included: whom a rotation must re-wrap for. */
  grantees(record: string, field: string): GrantSummary[] {
    const { blockTime } = context()
    return this.#grantsOf(record, field)
      .filter(([, grant]) => !isExpired(grant, blockTime))
      .map(([grantee, { keyVersion, expiresAt }]) => ({ grantee, keyVersion, expiresAt }))
  }

  /**
   * Soft revocation: deletes the grant. Owner only. The grantee may have kept the data key and
   * can still open what was written under it; `rotate` shuts it out of what comes next.
   */
  revoke(record: string, field: string, grantee: string): void {
    const { owner } = this.#ownedBy(record, 'revoke')
    require(grantee !== owner, 'the owner cannot revoke its own grant')
    const key = `${record}/${field}/${grantee}`
    const grant = this.#grants.get(key)
    require(grant !== undefined, `${grantee} holds no grant on field "${field}" of record "${record}"`)
    this.#grants.delete(key)
    this.#event('Revoked', { record, field, grantee, keyVersion: grant.keyVersion, reason: 'revoked', by: caller() })
  }

  /**
   * Hard revocation: the owner uploads the field re-encrypted under a fresh data key (key version
   * + 1) and that key wrapped for every grant in force, the owner's included, no more and no
   * less. Expired grants are dropped (a `Revoked` event with reason `expired` each), and a key
   * sent for one is ignored.
   */
  rotate(record: string, field: string, write: FieldWrite, keys: RewrappedKey[]): void {
    const { owner } = this.#ownedBy(record, 'rotate')
    const current = this.#existingField(record, field)
    requireEnvelope(write)
    const keyVersion = current.keyVersion + 1
    require(write.keyVersion === keyVersion, `a rotation of field "${field}" goes to key version ${keyVersion}, not ${write.keyVersion}`)
    const supplied = new Map<string, Uint8Array>()
    for (const { grantee, wrappedKey } of keys) {
      require(!supplied.has(grantee), `${grantee} appears twice in the rotation`)
      requireWrappedKey(wrappedKey)
      supplied.set(grantee, wrappedKey)
    }
    const { caller: by, blockTime } = context()
    const remaining: string[] = []
    for (const [grantee, grant] of this.#grantsOf(record, field)) {
      const key = `${record}/${field}/${grantee}`
      if (grantee !== owner && isExpired(grant, blockTime)) {
        // A key for it may have been sent: the grant expired between the client's read and this block.
        supplied.delete(grantee)
        this.#grants.delete(key)
        this.#event('Revoked', { record, field, grantee, keyVersion: grant.keyVersion, reason: 'expired', by })
        continue
      }
      const wrappedKey = supplied.get(grantee)
      require(wrappedKey !== undefined, `the rotation must re-wrap the key for ${grantee} (revoke ${grantee} first to leave them out)`)
      this.#grants.set(key, { ...grant, wrappedKey, keyVersion })
      supplied.delete(grantee)
      remaining.push(grantee)
    }
    for (const grantee of supplied.keys()) revert(`${grantee} holds no grant on field "${field}": grant after the rotation`)
    this.#store(record, field, write, current)
    this.#event('Rotated', { record, field, keyVersion, grantees: remaining, by })
  }

  /** The records (at most 100) whose `field` has the blind index `blindIndex`. */
  findByIndex(field: string, blindIndex: Uint8Array): string[] {
    require(blindIndex.length === BLIND_INDEX_LENGTH, `a blind index is ${BLIND_INDEX_LENGTH} bytes`)
    const prefix = `${field}/${encodeKey(blindIndex)}/`
    return this.#index
      .values({ after: prefix, limit: MAX_INDEX_MATCHES })
      .filter((member) => member.startsWith(prefix))
      .map((member) => member.slice(prefix.length))
  }

  /** Emits with the name and the data paired by type (PrivateRecordsEmit cannot pair them). */
  #event<Name extends keyof PrivateRecordEvents>(name: Name, data: PrivateRecordEvents[Name]): void {
    this.#emit(name, data)
  }

  #existing(record: string): RecordInfo {
    const info = this.#records.get(record)
    require(info !== undefined, `no record "${record}"`)
    return info
  }

  #ownedBy(record: string, action: string): RecordInfo {
    const info = this.#existing(record)
    require(caller() === info.owner, `only the owner of record "${record}" may ${action}`)
    return info
  }

  #existingField(record: string, field: string): StoredField {
    const current = this.#fields.get(`${record}/${field}`)
    require(current !== undefined, `record "${record}" has no field "${field}"`)
    return current
  }

  #mayWrite(record: string, field: string, account: string, keyVersion: number, now: number): boolean {
    const grant = this.#grants.get(`${record}/${field}/${account}`)
    return this.roleOf(record, account) === 'writer' && grant !== undefined && grant.keyVersion === keyVersion && !isExpired(grant, now)
  }

  /** The field's grants, grantee first; one page holds them all (at most MAX_GRANTEES). */
  #grantsOf(record: string, field: string): [string, StoredGrant][] {
    const prefix = `${record}/${field}/`
    return this.#grants
      .entries({ after: prefix, limit: MAX_GRANTEES })
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, grant]) => [key.slice(prefix.length), grant])
  }

  /** Stores the field and moves its blind-index entry from the old value to the new. */
  #store(record: string, field: string, write: FieldWrite, previous: StoredField | undefined): void {
    if (previous?.blindIndex !== undefined) this.#index.delete(`${field}/${encodeKey(previous.blindIndex)}/${record}`)
    if (write.blindIndex !== undefined) this.#index.add(`${field}/${encodeKey(write.blindIndex)}/${record}`)
    const { caller: writer, blockTime } = context()
    const stored: StoredField = { ciphertext: write.ciphertext, keyVersion: write.keyVersion, writer, writtenAt: blockTime }
    this.#fields.set(`${record}/${field}`, write.blindIndex === undefined ? stored : { ...stored, blindIndex: write.blindIndex })
  }
}

function requireName(what: 'record' | 'field', name: string): void {
  const problem = nameProblem(what, name)
  require(problem === undefined, problem ?? '')
}

function requireEnvelope({ ciphertext, keyVersion, blindIndex }: FieldWrite): void {
  require(Number.isInteger(keyVersion) && keyVersion >= 1 && keyVersion <= 0xffffffff, 'keyVersion must be an integer from 1 to 4294967295')
  require(ciphertext.length >= ENVELOPE_OVERHEAD && ciphertext.length <= ENVELOPE_OVERHEAD + MAX_FIELD_BYTES, `a field envelope is ${ENVELOPE_OVERHEAD} to ${ENVELOPE_OVERHEAD + MAX_FIELD_BYTES} bytes`)
  require(ciphertext[0] === ENVELOPE_VERSION, `unknown envelope version ${ciphertext[0]}`)
  require(blindIndex === undefined || blindIndex.length === BLIND_INDEX_LENGTH, `a blind index is ${BLIND_INDEX_LENGTH} bytes`)
}

function requireWrappedKey(wrappedKey: Uint8Array): void {
  require(wrappedKey.length === WRAPPED_KEY_LENGTH && wrappedKey[0] === 4, `a wrapped key is ${WRAPPED_KEY_LENGTH} bytes of SM2 C1C3C2 starting 04`)
}
