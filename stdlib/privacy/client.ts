/**
 * `PrivacyClient`: one account's view of a contract built on the contract library
 * (private-records.ts). It encrypts before anything is sent and decrypts after it comes back, so
 * the chain only ever sees envelopes, wrapped keys and blind indexes. The contract is reached
 * through `PrivateRecordsApi`, which a typed `ContractClient` of such a contract satisfies (or an
 * RPC client with the same methods): the SDK itself does no I/O of its own.
 * @module
 */
import { abytes } from '../crypto/_assert.ts'
import { getPublicKey } from '../crypto/sm2-keys.ts'
import { grantedKey, openField, sealField, type Recipient } from './access.ts'
import { blindIndex, INDEX_KEY_LENGTH } from './blind-index.ts'
import { wrapDataKey } from './data-key.ts'
import { decryptField, encryptField } from './envelope.ts'
import { NotGrantedError } from './errors.ts'
import type { FieldRef } from './slot.ts'
import type { FieldWrite, GrantSummary, RewrappedKey, StoredField, StoredGrant } from './types.ts'

/** The entry points of a contract built on `PrivateRecords`, as a client calls them. */
export interface PrivateRecordsApi {
  /** The contract's address: part of every AAD. */
  readonly $address: string
  registerKey(publicKey: Uint8Array): Promise<unknown>
  writeField(record: string, field: string, write: FieldWrite, ownerKey?: Uint8Array): Promise<unknown>
  grant(record: string, field: string, grantee: string, wrappedKey: Uint8Array, expiresAt?: number): Promise<unknown>
  revoke(record: string, field: string, grantee: string): Promise<unknown>
  rotate(record: string, field: string, write: FieldWrite, keys: RewrappedKey[]): Promise<unknown>
  field(record: string, field: string): Promise<StoredField | null>
  grantOf(record: string, field: string, grantee: string): Promise<StoredGrant | null>
  grantees(record: string, field: string): Promise<GrantSummary[]>
  publicKeyOf(account: string): Promise<Uint8Array | null>
  findByIndex(field: string, blindIndex: Uint8Array): Promise<string[]>
}

export interface PrivacyClientOptions {
  api: PrivateRecordsApi
  /** The address this client's transactions come from. */
  account: string
  /** The account's SM2 private key: it opens the data keys wrapped to the account. */
  privateKey: Uint8Array
  /** The blind-index key, for clients that search or write searchable fields. */
  indexKey?: Uint8Array
  /** The clock expiry is judged by (ms); default `Date.now`. Pass the chain's block time when known. */
  now?: () => number
}

/**
 * @example
 * const doctor = new PrivacyClient({ api: client<typeof MedicalRecords>('medical', 'doctor'), account: 'doctor', privateKey })
 * await doctor.registerKey()
 * const allergies = new TextDecoder().decode(await doctor.read('patient-7', 'allergies'))
 */
export class PrivacyClient {
  readonly account: string
  readonly publicKey: Uint8Array
  readonly #api: PrivateRecordsApi
  readonly #privateKey: Uint8Array
  readonly #indexKey: Uint8Array | undefined
  readonly #now: () => number

  /** @throws {TypeError | RangeError} on a malformed private key or index key */
  constructor({ api, account, privateKey, indexKey, now = Date.now }: PrivacyClientOptions) {
    this.account = account
    this.publicKey = getPublicKey(privateKey)
    this.#api = api
    this.#privateKey = privateKey
    if (indexKey !== undefined) abytes(indexKey, 'indexKey', INDEX_KEY_LENGTH)
    this.#indexKey = indexKey
    this.#now = now
  }

  /** Publishes this account's public key in the contract's key directory, so others can grant to it. */
  async registerKey(): Promise<void> {
    await this.#api.registerKey(this.publicKey)
  }

  /**
   * Writes a field. A new field gets a fresh data key (version 1) wrapped to this account, its
   * owner; an existing one is encrypted under its current key, which this account must hold.
   * @param options.searchable - also store the value's blind index (needs the index key)
   * @throws {NotGrantedError | GrantExpiredError | StaleGrantError} for an existing field this account holds no current grant on
   * @throws {Error} when `searchable` is asked for without an index key
   */
  async write(record: string, field: string, plaintext: Uint8Array, options: { searchable?: boolean } = {}): Promise<void> {
    const ref = this.#ref(record, field)
    const index = options.searchable ? { blindIndex: this.#blindIndex(field, plaintext) } : {}
    const current = await this.#api.field(record, field)
    if (current === null) {
      const { ciphertext, keys } = sealField({ ...ref, keyVersion: 1 }, plaintext, [this.#self()])
      await this.#api.writeField(record, field, { ciphertext, keyVersion: 1, ...index }, keys[0]!.wrappedKey)
      return
    }
    const key = await this.#key(ref, current)
    const ciphertext = encryptField(key, { ...ref, keyVersion: current.keyVersion }, plaintext)
    await this.#api.writeField(record, field, { ciphertext, keyVersion: current.keyVersion, ...index })
  }

  /**
   * Reads and decrypts a field with this account's grant.
   * @throws {NotGrantedError} when there is no such field or no grant on it
   * @throws {GrantExpiredError | StaleGrantError} when the grant is no longer in force
   * @throws {AuthenticationError} when the ciphertext does not authenticate in its slot
   */
  async read(record: string, field: string): Promise<Uint8Array> {
    const ref = this.#ref(record, field)
    const stored = await this.#required(ref)
    return openField(this.#privateKey, ref, stored, await this.#api.grantOf(record, field, this.account), this.#now())
  }

  /**
   * The field's current data key, from this account's grant. A grantee can always keep it: that
   * is why a revocation that must hold is a rotation.
   */
  async dataKey(record: string, field: string): Promise<{ keyVersion: number; key: Uint8Array }> {
    const ref = this.#ref(record, field)
    const stored = await this.#required(ref)
    return { keyVersion: stored.keyVersion, key: await this.#key(ref, stored) }
  }

  /**
   * Grants `grantee` the field: wraps its current data key to the grantee's registered public key.
   * @param options.expiresAt - block time (ms) from which the grant no longer counts
   * @throws {Error} when the grantee has registered no key
   */
  async grant(record: string, field: string, grantee: string, options: { expiresAt?: number } = {}): Promise<void> {
    const ref = this.#ref(record, field)
    const key = await this.#key(ref, await this.#required(ref))
    const { publicKey } = await this.#recipient(grantee)
    await this.#api.grant(record, field, grantee, wrapDataKey(publicKey, key), options.expiresAt)
  }

  /** Soft revocation: deletes the grant. The grantee may have kept the key: rotate to shut them out of what comes next. */
  async revoke(record: string, field: string, grantee: string): Promise<void> {
    await this.#api.revoke(record, field, grantee)
  }

  /**
   * Rotates the field: a fresh data key (version + 1), the value re-encrypted under it and the key
   * wrapped to every grantee still in force, in one transaction. Whoever was revoked before, or
   * whose grant expired, cannot read anything written from now on.
   * @returns the new key version
   */
  async rotate(record: string, field: string): Promise<number> {
    const ref = this.#ref(record, field)
    const stored = await this.#required(ref)
    const plaintext = decryptField(await this.#key(ref, stored), { ...ref, keyVersion: stored.keyVersion }, stored.ciphertext)
    // Those in force by block time: the contract drops any that expire before the rotation lands.
    const holders = await this.#api.grantees(record, field)
    const recipients = await Promise.all(holders.map(({ grantee }) => this.#recipient(grantee)))
    const keyVersion = stored.keyVersion + 1
    const { ciphertext, keys } = sealField({ ...ref, keyVersion }, plaintext, recipients)
    // The value is unchanged, so its blind index (which no data key enters) carries over.
    const index = stored.blindIndex === undefined ? {} : { blindIndex: stored.blindIndex }
    await this.#api.rotate(record, field, { ciphertext, keyVersion, ...index }, keys)
    return keyVersion
  }

  /** The records whose `field` equals `value`, through the blind index (needs the index key). */
  async find(field: string, value: Uint8Array): Promise<string[]> {
    return this.#api.findByIndex(field, this.#blindIndex(field, value))
  }

  #ref(record: string, field: string): FieldRef {
    return { contract: this.#api.$address, record, field }
  }

  #self(): Recipient {
    return { account: this.account, publicKey: this.publicKey }
  }

  async #required(ref: FieldRef): Promise<StoredField> {
    const stored = await this.#api.field(ref.record, ref.field)
    if (stored === null) throw new NotGrantedError(`record "${ref.record}" has no field "${ref.field}"`)
    return stored
  }

  async #key(ref: FieldRef, stored: StoredField): Promise<Uint8Array> {
    return grantedKey(this.#privateKey, ref, stored, await this.#api.grantOf(ref.record, ref.field, this.account), this.#now())
  }

  async #recipient(account: string): Promise<Recipient> {
    if (account === this.account) return this.#self()
    const publicKey = await this.#api.publicKeyOf(account)
    if (publicKey === null) throw new Error(`${account} has registered no public key with ${this.#api.$address}`)
    return { account, publicKey }
  }

  #blindIndex(field: string, value: Uint8Array): Uint8Array {
    if (this.#indexKey === undefined) throw new Error(`${this.account} holds no index key: searchable fields need one`)
    return blindIndex(this.#indexKey, { contract: this.#api.$address, field }, value)
  }
}
