/**
 * JSON-RPC 2.0 errors: one class per code, each with a default message (JSON-RPC 2.0 §5.1 for
 * the standard codes; -32000…-32099 are "server errors" the spec leaves to implementations).
 */
export class JsonRpcError extends Error {
  override name = 'JsonRpcError'
  readonly code: number
  readonly data: unknown
  constructor(code: number, message: string, data?: unknown) {
    super(message)
    this.code = code
    this.data = data
  }
}

/** Invalid JSON was received. */
export class ParseError extends JsonRpcError {
  constructor(message = 'Parse error', data?: unknown) {
    super(-32700, message, data)
  }
}

/** The JSON sent is not a valid request object (or is too large). */
export class InvalidRequestError extends JsonRpcError {
  constructor(message = 'Invalid request', data?: unknown) {
    super(-32600, message, data)
  }
}

export class MethodNotFoundError extends JsonRpcError {
  constructor(method: string) {
    super(-32601, `Method not found: ${method}`)
  }
}

export class InvalidParamsError extends JsonRpcError {
  constructor(message = 'Invalid params', data?: unknown) {
    super(-32602, message, data)
  }
}

export class InternalError extends JsonRpcError {
  constructor(message = 'Internal error', data?: unknown) {
    super(-32603, message, data)
  }
}

/** The node refused a transaction; `data.reason` is one of node/tx.ts TX_REJECTIONS' keys. */
export class TransactionRejectedError extends JsonRpcError {
  constructor(message: string, reason: string) {
    super(-32000, message, { reason })
  }
}

/** The method exists but not on this transport (subscriptions need a WebSocket); EIP-1474's code. */
export class MethodNotSupportedError extends JsonRpcError {
  constructor(message = 'Method not supported') {
    super(-32004, message)
  }
}

/** A query asked for more than the node serves in one answer (block range, result count). */
export class LimitExceededError extends JsonRpcError {
  constructor(message = 'Limit exceeded') {
    super(-32005, message)
  }
}
