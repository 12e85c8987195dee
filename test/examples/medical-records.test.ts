import { beforeAll, describe, expect, it } from 'vitest'
import type { Artifact } from '../../compiler/artifact.ts'
import type { MedicalRecords } from '../../examples/medical-records/medical-records.ts'
import {
  AuthenticationError,
  decryptField,
  GrantExpiredError,
  NotGrantedError,
  unwrapDataKey,
  type PrivateRecordsApi,
} from '../../stdlib/privacy/index.ts'
import { build, devChain } from '../compiler/dev-chain.ts'
import { auditTrail, chainClock, containsBytes, parties, stateBytes, text, utf8 } from '../stdlib/privacy/_parties.ts'

const ACCOUNTS = ['patient', 'doctor', 'surgeon', 'stranger'] as const

describe('examples/medical-records', () => {
  let artifact: Artifact
  beforeAll(async () => {
    artifact = await build('examples/medical-records/medical-records.ts')
  })

  /** A deployed registry with the patient's record: allergies, medication and an HIV test result. */
  async function clinic() {
    const dev = await devChain({ medical: { artifact, init: ['City Hospital'], deployer: 'hospital' } })
    const people = await parties<typeof MedicalRecords, (typeof ACCOUNTS)[number]>(dev, 'medical', ACCOUNTS)
    const { patient } = people
    await patient.api.createRecord('patient-7')
    await patient.privacy.write('patient-7', 'allergies', utf8('penicillin'))
    await patient.privacy.write('patient-7', 'medication', utf8('warfarin 5 mg daily'))
    await patient.privacy.write('patient-7', 'hivTest', utf8('negative (2024-03-02)'))
    return { dev, ...people }
  }

  it('has the ABI of its snapshot, and its typed client is a PrivateRecordsApi', async () => {
    await expect(JSON.stringify(artifact.abi, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/medical-records.abi.json')
    const { dev } = await clinic()
    const api: PrivateRecordsApi = dev.client<typeof MedicalRecords>('medical', 'patient')
    expect(api.$address).toBe('medical')
  })

  it('keeps only ciphertexts and wrapped keys on chain', async () => {
    const { dev, patient } = await clinic()
    await patient.privacy.grant('patient-7', 'allergies', 'doctor')
    const state = stateBytes(dev, 'medical')
    for (const secret of ['penicillin', 'warfarin', 'negative']) expect(containsBytes(state, utf8(secret)), secret).toBe(false)
    const stored = (await patient.api.field('patient-7', 'allergies'))!
    expect(stored).toMatchObject({ keyVersion: 1, writer: 'patient' })
    expect(stored.ciphertext.length).toBe(61 + 'penicillin'.length)
    expect((await patient.api.grantOf('patient-7', 'allergies', 'doctor'))!.wrappedKey.length).toBe(113)
  })

  it('lets a doctor granted one field read that field only; a stranger reads nothing', async () => {
    const { patient, doctor, stranger } = await clinic()
    await patient.privacy.grant('patient-7', 'allergies', 'doctor')

    expect(text(await doctor.privacy.read('patient-7', 'allergies'))).toBe('penicillin')
    await expect(doctor.privacy.read('patient-7', 'hivTest')).rejects.toThrow(NotGrantedError)
    await expect(stranger.privacy.read('patient-7', 'allergies')).rejects.toThrow(NotGrantedError)

    // Going around the SDK does not help: the doctor's key for allergies does not open another
    // field, and the stranger's private key opens none of the wrapped keys on chain.
    const allergiesKey = (await doctor.privacy.dataKey('patient-7', 'allergies')).key
    const hiv = (await stranger.api.field('patient-7', 'hivTest'))!
    expect(() => decryptField(allergiesKey, { contract: 'medical', record: 'patient-7', field: 'hivTest', keyVersion: 1 }, hiv.ciphertext)).toThrow(AuthenticationError)
    for (const grantee of ['patient', 'doctor']) {
      const { wrappedKey } = (await stranger.api.grantOf('patient-7', 'allergies', grantee))!
      expect(() => unwrapDataKey(stranger.privateKey, wrappedKey)).toThrow(AuthenticationError)
    }
  })

  it('fails authentication for a ciphertext moved to another field or another record', async () => {
    const { patient, doctor } = await clinic()
    await patient.api.createRecord('patient-8')
    await patient.privacy.write('patient-8', 'allergies', utf8('none known'))
    await patient.privacy.grant('patient-7', 'medication', 'doctor')
    await patient.privacy.grant('patient-7', 'allergies', 'doctor')
    await patient.api.setRole('patient-7', 'doctor', 'writer')

    // The doctor may write allergies (a writer with a grant), and copies in another slot's ciphertext.
    const fromField = (await doctor.api.field('patient-7', 'medication'))!.ciphertext
    await doctor.api.writeField('patient-7', 'allergies', { ciphertext: fromField, keyVersion: 1 })
    await expect(patient.privacy.read('patient-7', 'allergies')).rejects.toThrow(AuthenticationError)
    await expect(doctor.privacy.read('patient-7', 'allergies')).rejects.toThrow(/field "allergies" of record "patient-7" at key version 1 does not authenticate/)

    const fromRecord = (await doctor.api.field('patient-8', 'allergies'))!.ciphertext
    await doctor.api.writeField('patient-7', 'allergies', { ciphertext: fromRecord, keyVersion: 1 })
    await expect(patient.privacy.read('patient-7', 'allergies')).rejects.toThrow(AuthenticationError)

    // A proper write by the doctor works: it holds the field's key.
    await doctor.privacy.write('patient-7', 'allergies', utf8('penicillin, latex'))
    expect(text(await patient.privacy.read('patient-7', 'allergies'))).toBe('penicillin, latex')
  })

  it('revokes softly, then rotates: the revoked doctor cannot read what is written after', async () => {
    const { patient, doctor, surgeon } = await clinic()
    await patient.privacy.grant('patient-7', 'medication', 'doctor')
    await patient.privacy.grant('patient-7', 'medication', 'surgeon')
    const kept = await doctor.privacy.dataKey('patient-7', 'medication')

    await patient.privacy.revoke('patient-7', 'medication', 'doctor')
    await expect(doctor.privacy.read('patient-7', 'medication')).rejects.toThrow(NotGrantedError)
    // Soft: a key the doctor kept still opens what was written under it.
    const before = (await doctor.api.field('patient-7', 'medication'))!
    expect(text(decryptField(kept.key, slot(1, 'medication'), before.ciphertext))).toBe('warfarin 5 mg daily')

    expect(await patient.privacy.rotate('patient-7', 'medication')).toBe(2)
    await patient.privacy.write('patient-7', 'medication', utf8('apixaban 5 mg twice daily'))
    const after = (await doctor.api.field('patient-7', 'medication'))!
    expect(after.keyVersion).toBe(2)
    expect(() => decryptField(kept.key, slot(2, 'medication'), after.ciphertext)).toThrow(AuthenticationError)
    expect(() => decryptField(kept.key, slot(1, 'medication'), after.ciphertext)).toThrow(AuthenticationError)
    await expect(doctor.privacy.read('patient-7', 'medication')).rejects.toThrow(NotGrantedError)

    // Whoever remains was re-wrapped the new key in the same transaction.
    expect(text(await surgeon.privacy.read('patient-7', 'medication'))).toBe('apixaban 5 mg twice daily')
    expect(text(await patient.privacy.read('patient-7', 'medication'))).toBe('apixaban 5 mg twice daily')
  })

  it('records every write, grant, revocation and rotation as an audit event', async () => {
    const { dev, patient, doctor } = await clinic()
    const trail = auditTrail(dev)
    await patient.privacy.write('patient-7', 'diagnosis', utf8('atrial fibrillation'))
    await patient.privacy.grant('patient-7', 'diagnosis', 'doctor')
    await patient.api.setRole('patient-7', 'doctor', 'writer')
    await doctor.privacy.write('patient-7', 'diagnosis', utf8('atrial fibrillation, paroxysmal'))
    await patient.privacy.revoke('patient-7', 'diagnosis', 'doctor')
    await patient.privacy.rotate('patient-7', 'diagnosis')
    const at = { record: 'patient-7', field: 'diagnosis' }
    expect(trail).toEqual([
      { name: 'Granted', data: { ...at, grantee: 'patient', keyVersion: 1, expiresAt: null, by: 'patient' } },
      { name: 'FieldWritten', data: { ...at, keyVersion: 1, writer: 'patient' } },
      { name: 'Granted', data: { ...at, grantee: 'doctor', keyVersion: 1, expiresAt: null, by: 'patient' } },
      { name: 'RoleChanged', data: { record: 'patient-7', account: 'doctor', role: 'writer' } },
      { name: 'FieldWritten', data: { ...at, keyVersion: 1, writer: 'doctor' } },
      { name: 'Revoked', data: { ...at, grantee: 'doctor', keyVersion: 1, reason: 'revoked', by: 'patient' } },
      { name: 'Rotated', data: { ...at, keyVersion: 2, grantees: ['patient'], by: 'patient' } },
    ])
  })

  it('ends a grant at its expiry (block time): no more writes, dropped by the next rotation, refused by the client', async () => {
    const { dev, patient, surgeon } = await clinic()
    const clock = chainClock(dev)
    const expiresAt = clock() + 10
    await patient.privacy.grant('patient-7', 'hivTest', 'surgeon', { expiresAt })
    await patient.api.setRole('patient-7', 'surgeon', 'writer')
    expect(text(await surgeon.privacy.read('patient-7', 'hivTest'))).toBe('negative (2024-03-02)')
    expect((await patient.api.grantees('patient-7', 'hivTest')).map((grant) => grant.grantee)).toEqual(['patient', 'surgeon'])

    while (clock() < expiresAt) await patient.api.recordInfo('patient-7') // each call is a block 1 ms later
    expect((await patient.api.grantees('patient-7', 'hivTest')).map((grant) => grant.grantee)).toEqual(['patient'])
    const { ciphertext, keyVersion } = (await patient.api.field('patient-7', 'hivTest'))!
    const write = surgeon.api.writeField('patient-7', 'hivTest', { ciphertext, keyVersion })
    await expect(write).rejects.toThrow('only the owner or a writer holding a current grant may write field "hivTest" of record "patient-7"')
    await expect(surgeon.privacy.read('patient-7', 'hivTest')).rejects.toThrow(GrantExpiredError)

    const trail = auditTrail(dev)
    expect(await patient.privacy.rotate('patient-7', 'hivTest')).toBe(2)
    expect(await patient.api.grantOf('patient-7', 'hivTest', 'surgeon')).toBe(null)
    expect(trail).toEqual([
      { name: 'Revoked', data: { record: 'patient-7', field: 'hivTest', grantee: 'surgeon', keyVersion: 1, reason: 'expired', by: 'patient' } },
      { name: 'Rotated', data: { record: 'patient-7', field: 'hivTest', keyVersion: 2, grantees: ['patient'], by: 'patient' } },
    ])
  })
})

function slot(keyVersion: number, field: string) {
  return { contract: 'medical', record: 'patient-7', field, keyVersion }
}
