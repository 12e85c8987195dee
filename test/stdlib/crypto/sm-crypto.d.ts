// Types for the parts of sm-crypto 0.5.8 (CommonJS, untyped) that the differential tests use.
// sm-crypto is a test-only oracle (devDependency); stdlib/crypto never imports it.
declare module 'sm-crypto' {
  type Bytes = string | number[] | Uint8Array
  interface SignOptions {
    hash?: boolean
    der?: boolean
    publicKey?: string
    userId?: string
  }
  interface Sm4Options {
    padding?: 'pkcs#7' | 'pkcs#5' | 'none'
    mode?: 'cbc' | 'ecb'
    iv?: string | number[]
    output?: 'string' | 'array'
  }
  const smCrypto: {
    sm2: {
      generateKeyPairHex(): { privateKey: string; publicKey: string }
      getPublicKeyFromPrivateKey(privateKey: string): string
      doSignature(msg: Bytes, privateKey: string, options?: SignOptions): string
      doVerifySignature(msg: Bytes, signHex: string, publicKey: string, options?: SignOptions): boolean
      doEncrypt(msg: Bytes, publicKey: string, cipherMode?: 0 | 1): string
      doDecrypt(data: string, privateKey: string, cipherMode: 0 | 1, options: { output: 'array' }): number[]
    }
    sm3(input: Bytes, options?: { key: string | number[] }): string
    sm4: {
      encrypt(input: Bytes, key: string | number[], options: Sm4Options & { output: 'array' }): number[]
      decrypt(input: Bytes, key: string | number[], options: Sm4Options & { output: 'array' }): number[]
    }
  }
  export default smCrypto
}
