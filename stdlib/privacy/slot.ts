/**
 * A field slot: where a ciphertext belongs (contract, record, field) and under which key
 * version. The slot is the AAD of the field's SM4-GCM encryption, so a ciphertext authenticates
 * only in the slot it was written for: moved to another field, record or contract, or presented
 * under another key version, it fails.
 *
 *   AAD = 01 ‖ u16be(|contract|) ‖ contract ‖ u16be(|record|) ‖ record
 *            ‖ u16be(|field|) ‖ field ‖ u32be(keyVersion)            (strings in UTF-8)
 *
 * The leading 01 is the envelope version, so a future layout never shares an AAD with this one.
 * @module
 */
import { concatBytes } from '../crypto/_bytes.ts'
import { framed, keyVersionBytes } from './_encoding.ts'
import { ENVELOPE_VERSION, nameProblem } from './layout.ts'

/** A field of a record in a contract, whatever its key version. */
export interface FieldRef {
  /** The contract's address. */
  contract: string
  record: string
  field: string
}

/** A field under one key version: what a ciphertext is bound to. */
export interface FieldSlot extends FieldRef {
  keyVersion: number
}

/**
 * The canonical AAD of a slot (layout above).
 * @throws {TypeError} when a part has the wrong type
 * @throws {RangeError} when the contract is empty or too long, the record or field name breaks
 *   the contract library's rule (1–64 characters, no `/`), or the key version is not an
 *   integer from 1 to 2³² − 1
 * @example
 * fieldAad({ contract: 'medical', record: 'patient-7', field: 'allergies', keyVersion: 1 })
 */
export function fieldAad(slot: FieldSlot): Uint8Array {
  if (slot === null || typeof slot !== 'object') throw new TypeError(`"slot" expected object, got type=${slot === null ? 'null' : typeof slot}`)
  const { contract, record, field, keyVersion } = slot
  const framedContract = framed(contract, 'contract')
  checkName('record', record)
  checkName('field', field)
  return concatBytes(new Uint8Array([ENVELOPE_VERSION]), framedContract, framed(record, 'record'), framed(field, 'field'), keyVersionBytes(keyVersion))
}

/**
 * Throws unless `name` is a valid record id or field name.
 * @throws {TypeError} when it is not a string
 * @throws {RangeError} when it breaks the rule of layout.ts `nameProblem`
 */
export function checkName(what: 'record' | 'field', name: string): void {
  if (typeof name !== 'string') throw new TypeError(`"${what}" expected string, got type=${name === null ? 'null' : typeof name}`)
  const problem = nameProblem(what, name)
  if (problem !== undefined) throw new RangeError(problem)
}
