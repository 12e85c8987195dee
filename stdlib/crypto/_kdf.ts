/**
 * The SM3-based key derivation function of GB/T 32918.4-2016 §5.4.3 (also used by SM2 key
 * exchange, GB/T 32918.3): K = Ha₁ ‖ Ha₂ ‖ … truncated to `length` bytes, where
 * Haᵢ = SM3(Z ‖ ct) and ct is a 32-bit big-endian counter starting at 1. Internal.
 * @module
 */
import { sm3 } from './sm3.ts'

/** Derives `length` bytes from the shared secret `z`. */
export function kdf(z: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  const counter = new Uint8Array(4)
  const view = new DataView(counter.buffer)
  for (let ct = 1, offset = 0; offset < length; ct++, offset += 32) {
    view.setUint32(0, ct, false)
    const block = sm3.create().update(z).update(counter).digest()
    out.set(block.subarray(0, Math.min(32, length - offset)), offset)
  }
  return out
}
