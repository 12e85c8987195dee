import { describe, expect, it } from 'vitest'
import { formatGasSnapshot, formatGasTable, gasChanges, parseGasSnapshot, summarizeGas, testGas } from '../../../stdlib/testing/gas.ts'
import type { GasRecord } from '../../../stdlib/testing/test-chain.ts'

const records: GasRecord[] = [
  { contract: 'Token', method: 'deploy', kind: 'deploy', gasUsed: 120_000 },
  { contract: 'Token', method: 'transfer', kind: 'call', gasUsed: 6_123 },
  { contract: 'Token', method: 'balanceOf', kind: 'view', gasUsed: 900 },
  { contract: 'Token', method: 'transfer', kind: 'call', gasUsed: 4_000 },
  { contract: 'Escrow', method: 'open', kind: 'call', gasUsed: 20_001 },
]

describe('gas reports and snapshots', () => {
  it("collects one test's gas per method in call order, without deployments", () => {
    expect(testGas(records)).toEqual(new Map([['Token.transfer', [6_123, 4_000]], ['Token.balanceOf', [900]], ['Escrow.open', [20_001]]]))
  })

  it('writes sorted, one line per test and method, and reads it back; test names may contain the separator', () => {
    const snapshot = new Map([
      ['tests/b.test.ts > b', testGas(records)],
      ['tests/a.test.ts > x | y > a', new Map([['Token.transfer', [1]]])],
    ])
    const text = formatGasSnapshot(snapshot)
    expect(text).toBe(
      [
        'tests/a.test.ts > x | y > a | Token.transfer | 1',
        'tests/b.test.ts > b | Escrow.open | 20001',
        'tests/b.test.ts > b | Token.balanceOf | 900',
        'tests/b.test.ts > b | Token.transfer | 6123 4000',
        '',
      ].join('\n'),
    )
    expect(parseGasSnapshot(text)).toEqual(snapshot)
    expect(parseGasSnapshot('')).toEqual(new Map())
    expect(() => parseGasSnapshot('a | B.c | 12\nnot a line\n')).toThrow('gas snapshot line 2: expected "<test> | <Contract.method> | <gas> …", got "not a line"')
    expect(() => parseGasSnapshot('a | B.c | 12 x\n')).toThrow('line 1')
  })

  it('names each method whose gas changed, appeared or went away', () => {
    const before = new Map([['Token.transfer', [6_123]], ['Token.mint', [3_000]]])
    expect(gasChanges(before, before)).toEqual([])
    expect(gasChanges(before, new Map([['Token.transfer', [6_124]], ['Token.burn', [10]]]))).toEqual(['Token.burn: (not called) → 10', 'Token.mint: 3000 → (not called)', 'Token.transfer: 6123 → 6124'])
    expect(gasChanges(before, new Map([['Token.transfer', [6_123, 6_123]], ['Token.mint', [3_000]]]))).toEqual(['Token.transfer: 6123 → 6123 6123'])
  })

  it('summarizes calls, min, avg and max per method, deployments first, and prints a table', () => {
    const summaries = summarizeGas(records)
    expect(summaries).toEqual([
      { contract: 'Escrow', method: 'open', kind: 'call', calls: 1, min: 20_001, avg: 20_001, max: 20_001 },
      { contract: 'Token', method: 'deploy', kind: 'deploy', calls: 1, min: 120_000, avg: 120_000, max: 120_000 },
      { contract: 'Token', method: 'balanceOf', kind: 'view', calls: 1, min: 900, avg: 900, max: 900 },
      { contract: 'Token', method: 'transfer', kind: 'call', calls: 2, min: 4_000, avg: 5_062, max: 6_123 },
    ])
    expect(formatGasTable(summaries)).toBe(
      [
        'gas per call            calls      min      avg      max',
        '──────────────────────  ─────  ───────  ───────  ───────',
        'Escrow.open                 1   20,001   20,001   20,001',
        'Token (deploy)              1  120,000  120,000  120,000',
        'Token.balanceOf (view)      1      900      900      900',
        'Token.transfer              2    4,000    5,062    6,123',
      ].join('\n'),
    )
  })
})
