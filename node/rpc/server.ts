/**
 * The RPC transport: JSON-RPC over HTTP POST and over WebSocket (same port, same path), with
 * request size limits and CORS (so the browser playground can call a local node). It moves text
 * only: the envelope (envelope.ts) parses, the core (methods.ts) answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { errorResponse, handleMessage, type RpcCore } from './envelope.ts'
import { InvalidRequestError } from './errors.ts'
import type { RpcSession } from './methods.ts'

export interface RpcServerOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** Largest HTTP body or WebSocket message in bytes (a deploy carries its bundle as hex). */
  maxBodyBytes?: number
  /** Value of Access-Control-Allow-Origin (default "*": a local dev node serves any page). */
  corsOrigin?: string
}

/** A WebSocket client that reads slower than notifications arrive is dropped past this backlog. */
const MAX_WS_BACKLOG = 32 * 1024 * 1024

export class RpcServer {
  readonly #http: Server
  readonly #ws: WebSocketServer

  private constructor(http: Server, ws: WebSocketServer) {
    this.#http = http
    this.#ws = ws
  }

  static async start(core: RpcCore<RpcSession>, options: RpcServerOptions = {}): Promise<RpcServer> {
    const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024
    const cors = {
      'Access-Control-Allow-Origin': options.corsOrigin ?? '*',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '86400',
    }
    const http = createServer((req, res) => serveHttp(req, res, core, maxBodyBytes, cors))
    http.keepAliveTimeout = 60_000
    const ws = new WebSocketServer({ server: http, maxPayload: maxBodyBytes })
    ws.on('connection', (socket) => serveWebSocket(socket, core))
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
    })
    return new RpcServer(http, ws)
  }

  get port(): number {
    return (this.#http.address() as AddressInfo).port
  }

  get url(): string {
    const { address, port } = this.#http.address() as AddressInfo
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`
  }

  async close(): Promise<void> {
    for (const client of this.#ws.clients) client.terminate()
    await new Promise<void>((resolve) => this.#ws.close(() => resolve()))
    this.#http.closeAllConnections()
    await new Promise<void>((resolve) => this.#http.close(() => resolve()))
  }
}

function serveHttp(req: IncomingMessage, res: ServerResponse, core: RpcCore<RpcSession>, maxBodyBytes: number, cors: Record<string, string>): void {
  const reply = (status: number, body?: string) => {
    res.writeHead(status, { ...cors, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) })
    res.end(body)
  }
  if (req.method === 'OPTIONS') return reply(204)
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST, OPTIONS')
    return reply(405, JSON.stringify(errorResponse(null, new InvalidRequestError('JSON-RPC requests are POSTed'))))
  }
  let refused = false
  const tooLarge = () => {
    if (refused) return
    refused = true
    res.setHeader('Connection', 'close')
    reply(413, JSON.stringify(errorResponse(null, new InvalidRequestError(`request larger than ${maxBodyBytes} bytes`))))
    req.destroy()
  }
  if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) return tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size > maxBodyBytes) return tooLarge()
    chunks.push(chunk)
  })
  req.on('end', () => {
    if (refused) return
    handleMessage(Buffer.concat(chunks).toString('utf8'), core, { subscriptions: new Map() }).then(
      (body) => (body === undefined ? reply(204) : reply(200, body)),
      (error: Error) => reply(500, JSON.stringify({ error: error.message })),
    )
  })
}

function serveWebSocket(socket: WebSocket, core: RpcCore<RpcSession>): void {
  const session: RpcSession = {
    subscriptions: new Map(),
    notify(subscription, result) {
      if (socket.readyState !== socket.OPEN) return
      if (socket.bufferedAmount > MAX_WS_BACKLOG) return socket.close(1013, 'subscriber too slow')
      socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'ink_subscription', params: { subscription, result } }))
    },
  }
  socket.on('message', (data, isBinary) => {
    if (isBinary) return socket.send(JSON.stringify(errorResponse(null, new InvalidRequestError('send text frames'))))
    handleMessage(data.toString(), core, session).then((body) => {
      if (body !== undefined && socket.readyState === socket.OPEN) socket.send(body)
    })
  })
  socket.on('close', () => {
    for (const off of session.subscriptions.values()) off()
    session.subscriptions.clear()
  })
}
