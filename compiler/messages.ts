/**
 * Problems as data: every phase reports `Message`s with a location instead of throwing, and the
 * caller decides how to print them. A `Message` is plain JSON (it crosses to a browser Worker).
 */
import ts from 'typescript'
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

export function messageFromDiagnostic(diagnostic: ts.Diagnostic): Message {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
  const code = `TS${diagnostic.code}`
  if (!diagnostic.file || diagnostic.start === undefined) return { file: '', line: 0, column: 0, text, code }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
  return { file: displayPath(diagnostic.file.fileName), line: line + 1, column: character + 1, text, code }
}
