/**
 * `inkstone/privacy`: the client SDK of field-level encryption (Node and browser; no `node:`
 * imports). Each field of a record has its own SM4-GCM data key per key version; the ciphertext
 * is bound to contract, record, field and key version; data keys reach grantees wrapped with SM2
 * encryption; blind indexes (HMAC-SM3) allow equality search. Encryption and decryption happen
 * only here, in the client: chain state is public. The contract side is `PrivateRecords`
 * (private-records.ts, exported by `inkstone`). See docs/privacy.md.
 * @example
 * import { PrivacyClient } from '../stdlib/privacy/index.ts'
 * const patient = new PrivacyClient({ api: medical, account: 'patient', privateKey })
 * await patient.write('patient-7', 'allergies', utf8('penicillin'))
 * await patient.grant('patient-7', 'allergies', 'doctor', { expiresAt })
 * @module
 */
export { AuthenticationError } from '../crypto/errors.ts'
export { GrantExpiredError, NotGrantedError, StaleGrantError } from './errors.ts'
export { fieldAad, type FieldRef, type FieldSlot } from './slot.ts'
export { encryptField, decryptField } from './envelope.ts'
export { generateDataKey, wrapDataKey, unwrapDataKey } from './data-key.ts'
export { blindIndex, generateIndexKey, INDEX_KEY_LENGTH } from './blind-index.ts'
export { grantedKey, openField, sealField, type Recipient } from './access.ts'
export { PrivacyClient, type PrivacyClientOptions, type PrivateRecordsApi } from './client.ts'
export * from './layout.ts'
export type * from './types.ts'
