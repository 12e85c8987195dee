/**
 * Starting projects: the repository's own examples (examples/), read when the playground is
 * built, so a template is always the example the tests compile. Each lands in `contracts/`.
 */
const sources = import.meta.glob<string>('../../../examples/{token,name-registry,voting,medical-records}/*.ts', { query: '?raw', import: 'default', eager: true })

export interface Template {
  id: string
  title: string
  /** The file holding the contract class. */
  entry: string
  files: Record<string, string>
}

function template(id: string, title: string, folder: string, entry: string): Template {
  const prefix = `../../../examples/${folder}/`
  const files = Object.fromEntries(Object.entries(sources).flatMap(([path, text]) => (path.startsWith(prefix) ? [[`contracts/${path.slice(prefix.length)}`, text]] : [])))
  return { id, title, entry: `contracts/${entry}`, files }
}

export const TEMPLATES: readonly Template[] = [
  template('token', 'Token', 'token', 'token.ts'),
  template('registry', 'Name registry', 'name-registry', 'name-registry.ts'),
  template('voting', 'Voting', 'voting', 'voting.ts'),
  template('private-records', 'Private records', 'medical-records', 'medical-records.ts'),
]
