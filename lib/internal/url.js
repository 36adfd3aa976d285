// URL and URLSearchParams (the WHATWG URL Standard), written for rtjs:
// the basic URL parser's states for special schemes (http, https, ws, wss,
// ftp, file) and others, hosts (domains lower-cased and, when not ASCII,
// Punycode-encoded; IPv4 in any of its number forms; IPv6), percent-encoding
// by component, dot segments, and resolution against a base.
// Differences from the standard: domain names are lower-cased and
// Punycode-encoded without the full Unicode IDNA mapping table (UTS #46),
// and setters re-parse the URL with the new part rather than run the
// parser from a state override (the results agree for ordinary values).

const SPECIAL = { 'ftp:': 21, 'file:': null, 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };
const isSpecial = (scheme) => Object.hasOwn(SPECIAL, scheme);

function invalidUrl(input, base) {
  const err = new TypeError('Invalid URL');
  err.code = 'ERR_INVALID_URL';
  err.input = input;
  if (base !== undefined) err.base = base;
  return err;
}

// ---- percent-encoding

const HEX = '0123456789ABCDEF';
const encoder = new TextEncoder();

function setOf(extra, base) {
  const s = new Set(base);
  for (const c of extra) s.add(c.charCodeAt(0));
  return s;
}
const C0 = new Set();
const FRAGMENT = setOf(' "<>`', C0);
const QUERY = setOf(' "#<>', C0);
const SPECIAL_QUERY = setOf("'", QUERY);
const PATH = setOf('?`{}', QUERY);
const USERINFO = setOf('/:;=@[\\]^|', PATH);
const COMPONENT = setOf('$%&+,', USERINFO);
const FORM = setOf("!'()~", COMPONENT);

// Code points in `set`, the C0 controls and everything past ASCII become
// %XX of their UTF-8 bytes; a lone surrogate becomes U+FFFD first.
function percentEncode(text, set, spaceAsPlus = false) {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (spaceAsPlus && c === 0x20) out += '+';
    else if (c < 0x20 || c === 0x7f || c > 0x7e || set.has(c)) {
      const bytes = encoder.encode(c >= 0xd800 && c <= 0xdfff ? '\ufffd' : ch);
      for (const b of bytes) out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
    } else out += ch;
  }
  return out;
}

function percentDecodeBytes(text) {
  const bytes = encoder.encode(text);
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else out.push(b);
  }
  return new Uint8Array(out);
}
const isHex = (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const percentDecode = (text) => new TextDecoder().decode(percentDecodeBytes(text));

// ---- hosts

const FORBIDDEN_HOST = setOf('\0\t\n\r #/:<>?@[\\]^|', new Set());
const FORBIDDEN_DOMAIN = setOf('%\x7f', new Set([...FORBIDDEN_HOST, ...Array.from({ length: 32 }, (_, i) => i)]));

function parseIPv4Number(part) {
  if (part === '') return NaN;
  let radix = 10;
  if (/^0[xX]/.test(part)) { part = part.slice(2); radix = 16; }
  else if (part.length > 1 && part[0] === '0') { part = part.slice(1); radix = 8; }
  if (part === '') return 0;
  const digits = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  return digits.test(part) ? parseInt(part, radix) : NaN;
}

// Whether the last dot-separated part is a number: then the host is IPv4.
function endsInNumber(host) {
  const parts = host.split('.');
  if (parts[parts.length - 1] === '') {
    if (parts.length === 1) return false;
    parts.pop();
  }
  const last = parts[parts.length - 1];
  return /^[0-9]+$/.test(last) || !Number.isNaN(parseIPv4Number(last)) && /^0[xX][0-9a-fA-F]*$/.test(last);
}

function parseIPv4(host) {
  const parts = host.split('.');
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
  if (parts.length > 4) return null;
  const numbers = parts.map(parseIPv4Number);
  if (numbers.some(Number.isNaN)) return null;
  for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return null;
  if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return null;
  let ipv4 = numbers[numbers.length - 1];
  for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
  return ipv4;
}

const serializeIPv4 = (n) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let piece = 0, compress = null, i = 0;
  const at = (k) => input[k];
  if (at(i) === ':') {
    if (at(i + 1) !== ':') return null;
    i += 2;
    compress = ++piece;
  }
  while (i < input.length) {
    if (piece === 8) return null;
    if (at(i) === ':') {
      if (compress !== null) return null;
      i++;
      compress = ++piece;
      continue;
    }
    let value = 0, length = 0;
    while (length < 4 && i < input.length && /[0-9a-fA-F]/.test(at(i))) {
      value = value * 16 + parseInt(at(i), 16);
      i++;
      length++;
    }
    if (at(i) === '.') {
      if (length === 0) return null;
      i -= length;
      if (piece > 6) return null;
      let seen = 0;
      while (i < input.length) {
        let v4 = null;
        if (seen > 0) {
          if (at(i) === '.' && seen < 4) i++;
          else return null;
        }
        if (!/[0-9]/.test(at(i) ?? '')) return null;
        while (/[0-9]/.test(at(i) ?? '')) {
          const n = parseInt(at(i), 10);
          if (v4 === null) v4 = n;
          else if (v4 === 0) return null;
          else v4 = v4 * 10 + n;
          if (v4 > 255) return null;
          i++;
        }
        address[piece] = address[piece] * 256 + v4;
        seen++;
        if (seen === 2 || seen === 4) piece++;
      }
      if (seen !== 4) return null;
      break;
    } else if (at(i) === ':') {
      i++;
      if (i >= input.length) return null;
    } else if (i < input.length) return null;
    address[piece++] = value;
  }
  if (compress !== null) {
    let swaps = piece - compress;
    piece = 7;
    while (piece !== 0 && swaps > 0) {
      [address[piece], address[compress + swaps - 1]] = [address[compress + swaps - 1], address[piece]];
      piece--;
      swaps--;
    }
  } else if (piece !== 8) return null;
  return address;
}

function serializeIPv6(address) {
  // The first longest run of two or more zero pieces becomes '::'.
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j === i ? i + 1 : j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      out += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    out += address[i].toString(16);
    if (i < 7) out += ':';
  }
  return `[${out}]`;
}

// RFC 3492 Punycode, for the labels of a domain that are not ASCII.
function punycode(label) {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  const codes = Array.from(label, (c) => c.codePointAt(0));
  let out = codes.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
  const basic = out.length;
  let handled = basic;
  if (basic) out += '-';
  let n = 128, delta = 0, bias = 72;
  const digit = (d) => String.fromCharCode(d + 22 + 75 * (d < 26));
  const adapt = (d, count, first) => {
    d = first ? Math.floor(d / damp) : d >> 1;
    d += Math.floor(d / count);
    let k = 0;
    while (d > ((base - tMin) * tMax) >> 1) { d = Math.floor(d / (base - tMin)); k += base; }
    return k + Math.floor(((base - tMin + 1) * d) / (d + skew));
  };
  while (handled < codes.length) {
    const m = Math.min(...codes.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of codes) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = base; ; k += base) {
          const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
          if (q < t) break;
          out += digit(t + ((q - t) % (base - t)));
          q = Math.floor((q - t) / (base - t));
        }
        out += digit(q);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return `xn--${out}`;
}

function domainToASCII(domain) {
  const labels = domain.normalize('NFC').toLowerCase().split('.');
  return labels.map((l) => (/^[\x00-\x7f]*$/.test(l) ? l : punycode(l))).join('.');
}

// A host as the URL holds it (serialized), or null when it is not valid.
function parseHost(input, special) {
  if (input[0] === '[') {
    if (input[input.length - 1] !== ']') return null;
    const address = parseIPv6(input.slice(1, -1));
    return address && serializeIPv6(address);
  }
  if (!special) {
    for (const ch of input) if (FORBIDDEN_HOST.has(ch.charCodeAt(0))) return null;
    return percentEncode(input, C0);
  }
  const domain = percentDecode(input);
  let ascii;
  try {
    ascii = domainToASCII(domain);
  } catch {
    return null;
  }
  if (ascii === '') return null;
  for (const ch of ascii) if (FORBIDDEN_DOMAIN.has(ch.charCodeAt(0))) return null;
  if (endsInNumber(ascii)) {
    const ipv4 = parseIPv4(ascii);
    return ipv4 === null ? null : serializeIPv4(ipv4);
  }
  return ascii;
}

// ---- the parser

const isAlpha = (c) => /^[A-Za-z]$/.test(c);
const isWindowsLetter = (s, normalizedOnly = false) =>
  s.length === 2 && isAlpha(s[0]) && (s[1] === ':' || (!normalizedOnly && s[1] === '|'));
const startsWithWindowsLetter = (s) =>
  s.length >= 2 && isWindowsLetter(s.slice(0, 2)) && (s.length === 2 || '/\\?#'.includes(s[2]));
const isSingleDot = (s) => s === '.' || s.toLowerCase() === '%2e';
const isDoubleDot = (s) => ['..', '.%2e', '%2e.', '%2e%2e'].includes(s.toLowerCase());

function shortenPath(url) {
  if (url.scheme === 'file:' && url.path.length === 1 && isWindowsLetter(url.path[0], true)) return;
  url.path.pop();
}

// The record: scheme ('http:'), username, password, host (null or a
// string), port (null or a number), path (an array of segments, or a
// string for an opaque path), query (null or a string), fragment.
function parse(input, base) {
  input = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
  const url = { scheme: '', username: '', password: '', host: null, port: null, path: [], query: null, fragment: null };
  let i = 0;
  const c = () => input[i];
  // scheme
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(input);
  if (m) {
    url.scheme = m[0].toLowerCase();
    i = m[0].length;
  } else {
    if (!base) return null;
    if (base.path.constructor === String && input[0] !== '#') return null;
    if (base.path.constructor === String) {
      Object.assign(url, { ...base, path: base.path, fragment: '' });
      return parseFragment(url, input.slice(1));
    }
    url.scheme = base.scheme;
    return base.scheme === 'file:' ? fileRelative(url, input, 0, base) : relative(url, input, 0, base);
  }
  const special = isSpecial(url.scheme);
  if (url.scheme === 'file:') {
    return fileRelative(url, input, i, base && base.scheme === 'file:' ? base : null);
  }
  if (special) {
    if (base && base.scheme === url.scheme && !input.slice(i).replace(/^\\/, '/').startsWith('//')) {
      return relative(url, input, i, base);
    }
    i = skipSlashes(input, i, true);
    return authority(url, input, i);
  }
  if (input.slice(i, i + 2) === '//') return authority(url, input, i + 2);
  if (input[i] === '/') return pathStart(url, input, i);
  // an opaque path
  let end = i;
  while (end < input.length && input[end] !== '?' && input[end] !== '#') end++;
  url.path = percentEncode(input.slice(i, end), C0);
  return queryAndFragment(url, input, end);
}

function skipSlashes(input, i, special) {
  while (input[i] === '/' || (special && input[i] === '\\')) i++;
  return i;
}

function relative(url, input, i, base) {
  const special = isSpecial(url.scheme);
  const slash = (ch) => ch === '/' || (special && ch === '\\');
  if (slash(input[i])) {
    if (slash(input[i + 1])) return authority(url, input, skipSlashes(input, i, special));
    Object.assign(url, { username: base.username, password: base.password, host: base.host, port: base.port });
    return pathStart(url, input, i);
  }
  Object.assign(url, { username: base.username, password: base.password, host: base.host, port: base.port,
    path: [...base.path], query: base.query });
  if (i >= input.length) return url;
  if (input[i] === '?') {
    url.query = null;
    return queryAndFragment(url, input, i);
  }
  if (input[i] === '#') return queryAndFragment(url, input, i);
  url.query = null;
  shortenPath(url);
  return path(url, input, i);
}

function authority(url, input, i) {
  const special = isSpecial(url.scheme);
  let end = i;
  while (end < input.length && input[end] !== '/' && input[end] !== '?' && input[end] !== '#' &&
    !(special && input[end] === '\\')) end++;
  let auth = input.slice(i, end);
  const at = auth.lastIndexOf('@');
  if (at >= 0) {
    const info = auth.slice(0, at);
    const colon = info.indexOf(':');
    url.username = percentEncode(colon >= 0 ? info.slice(0, colon) : info, USERINFO);
    url.password = colon >= 0 ? percentEncode(info.slice(colon + 1), USERINFO) : '';
    auth = auth.slice(at + 1);
    if (auth === '') return null;
  }
  // host and port: a ':' outside brackets starts the port
  let colon = -1, inBrackets = false;
  for (let k = 0; k < auth.length; k++) {
    if (auth[k] === '[') inBrackets = true;
    else if (auth[k] === ']') inBrackets = false;
    else if (auth[k] === ':' && !inBrackets) { colon = k; break; }
  }
  const hostText = colon >= 0 ? auth.slice(0, colon) : auth;
  if (hostText === '') {
    if (special || colon >= 0 || at >= 0) return null;
    url.host = '';
  } else {
    url.host = parseHost(hostText, special);
    if (url.host === null) return null;
  }
  if (colon >= 0) {
    const port = auth.slice(colon + 1);
    if (port !== '') {
      if (!/^[0-9]+$/.test(port)) return null;
      const n = parseInt(port, 10);
      if (n > 65535) return null;
      url.port = n === SPECIAL[url.scheme] ? null : n;
    }
  }
  return pathStart(url, input, end);
}

function pathStart(url, input, i) {
  const special = isSpecial(url.scheme);
  if (special) {
    if (input[i] === '/' || input[i] === '\\') i++;
    return path(url, input, i);
  }
  if (i >= input.length || input[i] === '?' || input[i] === '#') return queryAndFragment(url, input, i);
  if (input[i] === '/') i++;
  return path(url, input, i);
}

// Segments until '?' or '#', dot segments applied.
function path(url, input, i) {
  const special = isSpecial(url.scheme);
  let raw = '';
  for (;; i++) {
    const ch = input[i];
    const end = i >= input.length || ch === '?' || ch === '#';
    if (end || ch === '/' || (special && ch === '\\')) {
      const last = end;
      let segment = percentEncode(raw, PATH);
      if (isDoubleDot(segment)) {
        shortenPath(url);
        if (last) url.path.push('');
      } else if (isSingleDot(segment)) {
        if (last) url.path.push('');
      } else {
        if (url.scheme === 'file:' && url.path.length === 0 && isWindowsLetter(segment)) segment = `${segment[0]}:`;
        url.path.push(segment);
      }
      raw = '';
      if (end) break;
    } else {
      raw += ch;
    }
  }
  return queryAndFragment(url, input, i);
}

function queryAndFragment(url, input, i) {
  if (input[i] === '?') {
    let end = i + 1;
    while (end < input.length && input[end] !== '#') end++;
    url.query = percentEncode(input.slice(i + 1, end), isSpecial(url.scheme) ? SPECIAL_QUERY : QUERY);
    i = end;
  }
  if (input[i] === '#') return parseFragment(url, input.slice(i + 1));
  return url;
}

function parseFragment(url, text) {
  url.fragment = percentEncode(text, FRAGMENT);
  return url;
}

function fileRelative(url, input, i, base) {
  url.scheme = 'file:';
  url.host = '';
  const slash = (ch) => ch === '/' || ch === '\\';
  if (slash(input[i])) {
    if (slash(input[i + 1])) {
      // file host
      let end = i + 2;
      while (end < input.length && !'/\\?#'.includes(input[end])) end++;
      const hostText = input.slice(i + 2, end);
      if (isWindowsLetter(hostText)) return path(url, input, i + 2);
      if (hostText !== '') {
        url.host = parseHost(hostText, true);
        if (url.host === null) return null;
        if (url.host === 'localhost') url.host = '';
      }
      return pathStart(url, input, end);
    }
    if (base && !startsWithWindowsLetter(input.slice(i + 1)) && base.path.length &&
        isWindowsLetter(base.path[0], true)) url.path.push(base.path[0]);
    if (base) url.host = base.host;
    return path(url, input, i + 1);
  }
  if (base) {
    url.host = base.host;
    url.path = [...base.path];
    url.query = base.query;
    if (i >= input.length) return url;
    if (input[i] === '?') { url.query = null; return queryAndFragment(url, input, i); }
    if (input[i] === '#') return queryAndFragment(url, input, i);
    url.query = null;
    if (!startsWithWindowsLetter(input.slice(i))) shortenPath(url);
    else url.path = [];
  }
  return path(url, input, i);
}

// ---- serializing

function pathname(url) {
  if (typeof url.path === 'string') return url.path;
  let out = '';
  if (url.host === null && url.path.length > 1 && url.path[0] === '') out = '/.';
  for (const segment of url.path) out += `/${segment}`;
  return out;
}

function hostPart(url) {
  return url.port === null ? url.host : `${url.host}:${url.port}`;
}

function serialize(url, excludeFragment = false) {
  let out = url.scheme;
  if (url.host !== null) {
    out += '//';
    if (url.username || url.password) {
      out += url.username;
      if (url.password) out += `:${url.password}`;
      out += '@';
    }
    out += hostPart(url);
  }
  out += pathname(url);
  if (url.query !== null) out += `?${url.query}`;
  if (!excludeFragment && url.fragment !== null) out += `#${url.fragment}`;
  return out;
}

// ---- URLSearchParams

function formEncode(list) {
  return list.map(([k, v]) => `${percentEncode(k, FORM, true)}=${percentEncode(v, FORM, true)}`).join('&');
}

function formDecode(text) {
  const out = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const name = at >= 0 ? part.slice(0, at) : part;
    const value = at >= 0 ? part.slice(at + 1) : '';
    out.push([percentDecode(name.replace(/\+/g, ' ')), percentDecode(value.replace(/\+/g, ' '))]);
  }
  return out;
}

const toUSV = (v) => String(v).toWellFormed();

export class URLSearchParams {
  #list = [];
  #url = null;

  constructor(init = '') {
    if (init instanceof URLSearchParams) {
      this.#list = init.#list.map(([k, v]) => [k, v]);
    } else if (init !== null && typeof init === 'object' || typeof init === 'function') {
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const entry = [...pair];
          if (entry.length !== 2) {
            const err = new TypeError('Each query pair must be an iterable [name, value] tuple');
            err.code = 'ERR_INVALID_TUPLE';
            throw err;
          }
          this.#list.push([toUSV(entry[0]), toUSV(entry[1])]);
        }
      } else {
        for (const key of Object.keys(init)) this.#list.push([toUSV(key), toUSV(init[key])]);
      }
    } else {
      const text = toUSV(init);
      this.#list = formDecode(text[0] === '?' ? text.slice(1) : text);
    }
  }

  static _forUrl(url, record) {
    const params = new URLSearchParams(record.query ?? '');
    params.#url = url;
    return params;
  }
  _reset(query) { this.#list = formDecode(query ?? ''); }

  #update() {
    if (!this.#url) return;
    const text = formEncode(this.#list);
    this.#url._setQuery(text === '' ? null : text);
  }

  get size() { return this.#list.length; }
  append(name, value) { this.#list.push([toUSV(name), toUSV(value)]); this.#update(); }
  delete(name, value) {
    name = toUSV(name);
    this.#list = this.#list.filter(([k, v]) => k !== name || (value !== undefined && v !== toUSV(value)));
    this.#update();
  }
  get(name) { name = toUSV(name); return this.#list.find(([k]) => k === name)?.[1] ?? null; }
  getAll(name) { name = toUSV(name); return this.#list.filter(([k]) => k === name).map(([, v]) => v); }
  has(name, value) {
    name = toUSV(name);
    return this.#list.some(([k, v]) => k === name && (value === undefined || v === toUSV(value)));
  }
  set(name, value) {
    name = toUSV(name);
    value = toUSV(value);
    const i = this.#list.findIndex(([k]) => k === name);
    if (i < 0) this.#list.push([name, value]);
    else {
      this.#list[i][1] = value;
      this.#list = this.#list.filter(([k], j) => j <= i || k !== name);
    }
    this.#update();
  }
  sort() {
    // stable, by UTF-16 code units, as the standard says
    this.#list = this.#list.map((e, i) => [e, i]).sort(([a, i], [b, j]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : i - j))
      .map(([e]) => e);
    this.#update();
  }
  forEach(callback, thisArg) {
    for (let i = 0; i < this.#list.length; i++) callback.call(thisArg, this.#list[i][1], this.#list[i][0], this);
  }
  *entries() { for (let i = 0; i < this.#list.length; i++) yield [this.#list[i][0], this.#list[i][1]]; }
  *keys() { for (const [k] of this.entries()) yield k; }
  *values() { for (const [, v] of this.entries()) yield v; }
  [Symbol.iterator]() { return this.entries(); }
  toString() { return formEncode(this.#list); }
  get [Symbol.toStringTag]() { return 'URLSearchParams'; }
}

// ---- URL

export class URL {
  #r;
  #params = null;

  constructor(input, base) {
    if (arguments.length === 0) {
      const err = new TypeError('The "url" argument must be specified');
      err.code = 'ERR_MISSING_ARGS';
      throw err;
    }
    let baseRecord = null;
    if (base !== undefined) {
      baseRecord = parse(toUSV(base), null);
      if (!baseRecord) throw invalidUrl(toUSV(input), toUSV(base));
    }
    const record = parse(toUSV(input), baseRecord);
    if (!record) throw invalidUrl(toUSV(input), base === undefined ? undefined : toUSV(base));
    this.#r = record;
  }

  static canParse(input, base) {
    try {
      new URL(input, base);
      return true;
    } catch {
      return false;
    }
  }

  // What a setter gives: the URL re-parsed from its text with one part
  // changed; an invalid result leaves the URL as it was.
  #reparse(text) {
    const record = parse(text, null);
    if (!record) return;
    this.#r = record;
    this.#params?._reset(record.query);
  }

  _setQuery(query) { this.#r.query = query; }

  get href() { return serialize(this.#r); }
  set href(value) {
    const record = parse(toUSV(value), null);
    if (!record) throw invalidUrl(toUSV(value));
    this.#r = record;
    this.#params?._reset(record.query);
  }

  get origin() {
    const r = this.#r;
    if (r.scheme === 'blob:') {
      try { return new URL(pathname(r)).origin; } catch { return 'null'; }
    }
    if (!isSpecial(r.scheme) || r.scheme === 'file:') return 'null';
    return `${r.scheme}//${hostPart(r)}`;
  }

  get protocol() { return this.#r.scheme; }
  set protocol(value) {
    const scheme = `${toUSV(value).split(':')[0].toLowerCase()}:`;
    if (!/^[a-z][a-z0-9+.-]*:$/.test(scheme) || isSpecial(scheme) !== isSpecial(this.#r.scheme)) return;
    if (scheme === 'file:' && (this.#r.username || this.#r.password || this.#r.port !== null)) return;
    if (this.#r.scheme === 'file:' && this.#r.host === '') return;
    this.#r.scheme = scheme;
    if (this.#r.port === SPECIAL[scheme]) this.#r.port = null;
  }

  get username() { return this.#r.username; }
  set username(value) {
    if (this.#r.host === null || this.#r.host === '' || this.#r.scheme === 'file:') return;
    this.#r.username = percentEncode(toUSV(value), USERINFO);
  }

  get password() { return this.#r.password; }
  set password(value) {
    if (this.#r.host === null || this.#r.host === '' || this.#r.scheme === 'file:') return;
    this.#r.password = percentEncode(toUSV(value), USERINFO);
  }

  get host() { return this.#r.host === null ? '' : hostPart(this.#r); }
  set host(value) {
    if (typeof this.#r.path === 'string') return;
    const r = this.#r;
    const text = toUSV(value);
    const end = text.search(isSpecial(r.scheme) ? /[/\\?#]/ : /[/?#]/);
    const auth = end >= 0 ? text.slice(0, end) : text;
    if (auth === '' && isSpecial(r.scheme)) return;
    const probe = parse(`${r.scheme}//${auth}/`, null);
    if (!probe || probe.username || probe.password) return;
    r.host = probe.host;
    if (/:[^\]]*$/.test(auth)) r.port = probe.port;
  }

  get hostname() { return this.#r.host ?? ''; }
  set hostname(value) {
    if (typeof this.#r.path === 'string') return;
    const r = this.#r;
    const text = toUSV(value);
    const end = text.search(isSpecial(r.scheme) ? /[/\\?#:]/ : /[/?#:]/);
    const name = end >= 0 && !text.startsWith('[') ? text.slice(0, end) : text;
    if (name === '' && isSpecial(r.scheme)) return;
    const probe = parse(`${r.scheme}//${name}/`, null);
    if (probe) r.host = probe.host;
  }

  get port() { return this.#r.port === null ? '' : String(this.#r.port); }
  set port(value) {
    const r = this.#r;
    if (r.host === null || r.host === '' || r.scheme === 'file:') return;
    const text = toUSV(value);
    if (text === '') { r.port = null; return; }
    const digits = /^[0-9]+/.exec(text);
    if (!digits) return;
    const n = parseInt(digits[0], 10);
    if (n > 65535) return;
    r.port = n === SPECIAL[r.scheme] ? null : n;
  }

  get pathname() { return pathname(this.#r); }
  set pathname(value) {
    const r = this.#r;
    if (typeof r.path === 'string') return;
    const probe = parse(`${r.scheme}//h/`, null);
    probe.path = [];
    const text = toUSV(value);
    const special = isSpecial(r.scheme);
    const start = text[0] === '/' || (special && text[0] === '\\') ? 1 : 0;
    path(probe, `${text.slice(start).replace(/[?#]/g, (ch) => (ch === '?' ? '%3F' : '%23'))}`, 0);
    r.path = probe.path;
  }

  get search() { return this.#r.query === null || this.#r.query === '' ? '' : `?${this.#r.query}`; }
  set search(value) {
    const text = toUSV(value);
    const r = this.#r;
    if (text === '') r.query = null;
    else r.query = percentEncode(text[0] === '?' ? text.slice(1) : text, isSpecial(r.scheme) ? SPECIAL_QUERY : QUERY);
    this.#params?._reset(r.query);
  }

  get searchParams() {
    this.#params ??= URLSearchParams._forUrl(this, this.#r);
    return this.#params;
  }

  get hash() { return this.#r.fragment === null || this.#r.fragment === '' ? '' : `#${this.#r.fragment}`; }
  set hash(value) {
    const text = toUSV(value);
    this.#r.fragment = text === '' ? null : percentEncode(text[0] === '#' ? text.slice(1) : text, FRAGMENT);
  }

  toString() { return this.href; }
  toJSON() { return this.href; }
  get [Symbol.toStringTag]() { return 'URL'; }
}

export { percentDecode, domainToASCII };
