/**
 * The keystore: named SM2 keys in one JSON file, each private key encrypted with a passphrase.
 *
 * Per key: scrypt (N = 2^15, r = 8, p = 1, 16-byte salt) derives 32 bytes from the passphrase;
 * the first 16 are an SM4-CTR key (random 16-byte IV) for the 32-byte private key, the last 16 an
 * HMAC-SM3 key over IV ‖ ciphertext (encrypt-then-MAC: a wrong passphrase or a modified file is
 * detected before anything is decrypted). Address and public key are stored in the clear so keys
 * can be listed without the passphrase. The file is written with mode 0600.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fromHex, toHex } from '../../node/bytes.ts'
import { publicKeyOf } from '../../node/crypto.ts'
import { addressOf } from '../../node/tx.ts'
import { CliError } from './output.ts'

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

export interface StoredKey {
  address: string
  publicKey: string
  created: string
  crypto: { kdf: 'scrypt'; n: number; r: number; p: number; salt: string; cipher: 'sm4-ctr'; iv: string; ciphertext: string; mac: 'hmac-sm3'; tag: string }
}

interface KeystoreFile {
  version: 1
  keys: Record<string, StoredKey>
}

export function defaultKeystorePath(): string {
  return process.env.INKSTONE_KEYSTORE ?? join(homedir(), '.inkstone', 'keystore.json')
}

export class Keystore {
  readonly path: string
  readonly #file: KeystoreFile

  private constructor(path: string, file: KeystoreFile) {
    this.path = path
    this.#file = file
  }

  static open(path = defaultKeystorePath()): Keystore {
    if (!existsSync(path)) return new Keystore(path, { version: 1, keys: {} })
    let file: KeystoreFile
    try {
      file = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new CliError(`keystore ${path} is not valid JSON: ${(error as Error).message}`)
    }
    if (file.version !== 1 || typeof file.keys !== 'object') throw new CliError(`keystore ${path}: unknown format`)
    return new Keystore(path, file)
  }

  list(): [string, StoredKey][] {
    return Object.entries(this.#file.keys)
  }

  get(name: string): StoredKey {
    const key = this.#file.keys[name]
    if (!key) throw new CliError(`no key "${name}" in ${this.path} (see \`inkstone keys list\`)`)
    return key
  }

  /** Adds a key encrypted under `passphrase` and saves the file. */
  add(name: string, privateKey: string, passphrase: string): StoredKey {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new CliError('key names use letters, digits, "_", "-" and "." (at most 64)')
    if (this.#file.keys[name]) throw new CliError(`a key named "${name}" already exists in ${this.path}`)
    const publicKey = publicKeyOf(privateKey)
    const salt = randomBytes(16)
    const iv = randomBytes(16)
    const derived = scryptSync(passphrase, salt, 32, SCRYPT)
    const cipher = createCipheriv('sm4-ctr', derived.subarray(0, 16), iv)
    const ciphertext = Buffer.concat([cipher.update(fromHex(privateKey)), cipher.final()])
    const tag = createHmac('sm3', derived.subarray(16)).update(iv).update(ciphertext).digest()
    const stored: StoredKey = {
      address: addressOf(publicKey),
      publicKey: toHex(publicKey),
      created: new Date().toISOString(),
      crypto: { kdf: 'scrypt', n: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: toHex(salt), cipher: 'sm4-ctr', iv: toHex(iv), ciphertext: toHex(ciphertext), mac: 'hmac-sm3', tag: toHex(tag) },
    }
    this.#file.keys[name] = stored
    this.#save()
    return stored
  }

  /** Decrypts a key's private key (hex). Throws `CliError` on a wrong passphrase. */
  unlock(name: string, passphrase: string): string {
    const { crypto: c } = this.get(name)
    const derived = scryptSync(passphrase, fromHex(c.salt), 32, { N: c.n, r: c.r, p: c.p, maxmem: SCRYPT.maxmem })
    const iv = fromHex(c.iv)
    const ciphertext = fromHex(c.ciphertext)
    const tag = createHmac('sm3', derived.subarray(16)).update(iv).update(ciphertext).digest()
    if (!timingSafeEqual(tag, fromHex(c.tag))) throw new CliError(`wrong passphrase for key "${name}" (or the keystore entry was modified)`)
    const decipher = createDecipheriv('sm4-ctr', derived.subarray(0, 16), iv)
    return toHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]))
  }

  #save(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 })
    // Write then rename: a crash never leaves a half-written keystore.
    const temporary = `${this.path}.tmp`
    writeFileSync(temporary, JSON.stringify(this.#file, null, 2) + '\n', { mode: 0o600 })
    renameSync(temporary, this.path)
  }
}

/**
 * The passphrase: --passphrase-file, else $INKSTONE_PASSPHRASE, else asked on the terminal
 * (not echoed). `confirm` asks twice (new keys).
 */
export async function readPassphrase({ file, prompt, confirm = false }: { file?: string; prompt: string; confirm?: boolean }): Promise<string> {
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '')
  if (process.env.INKSTONE_PASSPHRASE !== undefined) return process.env.INKSTONE_PASSPHRASE
  if (!process.stdin.isTTY) throw new CliError('a passphrase is needed: use --passphrase-file or set INKSTONE_PASSPHRASE (no terminal to ask on)')
  const first = await ask(prompt)
  if (confirm && (await ask('Repeat passphrase: ')) !== first) throw new CliError('the passphrases differ')
  if (confirm && first.length < 8) throw new CliError('use a passphrase of at least 8 characters')
  return first
}

function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    // Hide what is typed: echo nothing after the prompt.
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })
    write._writeToOutput = (s: string) => {
      if (s.startsWith(prompt)) process.stderr.write(prompt)
    }
    rl.question(prompt, (answer) => {
      rl.close()
      process.stderr.write('\n')
      resolve(answer)
    })
  })
}
