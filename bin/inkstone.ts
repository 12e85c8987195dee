// `inkstone <command>`: the command line (bin/cli/main.ts has the commands; docs/cli.md the manual).
import { main } from './cli/main.ts'

process.exitCode = await main(process.argv.slice(2))
