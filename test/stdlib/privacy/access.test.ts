import { describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  GrantExpiredError,
  grantedKey,
  NotGrantedError,
  openField,
  sealField,
  StaleGrantError,
  wrapDataKey,
  type FieldRef,
  type StoredField,
  type StoredGrant,
} from '../../../stdlib/privacy/index.ts'
import { keyPair, text, utf8 } from './_parties.ts'

const ref: FieldRef = { contract: 'medical', record: 'patient-7', field: 'allergies' }
const owner = keyPair()
const doctor = keyPair()
const stranger = keyPair()
const now = 1_700_000_000_000

function stored(keyVersion = 1) {
  const { dataKey, ciphertext, keys } = sealField({ ...ref, keyVersion }, utf8('penicillin'), [
    { account: 'owner', publicKey: owner.publicKey },
    { account: 'doctor', publicKey: doctor.publicKey },
  ])
  const field: StoredField = { ciphertext, keyVersion, writer: 'owner', writtenAt: now }
  const grant = (grantee: string, expiresAt: number | null = null): StoredGrant => ({
    wrappedKey: keys.find((key) => key.grantee === grantee)!.wrappedKey,
    keyVersion,
    grantedBy: 'owner',
    grantedAt: now,
    expiresAt,
  })
  return { dataKey, field, grant }
}

describe('opening a field with a grant', () => {
  it('seals once for every recipient, in order', () => {
    const { field, grant } = stored()
    expect(text(openField(owner.privateKey, ref, field, grant('owner'), now))).toBe('penicillin')
    expect(text(openField(doctor.privateKey, ref, field, grant('doctor'), now))).toBe('penicillin')
  })

  it('needs a grant', () => {
    const { field } = stored()
    expect(() => openField(stranger.privateKey, ref, field, null, now)).toThrow(NotGrantedError)
    expect(() => openField(stranger.privateKey, ref, field, null, now)).toThrow('no grant on field "allergies" of record "patient-7"')
  })

  it('needs the grantee private key: someone else holding the grant fails authentication', () => {
    const { field, grant } = stored()
    expect(() => openField(stranger.privateKey, ref, field, grant('doctor'), now)).toThrow(AuthenticationError)
  })

  it('refuses an expired grant from its expiry on', () => {
    const { field, grant } = stored()
    expect(text(openField(doctor.privateKey, ref, field, grant('doctor', now + 1), now))).toBe('penicillin')
    expect(() => openField(doctor.privateKey, ref, field, grant('doctor', now), now)).toThrow(GrantExpiredError)
    expect(() => openField(doctor.privateKey, ref, field, grant('doctor', now - 1), now)).toThrow(`the grant on field "allergies" of record "patient-7" expired at ${now - 1}`)
  })

  it('refuses a grant of another key version than the field (rotated since)', () => {
    const { field, grant } = stored(2)
    const old = { ...grant('doctor'), keyVersion: 1 }
    expect(() => grantedKey(doctor.privateKey, ref, field, old, now)).toThrow(StaleGrantError)
    expect(() => grantedKey(doctor.privateKey, ref, field, old, now)).toThrow('opens key version 1, the field is at 2')
  })

  it('fails authentication when a grant wraps the key of another field', () => {
    const mine = stored()
    const other = stored()
    const misplaced = { ...mine.grant('doctor'), wrappedKey: wrapDataKey(doctor.publicKey, other.dataKey) }
    expect(() => openField(doctor.privateKey, ref, mine.field, misplaced, now)).toThrow(AuthenticationError)
  })
})
