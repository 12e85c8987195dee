import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { encode, decode } from '../../vm/canonical.ts'
import { fromHex, toHex, utf8 } from '../../node/bytes.ts'
import { configureKeyTables, newPrivateKey, publicKeyOf, sign, sm3Hex, verify } from '../../node/crypto.ts'
import { addressOf, contractAddress, decodeTx, signedTx, signTx, TxRejectedError, type TxBody } from '../../node/tx.ts'
import { codeHashOf, deployCodeOf } from '../../node/artifact.ts'

const vectors = JSON.parse(readFileSync(new URL('../../../shared/vectors/sm-crypto.json', import.meta.url), 'utf8')) as {
  sm3: { msg_utf8: string; digest: string }[]
  sm2_sign: { private_key?: string; public_key_uncompressed: string; id_utf8: string; msg_utf8: string; r: string; s: string; valid: boolean }[]
}

describe('node/crypto against the standard vectors (GB/T 32905, GB/T 32918)', () => {
  it.each(vectors.sm3)('SM3($msg_utf8)', ({ msg_utf8, digest }) => {
    expect(sm3Hex(utf8(msg_utf8))).toBe(digest)
  })

  it.each(vectors.sm2_sign)('SM2 verify, ID $id_utf8 → $valid', ({ public_key_uncompressed, id_utf8, msg_utf8, r, s, valid }) => {
    expect(verify(utf8(msg_utf8), fromHex(r + s), fromHex(public_key_uncompressed), { userId: id_utf8 })).toBe(valid)
  })

  it('derives the vector public key and signs verifiably', () => {
    const vector = vectors.sm2_sign[0]!
    const publicKey = publicKeyOf(vector.private_key!)
    expect(toHex(publicKey)).toBe(vector.public_key_uncompressed)
    const signature = sign(utf8('message digest'), vector.private_key!)
    expect(signature.length).toBe(64)
    expect(verify(utf8('message digest'), signature, publicKey)).toBe(true)
    expect(verify(utf8('message digesT'), signature, publicKey)).toBe(false)
  })

  it('rejects malformed signatures and keys without throwing, off-curve keys every time (not only the first)', () => {
    const key = newPrivateKey()
    const publicKey = publicKeyOf(key)
    const signature = sign(utf8('m'), key)
    const zero = new Uint8Array(64)
    const big = new Uint8Array(64).fill(0xff)
    const offCurve = publicKey.slice()
    offCurve[64]! ^= 1
    // A valid key, compressed: the chain accepts only the uncompressed form.
    const compressed = Uint8Array.of(2 + (publicKey[64]! & 1), ...publicKey.subarray(1, 33))
    for (const [sig, pub] of [[zero, publicKey], [big, publicKey], [signature.subarray(1), publicKey], [signature, offCurve], [signature, publicKey.subarray(1)], [signature, compressed]] as const) {
      expect(verify(utf8('m'), sig, pub)).toBe(false)
    }
    expect(verify(utf8('m'), signature, offCurve)).toBe(false)
    expect(verify(utf8('m'), signature, publicKey)).toBe(true)
  })

  it('verifies the same through per-key tables', () => {
    configureKeyTables({ threshold: 2, maxTables: 1 })
    const key = newPrivateKey()
    const publicKey = publicKeyOf(key)
    for (let i = 0; i < 4; i++) {
      const message = utf8(`m${i}`)
      const signature = sign(message, key)
      expect(verify(message, signature, publicKey)).toBe(true)
      expect(verify(utf8('other'), signature, publicKey)).toBe(false)
    }
  })
})

describe('transactions', () => {
  const key = newPrivateKey()
  const from = publicKeyOf(key)
  const body: TxBody = { chainId: 'test', from, nonce: 0, gasLimit: 100_000, call: { to: '0x' + 'ab'.repeat(20), method: 'transfer', args: ['bob', 10n] } }

  it('round-trips through the raw form and verifies', () => {
    const tx = signTx(body, key)
    const decoded = decodeTx(toHex(tx.raw))
    expect(decoded).toMatchObject({ hash: tx.hash, sender: addressOf(from), verified: false })
    expect(decoded.body).toEqual(body)
    expect(verify(decoded.message, decoded.sig, decoded.body.from)).toBe(true)
    expect(decoded.sender).toMatch(/^0x[0-9a-f]{40}$/)
  })

  it('signedTx rebuilds from raw bytes and decoded parts what decodeTx gives (the chain thread skips decoding)', () => {
    const signed = signTx({ ...body, nonce: 3, call: { to: body.call!.to, method: 'm', args: [1n, 'x', new Uint8Array([7])] } }, key)
    const decoded = decodeTx(signed.raw)
    const rebuilt = signedTx(decoded.raw.slice(), { body: decoded.body, hash: decoded.hash, sender: decoded.sender })
    expect(rebuilt).toEqual(decoded)
    expect(verify(rebuilt.message, rebuilt.sig, rebuilt.body.from)).toBe(true)
  })

  it('gives each sender its own address when keys share the bytes the sender cache is indexed by', () => {
    const twin = from.slice()
    twin[64]! ^= 1
    const other = from.slice()
    other[3]! ^= 0x80
    // Unsigned raw forms suffice: decodeTx derives the sender without checking the signature.
    for (const key of [from, twin, from, other, twin, from]) {
      const tx = decodeTx(encode({ body: { ...body, from: key }, sig: new Uint8Array(64) }))
      expect(tx.sender).toBe(addressOf(key))
      expect(tx.body.from).toEqual(key)
    }
    expect(addressOf(twin)).not.toBe(addressOf(from))
  })

  it('keeps the hash when re-signed and changes it with the body', () => {
    expect(signTx(body, key).hash).toBe(signTx(body, key).hash)
    expect(signTx({ ...body, nonce: 1 }, key).hash).not.toBe(signTx(body, key).hash)
  })

  it('signs over the body: a changed body no longer verifies', () => {
    const tx = signTx(body, key)
    const forged = decode(tx.raw) as { body: Record<string, unknown>; sig: Uint8Array }
    forged.body.nonce = 5
    const decoded = decodeTx(encode(forged))
    expect(verify(decoded.message, decoded.sig, decoded.body.from)).toBe(false)
  })

  const malformed: [string, unknown][] = [
    ['not an object', [1, 2]],
    ['extra key', { body: {}, sig: new Uint8Array(64), x: 1 }],
    ['short sig', { body: {}, sig: new Uint8Array(3) }],
    ['missing action', { body: { chainId: 't', from, nonce: 0, gasLimit: 1 }, sig: new Uint8Array(64) }],
    ['both actions', { body: { chainId: 't', from, nonce: 0, gasLimit: 1, call: {}, deploy: {} }, sig: new Uint8Array(64) }],
    ['bad key', { body: { chainId: 't', from: new Uint8Array(65), nonce: 0, gasLimit: 1, call: { to: '0x' + '0'.repeat(40), method: 'f', args: [] } }, sig: new Uint8Array(64) }],
    ['fractional nonce', { body: { chainId: 't', from, nonce: 0.5, gasLimit: 1, call: { to: '0x' + '0'.repeat(40), method: 'f', args: [] } }, sig: new Uint8Array(64) }],
    ['bad address', { body: { chainId: 't', from, nonce: 0, gasLimit: 1, call: { to: 'bob', method: 'f', args: [] } }, sig: new Uint8Array(64) }],
    ['bad method', { body: { chainId: 't', from, nonce: 0, gasLimit: 1, call: { to: '0x' + '0'.repeat(40), method: 'a b', args: [] } }, sig: new Uint8Array(64) }],
  ]
  it.each(malformed)('rejects %s as malformed', (_, value) => {
    expect(() => decodeTx(encode(value))).toThrowError(expect.objectContaining({ reason: 'malformed' }))
  })

  it('rejects non-hex, non-canonical and oversize input', () => {
    expect(() => decodeTx('zz')).toThrow(TxRejectedError)
    expect(() => decodeTx(new Uint8Array([0x03, 0, 0]))).toThrowError(expect.objectContaining({ reason: 'malformed' }))
    expect(() => decodeTx(new Uint8Array(3_000_000))).toThrowError(expect.objectContaining({ reason: 'oversize' }))
  })

  it('derives distinct contract addresses per deployer nonce', () => {
    const sender = addressOf(from)
    expect(contractAddress(sender, 0)).toMatch(/^0x[0-9a-f]{40}$/)
    expect(contractAddress(sender, 0)).not.toBe(contractAddress(sender, 1))
  })
})

describe('artifacts', () => {
  it('computes and checks code hashes', () => {
    const bundle = 'exports.f = () => 1'
    expect(codeHashOf(bundle)).toBe(sm3Hex(utf8(bundle)))
    expect(deployCodeOf({ name: 'A', bundle, codeHash: codeHashOf(bundle), sourceMap: {} })).toEqual({ name: 'A', bundle, abi: null })
    expect(() => deployCodeOf({ name: 'A', bundle, codeHash: '00' })).toThrow(RangeError)
    expect(() => deployCodeOf({ name: '', bundle })).toThrow(TypeError)
  })
})
