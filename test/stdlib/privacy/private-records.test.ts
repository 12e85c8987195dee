// PrivateRecords' policy, through the thinnest contract built on it (examples/medical-records
// delegates every entry point). The bytes only need the outline the contract checks: the
// cryptography is tested in the SDK's suites and end to end in test/examples.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Artifact } from '../../../compiler/artifact.ts'
import type { MedicalRecords } from '../../../examples/medical-records/medical-records.ts'
import { ENVELOPE_OVERHEAD, MAX_GRANTEES, WRAPPED_KEY_LENGTH, type FieldWrite } from '../../../stdlib/privacy/index.ts'
import { build, devChain } from '../../compiler/dev-chain.ts'

const envelope = (fill = 0): Uint8Array => new Uint8Array(ENVELOPE_OVERHEAD + 4).fill(fill).fill(1, 0, 1)
const wrapped = (fill = 0): Uint8Array => new Uint8Array(WRAPPED_KEY_LENGTH).fill(fill).fill(4, 0, 1)
const v = (keyVersion: number, extra: Partial<FieldWrite> = {}): FieldWrite => ({ ciphertext: envelope(keyVersion), keyVersion, ...extra })

describe('PrivateRecords', () => {
  let artifact: Artifact
  beforeAll(async () => {
    artifact = await build('examples/medical-records/medical-records.ts')
  })

  /** A record `r` of `owner` with field `f` at key version 1, granted to `reader`. */
  async function store() {
    const dev = await devChain({ store: { artifact, init: ['test'] } })
    const as = (account: string) => dev.client<typeof MedicalRecords>('store', account)
    const owner = as('owner')
    await owner.createRecord('r')
    await owner.writeField('r', 'f', v(1), wrapped())
    await owner.grant('r', 'f', 'reader', wrapped(1))
    return { dev, owner, reader: as('reader'), other: as('other') }
  }

  it('lets only the owner create fields, grant, revoke, rotate and set roles', async () => {
    const { reader } = await store()
    const denied = [
      [() => reader.writeField('r', 'g', v(1), wrapped()), 'only the owner creates fields of record "r"'],
      [() => reader.grant('r', 'f', 'other', wrapped()), 'only the owner of record "r" may grant'],
      [() => reader.revoke('r', 'f', 'reader'), 'only the owner of record "r" may revoke'],
      [() => reader.rotate('r', 'f', v(2), []), 'only the owner of record "r" may rotate'],
      [() => reader.setRole('r', 'reader', 'writer'), 'only the owner of record "r" may set roles'],
      [() => reader.writeField('r', 'f', v(1)), 'only the owner or a writer holding a current grant may write field "f" of record "r"'],
    ] as const
    for (const [call, message] of denied) await expect(call()).rejects.toMatchObject({ kind: 'revert', message })
  })

  it('checks record and field names, a second creation, and unknown records and fields', async () => {
    const { owner } = await store()
    await expect(owner.createRecord('r')).rejects.toThrow('record "r" already exists')
    await expect(owner.createRecord('a/b')).rejects.toThrow(`record name "a/b" may not contain '/'`)
    await expect(owner.createRecord('x'.repeat(65))).rejects.toThrow('a record name must be 1 to 64 characters')
    await expect(owner.writeField('r', '', v(1), wrapped())).rejects.toThrow('a field name must be 1 to 64 characters')
    await expect(owner.writeField('nope', 'f', v(1), wrapped())).rejects.toThrow('no record "nope"')
    await expect(owner.grant('r', 'g', 'reader', wrapped())).rejects.toThrow('record "r" has no field "g"')
  })

  it('starts a field at key version 1 with the owner key, then keeps writes at the current version', async () => {
    const { owner } = await store()
    await expect(owner.writeField('r', 'g', v(2), wrapped())).rejects.toThrow('a new field starts at key version 1')
    await expect(owner.writeField('r', 'g', v(1))).rejects.toThrow('a new field needs ownerKey')
    await expect(owner.writeField('r', 'f', v(1), wrapped())).rejects.toThrow('field "f" exists: ownerKey is only for a new field')
    await expect(owner.writeField('r', 'f', v(2))).rejects.toThrow('field "f" is at key version 1, not 2')
    await owner.writeField('r', 'f', v(1))
    expect(await owner.grantees('r', 'f')).toEqual([
      { grantee: 'owner', keyVersion: 1, expiresAt: null },
      { grantee: 'reader', keyVersion: 1, expiresAt: null },
    ])
  })

  it('checks the outline of envelopes, wrapped keys, blind indexes and public keys', async () => {
    const { owner } = await store()
    const short = { ciphertext: envelope().subarray(0, ENVELOPE_OVERHEAD - 1), keyVersion: 1 }
    await expect(owner.writeField('r', 'f', short)).rejects.toThrow(`a field envelope is ${ENVELOPE_OVERHEAD} to`)
    await expect(owner.writeField('r', 'f', { ciphertext: envelope().fill(2, 0, 1), keyVersion: 1 })).rejects.toThrow('unknown envelope version 2')
    await expect(owner.writeField('r', 'f', v(1, { blindIndex: new Uint8Array(31) }))).rejects.toThrow('a blind index is 32 bytes')
    await expect(owner.writeField('r', 'f', { ...v(1), keyVersion: 1.5 })).rejects.toThrow('keyVersion must be an integer')
    await expect(owner.grant('r', 'f', 'other', wrapped().subarray(1))).rejects.toThrow(`a wrapped key is ${WRAPPED_KEY_LENGTH} bytes of SM2 C1C3C2 starting 04`)
    await expect(owner.grant('r', 'f', 'other', wrapped().fill(2, 0, 1))).rejects.toThrow('starting 04')
    await expect(owner.registerKey(new Uint8Array(64))).rejects.toThrow('a public key is 65 bytes starting 04 or 33 bytes starting 02 or 03')
    await owner.registerKey(new Uint8Array(33).fill(3, 0, 1))
    expect(await owner.publicKeyOf('owner')).toEqual(new Uint8Array(33).fill(3, 0, 1))
    expect(await owner.publicKeyOf('other')).toBe(null)
  })

  it('keeps the owner grant out of grant and revoke, and refuses an expiry in the past', async () => {
    const { owner } = await store()
    await expect(owner.grant('r', 'f', 'owner', wrapped())).rejects.toThrow("the owner's own grant comes with the field")
    await expect(owner.revoke('r', 'f', 'owner')).rejects.toThrow('the owner cannot revoke its own grant')
    await expect(owner.revoke('r', 'f', 'other')).rejects.toThrow('other holds no grant on field "f" of record "r"')
    await expect(owner.grant('r', 'f', 'other', wrapped(), 1_000)).rejects.toThrow('expiresAt must be a block time after')
    await expect(owner.grant('r', 'f', '', wrapped())).rejects.toThrow('the grantee is empty')
  })

  it('rotates only with the new key wrapped for exactly the grants in force', async () => {
    const { owner, reader } = await store()
    const keys = [
      { grantee: 'owner', wrappedKey: wrapped(2) },
      { grantee: 'reader', wrappedKey: wrapped(3) },
    ]
    await expect(owner.rotate('r', 'f', v(3), keys)).rejects.toThrow('a rotation of field "f" goes to key version 2, not 3')
    await expect(owner.rotate('r', 'f', v(2), keys.slice(0, 1))).rejects.toThrow('the rotation must re-wrap the key for reader (revoke reader first to leave them out)')
    await expect(owner.rotate('r', 'f', v(2), [...keys, { grantee: 'other', wrappedKey: wrapped() }])).rejects.toThrow('other holds no grant on field "f": grant after the rotation')
    await expect(owner.rotate('r', 'f', v(2), [...keys, keys[1]!])).rejects.toThrow('reader appears twice in the rotation')
    await owner.rotate('r', 'f', v(2), keys)
    expect(await reader.grantOf('r', 'f', 'reader')).toMatchObject({ wrappedKey: wrapped(3), keyVersion: 2, grantedBy: 'owner' })
    expect(await reader.field('r', 'f')).toMatchObject({ ciphertext: envelope(2), keyVersion: 2, writer: 'owner' })
  })

  it('drops expired grants at rotation, ignoring a key sent for one', async () => {
    const { dev, owner } = await store()
    const blockTime = (await owner.field('r', 'f'))!.writtenAt
    await owner.grant('r', 'f', 'temp', wrapped(), blockTime + 5)
    const keys = (await owner.grantees('r', 'f')).map(({ grantee }) => ({ grantee, wrappedKey: wrapped(7) }))
    expect(keys.map(({ grantee }) => grantee)).toEqual(['owner', 'reader', 'temp'])
    for (let i = 0; i < 5; i++) await owner.recordInfo('r') // blocks pass: temp's grant expires
    const receipt = await owner.$receipt('rotate', 'r', 'f', v(2), keys)
    expect(receipt.events).toEqual([
      { name: 'Revoked', data: { record: 'r', field: 'f', grantee: 'temp', keyVersion: 1, reason: 'expired', by: 'owner' } },
      { name: 'Rotated', data: { record: 'r', field: 'f', keyVersion: 2, grantees: ['owner', 'reader'], by: 'owner' } },
    ])
    expect(dev.chain.call('store', 'grantOf', ['r', 'f', 'temp']).value).toBe(null)
  })

  it('lets a writer write only while it holds a grant at the current key version', async () => {
    const { owner, reader } = await store()
    await owner.setRole('r', 'reader', 'writer')
    expect(await owner.roleOf('r', 'reader')).toBe('writer')
    await reader.writeField('r', 'f', v(1))
    await owner.revoke('r', 'f', 'reader')
    await owner.rotate('r', 'f', v(2), [{ grantee: 'owner', wrappedKey: wrapped() }])
    await expect(reader.writeField('r', 'f', v(2))).rejects.toThrow('only the owner or a writer holding a current grant')
    await owner.setRole('r', 'reader', null)
    expect(await owner.roleOf('r', 'reader')).toBe(null)
  })

  it(`holds at most ${MAX_GRANTEES} grants per field, and rotates all of them within one call's gas`, async () => {
    const { dev, owner } = await store()
    for (let i = 2; i < MAX_GRANTEES; i++) await owner.grant('r', 'f', `reader-${i}`, wrapped())
    await expect(owner.grant('r', 'f', 'one-too-many', wrapped())).rejects.toThrow(`field "f" already has ${MAX_GRANTEES} grants`)
    await owner.grant('r', 'f', 'reader', wrapped(5)) // replacing a grant is not adding one
    const keys = (await owner.grantees('r', 'f')).map(({ grantee }) => ({ grantee, wrappedKey: wrapped(6) }))
    expect(keys.length).toBe(MAX_GRANTEES)
    const result = dev.chain.call('store', 'rotate', ['r', 'f', v(2), keys], { sender: 'owner', gasLimit: 2_000_000 })
    expect(result.ok, result.error?.message).toBe(true)
    expect(result.gasUsed).toBeLessThan(2_000_000)
  })
})
