// TextEncoder and TextDecoder (UTF-8 only, as in most runtimes); the
// byte work is in C (kernel/js/js_encoding.c).
import native from 'rtjs:native';

export class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') { return native.encodeUtf8(`${input}`); }
  encodeInto(src, dest) {
    const [read, written] = native.encodeUtf8Into(`${src}`, dest);
    return { read, written };
  }
}

const LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

export class TextDecoder {
  #fatal;
  #ignoreBOM;
  #pending = null;   // bytes of an incomplete sequence kept for { stream: true }
  constructor(label = 'utf-8', options = {}) {
    label = `${label}`.trim().toLowerCase();
    if (!LABELS.has(label)) {
      const err = new RangeError(`The "${label}" encoding is not supported`);
      err.code = 'ERR_ENCODING_NOT_SUPPORTED';
      throw err;
    }
    this.#fatal = !!options.fatal;
    this.#ignoreBOM = !!options.ignoreBOM;
  }
  get encoding() { return 'utf-8'; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }
  decode(input, options = {}) {
    let bytes = input === undefined ? new Uint8Array(0)
      : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : new Uint8Array(input);
    if (this.#pending) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    if (options.stream) {
      const keep = incompleteTail(bytes);
      if (keep) {
        this.#pending = bytes.slice(bytes.length - keep);
        bytes = bytes.subarray(0, bytes.length - keep);
      }
    }
    return native.decodeUtf8(bytes, this.#fatal, this.#ignoreBOM);
  }
}

// Bytes at the end that start a multi-byte sequence not yet complete.
function incompleteTail(b) {
  for (let k = 1; k <= 3 && k <= b.length; k++) {
    const c = b[b.length - k];
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}
