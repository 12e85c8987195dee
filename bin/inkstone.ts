// `inkstone build <contract.ts> [--out <file>]`: compiles a contract to its artifact
// (default: next to the source, `<name>.artifact.json`). Errors print as `file:line:col message`
// with paths relative to the working directory, and exit with status 1.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { formatMessage, serializeArtifact } from '../compiler/index.ts'
import { compileFile } from '../compiler/node.ts'

const USAGE = 'usage: inkstone build <contract.ts> [--out <file>]'
const [command, file, ...rest] = process.argv.slice(2)
const outIndex = rest.indexOf('--out')
if (command !== 'build' || file === undefined || rest.length !== (outIndex === -1 ? 0 : 2)) {
  console.error(USAGE)
  process.exit(2)
}

const result = await compileFile(file)
for (const message of result.errors) {
  const shown = message.file === '' ? message : { ...message, file: path.relative(process.cwd(), path.join(result.root, message.file)) }
  console.error(formatMessage(shown))
}
if (!result.artifact) process.exit(1)
const out = outIndex === -1 ? file.replace(/\.ts$/, '.artifact.json') : rest[outIndex + 1]!
writeFileSync(out, serializeArtifact(result.artifact))
console.log(`${out}: ${result.artifact.name}, code hash ${result.artifact.codeHash}`)
