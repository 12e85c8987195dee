/**
 * Membership in a fixed-depth binary Merkle tree hashed with Poseidon (circomlib `Poseidon(2)`,
 * poseidon.ts), the tree that zk-SNARK circuits use (Tornado Cash, Semaphore's incremental tree,
 * circomlib's `MerkleTreeChecker` pattern): leaves and nodes are elements of bn254's Fr, a node is
 * poseidon2(left, right), and bit i of the leaf index (least significant first) says whether the
 * node at level i is a right child (its sibling on the left). The depth is the number of siblings.
 * How leaves are made from data is the application's choice (often a Poseidon hash itself).
 * @module
 */
import { aarray, aint, ainteger } from './_assert.ts'
import { poseidon2, POSEIDON_MODULUS } from './poseidon.ts'

/** Deepest tree accepted (2^64 leaves is beyond any circuit in use). */
export const MAX_POSEIDON_DEPTH = 64

/**
 * Whether `leaf` is at `index` in the depth-`siblings.length` tree with root `root`.
 * @param root - field element (bigint or decimal string) < r
 * @param leaf - field element < r
 * @param index - the leaf's position, a safe integer or bigint in [0, 2^depth)
 * @param siblings - the sibling at each level, leaf level first; 1 … 64 of them
 * @throws {TypeError}/{RangeError} for a value ≥ r, an index outside the tree, or a wrong depth
 * @example
 * verifyMerklePoseidon(root, leaf, 3, siblings) // true
 */
export function verifyMerklePoseidon(root: unknown, leaf: unknown, index: unknown, siblings: unknown): boolean {
  const r = aint(root, 'root', POSEIDON_MODULUS)
  let node = aint(leaf, 'leaf', POSEIDON_MODULUS)
  const path = aarray(siblings, 'siblings')
  if (path.length < 1 || path.length > MAX_POSEIDON_DEPTH) throw new RangeError(`"siblings" expected 1 to ${MAX_POSEIDON_DEPTH} levels, got ${path.length}`)
  const position = typeof index === 'bigint' ? index : BigInt(ainteger(index, 'index', 0, Number.MAX_SAFE_INTEGER))
  if (position < 0n || position >= 1n << BigInt(path.length)) throw new RangeError(`"index" must be in [0, 2^${path.length})`)
  path.forEach((s, i) => {
    const sibling = aint(s, `siblings[${i}]`, POSEIDON_MODULUS)
    node = (position >> BigInt(i)) & 1n ? poseidon2(sibling, node) : poseidon2(node, sibling)
  })
  return node === r
}
