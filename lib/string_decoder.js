// node:string_decoder: bytes to text across chunk boundaries. A character
// split between two write() calls comes out whole with the second; end()
// gives what is left (an incomplete UTF-8 sequence as U+FFFD).
import { Buffer } from 'node:buffer';

const SINGLE = new Set(['latin1', 'binary', 'ascii', 'hex']);

function normalize(encoding) {
  const enc = String(encoding ?? 'utf8').toLowerCase();
  if (enc === 'utf-8') return 'utf8';
  if (enc === 'ucs2' || enc === 'ucs-2' || enc === 'utf-16le') return 'utf16le';
  if (enc === 'binary') return 'latin1';
  if (!Buffer.isEncoding(enc)) {
    const err = new TypeError(`Unknown encoding: ${encoding}`);
    err.code = 'ERR_UNKNOWN_ENCODING';
    throw err;
  }
  return enc;
}

export class StringDecoder {
  #pending = Buffer.alloc(0);      // bytes of an unfinished character or base64 group
  #utf8 = null;

  constructor(encoding) {
    this.encoding = normalize(encoding);
    if (this.encoding === 'utf8') this.#utf8 = new TextDecoder('utf-8');
  }

  write(buf) {
    if (typeof buf === 'string') return buf;
    if (!ArrayBuffer.isView(buf)) {
      const err = new TypeError('The "buf" argument must be an instance of Buffer, TypedArray, or DataView');
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    if (this.#utf8) return this.#utf8.decode(bytes, { stream: true });
    if (SINGLE.has(this.encoding)) return bytes.toString(this.encoding);
    const all = this.#pending.length ? Buffer.concat([this.#pending, bytes]) : bytes;
    const unit = this.encoding === 'utf16le' ? 2 : 3;   // base64 / base64url: whole groups of 3
    let keep = all.length % unit;
    // UTF-16: a high surrogate at the end waits for its low half
    if (unit === 2 && all.length - keep >= 2) {
      const last = all.readUInt16LE(all.length - keep - 2);
      if (last >= 0xd800 && last <= 0xdbff) keep += 2;
    }
    this.#pending = Buffer.from(all.subarray(all.length - keep));
    return all.subarray(0, all.length - keep).toString(this.encoding);
  }

  end(buf) {
    let out = buf === undefined ? '' : this.write(buf);
    if (this.#utf8) out += this.#utf8.decode();
    else if (this.#pending.length) {
      out += this.#pending.toString(this.encoding);
      this.#pending = Buffer.alloc(0);
    }
    return out;
  }

  text(buf, offset) {
    return this.write(buf.subarray(offset));
  }
}

export default { StringDecoder };
