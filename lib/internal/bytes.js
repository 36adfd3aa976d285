// Bytes in and out of the socket modules: what a caller may pass to
// write()/send() (a Buffer, any view, an ArrayBuffer, a string with an
// encoding), and what 'data'/'message' hand back (a Buffer over the
// received ArrayBuffer, no copy).
import { Buffer } from 'node:buffer';

function invalid(name, value) {
  const err = new TypeError(`The "${name}" argument must be of type string or an instance of Buffer, TypedArray, DataView or ArrayBuffer. Received ${value === null ? 'null' : typeof value}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

export function toBytes(data, encoding, name = 'data') {
  if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw invalid(name, data);
}

export const fromBytes = (ab) => Buffer.from(ab);
