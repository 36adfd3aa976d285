// node:url: the WHATWG URL and URLSearchParams (also globals), the file
// URL helpers, and Node's legacy url.parse/format/resolve for the common
// cases: absolute URLs with an authority, and paths with a query.
import { URL, URLSearchParams, percentDecode, domainToASCII as toASCII } from 'rtjs:internal/url';
import querystring from 'node:querystring';
import { resolve as resolve_ } from 'node:path';

export { URL, URLSearchParams };

function argType(name, type, value) {
  const err = new TypeError(`The "${name}" argument must be of type ${type}. Received ${value === null ? 'null' : typeof value}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

export function fileURLToPath(url) {
  if (typeof url === 'string') url = new URL(url);
  else if (!(url instanceof URL)) throw argType('path', 'string or an instance of URL', url);
  if (url.protocol !== 'file:') {
    const err = new TypeError('The URL must be of scheme file');
    err.code = 'ERR_INVALID_URL_SCHEME';
    throw err;
  }
  if (url.hostname !== '') {
    const err = new TypeError('File URL host must be "localhost" or empty on linux');
    err.code = 'ERR_INVALID_FILE_URL_HOST';
    throw err;
  }
  if (/%2f/i.test(url.pathname)) {
    const err = new TypeError('File URL path must not include encoded / characters');
    err.code = 'ERR_INVALID_FILE_URL_PATH';
    throw err;
  }
  return percentDecode(url.pathname);
}

export function pathToFileURL(path) {
  if (typeof path !== 'string') throw argType('path', 'string', path);
  const absolute = resolve_(path) + (path.endsWith('/') && resolve_(path) !== '/' ? '/' : '');
  const url = new URL('file://');
  url.pathname = absolute.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A').replace(/\r/g, '%0D')
    .replace(/\t/g, '%09');
  return url;
}

export function domainToASCII(domain) {
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return '';
  }
}

export function domainToUnicode(domain) {
  return String(domain);
}

export function urlToHttpOptions(url) {
  const options = {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return options;
}

// ---- legacy

const SLASHED = new Set(['http:', 'https:', 'ftp:', 'gopher:', 'file:', 'ws:', 'wss:']);

export class Url {
  constructor() {
    this.protocol = null;
    this.slashes = null;
    this.auth = null;
    this.host = null;
    this.port = null;
    this.hostname = null;
    this.hash = null;
    this.search = null;
    this.query = null;
    this.pathname = null;
    this.path = null;
    this.href = null;
  }
}

export function parse(text, parseQueryString = false, slashesDenoteHost = false) {
  if (typeof text !== 'string') throw argType('url', 'string', text);
  const u = new Url();
  let rest = text.trim();
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    u.hash = rest.slice(hash);
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    u.search = rest.slice(q);
    u.query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  } else if (parseQueryString) {
    u.query = {};
  }
  if (parseQueryString && typeof u.query === 'string') u.query = querystring.parse(u.query);
  const proto = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(rest);
  if (proto) {
    u.protocol = proto[0].toLowerCase();
    rest = rest.slice(proto[0].length);
  }
  if ((u.protocol || slashesDenoteHost) && rest.startsWith('//') || (u.protocol && SLASHED.has(u.protocol) && rest.startsWith('//'))) {
    u.slashes = true;
    rest = rest.slice(2);
    const end = rest.search(/[/]/);
    let authority = end >= 0 ? rest.slice(0, end) : rest;
    rest = end >= 0 ? rest.slice(end) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      u.auth = decodeURIComponent(authority.slice(0, at));
      authority = authority.slice(at + 1);
    }
    const port = /:([0-9]*)$/.exec(authority);
    if (port) {
      if (port[1] !== '') u.port = port[1];
      authority = authority.slice(0, port.index);
    }
    u.hostname = authority.startsWith('[') ? authority.slice(1, -1).toLowerCase() : toASCII(authority);
    u.host = `${authority.startsWith('[') ? `[${u.hostname}]` : u.hostname}${u.port ? `:${u.port}` : ''}`;
    if (SLASHED.has(u.protocol) && rest === '') rest = '/';
  }
  if (rest !== '' || u.slashes) u.pathname = rest === '' ? null : rest.replace(/[ "<>`{}|\\^]/g, (c) => escape(c));
  if (u.pathname !== null || u.search !== null) u.path = `${u.pathname ?? ''}${u.search ?? ''}`;
  u.href = format(u);
  return u;
}

export function format(obj, options) {
  if (typeof obj === 'string') obj = parse(obj);
  if (obj instanceof URL) {
    const o = { auth: true, fragment: true, search: true, unicode: false, ...options };
    let out = `${obj.protocol}${obj.host !== '' || obj.protocol === 'file:' ? '//' : ''}`;
    if (o.auth && (obj.username || obj.password)) out += `${obj.username}${obj.password ? `:${obj.password}` : ''}@`;
    out += `${obj.host}${obj.pathname}`;
    if (o.search) out += obj.search;
    if (o.fragment) out += obj.hash;
    return out;
  }
  if (obj === null || typeof obj !== 'object') throw argType('urlObject', 'object', obj);
  let protocol = obj.protocol || '';
  if (protocol && !protocol.endsWith(':')) protocol += ':';
  const auth = obj.auth ? `${encodeURIComponent(obj.auth).replace(/%3A/i, ':')}@` : '';
  let host = '';
  if (obj.host) host = auth + obj.host;
  else if (obj.hostname) {
    host = auth + (obj.hostname.includes(':') ? `[${obj.hostname}]` : obj.hostname) + (obj.port ? `:${obj.port}` : '');
  }
  let pathname = obj.pathname || '';
  let search = obj.search || '';
  if (!search && obj.query && typeof obj.query === 'object') {
    const qs = querystring.stringify(obj.query);
    if (qs) search = `?${qs}`;
  }
  if (search && search[0] !== '?') search = `?${search}`;
  let hash = obj.hash || '';
  if (hash && hash[0] !== '#') hash = `#${hash}`;
  if (obj.slashes || SLASHED.has(protocol) ? host !== '' || protocol === 'file:' : false) {
    host = `//${host}`;
    if (pathname && pathname[0] !== '/') pathname = `/${pathname}`;
  }
  pathname = pathname.replace(/[?#]/g, encodeURIComponent);
  search = search.replace('#', '%23');
  return `${protocol}${host}${pathname}${search}${hash}`;
}

export function resolve(from, to) {
  return new URL(to, new URL(from, 'resolve://')).href.replace(/^resolve:\/\/\/?/, from.startsWith('/') ? '/' : '');
}

export default {
  URL, URLSearchParams, fileURLToPath, pathToFileURL, domainToASCII, domainToUnicode, urlToHttpOptions, Url, parse,
  format, resolve,
};
