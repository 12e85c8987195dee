/**
 * The frames the sandbox hands the host, read. The prelude (vm/prelude.ts) builds them as byte
 * strings and the engine writes their writes and events (inkstone-quickjs.c
 * __inkWritesAndEvents); everything a contract stores, emits or returns in them is already its
 * canonical bytes (vm/canonical.ts), so the host stores the bytes it is given:
 *
 *   envelope  'K' gasLeft ',' memoryUsed ',' dirty ';' writes events logs value   (the call returned)
 *             'F' gasLeft ',' memoryUsed ',' dirty ';' logs failure               (the call failed)
 *   flush     writes events logs                                                   (before other code runs)
 *
 *   writes    uvarint n, then n × (uvarint length ‖ key UTF-8 ‖ 0 (deleted) or 1 ‖ uvarint length ‖ value)
 *   events    uvarint n, then n × (uvarint length ‖ [name, data]: the name and the data each encoded on its own)
 *   logs      uvarint n, then n × (uvarint length ‖ the line's arguments, an array)
 *   value     to the end of the envelope; failure: [kind, name, message, stack] to the end
 *
 * Values, events, log lines and failures are canonical bytes; gasLeft and memoryUsed decimal
 * integers (gasLeft negative when the call ran out), dirty 0 or 1 (the call wrote state created
 * before it: its context must not be reused). A frame is a view of the engine's memory: what
 * these functions return is copied out of it. Anything malformed is a RangeError.
 */
import { ByteReader, decode, TAG, type CanonicalValue } from './canonical.ts'

/** What a flush, or a call that returned, hands over besides its value. */
export interface Section {
  /** Keys written in order of first write, each with its value's canonical bytes (null: deleted). */
  writes: [key: string, value: Uint8Array | null][]
  /** Each event's name and its data's canonical bytes as the sandbox wrote them. */
  events: { name: string; dataBytes: Uint8Array }[]
  /** Each line's arguments. */
  logs: CanonicalValue[][]
}

export interface Envelope {
  returned: boolean
  gasLeft: number
  memoryUsed: number
  dirty: boolean
  /** Of a call that returned. */
  section?: Section
  value?: CanonicalValue
  /** Of a call that failed: its log lines, and what it failed with. */
  logs?: CanonicalValue[][]
  failure?: { kind: string; name: string; message: string; stack: string }
}

const K = 0x4b
const F = 0x46
const COMMA = 0x2c
const SEMICOLON = 0x3b
const MINUS = 0x2d
const ZERO = 0x30

export function readEnvelope(frame: Uint8Array): Envelope {
  const reader = new ByteReader(frame, false)
  const status = reader.byte()
  if (status !== K && status !== F) throw new RangeError('sandbox: malformed envelope')
  const gasLeft = decimal(reader, COMMA)
  const memoryUsed = decimal(reader, COMMA)
  const dirty = decimal(reader, SEMICOLON)
  if (dirty !== 0 && dirty !== 1) throw new RangeError('sandbox: malformed envelope')
  if (status === K) {
    const section = readSection(reader)
    return { returned: true, gasLeft, memoryUsed, dirty: dirty === 1, section, value: decode(frame.subarray(reader.offset)) }
  }
  const logs = readLogs(reader)
  const failure = decode(frame.subarray(reader.offset))
  if (!Array.isArray(failure) || failure.length !== 4 || !failure.every((field) => typeof field === 'string')) {
    throw new RangeError('sandbox: malformed failure')
  }
  const [kind, name, message, stack] = failure as string[]
  return { returned: false, gasLeft, memoryUsed, dirty: dirty === 1, logs, failure: { kind: kind!, name: name!, message: message!, stack: stack! } }
}

/** A flush: writes, events and log lines, the whole frame. */
export function readFlush(frame: Uint8Array): Section {
  const reader = new ByteReader(frame, false)
  const section = readSection(reader)
  if (reader.offset !== frame.length) throw new RangeError('sandbox: malformed flush')
  return section
}

function readSection(reader: ByteReader): Section {
  const writes: Section['writes'] = []
  for (let n = reader.count(); n > 0; n--) {
    const key = reader.text(reader.span())
    const kind = reader.byte()
    if (kind > 1) throw new RangeError('sandbox: malformed write')
    writes.push([key, kind === 0 ? null : reader.bytes.slice(reader.span(), reader.offset)])
  }
  const events: Section['events'] = []
  for (let n = reader.count(); n > 0; n--) {
    // [name, data]: an array of two, a string, then the data's bytes to the end of the event.
    const start = reader.span()
    const event = new ByteReader(reader.bytes.subarray(start, reader.offset), false)
    if (event.byte() !== TAG.array || event.byte() !== 2 || event.byte() !== TAG.string) throw new RangeError('sandbox: malformed event')
    const name = event.text(event.span())
    events.push({ name, dataBytes: event.bytes.slice(event.offset) })
  }
  return { writes, events, logs: readLogs(reader) }
}

function readLogs(reader: ByteReader): CanonicalValue[][] {
  const logs: CanonicalValue[][] = []
  for (let n = reader.count(); n > 0; n--) {
    // A line's arguments, each encoded on its own (see decode's `list`).
    const start = reader.span()
    logs.push(decode(reader.bytes.subarray(start, reader.offset), { list: true }) as CanonicalValue[])
  }
  return logs
}

/**
 * An event as the VM reports it (vm.ts VmEvent), made from what the sandbox wrote: its data is
 * decoded when first read, since a chain only copies the bytes into receipts (eventDataBytes).
 * Like the writes beside them, the bytes are the engine's own encoding, not checked again here.
 * `data` is an own enumerable property (an accessor), so the event compares, spreads and
 * serialises as a plain `{ contract, name, data }` does.
 */
class SandboxEvent {
  readonly contract: string
  readonly name: string
  declare readonly data: CanonicalValue
  readonly #dataBytes: Uint8Array
  #data: CanonicalValue | undefined

  constructor(contract: string, name: string, dataBytes: Uint8Array) {
    this.contract = contract
    this.name = name
    this.#dataBytes = dataBytes
    Object.defineProperty(this, 'data', SandboxEvent.#dataProperty)
  }

  static readonly #dataProperty: PropertyDescriptor = {
    get(this: SandboxEvent) {
      return (this.#data ??= decode(this.#dataBytes))
    },
    enumerable: true,
  }

  static dataBytesOf(event: object): Uint8Array | undefined {
    return #dataBytes in event ? event.#dataBytes : undefined
  }
}

/** The event `contract` emitted, from its name and its data's canonical bytes (a section's event). */
export function sandboxEvent(contract: string, name: string, dataBytes: Uint8Array): { contract: string; name: string; data: CanonicalValue } {
  return new SandboxEvent(contract, name, dataBytes)
}

/**
 * The canonical bytes of an event's data as its contract's sandbox wrote them (the bytes
 * `encode(data)` gives), for an event the VM made; undefined for any other, such as one decoded
 * from a stored receipt. A receipt's encoder copies them instead of encoding the data again.
 */
export function eventDataBytes(event: object): Uint8Array | undefined {
  return SandboxEvent.dataBytesOf(event)
}

/** A decimal integer up to `terminator` (which is consumed). */
function decimal(reader: ByteReader, terminator: number): number {
  const negative = reader.bytes[reader.offset] === MINUS
  if (negative) reader.offset++
  let n = 0
  let digits = 0
  for (let b = reader.byte(); b !== terminator; b = reader.byte(), digits++) {
    if (b < ZERO || b > ZERO + 9 || digits > 15) throw new RangeError('sandbox: malformed number')
    n = n * 10 + (b - ZERO)
  }
  if (digits === 0) throw new RangeError('sandbox: malformed number')
  return negative ? -n : n
}
