/** How values are shown: as TypeScript would write them (`25n`, `0x0a1b`, `{ to: "0x…" }`). */
import type { CanonicalValue } from '../../../vm/canonical.ts'
import { toHex } from '../../../node/bytes.ts'

export function formatValue(value: CanonicalValue | undefined): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'bigint') return `${value}n`
  if (value instanceof Uint8Array) return '0x' + toHex(value)
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${formatValue(item)}`)
    return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`
  }
  return JSON.stringify(value)
}
