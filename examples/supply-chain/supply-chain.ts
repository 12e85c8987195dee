/**
 * Supply-chain invoices shared field by field between a supplier, its buyer and a bank that
 * finances the invoice. The supplier opens an invoice naming the buyer and the bank and writes its
 * fields encrypted in its own client (stdlib/privacy, docs/privacy.md): the buyer sees the line
 * items and the amount, the bank the amount, the due date and the payee account, nobody else
 * anything. The buyer confirms delivery by writing a field it was granted (role `writer`). The
 * invoice number carries a blind index, so the bank can spot the same invoice offered twice
 * without reading any other. Invoices are shared with their own buyer and bank only.
 */
import { call, caller, Contract, PrivateRecords, require, StorageMap, view } from 'inkstone'
import type { FieldWrite, GrantSummary, PrivateRecordEvents, RewrappedKey, StoredField, StoredGrant } from 'inkstone'

export interface InvoiceParties {
  supplier: string
  buyer: string
  bank: string
}

export interface SupplyChainEvents extends PrivateRecordEvents {
  InvoiceOpened: { invoice: string; supplier: string; buyer: string; bank: string }
}

export class SupplyChain extends Contract<SupplyChainEvents> {
  readonly records = new PrivateRecords('invoices', (name, data) => this.emit(name, data))
  readonly parties = new StorageMap<string, InvoiceParties>('parties')

  /** Opens an invoice owned by the caller (the supplier); the buyer may write what it is granted. */
  @call
  openInvoice(invoice: string, buyer: string, bank: string): void {
    const supplier = caller()
    require(buyer !== supplier && bank !== supplier && buyer !== bank, 'supplier, buyer and bank are three different accounts')
    this.records.create(invoice)
    this.records.setRole(invoice, buyer, 'writer')
    this.parties.set(invoice, { supplier, buyer, bank })
    this.emit('InvoiceOpened', { invoice, supplier, buyer, bank })
  }

  @view
  partiesOf(invoice: string): InvoiceParties | null {
    return this.parties.get(invoice) ?? null
  }

  @call
  registerKey(publicKey: Uint8Array): void {
    this.records.registerKey(publicKey)
  }

  @view
  publicKeyOf(account: string): Uint8Array | null {
    return this.records.publicKeyOf(account)
  }

  @call
  writeField(invoice: string, field: string, write: FieldWrite, ownerKey?: Uint8Array): void {
    this.records.write(invoice, field, write, ownerKey)
  }

  @view
  field(invoice: string, field: string): StoredField | null {
    return this.records.field(invoice, field)
  }

  /** Grants a field of the invoice to its buyer or its bank, no one else. */
  @call
  grant(invoice: string, field: string, grantee: string, wrappedKey: Uint8Array, expiresAt?: number): void {
    const parties = this.parties.get(invoice)
    require(parties !== undefined && (grantee === parties.buyer || grantee === parties.bank), `invoice "${invoice}" is shared with its buyer and its bank only`)
    this.records.grant(invoice, field, grantee, wrappedKey, expiresAt)
  }

  @view
  grantOf(invoice: string, field: string, grantee: string): StoredGrant | null {
    return this.records.grantOf(invoice, field, grantee)
  }

  @view
  grantees(invoice: string, field: string): GrantSummary[] {
    return this.records.grantees(invoice, field)
  }

  @call
  revoke(invoice: string, field: string, grantee: string): void {
    this.records.revoke(invoice, field, grantee)
  }

  @call
  rotate(invoice: string, field: string, write: FieldWrite, keys: RewrappedKey[]): void {
    this.records.rotate(invoice, field, write, keys)
  }

  /** Invoices whose `field` has this blind index: the same invoice number offered twice shows here. */
  @view
  findByIndex(field: string, blindIndex: Uint8Array): string[] {
    return this.records.findByIndex(field, blindIndex)
  }
}
