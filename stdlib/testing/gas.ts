/**
 * Gas reports and gas snapshots, from the harness's gas records (test-chain.ts `GasRecord`).
 *
 * The snapshot file (`.gas-snapshot`) has one line per test and method, sorted, so a change
 * shows as a one-line diff:
 *
 *   tests/token.test.ts > Token > moves balances | Token.transfer | 31204 31204
 *
 * (the test's full name, the method, the gas of each call in call order). Deployments are left
 * out: their gas follows the bundle's size, which any edit changes. Views are in: a view called
 * by another contract costs its caller gas. No `node:` imports.
 */
import type { GasRecord } from './test-chain.ts'

/** One test's gas: `Contract.method` → the gas of each call, in call order. */
export type TestGas = Map<string, number[]>
/** A snapshot: test full name → its gas. */
export type GasSnapshot = Map<string, TestGas>

export interface GasSummary {
  contract: string
  method: string
  kind: GasRecord['kind']
  calls: number
  min: number
  /** Rounded to a whole unit. */
  avg: number
  max: number
}

const SEPARATOR = ' | '

export function testGas(records: readonly GasRecord[]): TestGas {
  const gas: TestGas = new Map()
  for (const { contract, method, kind, gasUsed } of records) {
    if (kind === 'deploy') continue
    const key = `${contract}.${method}`
    gas.set(key, [...(gas.get(key) ?? []), gasUsed])
  }
  return gas
}

export function parseGasSnapshot(text: string): GasSnapshot {
  const snapshot: GasSnapshot = new Map()
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    // A test's name may contain the separator; the method and the numbers cannot: split from the right.
    const last = line.lastIndexOf(SEPARATOR)
    const middle = line.lastIndexOf(SEPARATOR, last - 1)
    const values = line.slice(last + SEPARATOR.length).split(' ').map(Number)
    if (middle < 0 || values.some((value) => !Number.isSafeInteger(value))) throw new SyntaxError(`gas snapshot line ${index + 1}: expected "<test> | <Contract.method> | <gas> …", got "${line}"`)
    const test = line.slice(0, middle)
    if (!snapshot.has(test)) snapshot.set(test, new Map())
    snapshot.get(test)!.set(line.slice(middle + SEPARATOR.length, last), values)
  })
  return snapshot
}

export function formatGasSnapshot(snapshot: GasSnapshot): string {
  const lines: string[] = []
  for (const test of [...snapshot.keys()].sort()) {
    const gas = snapshot.get(test)!
    for (const method of [...gas.keys()].sort()) lines.push([test, method, gas.get(method)!.join(' ')].join(SEPARATOR))
  }
  return lines.map((line) => line + '\n').join('')
}

/** How `actual` differs from `expected`, one line per method (`Token.transfer: 31204 → 31290`); empty when equal. */
export function gasChanges(expected: TestGas, actual: TestGas): string[] {
  const changes: string[] = []
  for (const method of [...new Set([...expected.keys(), ...actual.keys()])].sort()) {
    const before = expected.get(method)?.join(' ') ?? '(not called)'
    const after = actual.get(method)?.join(' ') ?? '(not called)'
    if (before !== after) changes.push(`${method}: ${before} → ${after}`)
  }
  return changes
}

/** Per contract and method: calls, min, avg, max; deployments first, then methods by name. */
export function summarizeGas(records: readonly GasRecord[]): GasSummary[] {
  const groups = new Map<string, { record: GasRecord; values: number[] }>()
  for (const record of records) {
    const key = `${record.contract}\u0000${record.kind === 'deploy' ? '' : record.method}\u0000${record.kind}`
    const group = groups.get(key)
    if (group) group.values.push(record.gasUsed)
    else groups.set(key, { record, values: [record.gasUsed] })
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { record: { contract, method, kind }, values }]) => ({
      contract,
      method,
      kind,
      calls: values.length,
      min: Math.min(...values),
      avg: Math.round(values.reduce((sum, value) => sum + value, 0) / values.length),
      max: Math.max(...values),
    }))
}

/** The terminal table of a gas report. */
export function formatGasTable(summaries: readonly GasSummary[]): string {
  const number = (value: number) => value.toLocaleString('en-US')
  const rows = summaries.map((s) => [s.kind === 'deploy' ? `${s.contract} (deploy)` : `${s.contract}.${s.method}${s.kind === 'view' ? ' (view)' : ''}`, String(s.calls), number(s.min), number(s.avg), number(s.max)])
  const header = ['gas per call', 'calls', 'min', 'avg', 'max']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ')
  return [line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n')
}
