import { describe, expect, it } from 'vitest'
import { buildSource, devChain } from '../compiler/dev-chain.ts'

const CALLEE = `import { call, init, view, Contract, context, gasLeft, require, revert, StorageValue, type Context } from 'inkstone'

export class Callee extends Contract<{ Noted: { by: string; note: string } }> {
  readonly owner = new StorageValue<string>('owner', '')

  @init
  init(owner: string): void {
    this.owner.set(owner)
  }

  @call
  note(note: string): string {
    require(note.length > 0, 'a note cannot be empty')
    if (note === 'revert') revert('asked to revert')
    if (note === 'throw') throw new RangeError('asked to throw')
    console.log('noting', note, { length: note.length })
    this.emit('Noted', { by: context().caller, note })
    return note.toUpperCase()
  }

  @view
  whoami(): Context {
    return context()
  }

  @view
  gas(): boolean {
    const before = gasLeft()
    let x = 0
    for (let i = 0; i < 100; i++) x += i
    return gasLeft() < before && x > 0
  }
}
`

const CALLER = `import { call, CallError, contractAt } from 'inkstone'
import type { Callee } from './callee.ts'

export class Caller {
  @call
  relay(callee: string, note: string): string {
    return contractAt<typeof Callee>(callee).call('note', note)
  }

  @call
  tryRelay(callee: string, note: string): string {
    try {
      return contractAt<typeof Callee>(callee).call('note', note)
    } catch (error) {
      if (error instanceof CallError) return 'caught: ' + error.message
      throw error
    }
  }

  @call
  illTyped(callee: string): string {
    return contractAt<typeof Callee>(callee).call('note', ...([42] as unknown as [string]))
  }
}
`

describe('contract runtime', async () => {
  const callee = await buildSource(CALLEE)
  const { compileSources } = await import('../compiler/dev-chain.ts')
  const callerResult = await compileSources({ 'caller.ts': CALLER, 'callee.ts': CALLEE }, 'caller.ts')
  const caller = callerResult.artifact!
  const deploy = () => devChain({ callee: { artifact: callee, init: ['alice'] }, caller: { artifact: caller } })

  it('returns values, emits typed events, logs', async () => {
    const { chain } = await deploy()
    const result = chain.call('callee', 'note', ['hello'], { sender: 'bob' })
    expect(result).toMatchObject({ ok: true, value: 'HELLO' })
    expect(result.events).toEqual([{ contract: 'callee', name: 'Noted', data: { by: 'bob', note: 'hello' } }])
    expect(result.logs.map((log) => log.message)).toEqual(['noting hello {"length":5}'])
  })

  it('brings a revert message and its kind to the caller', async () => {
    const { chain } = await deploy()
    expect(chain.call('callee', 'note', ['']).error).toMatchObject({ kind: 'revert', name: 'RevertError', message: 'a note cannot be empty' })
    expect(chain.call('callee', 'note', ['revert']).error).toMatchObject({ kind: 'revert', message: 'asked to revert' })
    expect(chain.call('callee', 'note', ['throw']).error).toMatchObject({ kind: 'error', name: 'RangeError', message: 'asked to throw' })
  })

  it('gives the call context and gas', async () => {
    const { chain } = await deploy()
    expect(chain.call('callee', 'whoami', [], { sender: 'carol' }).value).toMatchObject({ caller: 'carol', origin: 'carol', self: 'callee', txHash: expect.any(String) })
    expect(chain.call('callee', 'gas').value).toBe(true)
  })

  it('calls other contracts with types; the callee sees the caller contract', async () => {
    const { chain } = await deploy()
    const result = chain.call('caller', 'relay', ['callee', 'hi'], { sender: 'dave' })
    expect(result).toMatchObject({ ok: true, value: 'HI' })
    expect(result.events).toEqual([{ contract: 'callee', name: 'Noted', data: { by: 'caller', note: 'hi' } }])
  })

  it('lets a caller catch a failed call as CallError, or fail with it', async () => {
    const { chain } = await deploy()
    expect(chain.call('caller', 'tryRelay', ['callee', 'revert']).value).toBe('caught: callee.note failed (revert): asked to revert')
    expect(chain.call('caller', 'relay', ['callee', '']).error).toMatchObject({ kind: 'error', name: 'CallError', message: 'callee.note failed (revert): a note cannot be empty' })
  })

  it('checks the arguments of a nested call against the callee ABI', async () => {
    const { chain } = await deploy()
    expect(chain.call('caller', 'illTyped', ['callee']).error?.message).toBe('callee.note failed (error): note: argument "note" expected string, got number 42')
  })

  it('runs init once', async () => {
    const { chain } = await deploy()
    expect(chain.call('callee', 'init', ['mallory']).error).toMatchObject({ kind: 'revert', message: 'the contract is already initialized' })
  })
})

describe('the contract instance', async () => {
  const shared = await buildSource(`import { call, view, StorageValue, StorageVector } from 'inkstone'
export class Shared {
  readonly config = new StorageValue<{ limit: number; tags: string[] }>('config', { limit: 1, tags: ['a'] })
  readonly list = new StorageVector<string>('list')

  @call
  scribble(): string {
    ;(this as unknown as { scratch: string }).scratch = 'kept?'
    return 'unreachable'
  }

  @view
  peek(): string | null {
    return (this as unknown as { scratch?: string }).scratch ?? null
  }

  @call
  bumpFallback(): number {
    const config = this.config.get()
    config.limit++
    config.tags.push('b')
    return config.limit * 10 + config.tags.length
  }

  @call
  pushTwice(item: string): number[] {
    const lengths = [this.list.push(item), this.list.push(item + '!')]
    this.list.pop()
    return [...lengths, this.list.length]
  }
}
`)

  it('is built once, frozen: a write to it fails, and no call sees one', async () => {
    const { chain } = await devChain({ shared: { artifact: shared } })
    expect(chain.call('shared', 'scribble').error).toMatchObject({ kind: 'error', name: 'TypeError' })
    expect(chain.call('shared', 'peek')).toMatchObject({ ok: true, value: null })
    const discards = chain.vm.stats().discards
    for (let i = 0; i < 3; i++) expect(chain.call('shared', 'bumpFallback').value).toBe(22)
    // A warm context served them all: nothing marked a call as writing earlier state.
    expect(chain.vm.stats().discards).toBe(discards)
  })

  it("hands out a copy of a StorageValue's fallback, and keeps a vector's length in storage", async () => {
    const { chain } = await devChain({ shared: { artifact: shared } })
    expect(chain.call('shared', 'pushTwice', ['x']).value).toEqual([1, 2, 1])
    expect(chain.call('shared', 'pushTwice', ['y']).value).toEqual([2, 3, 2])
  })

  it('is built for every call when its constructor needs the host', async () => {
    const perCall = await buildSource(`import { call, StorageValue } from 'inkstone'
export class PerCall {
  readonly count = new StorageValue<number>('count', 0)
  readonly atStart = this.count.get()

  @call
  bump(): number[] {
    this.count.set(this.count.get() + 1)
    return [this.atStart, this.count.get()]
  }
}
`)
    const { chain } = await devChain({ perCall: { artifact: perCall } })
    expect(chain.call('perCall', 'bump').value).toEqual([0, 1])
    expect(chain.call('perCall', 'bump').value).toEqual([1, 2])
  })
})
