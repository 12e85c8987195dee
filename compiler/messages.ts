/**
 * Problems as data: every phase reports `Message`s with a location instead of throwing, and the
 * caller decides how to print them. A `Message` is plain JSON (it crosses to a browser Worker).
 *
 * TypeScript is imported for its types only: pages that show messages (the playground's editor)
 * import this module without loading the compiler, which only its worker needs.
 */
import type ts from 'typescript'
import { displayPath } from './files.ts'

export interface Message {
  /** Path relative to the project root, POSIX separators; '' when the problem has no file. */
  file: string
  /** 1-based; 0 when the problem has no location. */
  line: number
  /** 1-based, in UTF-16 code units like editors count. */
  column: number
  text: string
  /** Where it comes from: a TypeScript code (`TS2322`), a lint rule (`no-date`), `abi`, `contract`, `options`, `bundle`. */
  code: string
}

/** `file:line:col message`, the form editors and terminals link. */
export function formatMessage(message: Message): string {
  const where = message.file === '' ? '' : message.line === 0 ? `${message.file}: ` : `${message.file}:${message.line}:${message.column} `
  return `${where}${message.text}`
}

/** A message located at a TypeScript node. */
export function messageAt(node: ts.Node, text: string, code: string): Message {
  const file = node.getSourceFile()
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file))
  return { file: displayPath(file.fileName), line: line + 1, column: character + 1, text, code }
}
