// Contract arguments on the command line.
import type { CanonicalValue } from '../../vm/canonical.ts'
import { fromJson } from '../../node/rpc/json-value.ts'
import { UsageError } from './output.ts'

/**
 * One command-line argument as a canonical value: `12n` is a bigint, valid JSON is JSON (tagged
 * forms included: {"$bytes":"00ff"}), anything else is a string (so addresses need no quotes).
 */
export function parseValue(text: string): CanonicalValue {
  if (/^-?\d+n$/.test(text)) return BigInt(text.slice(0, -1))
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return text
  }
  try {
    return fromJson(json)
  } catch (error) {
    throw new UsageError(`argument ${text}: ${(error as Error).message}`)
  }
}
