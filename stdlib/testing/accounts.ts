/**
 * Named test accounts: SM2 keys derived from a name, so `alice` has the same address in every
 * run, on every machine and on every chain (in-process or a node). Inkstone has no native
 * currency, so an account needs no funding: any key can sign transactions at once.
 */
import { toHex, utf8 } from '../../node/bytes.ts'
import { publicKeyOf, sm3 } from '../../node/crypto.ts'
import { addressOf } from '../../node/tx.ts'

export interface Account {
  name: string
  /** `0x` + 40 hex characters: what contracts see as `caller()`. */
  address: string
  /** 64 hex characters. Test keys are public knowledge: never use them on a real chain. */
  privateKey: string
  /** The uncompressed SM2 public key (65 bytes). */
  publicKey: Uint8Array
}

/** The accounts every test chain has by name; `alice` deploys and calls unless told otherwise. */
export const ACCOUNT_NAMES = ['alice', 'bob', 'carol', 'dave', 'eve', 'mallory'] as const
export type Accounts = { readonly [N in (typeof ACCOUNT_NAMES)[number]]: Account }

/** The account called `name`: its private key is SM3("inkstone-test-account:" ‖ name), re-hashed in the unlikely case it is out of range. */
export function testAccount(name: string): Account {
  let seed = utf8(`inkstone-test-account:${name}`)
  for (;;) {
    seed = sm3(seed)
    const privateKey = toHex(seed)
    let publicKey: Uint8Array
    try {
      publicKey = publicKeyOf(privateKey)
    } catch {
      continue // 0 or ≥ n − 1: not a key (GB/T 32918.1 §6.1)
    }
    return { name, address: addressOf(publicKey), privateKey, publicKey }
  }
}

export function testAccounts(): Accounts {
  return Object.fromEntries(ACCOUNT_NAMES.map((name) => [name, testAccount(name)])) as Accounts
}
