// `npm run bench`: runs every benchmark suite in turn and prints its figures.
// Suites are plain modules with a default async function; pass names to run a subset:
//   npm run bench -- vm crypto
const suites: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  vm: () => import('./vm.ts'),
  compile: () => import('./compile.ts'),
  crypto: () => import('./crypto.ts'),
  node: () => import('./node.ts'),
  zkp: () => import('./zkp.ts'),
  playground: () => import('./playground.ts'),
}

const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !(name in suites))
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`)
  process.exit(2)
}
for (const [name, load] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  console.log(`\n## ${name}`)
  const suite = await load()
  await suite.default()
}

export {}
