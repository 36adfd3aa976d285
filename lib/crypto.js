// node:crypto, the parts that need no keys or ciphers: hashes and HMACs
// (MD5, RIPEMD-160, SHA-1, SHA-2, SHA-3, computed by mbedtls in the
// kernel), PBKDF2 and HKDF, random bytes and numbers from the kernel's
// entropy, timingSafeEqual, and webcrypto's getRandomValues, randomUUID and
// subtle.digest. Ciphers, signatures and key objects are not here:
// createCipheriv and the like throw ERR_FEATURE_UNAVAILABLE_ON_PLATFORM.
import native from 'rtjs:native';
import { Buffer } from 'node:buffer';

function coded(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

// Node's names (any case) to mbedtls's.
const DIGESTS = {
  md5: 'MD5', ripemd160: 'RIPEMD160', 'ripemd-160': 'RIPEMD160', rmd160: 'RIPEMD160', sha1: 'SHA1',
  sha224: 'SHA224', sha256: 'SHA256', sha384: 'SHA384', sha512: 'SHA512', 'sha3-224': 'SHA3-224',
  'sha3-256': 'SHA3-256', 'sha3-384': 'SHA3-384', 'sha3-512': 'SHA3-512',
  'rsa-md5': 'MD5', 'rsa-sha1': 'SHA1', 'rsa-sha224': 'SHA224', 'rsa-sha256': 'SHA256', 'rsa-sha384': 'SHA384',
  'rsa-sha512': 'SHA512', 'sha-1': 'SHA1', 'sha-256': 'SHA256', 'sha-384': 'SHA384', 'sha-512': 'SHA512',
};

function digestName(algorithm) {
  if (typeof algorithm !== 'string') {
    throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', `The "algorithm" argument must be of type string. Received ${typeof algorithm}`);
  }
  const name = DIGESTS[algorithm.toLowerCase()];
  if (!name) throw coded(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${algorithm}`);
  return name;
}

function bytesOf(data, encoding, name = 'data') {
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (ArrayBuffer.isView(data)) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw coded(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer.`);
}

const output = (ab, encoding) => {
  const buf = Buffer.from(ab);
  return encoding && encoding !== 'buffer' ? buf.toString(encoding) : buf;
};

class Digest {
  #handle;
  constructor(handle) { this.#handle = handle; }
  update(data, inputEncoding) {
    native.hashUpdate(this.#handle, bytesOf(data, inputEncoding));
    return this;
  }
  digest(encoding) { return output(native.hashDigest(this.#handle), encoding); }
  _handle() { return this.#handle; }
}

export class Hash extends Digest {
  copy() { return new Hash(native.hashCopy(this._handle())); }
}
export class Hmac extends Digest {}

export function createHash(algorithm, options) {
  let name;
  try {
    name = digestName(algorithm);
  } catch (err) {
    if (err.code !== 'ERR_CRYPTO_INVALID_DIGEST') throw err;
    throw new Error('Digest method not supported');   // as Node says it (OpenSSL's words, no code)
  }
  return new Hash(native.hashNew(name));
}

export function createHmac(algorithm, key, options) {
  return new Hmac(native.hashNew(digestName(algorithm), bytesOf(key, options?.encoding, 'key')));
}

// The one-shot crypto.hash(algorithm, data, outputEncoding = 'hex') of Node 21.7.
export function hash(algorithm, data, outputEncoding = 'hex') {
  return createHash(algorithm).update(data).digest(outputEncoding);
}

export function getHashes() {
  return ['md5', 'ripemd160', 'sha1', 'sha224', 'sha256', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'sha384',
    'sha512'];
}

export function getCiphers() { return []; }

// ---- key derivation

function checkLength(value, name) {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff)
    throw coded(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. Received ${value}`);
}

export function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  checkLength(keylen, 'keylen');
  if (!Number.isInteger(iterations) || iterations < 1)
    throw coded(RangeError, 'ERR_OUT_OF_RANGE', `The value of "iterations" is out of range. Received ${iterations}`);
  return Buffer.from(native.pbkdf2(digestName(digest), bytesOf(password, undefined, 'password'),
    bytesOf(salt, undefined, 'salt'), iterations, keylen));
}

export function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  let result, error = null;
  try { result = pbkdf2Sync(password, salt, iterations, keylen, digest); } catch (e) { error = e; }
  setImmediate(() => callback(error, result));
}

export function hkdfSync(digest, ikm, salt, info, keylen) {
  checkLength(keylen, 'keylen');
  return native.hkdf(digestName(digest), bytesOf(ikm, undefined, 'ikm'), bytesOf(salt, undefined, 'salt'),
    bytesOf(info, undefined, 'info'), keylen);
}

export function hkdf(digest, ikm, salt, info, keylen, callback) {
  let result, error = null;
  try { result = hkdfSync(digest, ikm, salt, info, keylen); } catch (e) { error = e; }
  setImmediate(() => callback(error, result));
}

// ---- random

export const { getRandomValues, randomUUID } = globalThis.crypto;

export function randomFillSync(buf, offset = 0, size) {
  const view = new Uint8Array(ArrayBuffer.isView(buf) ? buf.buffer : buf, ArrayBuffer.isView(buf) ? buf.byteOffset : 0,
    ArrayBuffer.isView(buf) ? buf.byteLength : buf.byteLength);
  size ??= view.length - offset;
  if (offset < 0 || size < 0 || offset + size > view.length)
    throw coded(RangeError, 'ERR_OUT_OF_RANGE', 'The value of "offset" or "size" is out of range');
  for (let at = offset; at < offset + size; at += 65536) native.fillRandom(view.subarray(at, Math.min(offset + size, at + 65536)));
  return buf;
}

export function randomFill(buf, offset, size, callback) {
  if (typeof offset === 'function') [callback, offset, size] = [offset, 0, undefined];
  else if (typeof size === 'function') [callback, size] = [size, undefined];
  let error = null;
  try { randomFillSync(buf, offset, size); } catch (e) { error = e; }
  setImmediate(() => callback(error, buf));
}

export function randomBytes(size, callback) {
  checkLength(size, 'size');
  const buf = randomFillSync(Buffer.alloc(size));
  if (typeof callback !== 'function') return buf;
  setImmediate(() => callback(null, buf));
}

// Uniform in [min, max) by rejection, as Node's.
export function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') [min, max, callback] = [0, min, max];
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min || max - min > 2 ** 48)
    throw coded(RangeError, 'ERR_OUT_OF_RANGE', `The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
  const range = max - min, limit = 2 ** 48 - (2 ** 48 % range);
  let x;
  do {
    const b = randomFillSync(new Uint8Array(6));
    x = ((b[0] * 256 + b[1]) * 256 + b[2]) * 2 ** 24 + ((b[3] * 256 + b[4]) * 256 + b[5]);
  } while (x >= limit);
  const n = min + (x % range);
  if (typeof callback !== 'function') return n;
  setImmediate(() => callback(null, n));
}

export function timingSafeEqual(a, b) {
  const x = bytesOf(a, undefined, 'buf1'), y = bytesOf(b, undefined, 'buf2');
  if (x.byteLength !== y.byteLength)
    throw coded(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
  const u = new Uint8Array(x.buffer, x.byteOffset, x.byteLength), v = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
  let diff = 0;
  for (let i = 0; i < u.length; i++) diff |= u[i] ^ v[i];
  return diff === 0;
}

// ---- webcrypto

const subtle = {
  async digest(algorithm, data) {
    const name = String(typeof algorithm === 'string' ? algorithm : algorithm?.name).toUpperCase();
    if (!['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'].includes(name)) {
      const err = new Error('Unrecognized algorithm name');
      err.name = 'NotSupportedError';
      throw err;
    }
    const h = native.hashNew(digestName(name));
    native.hashUpdate(h, bytesOf(data));
    return native.hashDigest(h);
  },
};
export const webcrypto = { getRandomValues, randomUUID, subtle };
export { subtle };

function unavailable(name) {
  return () => {
    throw coded(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `crypto.${name} is not available in rtjs (no ciphers or keys)`);
  };
}
export const createCipheriv = unavailable('createCipheriv');
export const createDecipheriv = unavailable('createDecipheriv');
export const createSign = unavailable('createSign');
export const createVerify = unavailable('createVerify');
export const generateKeyPairSync = unavailable('generateKeyPairSync');
export const scryptSync = unavailable('scryptSync');

export default {
  createHash, createHmac, hash, getHashes, getCiphers, Hash, Hmac, pbkdf2, pbkdf2Sync, hkdf, hkdfSync,
  getRandomValues, randomUUID, randomBytes, randomFill, randomFillSync, randomInt, timingSafeEqual, webcrypto, subtle,
  createCipheriv, createDecipheriv, createSign, createVerify, generateKeyPairSync, scryptSync,
};
