// Where the playground shows a failure: the innermost project frame of the VM's stack, mapped with
// the page's source map of the failing contract, else the node's TypeScript frames (sourceStack).
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Artifact } from '../../compiler/artifact.ts'
import { failureLocation, type ContractFailure } from '../../playground/src/chain/failure-location.ts'
import { build, devChain } from '../compiler/dev-chain.ts'

const TOKEN = 'examples/token/token.ts'
const REVERT_LINE = readFileSync(TOKEN, 'utf8').split('\n').findIndex((line) => line.includes("'insufficient balance'")) + 1

let artifact: Artifact
let failure: ContractFailure

beforeAll(async () => {
  artifact = await build(TOKEN)
  const { chain } = await devChain({ token: { artifact, init: ['Ink', 'INK', 2, 1000n], deployer: 'alice' } })
  const result = chain.call('token', 'transfer', ['bob', 5000n], { sender: 'alice' })
  expect(result.ok).toBe(false)
  failure = { ...result.error!, contract: 'token' }
})

describe('failureLocation', () => {
  it("maps the VM's stack with the page's source map, past the stdlib's require", () => {
    expect(failure.stack).toMatch(/\(bundle:\d+:\d+\)/)
    const location = failureLocation(failure, (address) => (address === 'token' ? artifact.sourceMap : undefined))
    expect(location).toEqual({ file: TOKEN, line: REVERT_LINE, column: expect.any(Number) })
  })

  it("takes the node's TypeScript frames when the page has no source map of the failing contract", () => {
    const sourceStack = [
      { name: 'require', file: 'node_modules/inkstone/index.ts', line: 10, column: 3, library: true },
      { name: '#move', file: 'contracts/other.ts', line: 42, column: 5, library: false },
    ]
    expect(failureLocation({ ...failure, sourceStack }, () => undefined)).toEqual({ file: 'contracts/other.ts', line: 42, column: 5 })
  })

  it('falls back to the innermost stdlib frame past require when no frame is the project\'s (an inherited entry point)', () => {
    const sourceStack = [
      { name: 'require', file: 'node_modules/inkstone/context.ts', line: 39, column: 5, library: true },
      { name: 'write', file: 'node_modules/inkstone/privacy/private-records.ts', line: 120, column: 5, library: true },
      { name: 'writeField', file: 'node_modules/inkstone/privacy/records-contract.ts', line: 37, column: 18, library: true },
    ]
    expect(failureLocation({ ...failure, sourceStack }, () => undefined)).toEqual({ file: 'node_modules/inkstone/privacy/private-records.ts', line: 120, column: 5 })
  })

  it('has no location without a map and without frames', () => {
    expect(failureLocation({ ...failure, sourceStack: [] }, () => undefined)).toBeUndefined()
    const { stack: _stack, ...withoutStack } = failure
    expect(failureLocation(withoutStack, () => artifact.sourceMap)).toBeUndefined()
  })
})
