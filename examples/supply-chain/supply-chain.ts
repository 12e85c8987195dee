/**
 * Supply-chain invoices shared field by field between a supplier, its buyer and a bank that
 * finances the invoice. The supplier opens an invoice naming the buyer and the bank and writes its
 * fields encrypted in its own client (stdlib/privacy, docs/privacy.md): the buyer sees the line
 * items and the amount, the bank the amount, the due date and the payee account, nobody else
 * anything. The buyer confirms delivery by writing a field it was granted (role `writer`). The
 * invoice number carries a blind index, so the bank can spot the same invoice offered twice
 * without reading any other. Invoices are shared with their own buyer and bank only.
 */
import { call, caller, PrivateRecordsContract, require, StorageMap, view } from 'inkstone'
import type { PrivateRecordEvents } from 'inkstone'

export interface InvoiceParties {
  supplier: string
  buyer: string
  bank: string
}

export interface SupplyChainEvents extends PrivateRecordEvents {
  InvoiceOpened: { invoice: string; supplier: string; buyer: string; bank: string }
}

/** An invoice is a record of the inherited store: its fields, grants and rotation are inherited entry points. */
export class SupplyChain extends PrivateRecordsContract<SupplyChainEvents> {
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

  /** Grants a field of the invoice to its buyer or its bank, no one else. */
  @call
  override grant(invoice: string, field: string, grantee: string, wrappedKey: Uint8Array, expiresAt?: number): void {
    const parties = this.parties.get(invoice)
    require(parties !== undefined && (grantee === parties.buyer || grantee === parties.bank), `invoice "${invoice}" is shared with its buyer and its bank only`)
    super.grant(invoice, field, grantee, wrappedKey, expiresAt)
  }
}
