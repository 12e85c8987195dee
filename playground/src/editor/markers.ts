/**
 * Compiler messages as editor markers: every message of a file becomes an error squiggle at its
 * `line:column`, spanning the word there (a `Message` has a start, no length).
 */
import type { Message } from '../../../compiler/index.ts'
import { monaco } from './monaco.ts'

/** Markers of the compiler (kept apart from any other owner's). */
export const MARKER_OWNER = 'inkstone'

export function markersFor(model: monaco.editor.ITextModel, messages: Message[]): monaco.editor.IMarkerData[] {
  return messages.map((message) => {
    const line = Math.min(Math.max(message.line, 1), model.getLineCount())
    const column = Math.max(message.column, 1)
    const word = model.getWordAtPosition({ lineNumber: line, column })
    const end = word && word.startColumn === column ? word.endColumn : Math.max(column + 1, model.getLineMaxColumn(line))
    return {
      severity: monaco.MarkerSeverity.Error,
      message: message.text,
      code: message.code,
      source: 'inkstone',
      startLineNumber: line,
      startColumn: column,
      endLineNumber: line,
      endColumn: end,
    }
  })
}
