/**
 * Share links: the project's files travel in the URL's fragment, deflated and base64url-encoded
 * (`#share=…`), so opening the link restores them with no server involved (the fragment never
 * leaves the browser). Keys, deployments and the chain are not shared.
 */
export interface SharedProject {
  files: Record<string, string>
  entry: string
}

const PREFIX = '#share='

export async function shareLink(project: SharedProject, base: string): Promise<string> {
  const json = JSON.stringify({ v: 1, files: project.files, entry: project.entry })
  const deflated = new Uint8Array(await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer())
  return base.replace(/#.*$/, '') + PREFIX + toBase64Url(deflated)
}

/** The project in a URL fragment, or undefined when it holds none (or a damaged one). */
export async function readShareLink(hash: string): Promise<SharedProject | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined
  try {
    const bytes = fromBase64Url(hash.slice(PREFIX.length))
    const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text()
    const value = JSON.parse(text) as { v?: unknown; files?: unknown; entry?: unknown }
    if (value.v !== 1 || typeof value.entry !== 'string' || !isFileMap(value.files)) return undefined
    return { files: value.files, entry: value.entry }
  } catch {
    return undefined
  }
}

export function isFileMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((text) => typeof text === 'string')
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}
