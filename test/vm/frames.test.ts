import { describe, expect, it } from 'vitest'
import { encode, writeUvarint } from '../../vm/canonical.ts'
import { eventDataBytes, readEnvelope, readFlush } from '../../vm/frames.ts'
import { testChain } from './harness.ts'

const text = (s: string) => new TextEncoder().encode(s)

/** Bytes joined: strings as UTF-8, numbers as single bytes. */
function frame(...parts: (string | number | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((part) => (typeof part === 'string' ? text(part) : typeof part === 'number' ? Uint8Array.of(part) : part))
  const out = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0))
  chunks.reduce((at, chunk) => (out.set(chunk, at), at + chunk.length), 0)
  return out
}

/** A length prefix and the bytes. */
function framed(bytes: Uint8Array): Uint8Array {
  const prefix = new Uint8Array(8)
  return frame(prefix.subarray(0, writeUvarint(prefix, 0, bytes.length)), bytes)
}

describe('sandbox frames', () => {
  it('reads an envelope of a call that returned: numbers, writes, events, log lines, value', () => {
    const event = frame(0x07, 0x02, encode('Moved'), encode({ amount: 5n }))
    const line = encode(['x is', 1])
    const envelope = readEnvelope(
      frame('K', '-12,345,1;', 2, framed(text('k€')), 1, framed(encode(7n)), framed(text('gone')), 0, 1, framed(event), 1, framed(line), encode([true, 'v'])),
    )
    expect(envelope).toEqual({
      returned: true,
      gasLeft: -12,
      memoryUsed: 345,
      dirty: true,
      section: { writes: [['k€', encode(7n)], ['gone', null]], events: [{ name: 'Moved', dataBytes: encode({ amount: 5n }) }], logs: [['x is', 1]] },
      value: [true, 'v'],
    })
  })

  it('reads an envelope of a call that failed, and a flush', () => {
    expect(readEnvelope(frame('F', '0,0,0;', 0, encode(['revert', 'RevertError', 'no', '']))).failure).toEqual({ kind: 'revert', name: 'RevertError', message: 'no', stack: '' })
    expect(readFlush(frame(0, 0, 0))).toEqual({ writes: [], events: [], logs: [] })
  })

  it('refuses what is malformed with a RangeError', () => {
    const malformed = [
      frame('X', '0,0,0;', 0, 0, 0, 0x00), // status
      frame('K', '0,0;', 0, 0, 0, 0x00), // a number missing
      frame('K', '1a,0,0;', 0, 0, 0, 0x00), // not a number
      frame('K', '0,0,2;', 0, 0, 0, 0x00), // dirty neither 0 nor 1
      frame('K', '0,0,0;', 0, 0, 0), // no value
      frame('K', '0,0,0;', 1, framed(text('k')), 2, 0, 0, 0x00), // a write's kind
      frame('K', '0,0,0;', 0, 1, framed(encode(['Moved'])), 0, 0x00), // an event of one item
      frame('F', '0,0,0;', 0, encode(['revert', 'RevertError', 'no'])), // a failure of three fields
    ]
    for (const bytes of malformed) expect(() => readEnvelope(bytes), String(bytes)).toThrow(RangeError)
    expect(() => readFlush(frame(0, 0, 0, 0))).toThrow(RangeError) // trailing bytes
  })

  it('gives the VM events\' data bytes: what encode(data) gives, for events the VM made only; their data reads as a plain property', async () => {
    const chain = await testChain({ c: `const { emit } = require('inkstone:host')
exports.f = () => { emit('A', { b: [1, 2n, 'é'], a: null }); emit('B', undefined); return 1 }` })
    const { events } = chain.call('c', 'f')
    expect(events.map((event) => event.name)).toEqual(['A', 'B'])
    for (const event of events) expect(eventDataBytes(event)).toEqual(encode(event.data))
    expect(eventDataBytes({ ...events[0]! })).toBeUndefined()
    // Its data, decoded when first read, is an own enumerable property like any other.
    expect(events).toEqual([{ contract: 'c', name: 'A', data: { a: null, b: [1, 2n, 'é'] } }, { contract: 'c', name: 'B', data: null }])
    expect(Object.keys(events[0]!)).toEqual(['contract', 'name', 'data'])
    expect({ ...events[0]! }.data).toBe(events[0]!.data)
  })
})
