/**
 * The code editor: one monaco model per project file (`file:///<path>`, so imports between them
 * resolve), one editor showing the open file, compiler messages as markers.
 */
import type { Message } from '../../../compiler/index.ts'
import type { SourceLocation } from '../chain/failure-location.ts'
import { MARKER_OWNER, markersFor } from './markers.ts'
import { fileUri, monaco, startLanguageService } from './monaco.ts'

export class Editor {
  readonly #editor: monaco.editor.IStandaloneCodeEditor
  readonly #models = new Map<string, monaco.editor.ITextModel>()
  readonly #onEdit: (path: string, text: string) => void
  /** Set while the editor's text is replaced from outside (import, template): not an edit. */
  #replacing = false

  constructor(container: HTMLElement, onEdit: (path: string, text: string) => void) {
    this.#onEdit = onEdit
    this.#editor = monaco.editor.create(container, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      // Its header keeps the previous file's lines after the model changes.
      stickyScroll: { enabled: false },
    })
  }

  /** Makes the models match `files`: new ones created, changed ones replaced, removed ones disposed. */
  setFiles(files: Readonly<Record<string, string>>): void {
    this.#replacing = true
    try {
      for (const [path, model] of this.#models) {
        if (Object.hasOwn(files, path)) continue
        model.dispose()
        this.#models.delete(path)
      }
      for (const [path, text] of Object.entries(files)) {
        const model = this.#models.get(path)
        if (model) {
          if (model.getValue() !== text) model.setValue(text)
          continue
        }
        const created = monaco.editor.createModel(text, 'typescript', fileUri(path))
        created.onDidChangeContent(() => {
          if (!this.#replacing) this.#onEdit(path, created.getValue())
        })
        this.#models.set(path, created)
      }
    } finally {
      this.#replacing = false
    }
  }

  open(path: string): void {
    const model = this.#models.get(path)
    if (model && this.#editor.getModel() !== model) this.#editor.setModel(model)
  }

  /** Opens the file of `location` and puts the cursor there. */
  reveal(location: SourceLocation): void {
    this.open(location.file)
    this.#editor.setPosition({ lineNumber: location.line, column: location.column })
    this.#editor.revealLineInCenter(location.line)
    this.#editor.focus()
  }

  /** Shows the compiler's messages on their files (and clears the files without any). */
  showMessages(messages: Message[]): void {
    startLanguageService()
    for (const [path, model] of this.#models) {
      monaco.editor.setModelMarkers(model, MARKER_OWNER, markersFor(model, messages.filter((message) => message.file === path)))
    }
  }
}
