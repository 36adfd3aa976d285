// The `buffer` module: Node's Buffer, a Uint8Array with encodings and
// binary read/write helpers. UTF-8 (the common case) is encoded and
// decoded in C (kernel/js/js_encoding.c, as TextEncoder/TextDecoder); the
// other encodings are small loops here.
//
// Unlike Node there is no 8 KiB allocation pool: every Buffer owns its
// ArrayBuffer unless made by slice/subarray/from(arrayBuffer). Sending a
// Buffer to another isolate transfers (detaches) that ArrayBuffer, and a
// pool would detach every other Buffer carved from it.
import native from 'rtjs:native';
import { inspect, types } from 'node:util';

const { isAnyArrayBuffer, isArrayBufferView, isUint8Array } = types;

// QuickJS limits an ArrayBuffer to 2 GiB - 1 and a string to 2^30 - 1.
export const kMaxLength = 2 ** 31 - 1;
export const kStringMaxLength = 2 ** 30 - 1;
export const constants = Object.freeze({ MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength });
export const INSPECT_MAX_BYTES = 50;

const u8IndexOf = Uint8Array.prototype.indexOf;
const u8LastIndexOf = Uint8Array.prototype.lastIndexOf;

// ---------------------------------------------------------------------------
// Errors, with the codes and messages of Node's.

function coded(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

function describeReceived(value) {
  if (value == null) return `${value}`;
  if (typeof value === 'function' && value.name) return `function ${value.name}`;
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) return `an instance of ${value.constructor.name}`;
    return inspect(value, { depth: -1 });
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return `type ${typeof value} (${shown})`;
}

// "one of type a or b", "an instance of A, B, or C": Node's wording.
function listed(words, lead, leadMany) {
  if (words.length > 2) return `${leadMany}${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}`;
  return `${words.length === 2 ? leadMany : lead}${words.join(' or ')}`;
}

function invalidArgType(name, expected, actual) {
  const primitives = [], instances = [], other = [];
  for (const e of expected) {
    if (/^[a-z]+$/.test(e)) primitives.push(e);
    else if (/^([A-Z][a-z0-9]*)+$/.test(e)) instances.push(e);
    else other.push(e);
  }
  const parts = [];
  if (primitives.length) parts.push(listed(primitives, 'of type ', 'one of type '));
  if (instances.length) parts.push(listed(instances, 'an instance of ', 'an instance of '));
  if (other.length) parts.push(listed(other, other[0].toLowerCase() === other[0] ? '' : 'an ', 'one of '));
  const what = name.endsWith(' argument') ? name : `"${name}" argument`;
  return coded(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The ${what} must be ${parts.join(' or ')}. Received ${describeReceived(actual)}`);
}

function addNumericalSeparator(digits) {
  let res = '';
  let i = digits.length;
  const start = digits[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${digits.slice(i - 3, i)}${res}`;
  return `${digits.slice(0, i)}${res}`;
}

function outOfRange(name, range, value) {
  let received;
  if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    received = addNumericalSeparator(String(value));
  } else if (typeof value === 'bigint') {
    received = String(value);
    if (value > 2n ** 32n || value < -(2n ** 32n)) received = addNumericalSeparator(received);
    received += 'n';
  } else {
    received = inspect(value);
  }
  return coded(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${received}`);
}

function outOfBounds(name) {
  return coded(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
    name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');
}

function unknownEncoding(encoding) {
  return coded(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
}

function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw invalidArgType(name, ['number'], value);
  if ((min != null && value < min) || (max != null && value > max) ||
      ((min != null || max != null) && Number.isNaN(value))) {
    const range = [min != null ? `>= ${min}` : '', max != null ? `<= ${max}` : ''].filter(Boolean).join(' && ');
    throw outOfRange(name, range, value);
  }
}

// Node's validateOffset: an integer in [min, max].
function validateOffset(value, name, min = 0, max = kMaxLength) {
  if (typeof value !== 'number') throw invalidArgType(name, ['number'], value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validateBuffer(value, name) {
  if (!isUint8Array(value)) throw invalidArgType(name, ['Buffer', 'Uint8Array'], value);
}

// ---------------------------------------------------------------------------
// Encodings. Each has byteLength(string), bytes(string) -> Buffer and
// text(buf, start, end) -> string; `step` is the alignment indexOf keeps.
// The byte loops are in C: kernel/js/js_buffer.c, and js_encoding.c for
// UTF-8.

// The bytes [start, end) of buf as a plain Uint8Array over the same memory
// (a Buffer's own subarray would go through the Buffer constructor).
function view(buf, start, end) {
  return new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
}

const CHUNK = 0x2000;   // arguments per String.fromCharCode call

function latin1Text(buf, start, end) {
  let s = '';
  for (let i = start; i < end; i += CHUNK)
    s += String.fromCharCode.apply(null, view(buf, i, Math.min(end, i + CHUNK)));
  return s;
}

// Node clears the top bit of every byte.
function asciiText(buf, start, end) {
  const s = latin1Text(buf, start, end);
  if (!/[\x80-\xff]/.test(s)) return s;
  const low = view(buf, start, end).map((b) => b & 0x7f);
  return latin1Text(low, 0, low.length);
}

function ucs2Text(buf, start, end) {
  const n = (end - start) >>> 1;
  // A Uint16Array needs an even byte offset; copy when there is none.
  const units = (buf.byteOffset + start) % 2 === 0
    ? new Uint16Array(buf.buffer, buf.byteOffset + start, n)
    : new Uint16Array(view(buf, start, start + 2 * n).slice().buffer);
  let s = '';
  for (let i = 0; i < n; i += CHUNK)
    s += String.fromCharCode.apply(null, units.subarray(i, i + CHUNK));
  return s;
}

function base64ByteLength(s) {
  let n = s.length;
  if (s.charCodeAt(n - 1) === 0x3d) n--;
  if (n > 1 && s.charCodeAt(n - 1) === 0x3d) n--;
  return (n * 3) >>> 2;
}

function utf8Bytes(s) {
  const u8 = native.encodeUtf8(s);
  return new FastBuffer(u8.buffer, 0, u8.length);
}

const utf8 = {
  step: 1,
  byteLength: (s) => native.utf8Length(s),
  bytes: utf8Bytes,
  // Node keeps a byte order mark: it is U+FEFF, not a signature.
  text: (buf, start, end) =>
    native.decodeUtf8(start === 0 && end === buf.length ? buf : view(buf, start, end), false, true),
};
// Each UTF-16 unit's low byte, as Node.
const latin1Bytes = (s) => new FastBuffer(native.latin1Bytes(s));
const latin1 = { step: 1, byteLength: (s) => s.length, bytes: latin1Bytes, text: latin1Text };
const ucs2 = {
  step: 2, byteLength: (s) => s.length * 2, bytes: (s) => new FastBuffer(native.ucs2Bytes(s)), text: ucs2Text,
};
// Either alphabet decodes, whatever the encoding's name (as Node).
const base64Bytes = (s) => new FastBuffer(native.base64Bytes(s));

const encodings = {
  __proto__: null,
  utf8,
  'utf-8': utf8,
  latin1,
  binary: latin1,
  ucs2,
  'ucs-2': ucs2,
  utf16le: ucs2,
  'utf-16le': ucs2,
  ascii: { step: 1, byteLength: (s) => s.length, bytes: latin1Bytes, text: asciiText },
  hex: {
    step: 1, byteLength: (s) => s.length >>> 1, bytes: (s) => new FastBuffer(native.hexBytes(s)),
    text: (buf, start, end) => native.hexText(buf, start, end),
  },
  base64: {
    step: 1, byteLength: base64ByteLength, bytes: base64Bytes,
    text: (buf, start, end) => native.base64Text(buf, start, end, false),
  },
  base64url: {
    step: 1, byteLength: base64ByteLength, bytes: base64Bytes,
    text: (buf, start, end) => native.base64Text(buf, start, end, true),
  },
};

// The encoding called `name` (any case), or undefined.
function encodingOf(name) {
  return encodings[`${name}`.toLowerCase()];
}

// ---------------------------------------------------------------------------
// Buffer

// Uint8Array's constructor without Buffer's argument handling: what every
// Buffer really is (Node's FastBuffer).
class FastBuffer extends Uint8Array {}

// Buffer(...) and new Buffer(...): deprecated in Node, kept for old code.
export function Buffer(arg, encodingOrOffset, length) {
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') throw invalidArgType('string', ['string'], arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}
Object.setPrototypeOf(Buffer, Uint8Array);
Buffer.prototype = FastBuffer.prototype;
Object.defineProperty(FastBuffer.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });
Buffer.poolSize = 8192;   // kept for code that reads it; there is no pool

function fromString(string, encoding) {
  let enc = utf8;
  if (typeof encoding === 'string' && encoding.length !== 0) {
    enc = encodingOf(encoding);
    if (!enc) throw unknownEncoding(encoding);
  }
  return string.length === 0 ? new FastBuffer() : enc.bytes(string);
}

function fromArrayBuffer(ab, byteOffset, length) {
  byteOffset = byteOffset === undefined ? 0 : +byteOffset || 0;
  const maxLength = ab.byteLength - byteOffset;
  if (maxLength < 0) throw outOfBounds('offset');
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw outOfBounds('length');
    } else {
      length = 0;
    }
  }
  return new FastBuffer(ab, byteOffset, length);
}

// Array-likes copy element by element: Buffer.from(new Uint16Array([258]))
// is <Buffer 02>, as in Node.
function fromArrayLike(obj) {
  return obj.length <= 0 ? new FastBuffer() : new FastBuffer(obj);
}

function fromObject(obj) {
  if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer))
    return typeof obj.length === 'number' ? fromArrayLike(obj) : new FastBuffer();
  if (obj.type === 'Buffer' && Array.isArray(obj.data)) return fromArrayLike(obj.data);
  return undefined;
}

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value && (typeof valueOf === 'string' || typeof valueOf === 'object'))
      return from(valueOf, encodingOrOffset, length);
    const b = fromObject(value);
    if (b) return b;
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const primitive = value[Symbol.toPrimitive]('string');
      if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
    }
  }
  throw invalidArgType('first argument', ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'], value);
};

Buffer.alloc = function alloc(size, fill, encoding) {
  validateNumber(size, 'size', 0, kMaxLength);
  const buf = new FastBuffer(size);
  if (fill !== undefined && fill !== 0 && size > 0) fillBuffer(buf, fill, 0, buf.length, encoding);
  return buf;
};

// Zeroed all the same: QuickJS has no uninitialised ArrayBuffer.
Buffer.allocUnsafe = function allocUnsafe(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
};
Buffer.allocUnsafeSlow = Buffer.allocUnsafe;

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 && encodingOf(encoding) !== undefined;
};

Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (isArrayBufferView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw invalidArgType('string', ['string', 'Buffer', 'ArrayBuffer'], string);
  }
  if (string.length === 0) return 0;
  // An unknown encoding counts as UTF-8 here (as Node).
  return ((encoding && encodingOf(encoding)) || utf8).byteLength(string);
};

Buffer.compare = function compare(buf1, buf2) {
  validateBuffer(buf1, 'buf1');
  validateBuffer(buf2, 'buf2');
  return buf1 === buf2 ? 0 : compareBytes(buf1, 0, buf1.length, buf2, 0, buf2.length);
};

Buffer.concat = function concat(list, length) {
  if (!Array.isArray(list)) throw invalidArgType('list', ['Array'], list);
  if (list.length === 0) return new FastBuffer();
  if (length === undefined) {
    length = 0;
    for (const b of list) if (b.length) length += b.length;
  } else {
    validateOffset(length, 'length');
  }
  const out = new FastBuffer(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const b = list[i];
    if (!isUint8Array(b)) throw invalidArgType(`list[${i}]`, ['Buffer', 'Uint8Array'], b);
    pos += copyBytes(b, out, pos, 0, b.length);
  }
  return out;
};

function compareBytes(a, aStart, aEnd, b, bStart, bEnd) {
  return native.bufferCompare(a, aStart, aEnd, b, bStart, bEnd);
}

// Copies what fits of source[sourceStart, sourceEnd) to target at
// targetStart; returns the bytes copied. Overlap is safe (TypedArray set).
function copyBytes(source, target, targetStart, sourceStart, sourceEnd) {
  let n = Math.min(sourceEnd, source.length) - sourceStart;
  n = Math.min(n, target.length - targetStart);
  if (n <= 0) return 0;
  target.set(view(source, sourceStart, sourceStart + n), targetStart);
  return n;
}

// Node's toInteger: NaN and unsafe integers become the default.
function toInteger(n, defaultValue) {
  n = +n;
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER)
    return n % 1 === 0 ? n : Math.floor(n);
  return defaultValue;
}

function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0) return 0;
  if (offset < 0) return Math.max(offset + length, 0);
  if (offset < length) return offset;
  return Number.isNaN(offset) ? 0 : length;
}

// Fills buf[offset, end) with the number, string or bytes `value`
// repeated; offset and end are checked by the caller.
function fillBuffer(buf, value, offset, end, encoding) {
  const given = value;
  if (typeof value === 'string') {
    const enc = encoding == null ? utf8 : encodingOf(encoding);
    if (!enc) {
      if (typeof encoding !== 'string') throw invalidArgType('encoding', ['string'], encoding);
      throw unknownEncoding(encoding);
    }
    if (value.length === 0) value = 0;
    else if (value.length === 1 && enc === utf8 && value.charCodeAt(0) < 128) value = value.charCodeAt(0);
    else if (value.length === 1 && enc === latin1) value = value.charCodeAt(0) & 0xff;
    else value = enc.bytes(value);
  } else if (isArrayBufferView(value)) {
    value = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  } else if (typeof value !== 'number') {
    value = (value >>> 0) & 0xff;
  }
  if (typeof value === 'number') {
    Uint8Array.prototype.fill.call(buf, value, offset, end);
    return buf;
  }
  if (value.length === 0) {
    throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'value' is invalid. Received ${inspect(given)}`);
  }
  // One copy, then double what is there until the range is full.
  let done = copyBytes(value, buf, offset, 0, Math.min(value.length, end - offset));
  while (offset + done < end) {
    const n = Math.min(done, end - offset - done);
    buf.copyWithin(offset + done, offset, offset + n);
    done += n;
  }
  return buf;
}

// Where a search starts, or -1 for no match (Node's IndexOfOffset).
function searchStart(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    return forward || needleLength === 0 ? 0 : -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  return forward ? -1 : length - 1;
}

function indexOfBytes(hay, needle, offset, forward, step) {
  const start = searchStart(hay.length, offset, needle.length, forward);
  if (needle.length === 0) return start;
  if (hay.length === 0 || start < 0) return -1;
  if (step === 2 && (hay.length < 2 || needle.length < 2)) return -1;
  return native.bufferIndexOf(hay, needle, start, forward, step);
}

function bidirectionalIndexOf(buf, value, byteOffset, encoding, forward) {
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : buf.length;
  byteOffset = Math.trunc(byteOffset);

  if (typeof value === 'number') {
    const start = searchStart(buf.length, byteOffset, 1, forward);
    if (start < 0 || buf.length === 0) return -1;
    const byte = (value >>> 0) & 0xff;
    return forward ? u8IndexOf.call(buf, byte, start) : u8LastIndexOf.call(buf, byte, start);
  }
  const enc = encoding === undefined ? utf8 : encodingOf(encoding);
  if (typeof value === 'string') {
    if (!enc) throw unknownEncoding(encoding);
    return indexOfBytes(buf, enc.bytes(value), byteOffset, forward, enc.step);
  }
  if (isUint8Array(value)) {
    return indexOfBytes(buf, value, byteOffset, forward, enc ? enc.step : 1);
  }
  throw invalidArgType('value', ['number', 'string', 'Buffer', 'Uint8Array'], value);
}

// Offset checks for the read/write methods, with Node's messages.
function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type);
    throw outOfRange(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw outOfBounds();
  throw outOfRange(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
}

function checkBounds(buf, offset, size) {
  validateNumber(offset, 'offset');
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) boundsError(offset, buf.length - size);
}

function readUnsigned(buf, offset, size, le) {
  checkBounds(buf, offset, size);
  let v = 0;
  if (le) for (let i = size - 1; i >= 0; i--) v = v * 256 + buf[offset + i];
  else for (let i = 0; i < size; i++) v = v * 256 + buf[offset + i];
  return v;
}

function readSigned(buf, offset, size, le) {
  const v = readUnsigned(buf, offset, size, le);
  return v >= 2 ** (8 * size - 1) ? v - 2 ** (8 * size) : v;
}

function checkInt(value, min, max, buf, offset, size) {
  if (value > max || value < min) {
    const n = typeof min === 'bigint' ? 'n' : '';
    let range;
    if (size > 4) {
      const bits = size * 8;
      range = min === 0 || min === 0n ? `>= 0${n} and < 2${n} ** ${bits}${n}`
        : `>= -(2${n} ** ${bits - 1}${n}) and < 2${n} ** ${bits - 1}${n}`;
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw outOfRange('value', range, value);
  }
  checkBounds(buf, offset, size);
}

function writeInteger(buf, value, offset, size, le, signed) {
  value = +value;
  if (size === 1) validateNumber(offset, 'offset');
  const min = signed ? -(2 ** (8 * size - 1)) : 0;
  const max = signed ? 2 ** (8 * size - 1) - 1 : 2 ** (8 * size) - 1;
  checkInt(value, min, max, buf, offset, size);
  // Whole numbers divide down as two's complement; bytes store modulo 256.
  let v = Math.trunc(value);
  for (let i = 0; i < size; i++) {
    buf[le ? offset + i : offset + size - 1 - i] = v;
    v = Math.floor(v / 256);
  }
  return offset + size;
}

// readUIntLE(offset, byteLength) and friends take 1 to 6 bytes.
function checkByteLength(offset, byteLength, read) {
  if (read && offset === undefined) throw invalidArgType('offset', ['number'], offset);
  if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > 6) boundsError(byteLength, 6, 'byteLength');
  return byteLength;
}

const float32 = new Float32Array(1), float64 = new Float64Array(1);
const float32Bytes = new Uint8Array(float32.buffer), float64Bytes = new Uint8Array(float64.buffer);

// x86_64 is little-endian: the scratch bytes are in LE order.
function readFloat(buf, offset, scratch, bytes, le) {
  checkBounds(buf, offset, bytes.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = buf[le ? offset + i : offset + bytes.length - 1 - i];
  return scratch[0];
}

function writeFloat(buf, value, offset, scratch, bytes, le) {
  value = +value;
  checkBounds(buf, offset, bytes.length);
  scratch[0] = value;
  for (let i = 0; i < bytes.length; i++) buf[le ? offset + i : offset + bytes.length - 1 - i] = bytes[i];
  return offset + bytes.length;
}

function readBig64(buf, offset, le, signed) {
  checkBounds(buf, offset, 8);
  const lo = readUnsigned(buf, le ? offset : offset + 4, 4, le);
  const hi = (signed ? readSigned : readUnsigned)(buf, le ? offset + 4 : offset, 4, le);
  return (BigInt(hi) << 32n) + BigInt(lo);
}

function writeBig64(buf, value, offset, le, signed) {
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  checkInt(value, min, max, buf, offset, 8);
  const lo = Number(value & 0xffffffffn), hi = Number((value >> 32n) & 0xffffffffn);
  writeInteger(buf, lo, le ? offset : offset + 4, 4, le, false);
  writeInteger(buf, hi, le ? offset + 4 : offset, 4, le, false);
  return offset + 8;
}

const methods = {
  toString(encoding, start, end) {
    if (arguments.length === 0) return utf8.text(this, 0, this.length);
    const len = this.length;
    if (start <= 0) start = 0;
    else if (start >= len) return '';
    else start = Math.trunc(start) || 0;
    if (end === undefined || end > len) end = len;
    else end = Math.trunc(end) || 0;
    if (end <= start) return '';
    const enc = encoding === undefined ? utf8 : encodingOf(encoding);
    if (!enc) throw unknownEncoding(encoding);
    return enc.text(this, start, end);
  },

  toJSON() {
    return { type: 'Buffer', data: Array.from(this) };
  },

  equals(otherBuffer) {
    validateBuffer(otherBuffer, 'otherBuffer');
    if (this === otherBuffer) return true;
    if (this.byteLength !== otherBuffer.byteLength) return false;
    return compareBytes(this, 0, this.length, otherBuffer, 0, otherBuffer.length) === 0;
  },

  compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
    validateBuffer(target, 'target');
    if (arguments.length === 1) return compareBytes(this, 0, this.length, target, 0, target.length);
    if (targetStart === undefined) targetStart = 0;
    else validateOffset(targetStart, 'targetStart');
    if (targetEnd === undefined) targetEnd = target.length;
    else validateOffset(targetEnd, 'targetEnd', 0, target.length);
    if (sourceStart === undefined) sourceStart = 0;
    else validateOffset(sourceStart, 'sourceStart');
    if (sourceEnd === undefined) sourceEnd = this.length;
    else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);
    if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
    if (targetStart >= targetEnd) return 1;
    return compareBytes(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
  },

  indexOf(value, byteOffset, encoding) {
    return bidirectionalIndexOf(this, value, byteOffset, encoding, true);
  },

  lastIndexOf(value, byteOffset, encoding) {
    return bidirectionalIndexOf(this, value, byteOffset, encoding, false);
  },

  includes(value, byteOffset, encoding) {
    return this.indexOf(value, byteOffset, encoding) !== -1;
  },

  copy(target, targetStart, sourceStart, sourceEnd) {
    validateBuffer(target, 'target');
    if (targetStart === undefined) {
      targetStart = 0;
    } else {
      targetStart = toInteger(targetStart, 0);
      if (targetStart < 0) throw outOfRange('targetStart', '>= 0', targetStart);
    }
    if (sourceStart === undefined) {
      sourceStart = 0;
    } else {
      sourceStart = toInteger(sourceStart, 0);
      if (sourceStart < 0 || sourceStart > this.length)
        throw outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
    }
    if (sourceEnd === undefined) {
      sourceEnd = this.length;
    } else {
      sourceEnd = toInteger(sourceEnd, 0);
      if (sourceEnd < 0) throw outOfRange('sourceEnd', '>= 0', sourceEnd);
    }
    if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
    return copyBytes(this, target, targetStart, sourceStart, sourceEnd);
  },

  fill(value, offset, end, encoding) {
    if (typeof value === 'string') {
      if (offset === undefined || typeof offset === 'string') {
        encoding = offset;
        offset = undefined;
      } else if (typeof end === 'string') {
        encoding = end;
        end = undefined;
      }
    }
    if (offset === undefined) {
      offset = 0;
      end = this.length;
    } else {
      validateOffset(offset, 'offset');
      if (end === undefined) end = this.length;
      else validateOffset(end, 'end', 0, this.length);
      if (offset >= end) return this;
    }
    return fillBuffer(this, value, offset, end, encoding);
  },

  write(string, offset, length, encoding) {
    if (offset === undefined) {
      // write(string): UTF-8, whatever encoding says (as Node).
      offset = 0;
      length = this.length;
      encoding = undefined;
    } else if (length === undefined && typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      length = this.length;
    } else {
      validateOffset(offset, 'offset', 0, this.length);
      const remaining = this.length - offset;
      if (length === undefined) {
        length = remaining;
      } else if (typeof length === 'string') {
        encoding = length;
        length = remaining;
      } else {
        validateOffset(length, 'length', 0, this.length);
        if (length > remaining) length = remaining;
      }
    }
    const enc = !encoding ? utf8 : encodingOf(encoding);
    if (!enc) throw unknownEncoding(encoding);
    if (typeof string !== 'string') throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
    if (length === 0) return 0;
    // UTF-8 stops before a character that does not fit, in C.
    if (enc === utf8) return native.encodeUtf8Into(string, view(this, offset, offset + length))[1];
    const bytes = enc.bytes(string);
    // UTF-16 writes whole code units only.
    const n = Math.min(bytes.length, enc.step === 2 ? length & ~1 : length);
    this.set(n === bytes.length ? bytes : bytes.subarray(0, n), offset);
    return n;
  },

  // Shares memory, as subarray does (Node; Uint8Array's slice copies).
  slice(start, end) {
    const len = this.length;
    start = adjustOffset(start, len);
    end = end !== undefined ? adjustOffset(end, len) : len;
    return new FastBuffer(this.buffer, this.byteOffset + start, end > start ? end - start : 0);
  },

  readUInt8(offset = 0) { return readUnsigned(this, offset, 1, true); },
  readUInt16LE(offset = 0) { return readUnsigned(this, offset, 2, true); },
  readUInt16BE(offset = 0) { return readUnsigned(this, offset, 2, false); },
  readUInt32LE(offset = 0) { return readUnsigned(this, offset, 4, true); },
  readUInt32BE(offset = 0) { return readUnsigned(this, offset, 4, false); },
  readUIntLE(offset, byteLength) { return readUnsigned(this, offset, checkByteLength(offset, byteLength, true), true); },
  readUIntBE(offset, byteLength) { return readUnsigned(this, offset, checkByteLength(offset, byteLength, true), false); },
  readInt8(offset = 0) { return readSigned(this, offset, 1, true); },
  readInt16LE(offset = 0) { return readSigned(this, offset, 2, true); },
  readInt16BE(offset = 0) { return readSigned(this, offset, 2, false); },
  readInt32LE(offset = 0) { return readSigned(this, offset, 4, true); },
  readInt32BE(offset = 0) { return readSigned(this, offset, 4, false); },
  readIntLE(offset, byteLength) { return readSigned(this, offset, checkByteLength(offset, byteLength, true), true); },
  readIntBE(offset, byteLength) { return readSigned(this, offset, checkByteLength(offset, byteLength, true), false); },
  readFloatLE(offset = 0) { return readFloat(this, offset, float32, float32Bytes, true); },
  readFloatBE(offset = 0) { return readFloat(this, offset, float32, float32Bytes, false); },
  readDoubleLE(offset = 0) { return readFloat(this, offset, float64, float64Bytes, true); },
  readDoubleBE(offset = 0) { return readFloat(this, offset, float64, float64Bytes, false); },
  readBigUInt64LE(offset = 0) { return readBig64(this, offset, true, false); },
  readBigUInt64BE(offset = 0) { return readBig64(this, offset, false, false); },
  readBigInt64LE(offset = 0) { return readBig64(this, offset, true, true); },
  readBigInt64BE(offset = 0) { return readBig64(this, offset, false, true); },

  writeUInt8(value, offset = 0) { return writeInteger(this, value, offset, 1, true, false); },
  writeUInt16LE(value, offset = 0) { return writeInteger(this, value, offset, 2, true, false); },
  writeUInt16BE(value, offset = 0) { return writeInteger(this, value, offset, 2, false, false); },
  writeUInt32LE(value, offset = 0) { return writeInteger(this, value, offset, 4, true, false); },
  writeUInt32BE(value, offset = 0) { return writeInteger(this, value, offset, 4, false, false); },
  writeUIntLE(value, offset, byteLength) {
    return writeInteger(this, value, offset, checkByteLength(offset, byteLength), true, false);
  },
  writeUIntBE(value, offset, byteLength) {
    return writeInteger(this, value, offset, checkByteLength(offset, byteLength), false, false);
  },
  writeInt8(value, offset = 0) { return writeInteger(this, value, offset, 1, true, true); },
  writeInt16LE(value, offset = 0) { return writeInteger(this, value, offset, 2, true, true); },
  writeInt16BE(value, offset = 0) { return writeInteger(this, value, offset, 2, false, true); },
  writeInt32LE(value, offset = 0) { return writeInteger(this, value, offset, 4, true, true); },
  writeInt32BE(value, offset = 0) { return writeInteger(this, value, offset, 4, false, true); },
  writeIntLE(value, offset, byteLength) {
    return writeInteger(this, value, offset, checkByteLength(offset, byteLength), true, true);
  },
  writeIntBE(value, offset, byteLength) {
    return writeInteger(this, value, offset, checkByteLength(offset, byteLength), false, true);
  },
  writeFloatLE(value, offset = 0) { return writeFloat(this, value, offset, float32, float32Bytes, true); },
  writeFloatBE(value, offset = 0) { return writeFloat(this, value, offset, float32, float32Bytes, false); },
  writeDoubleLE(value, offset = 0) { return writeFloat(this, value, offset, float64, float64Bytes, true); },
  writeDoubleBE(value, offset = 0) { return writeFloat(this, value, offset, float64, float64Bytes, false); },
  writeBigUInt64LE(value, offset = 0) { return writeBig64(this, value, offset, true, false); },
  writeBigUInt64BE(value, offset = 0) { return writeBig64(this, value, offset, false, false); },
  writeBigInt64LE(value, offset = 0) { return writeBig64(this, value, offset, true, true); },
  writeBigInt64BE(value, offset = 0) { return writeBig64(this, value, offset, false, true); },

  // <Buffer 68 69>, with own non-index properties after the bytes (Node).
  [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
    const shown = Math.min(INSPECT_MAX_BYTES, this.length);
    let str = native.hexText(this, 0, shown).replace(/(..)(?!$)/g, '$1 ');
    const remaining = this.length - INSPECT_MAX_BYTES;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    if (options) {
      // A typed array's own keys are its indices, then the rest.
      const extras = { __proto__: null };
      let any = false;
      for (const key of Reflect.ownKeys(this).slice(this.length)) {
        if (options.showHidden || Object.prototype.propertyIsEnumerable.call(this, key)) {
          extras[key] = this[key];
          any = true;
        }
      }
      if (any) {
        if (this.length !== 0) str += ', ';
        // '[Object: null prototype] {'.length === 26
        str += inspect(extras, { ...options, breakLength: Infinity, compact: true }).slice(27, -2);
      }
    }
    return `<${this.constructor.name} ${str}>`;
  },
};

// Node's lowercase aliases (readUint8 for readUInt8, …).
for (const name of Object.keys(methods)) {
  if (/^(read|write)(Big)?UInt/.test(name)) methods[name.replace('UInt', 'Uint')] = methods[name];
}
methods.toLocaleString = methods.toString;
methods.inspect = methods[Symbol.for('nodejs.util.inspect.custom')];

for (const key of Reflect.ownKeys(methods)) {
  Object.defineProperty(Buffer.prototype, key, { value: methods[key], writable: true, configurable: true, enumerable: false });
}

export default { Buffer, constants, INSPECT_MAX_BYTES, kMaxLength, kStringMaxLength };
