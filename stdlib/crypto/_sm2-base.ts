/**
 * k·G for secret scalars k (key generation, signing k·G, encryption C1 = k·G), with noble's
 * constant-time, blinded `multiply` over a precomputed table of G. Internal.
 *
 * Table size adapts to use: noble starts G with a W = 6 table (built on the first
 * multiplication, ~2,080 points for the 384-bit blinded scalars). After {@link WIDEN_AFTER}
 * multiplications the process is evidently signing in bulk (a node, a batch tool), so G's table
 * is widened to W = 8 (~6,272 points, ~1 MB, ~90 ms once), which makes every later k·G ~25%
 * faster (49 instead of 65 additions). A browser that signs a few times never pays for it.
 * @module
 */
import { Sm2Point, type Sm2Point as Sm2PointType } from './sm2-curve.ts'

/** Base-point multiplications after which G's table is widened to W = 8. */
export const WIDEN_AFTER = 64

let count = 0

/** k·G for a secret k in [1, n − 1], constant-time and blinded (noble `multiply`). */
export function mulBase(k: bigint): Sm2PointType {
  if (++count === WIDEN_AFTER) Sm2Point.BASE.precompute(8)
  return Sm2Point.BASE.multiply(k)
}
