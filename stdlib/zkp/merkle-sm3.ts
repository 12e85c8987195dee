/**
 * Merkle inclusion proofs in the Certificate Transparency tree of RFC 9162 §2.1 (RFC 6962 §2.1),
 * hashed with SM3 (GB/T 32905) instead of SHA-256:
 *
 *   leaf hash = SM3(0x00 ‖ leaf data)        node hash = SM3(0x01 ‖ left ‖ right)
 *
 * The 0x00/0x01 prefixes keep a leaf from being passed off as an inner node (second preimages).
 * The tree need not be complete: its shape is fixed by the tree size (RFC 9162 §2.1.1), and a
 * proof is the audit path of §2.1.3.1, verified with the algorithm of §2.1.3.2. The verifier is
 * generic in the hash (`verifyInclusion`) so that the SHA-256 instance can be checked against
 * RFC 6962 reference trees.
 * @module
 */
import { sm3 } from '../crypto/index.ts'
import { aarray, abytes, ainteger } from './_assert.ts'

/** Longest audit path: trees of up to 2^53 − 1 leaves (a JavaScript safe integer). */
export const MAX_PATH = 53

/** A 32-byte hash function. */
export type Hash32 = (data: Uint8Array) => Uint8Array

function prefixed(hash: Hash32, prefix: number, ...parts: Uint8Array[]): Uint8Array {
  let length = 1
  for (const p of parts) length += p.length
  const data = new Uint8Array(length)
  data[0] = prefix
  let offset = 1
  for (const p of parts) (data.set(p, offset), (offset += p.length))
  return hash(data)
}

/** The leaf hash HASH(0x00 ‖ data). */
export const leafHash = (hash: Hash32, data: Uint8Array): Uint8Array => prefixed(hash, 0x00, data)
/** The inner-node hash HASH(0x01 ‖ left ‖ right). */
export const nodeHash = (hash: Hash32, left: Uint8Array, right: Uint8Array): Uint8Array => prefixed(hash, 0x01, left, right)

/**
 * RFC 9162 §2.1.3.2: whether `path` proves that `leaf` is entry `index` of the tree of
 * `treeSize` leaves whose root is `root`.
 * @param hash - the tree's hash function (32-byte output)
 * @param root - the tree head, 32 bytes
 * @param leaf - the entry's data (hashed here with the 0x00 prefix)
 * @param index - the entry's position, 0 ≤ index < treeSize
 * @param treeSize - number of leaves, 1 … 2^53 − 1
 * @param path - the audit path, 32-byte hashes from the leaf's sibling upwards
 * @throws {TypeError}/{RangeError} for malformed arguments (a wrong-length hash, index ≥ size, …)
 */
export function verifyInclusion(hash: Hash32, root: Uint8Array, leaf: Uint8Array, index: number, treeSize: number, path: readonly Uint8Array[]): boolean {
  abytes(root, 'root', 32)
  abytes(leaf, 'leaf')
  ainteger(treeSize, 'treeSize', 1, Number.MAX_SAFE_INTEGER)
  ainteger(index, 'index', 0, treeSize - 1)
  aarray(path, 'path')
  if (path.length > MAX_PATH) throw new RangeError(`"path" expected at most ${MAX_PATH} hashes, got ${path.length}`)
  path.forEach((p, i) => abytes(p, `path[${i}]`, 32))
  let fn = BigInt(index)
  let sn = BigInt(treeSize - 1)
  let r = leafHash(hash, leaf)
  for (const p of path) {
    if (sn === 0n) return false
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(hash, p, r)
      while ((fn & 1n) === 0n && fn !== 0n) (fn >>= 1n), (sn >>= 1n)
    } else {
      r = nodeHash(hash, r, p)
    }
    fn >>= 1n
    sn >>= 1n
  }
  return sn === 0n && equal(r, root)
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/**
 * {@link verifyInclusion} with SM3.
 * @example
 * verifyMerkleSm3(root, leafData, 5, 8, path) // true
 */
export function verifyMerkleSm3(root: Uint8Array, leaf: Uint8Array, index: number, treeSize: number, path: readonly Uint8Array[]): boolean {
  return verifyInclusion(sm3, root, leaf, index, treeSize, path)
}
