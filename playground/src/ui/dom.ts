/**
 * A tiny element builder: the panels build their DOM with it instead of a framework.
 * `h('button', { class: 'primary', onclick: run }, 'Deploy')`: keys starting with `on` become
 * listeners, `true`/`false` set or skip boolean attributes, everything else is an attribute.
 */
type Attribute = string | number | boolean | undefined | ((event: never) => void)
export type Child = Node | string | number | null | undefined | false

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, Attribute> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener)
    else if (value === true) element.setAttribute(name, '')
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value))
  }
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false).map((child) => (typeof child === 'number' ? String(child) : child)))
  return element
}

/** Replaces an element's children. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren()
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false).map((child) => (typeof child === 'number' ? String(child) : child)))
}

/** A short form of a 64-hex hash or a 0x address for tables: `0x63af…91c2`. */
export function short(hex: string): string {
  return hex.length > 14 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex
}
