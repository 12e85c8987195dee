/**
 * Boot: the compile worker starts first, then the workspace is restored (or a share link opened),
 * and only then the editor and the panels load (playground.ts, a separate chunk), so TypeScript
 * and esbuild load in the worker while monaco loads here.
 */
import { Compiler } from './compile/client.ts'
import { readShareLink } from './workspace/share.ts'
import { loadWorkspace } from './workspace/storage.ts'
import { defaultWorkspace } from './workspace/workspace.ts'

const compiler = new Compiler()
const [saved, shared, { startPlayground }] = await Promise.all([loadWorkspace(), readShareLink(location.hash), import('./playground.ts')])
const data = saved ?? defaultWorkspace()
if (shared) {
  // A share link replaces the project's files; keys, deployments and the chain stay.
  Object.assign(data, { files: shared.files, entry: shared.entry, open: shared.entry })
  history.replaceState(null, '', location.pathname + location.search)
}
startPlayground(data, compiler, { save: !saved || shared !== undefined })
