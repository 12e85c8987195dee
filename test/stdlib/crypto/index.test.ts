import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as api from '../../../stdlib/crypto/index.ts'

const dir = new URL('../../../stdlib/crypto/', import.meta.url)
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, dir), 'utf8') }))

describe('stdlib/crypto: browser-safe modules', () => {
  it('has no node: imports and does not depend on the sm-crypto libraries', () => {
    for (const { file, text } of sources) {
      expect(text, file).not.toMatch(/from\s+['"]node:/)
      expect(text, file).not.toMatch(/from\s+['"]sm-crypto/)
      expect(text, file).not.toMatch(/\brequire\(/)
    }
  })

  it('every module starts with a header comment', () => {
    for (const { file, text } of sources) expect(text.startsWith('/**'), file).toBe(true)
  })
})

describe('stdlib/crypto: public API', () => {
  it('exposes the namespaces and the flat names', () => {
    expect(Object.keys(api.sm4).sort()).toEqual(['cbc', 'ctr', 'decryptBlock', 'ecb', 'encryptBlock', 'gcm'])
    for (const name of ['sign', 'verify', 'encrypt', 'decrypt', 'getPublicKey', 'randomPrivateKey', 'precomputePublicKey', 'whenFastVerifyReady'] as const) {
      expect(typeof api.sm2[name]).toBe('function')
      expect(api[name]).toBe(api.sm2[name])
    }
    expect(api.sm2.DEFAULT_USER_ID).toBe('1234567812345678')
    expect(Object.isFrozen(api.sm2) && Object.isFrozen(api.sm4) && Object.isFrozen(api.sm3)).toBe(true)
  })

  it('an end-to-end use through the index', () => {
    const priv = api.randomPrivateKey()
    const pub = api.getPublicKey(priv)
    const msg = api.hexToBytes('cafe')
    expect(api.sm2.verify(api.sm2.sign(msg, priv, { publicKey: pub }), msg, pub)).toBe(true)
    expect(api.sm2.decrypt(priv, api.sm2.encrypt(pub, msg))).toEqual(msg)
    const key = new Uint8Array(16)
    const iv = new Uint8Array(12)
    expect(api.sm4.gcm.decrypt(key, iv, api.sm4.gcm.encrypt(key, iv, msg))).toEqual(msg)
    expect(api.bytesToHex(api.sm3(msg))).toHaveLength(64)
  })
})
