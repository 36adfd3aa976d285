// The fetch global for http:// URLs, on lib/http.js: fetch(url, { method,
// headers, body }) -> Response with status, statusText, ok, headers
// (get/has/forEach/entries), url, and text(), json(), arrayBuffer(). A
// network failure rejects with a TypeError ('fetch failed') whose cause is
// the socket error, as in Node. Not here: https, redirects, streams as
// bodies, AbortSignal.
import http from 'node:http';
import { Buffer } from 'node:buffer';

export class Headers {
  #map = new Map();                   // lower-case name -> value

  constructor(init) {
    if (init instanceof Headers) init.forEach((v, k) => this.append(k, v));
    else if (Array.isArray(init)) for (const [k, v] of init) this.append(k, v);
    else if (init) for (const [k, v] of Object.entries(init)) this.append(k, v);
  }

  append(name, value) {
    const k = String(name).toLowerCase();
    const old = this.#map.get(k);
    this.#map.set(k, old === undefined ? String(value) : `${old}, ${value}`);
  }

  set(name, value) { this.#map.set(String(name).toLowerCase(), String(value)); }
  get(name) { return this.#map.get(String(name).toLowerCase()) ?? null; }
  has(name) { return this.#map.has(String(name).toLowerCase()); }
  delete(name) { this.#map.delete(String(name).toLowerCase()); }
  forEach(fn, thisArg) { for (const [k, v] of [...this.#map].sort()) fn.call(thisArg, v, k, this); }
  *entries() { yield* [...this.#map].sort(); }
  *keys() { for (const [k] of this.entries()) yield k; }
  *values() { for (const [, v] of this.entries()) yield v; }
  [Symbol.iterator]() { return this.entries(); }
}

export class Response {
  #body;
  #used = false;

  constructor(body, { status = 200, statusText = '', headers, url = '' } = {}) {
    this.#body = body == null ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
    this.status = status;
    this.statusText = statusText;
    this.ok = status >= 200 && status < 300;
    this.headers = headers instanceof Headers ? headers : new Headers(headers);
    this.url = url;
    this.redirected = false;
    this.type = 'basic';
  }

  get bodyUsed() { return this.#used; }

  #take() {
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#used = true;
    return Promise.resolve(this.#body);
  }

  async text() { return (await this.#take()).toString('utf8'); }
  async json() { return JSON.parse(await this.text()); }
  async arrayBuffer() {
    const b = await this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  }
}

export function fetch(input, init = {}) {
  return new Promise((resolve, reject) => {
    const url = typeof input === 'string' ? input : input?.url ?? input?.href ?? String(input);
    let options;
    try {
      options = http.urlOptions ? http.urlOptions(url) : null;
    } catch (err) {
      reject(new TypeError(`Failed to parse URL from ${url}`, { cause: err }));
      return;
    }
    if (options.protocol !== 'http:') {
      reject(new TypeError(`fetch failed: only http:// URLs are supported, not ${options.protocol}`));
      return;
    }
    const headers = new Headers(init.headers);
    const body = init.body == null ? null : typeof init.body === 'string' ? Buffer.from(init.body) : Buffer.from(init.body);
    const raw = {};
    headers.forEach((v, k) => { raw[k] = v; });
    if (body && !headers.has('content-length')) raw['content-length'] = String(body.length);
    const req = http.request({ ...options, method: init.method ?? 'GET', headers: raw }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, statusText: res.statusMessage, headers: h, url }));
      });
      res.on('aborted', () => reject(new TypeError('fetch failed', { cause: Object.assign(new Error('terminated'), { code: 'ECONNRESET' }) })));
    });
    req.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
    req.end(body ?? undefined);
  });
}
