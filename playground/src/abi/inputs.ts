/**
 * Typed inputs generated from ABI types (stdlib/abi.ts): a text box for a string, a bigint or
 * bytes, a choice for booleans and literal unions, rows for arrays and records, fieldsets for
 * objects, a variant choice for other unions. `read()` turns what was typed into a canonical
 * value, or throws an Error naming the field.
 */
import { describeType, type AbiType, type AbiTypes } from '../../../stdlib/abi.ts'
import type { CanonicalValue } from '../../../vm/canonical.ts'
import { fromHex } from '../../../node/bytes.ts'
import { h } from '../ui/dom.ts'

export interface Input {
  element: HTMLElement
  read(): CanonicalValue
}

/** Deeper than this, a value is typed as JSON (a recursive type cannot unfold forever). */
const MAX_DEPTH = 6

export function inputFor(type: AbiType, types: AbiTypes, name: string, depth = 0): Input {
  if (depth > MAX_DEPTH) return textInput(name, 'JSON', (text) => JSON.parse(text) as CanonicalValue)
  if (typeof type === 'string') return PRIMITIVES[type](name)
  if ('ref' in type) return inputFor(types[type.ref]!, types, name, depth + 1)
  if ('literal' in type) return fixed(type.literal)
  if ('union' in type) return unionInput(type.union, types, name, depth)
  if ('array' in type) return rows(name, () => inputFor(type.array, types, `${name}[]`, depth + 1), (items) => items.map((item) => item.read()))
  if ('record' in type) {
    const entry = (): Input => {
      const key = textInput(`${name}.key`, 'key', (text) => text)
      const value = inputFor(type.record, types, `${name}.value`, depth + 1)
      return { element: h('span', { class: 'pair' }, key.element, value.element), read: () => [key.read(), value.read()] }
    }
    return rows(name, entry, (items) => Object.fromEntries(items.map((item) => item.read() as [string, CanonicalValue])))
  }
  if ('tuple' in type) {
    const items = type.tuple.map((item, i) => inputFor(item, types, `${name}[${i}]`, depth + 1))
    return { element: h('span', { class: 'tuple' }, ...items.map((item) => item.element)), read: () => items.map((item) => item.read()) }
  }
  const fields = type.object.map((field) => ({ field, input: optional(inputFor(field.type, types, `${name}.${field.name}`, depth + 1), field.optional === true) }))
  return {
    element: h('fieldset', { class: 'object' }, ...fields.map(({ field, input }) => labelled(field.name, field.type, input.element))),
    read: () => Object.fromEntries(fields.flatMap(({ field, input }) => (input.present() ? [[field.name, input.read()]] : []))),
  }
}

/** A parameter or field that may be left out: a checkbox says whether it is given. */
export function optional(input: Input, isOptional: boolean): Input & { present(): boolean } {
  if (!isOptional) return { ...input, present: () => true }
  const box = h('input', { type: 'checkbox', title: 'give this optional value' })
  const sync = () => input.element.toggleAttribute('hidden', !box.checked)
  box.addEventListener('change', sync)
  sync()
  return { element: h('span', { class: 'optional' }, box, input.element), read: input.read, present: () => box.checked }
}

export function labelled(name: string, type: AbiType, control: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'name' }, name), h('span', { class: 'type' }, describeType(type)), control)
}

const PRIMITIVES: Record<Extract<AbiType, string>, (name: string) => Input> = {
  string: (name) => textInput(name, 'text', (text) => text),
  number: (name) =>
    textInput(name, '0', (text) => {
      const value = Number(text)
      if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${name}: "${text}" is not a finite number`)
      return value
    }),
  bigint: (name) =>
    textInput(name, '0n', (text) => {
      const digits = text.trim().replace(/n$/, '')
      if (!/^-?\d+$/.test(digits)) throw new Error(`${name}: "${text}" is not an integer`)
      return BigInt(digits)
    }),
  bytes: (name) =>
    textInput(name, '0x…', (text) => {
      const hex = text.trim().replace(/^0x/, '')
      if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`${name}: "${text}" is not hex bytes (0x + pairs of hex digits)`)
      return fromHex(hex.toLowerCase())
    }),
  boolean: (name) => {
    const select = h('select', { name }, h('option', {}, 'false'), h('option', {}, 'true'))
    return { element: select, read: () => select.value === 'true' }
  },
  null: () => fixed(null),
}

function textInput(name: string, placeholder: string, parse: (text: string) => CanonicalValue): Input {
  const input = h('input', { type: 'text', name, placeholder, autocomplete: 'off', spellcheck: 'false' })
  return { element: input, read: () => parse(input.value) }
}

function fixed(value: string | number | boolean | null): Input {
  return { element: h('code', { class: 'fixed' }, JSON.stringify(value)), read: () => value }
}

/** A union: a choice of member, then the chosen member's input (built when chosen, so recursive types stay finite). */
function unionInput(members: AbiType[], types: AbiTypes, name: string, depth: number): Input {
  const literals = members.every((member) => typeof member === 'object' && 'literal' in member)
  const select = h('select', { name }, ...members.map((member, i) => h('option', { value: i }, describeType(member))))
  if (literals) return { element: select, read: () => (members[Number(select.value)] as { literal: string | number | boolean }).literal }
  // Start on `null` when the union has it: an optional-like value needs no input.
  const nullIndex = members.indexOf('null')
  if (nullIndex >= 0) select.value = String(nullIndex)
  const slot = h('span', { class: 'variant' })
  let chosen: Input
  const build = () => {
    chosen = inputFor(members[Number(select.value)]!, types, name, depth + 1)
    slot.replaceChildren(chosen.element)
  }
  select.addEventListener('change', build)
  build()
  return { element: h('span', { class: 'union' }, select, slot), read: () => chosen.read() }
}

/** Rows of inputs with add and remove buttons (arrays, records). */
function rows(name: string, make: () => Input, read: (items: Input[]) => CanonicalValue): Input {
  const items: Input[] = []
  const list = h('div', { class: 'rows' })
  const add = h('button', { type: 'button', class: 'small', 'data-add': name }, '+ add')
  add.addEventListener('click', () => {
    const item = make()
    const row = h('div', { class: 'row' }, item.element)
    const remove = h('button', { type: 'button', class: 'small', title: 'remove' }, '×')
    remove.addEventListener('click', () => {
      items.splice(items.indexOf(item), 1)
      row.remove()
    })
    row.append(remove)
    items.push(item)
    list.append(row)
  })
  return { element: h('div', { class: 'list' }, list, add), read: () => read(items) }
}
