// node:querystring: application/x-www-form-urlencoded text to objects and
// back, as Node's module (repeated keys become arrays; '+' is a space;
// malformed escapes are kept as they are rather than thrown).
import { percentDecode } from 'rtjs:internal/url';

export function escape(text) {
  return encodeURIComponent(typeof text === 'string' ? text : String(text));
}

export function unescape(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return percentDecode(text);         // a '%' without two hex digits stays; bad UTF-8 becomes U+FFFD
  }
}

function plain(value) {
  switch (typeof value) {
    case 'string': return value;
    case 'number': return Number.isFinite(value) ? String(value) : '';
    case 'bigint': return String(value);
    case 'boolean': return value ? 'true' : 'false';
    default: return '';
  }
}

export function stringify(obj, sep = '&', eq = '=', options) {
  const encode = options?.encodeURIComponent ?? escape;
  if (obj === null || typeof obj !== 'object') return '';
  const parts = [];
  for (const key of Object.keys(obj)) {
    const name = encode(plain(key));
    const value = obj[key];
    if (Array.isArray(value)) {
      for (const v of value) parts.push(`${name}${eq}${encode(plain(v))}`);
    } else {
      parts.push(`${name}${eq}${encode(plain(value))}`);
    }
  }
  return parts.join(sep);
}

export function parse(text, sep = '&', eq = '=', options) {
  const out = Object.create(null);
  if (typeof text !== 'string' || text.length === 0) return out;
  const decode = options?.decodeURIComponent ?? unescape;
  const maxKeys = typeof options?.maxKeys === 'number' ? options.maxKeys : 1000;
  let pairs = text.split(sep || '&');
  if (maxKeys > 0 && pairs.length > maxKeys) pairs = pairs.slice(0, maxKeys);
  const separator = eq || '=';
  for (const pair of pairs) {
    if (pair === '') continue;
    const at = pair.indexOf(separator);
    const rawKey = at >= 0 ? pair.slice(0, at) : pair;
    const rawValue = at >= 0 ? pair.slice(at + separator.length) : '';
    const key = decodeValue(rawKey.replace(/\+/g, ' '), decode);
    const value = decodeValue(rawValue.replace(/\+/g, ' '), decode);
    if (!(key in out)) out[key] = value;
    else if (Array.isArray(out[key])) out[key].push(value);
    else out[key] = [out[key], value];
  }
  return out;
}

function decodeValue(text, decode) {
  try {
    return decode(text);
  } catch {
    return unescape(text);
  }
}

export const encode = stringify;
export const decode = parse;

export default { escape, unescape, stringify, parse, encode, decode };
