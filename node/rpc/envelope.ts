/**
 * The JSON-RPC 2.0 envelope: parses a message, validates request objects, runs them through the
 * core, maps errors to codes and echoes ids. It knows no method: `core.request` does.
 * Batches are answered as arrays (notifications get no entry; an all-notification batch gets
 * no response at all), up to `MAX_BATCH` requests.
 */
import { TxRejectedError } from '../tx.ts'
import { InternalError, InvalidRequestError, JsonRpcError, ParseError, TransactionRejectedError } from './errors.ts'

export const MAX_BATCH = 1_000

export type JsonRpcId = string | number | null

export interface RpcRequest {
  method: string
  params: unknown[] | Record<string, unknown>
}

/** What the envelope calls: the method table over the node, plus per-connection context. */
export interface RpcCore<Session> {
  request(request: RpcRequest, session: Session): Promise<unknown>
}

export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: { code: number; message: string; data?: unknown } }

/** Handles one message (text); resolves the response text, or undefined when none is due. */
export async function handleMessage<Session>(text: string, core: RpcCore<Session>, session: Session): Promise<string | undefined> {
  let message: unknown
  try {
    message = JSON.parse(text)
  } catch {
    return JSON.stringify(errorResponse(null, new ParseError()))
  }
  if (Array.isArray(message)) {
    if (message.length === 0) return JSON.stringify(errorResponse(null, new InvalidRequestError('empty batch')))
    if (message.length > MAX_BATCH) return JSON.stringify(errorResponse(null, new InvalidRequestError(`batch larger than ${MAX_BATCH}`)))
    const responses = (await Promise.all(message.map((item) => handleRequest(item, core, session)))).filter((r) => r !== undefined)
    if (responses.length === 0) return undefined
    try {
      return JSON.stringify(responses)
    } catch {
      // A result JSON cannot carry: that response alone becomes an error.
      return `[${responses.map(stringify).join(',')}]`
    }
  }
  const response = await handleRequest(message, core, session)
  return response && stringify(response)
}

/** A result JSON cannot carry (a bug in a method) becomes an internal error, not a crash. */
function stringify(response: JsonRpcResponse): string {
  try {
    return JSON.stringify(response)
  } catch (error) {
    return JSON.stringify(errorResponse(response.id, new InternalError(`result not serializable: ${(error as Error).message}`)))
  }
}

async function handleRequest<Session>(item: unknown, core: RpcCore<Session>, session: Session): Promise<JsonRpcResponse | undefined> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return errorResponse(null, new InvalidRequestError('request must be an object'))
  const { jsonrpc, method, params, id } = item as Record<string, unknown>
  const hasId = 'id' in item
  if (hasId && id !== null && typeof id !== 'string' && typeof id !== 'number') return errorResponse(null, new InvalidRequestError('"id" must be a string, number or null'))
  const replyId = hasId ? (id as JsonRpcId) : null
  if (jsonrpc !== '2.0') return errorResponse(replyId, new InvalidRequestError('"jsonrpc" must be "2.0"'))
  if (typeof method !== 'string') return errorResponse(replyId, new InvalidRequestError('"method" must be a string'))
  if (params !== undefined && (params === null || typeof params !== 'object')) {
    return errorResponse(replyId, new InvalidRequestError('"params" must be an array or an object'))
  }
  let response: JsonRpcResponse
  try {
    const result = await core.request({ method, params: (params ?? []) as RpcRequest['params'] }, session)
    response = { jsonrpc: '2.0', id: replyId, result: result ?? null }
  } catch (error) {
    response = errorResponse(replyId, toJsonRpcError(error))
  }
  // A request without an id is a notification: it runs, but gets no answer (JSON-RPC 2.0 §4.1).
  return hasId ? response : undefined
}

export function toJsonRpcError(error: unknown): JsonRpcError {
  if (error instanceof JsonRpcError) return error
  if (error instanceof TxRejectedError) return new TransactionRejectedError(error.message, error.reason)
  return new InternalError(error instanceof Error ? error.message : String(error))
}

export function errorResponse(id: JsonRpcId, error: JsonRpcError): JsonRpcResponse {
  const body: { code: number; message: string; data?: unknown } = { code: error.code, message: error.message }
  if (error.data !== undefined) body.data = error.data
  return { jsonrpc: '2.0', id, error: body }
}
