import { beforeAll, describe, expect, it } from 'vitest'
import type { Artifact } from '../../compiler/artifact.ts'
import type { SupplyChain } from '../../examples/supply-chain/supply-chain.ts'
import { AuthenticationError, decryptField, generateIndexKey, NotGrantedError } from '../../stdlib/privacy/index.ts'
import { build, devChain } from '../compiler/dev-chain.ts'
import { auditTrail, containsBytes, parties, stateBytes, text, utf8 } from '../stdlib/privacy/_parties.ts'

/** Who reads which field of an invoice. */
const SHARING = {
  invoiceNumber: ['bank'],
  lineItems: ['buyer'],
  amount: ['buyer', 'bank'],
  dueDate: ['buyer', 'bank'],
  payeeAccount: ['bank'],
  goodsReceived: ['buyer', 'bank'],
} as const
type Field = keyof typeof SHARING
const FIELDS = Object.keys(SHARING) as Field[]

const INVOICE: Record<Field, string> = {
  invoiceNumber: 'SUP-2024-0042',
  lineItems: '400 × bearing 6204-2RS @ CNY 18.50; 120 × shaft seal @ CNY 6.20',
  amount: 'CNY 8,144.00',
  dueDate: '2024-09-30',
  payeeAccount: '6222 0202 0001 2345 678',
  goodsReceived: 'pending',
}

describe('examples/supply-chain', () => {
  let artifact: Artifact
  beforeAll(async () => {
    artifact = await build('examples/supply-chain/supply-chain.ts')
  })

  /** An invoice written field by field by the supplier and shared per SHARING. The supplier and the bank hold the index key. */
  async function invoiceChain() {
    const dev = await devChain({ invoices: { artifact } })
    const indexKey = generateIndexKey()
    const [insiders, others] = await Promise.all([
      parties<typeof SupplyChain, 'supplier' | 'bank'>(dev, 'invoices', ['supplier', 'bank'], { indexKey }),
      parties<typeof SupplyChain, 'buyer' | 'rival'>(dev, 'invoices', ['buyer', 'rival']),
    ])
    const { supplier } = insiders
    await openInvoice(supplier, 'INV-1')
    return { dev, ...insiders, ...others }
  }

  async function openInvoice(supplier: Awaited<ReturnType<typeof invoiceChain>>['supplier'], invoice: string, values = INVOICE) {
    await supplier.api.openInvoice(invoice, 'buyer', 'bank')
    for (const field of FIELDS) {
      await supplier.privacy.write(invoice, field, utf8(values[field]), { searchable: field === 'invoiceNumber' })
      for (const grantee of SHARING[field]) await supplier.privacy.grant(invoice, field, grantee)
    }
  }

  it('has the ABI of its snapshot', async () => {
    await expect(JSON.stringify(artifact.abi, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/supply-chain.abi.json')
  })

  it('shares each field with exactly its grantees; the chain holds no plaintext', async () => {
    const chain = await invoiceChain()
    for (const field of FIELDS) {
      for (const reader of ['supplier', 'buyer', 'bank', 'rival'] as const) {
        const granted = reader === 'supplier' || (SHARING[field] as readonly string[]).includes(reader)
        const read = chain[reader].privacy.read('INV-1', field)
        if (granted) expect(text(await read), `${reader} reads ${field}`).toBe(INVOICE[field])
        else await expect(read, `${reader} reads ${field}`).rejects.toThrow(NotGrantedError)
      }
    }
    const state = stateBytes(chain.dev, 'invoices')
    for (const field of FIELDS) expect(containsBytes(state, utf8(INVOICE[field])), field).toBe(false)
  })

  it('shares an invoice with its own buyer and bank only', async () => {
    const { supplier } = await invoiceChain()
    await expect(supplier.privacy.grant('INV-1', 'amount', 'rival')).rejects.toThrow('invoice "INV-1" is shared with its buyer and its bank only')
    await expect(supplier.api.openInvoice('INV-2', 'buyer', 'buyer')).rejects.toThrow('supplier, buyer and bank are three different accounts')
  })

  it('lets the buyer confirm delivery in the field it may write; the bank reads it', async () => {
    const { buyer, bank, rival } = await invoiceChain()
    await buyer.privacy.write('INV-1', 'goodsReceived', utf8('received in full 2024-08-12'))
    expect(text(await bank.privacy.read('INV-1', 'goodsReceived'))).toBe('received in full 2024-08-12')
    // The buyer is a writer, but only of fields it was granted; the rival of none.
    const { ciphertext, keyVersion } = (await buyer.api.field('INV-1', 'amount'))!
    await expect(buyer.api.writeField('INV-1', 'payeeAccount', { ciphertext, keyVersion })).rejects.toThrow('only the owner or a writer holding a current grant may write field "payeeAccount"')
    await expect(rival.api.writeField('INV-1', 'goodsReceived', { ciphertext, keyVersion })).rejects.toThrow('only the owner or a writer')
  })

  it('fails authentication for a ciphertext moved to another field or another invoice', async () => {
    const { supplier, buyer, bank } = await invoiceChain()
    await openInvoice(supplier, 'INV-2', { ...INVOICE, invoiceNumber: 'SUP-2024-0043', amount: 'CNY 99,000.00' })

    // A dishonest supplier re-uses INV-2's larger amount for INV-1 (same field, other record)…
    const inv2Amount = (await supplier.api.field('INV-2', 'amount'))!
    await supplier.api.writeField('INV-1', 'amount', { ciphertext: inv2Amount.ciphertext, keyVersion: 1 })
    await expect(bank.privacy.read('INV-1', 'amount')).rejects.toThrow(AuthenticationError)
    await expect(buyer.privacy.read('INV-1', 'amount')).rejects.toThrow(AuthenticationError)

    // …or moves INV-1's due date into its amount (same record, other field).
    const dueDate = (await supplier.api.field('INV-1', 'dueDate'))!
    await supplier.api.writeField('INV-1', 'amount', { ciphertext: dueDate.ciphertext, keyVersion: 1 })
    await expect(bank.privacy.read('INV-1', 'amount')).rejects.toThrow(/field "amount" of record "INV-1" at key version 1 does not authenticate/)

    // With the bank's key for INV-1's amount, the bytes fail in every slot but their own.
    const { key } = await bank.privacy.dataKey('INV-2', 'amount')
    expect(text(decryptField(key, { contract: 'invoices', record: 'INV-2', field: 'amount', keyVersion: 1 }, inv2Amount.ciphertext))).toBe('CNY 99,000.00')
    expect(() => decryptField(key, { contract: 'invoices', record: 'INV-1', field: 'amount', keyVersion: 1 }, inv2Amount.ciphertext)).toThrow(AuthenticationError)
  })

  it('finds the same invoice number offered twice through the blind index, without decrypting', async () => {
    const { supplier, bank, rival } = await invoiceChain()
    await openInvoice(supplier, 'INV-1-again')
    await openInvoice(supplier, 'INV-3', { ...INVOICE, invoiceNumber: 'SUP-2024-0044' })
    expect(await bank.privacy.find('invoiceNumber', utf8('SUP-2024-0042'))).toEqual(['INV-1', 'INV-1-again'])
    expect(await bank.privacy.find('invoiceNumber', utf8('SUP-2024-0044'))).toEqual(['INV-3'])
    expect(await bank.privacy.find('invoiceNumber', utf8('SUP-2024-0099'))).toEqual([])
    // The index is per field: the same bytes in another field do not match.
    expect(await bank.privacy.find('lineItems', utf8('SUP-2024-0042'))).toEqual([])
    // Rewriting the value moves the record in the index.
    await supplier.privacy.write('INV-1-again', 'invoiceNumber', utf8('SUP-2024-0045'), { searchable: true })
    expect(await bank.privacy.find('invoiceNumber', utf8('SUP-2024-0042'))).toEqual(['INV-1'])
    await expect(rival.privacy.find('invoiceNumber', utf8('SUP-2024-0042'))).rejects.toThrow('rival holds no index key')
  })

  it('after repayment, revokes the bank and rotates: the bank cannot read the amount written next', async () => {
    const { dev, supplier, buyer, bank } = await invoiceChain()
    const kept = await bank.privacy.dataKey('INV-1', 'amount')
    const trail = auditTrail(dev)
    await supplier.privacy.revoke('INV-1', 'amount', 'bank')
    expect(await supplier.privacy.rotate('INV-1', 'amount')).toBe(2)
    await supplier.privacy.write('INV-1', 'amount', utf8('CNY 7,900.00 (credit note CN-7)'))

    await expect(bank.privacy.read('INV-1', 'amount')).rejects.toThrow(NotGrantedError)
    const amount = (await bank.api.field('INV-1', 'amount'))!
    expect(() => decryptField(kept.key, { contract: 'invoices', record: 'INV-1', field: 'amount', keyVersion: 2 }, amount.ciphertext)).toThrow(AuthenticationError)
    expect(text(await buyer.privacy.read('INV-1', 'amount'))).toBe('CNY 7,900.00 (credit note CN-7)')
    // The bank keeps the fields it was not revoked from.
    expect(text(await bank.privacy.read('INV-1', 'dueDate'))).toBe('2024-09-30')
    expect(trail.map(({ name }) => name)).toEqual(['Revoked', 'Rotated', 'FieldWritten'])
    expect(trail[1]!.data).toEqual({ record: 'INV-1', field: 'amount', keyVersion: 2, grantees: ['buyer', 'supplier'], by: 'supplier' })
  })
})
