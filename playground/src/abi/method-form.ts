/**
 * A form for one entry point, generated from its ABI: one typed input per parameter (optional
 * ones behind a checkbox), the arguments checked with the stdlib's ABI checker before anything is
 * sent, and the outcome of the last run under the button.
 */
import { checkArgs, describeType, type AbiMethod, type AbiTypes } from '../../../stdlib/abi.ts'
import type { CanonicalValue } from '../../../vm/canonical.ts'
import { fill, h } from '../ui/dom.ts'
import type { Activity } from '../workspace/workspace.ts'
import { inputFor, labelled, optional } from './inputs.ts'

export function methodForm(method: AbiMethod, types: AbiTypes, submit: { label: string; class: string }, run: (args: CanonicalValue[]) => Promise<Activity>, show: (entry: Activity) => HTMLElement): HTMLFormElement {
  const params = method.params.map((param) => ({ param, input: optional(inputFor(param.type, types, param.name), param.optional === true) }))
  const button = h('button', { type: 'submit', class: submit.class }, submit.label)
  const result = h('ul', { class: 'activity result' })
  const returns = method.returns === 'void' ? '' : `: ${describeType(method.returns)}`
  const form = h(
    'form',
    { class: 'method', 'data-method': method.name, 'data-kind': method.kind },
    h('header', {}, h('code', {}, h('strong', {}, method.name), returns), h('span', { class: `kind ${method.kind}` }, method.kind === 'view' ? 'read-only' : method.kind === 'init' ? 'initializer' : 'transaction'), h('span', { class: 'spacer' }), button),
    ...params.map(({ param, input }) => labelled(param.name + (param.optional ? '?' : ''), param.type, input.element)),
    result,
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    let args: CanonicalValue[]
    try {
      // An optional parameter left out is `null` in the middle and absent at the end.
      args = params.map(({ input }) => (input.present() ? input.read() : null))
      while (args.length > 0 && !params[args.length - 1]!.input.present()) args.pop()
      const problem = checkArgs(method, args, types)
      if (problem) throw new Error(problem)
    } catch (error) {
      fill(result, h('li', { class: 'bad' }, (error as Error).message))
      return
    }
    button.disabled = true
    fill(result, h('li', { class: 'muted' }, method.kind === 'view' ? 'querying…' : 'sending…'))
    try {
      fill(result, show(await run(args)))
    } finally {
      button.disabled = false
    }
  })
  return form
}
