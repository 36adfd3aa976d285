// HTTP/1.1, as Node's http (the subset an rtjs app uses), on lib/net.js,
// with llhttp parsing in C (rtjs:internal/http_parser):
//
//   http.createServer((req, res) => {
//     res.setHeader('Content-Type', 'text/plain');
//     res.end('hello\n');
//   }).listen(8080);
//   http.get('http://10.0.2.2:8000/', (res) => res.on('data', …));
//
// Server: keep-alive (HTTP/1.1 by default, HTTP/1.0 on request), pipelined
// requests answered in order, request bodies as streams (Content-Length or
// chunked), chunked responses when no Content-Length is set, Expect:
// 100-continue answered. Bad requests get 400, oversized heads 431 (more
// than maxHeaderSize, 16 KiB), a head that does not arrive within
// headersTimeout (60 s) 408; each closes the connection. An idle
// keep-alive connection closes after keepAliveTimeout (5 s).
// Client: http.request/http.get through an Agent (the global one keeps
// connections alive between requests to the same host and port).
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { Buffer } from 'node:buffer';
import { HTTPParser } from 'rtjs:internal/http_parser';
import { pipe, eventChunks } from 'rtjs:internal/streams';

export const METHODS = ['ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK',
  'M-SEARCH', 'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST',
  'PROPFIND', 'PROPPATCH', 'PURGE', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE',
  'UNBIND', 'UNLINK', 'UNLOCK', 'UNSUBSCRIBE'];

export const STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
  418: "I'm a Teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked',
  424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded', 510: 'Not Extended',
  511: 'Network Authentication Required',
};

export const maxHeaderSize = 16384;

const CRLF = '\r\n';
const EMPTY = Buffer.alloc(0);
const UTF8 = /^utf-?8$/i;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

// The Date header's text, made once a second (as Node does).
let dateText = '', dateUntil = 0;
function utcDate() {
  const now = Date.now();
  if (now >= dateUntil) {
    dateText = new Date(now).toUTCString();
    dateUntil = now - (now % 1000) + 1000;
  }
  return dateText;
}

function codeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

// Names and values that passed, remembered: a server sets the same few on
// every response, and each regular-expression test is a walk of the string.
const checked = new Set(), checkedNames = new Set();
const CHECKED_MAX = 256;

function checkValue(name, v) {
  const text = String(v);
  if (checked.has(text)) return;
  if (BAD_VALUE.test(text))
    throw codeError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  if (checked.size >= CHECKED_MAX) checked.clear();
  checked.add(text);
}

function checkHeader(name, value) {
  if (typeof name !== 'string' || (!checkedNames.has(name) && !TOKEN.test(name)))
    throw codeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${name}"]`);
  if (!checkedNames.has(name)) {
    if (checkedNames.size >= CHECKED_MAX) checkedNames.clear();
    checkedNames.add(name);
  }
  if (value === undefined)
    throw codeError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "undefined" for header "${name}"`);
  if (Array.isArray(value)) {
    for (const v of value) checkValue(name, v);
  } else {
    checkValue(name, value);
  }
}

// Node's req.headers from rawHeaders: lower-case names; repeats joined with
// ', ' (set-cookie: an array; a few single-valued ones: the first wins).
const SINGLE = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from',
  'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards',
  'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent']);

function headersObject(raw) {
  const headers = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase(), value = raw[i + 1];
    if (name === 'set-cookie') (headers[name] ??= []).push(value);
    else if (!(name in headers)) headers[name] = value;
    else if (!SINGLE.has(name)) headers[name] += (name === 'cookie' ? '; ' : ', ') + value;
  }
  return headers;
}

// ---- the readable half: a request (server) or a response (client)

export class IncomingMessage extends EventEmitter {
  #socket;
  #paused = false;
  #buffered = [];                     // chunks that came while paused
  #ended = false;
  #encoding = null;

  constructor(socket) {
    super();
    this.#socket = socket;
    this.socket = socket;
    this.headers = {};
    this.rawHeaders = [];
    this.trailers = {};
    this.rawTrailers = [];
    this.complete = false;
    this.aborted = false;
    this.httpVersion = '1.1';
    this.httpVersionMajor = 1;
    this.httpVersionMinor = 1;
    this.method = null;
    this.url = '';
    this.statusCode = null;
    this.statusMessage = null;
    this.readableEnded = false;
  }

  get connection() { return this.#socket; }

  _head(ev) {
    this.httpVersionMajor = ev.versionMajor;
    this.httpVersionMinor = ev.versionMinor;
    this.httpVersion = `${ev.versionMajor}.${ev.versionMinor}`;
    this.rawHeaders = ev.headers;
    this.headers = headersObject(ev.headers);
    if (ev.method !== undefined) {
      this.method = ev.method;
      this.url = ev.url;
    } else {
      this.statusCode = ev.statusCode;
      this.statusMessage = ev.statusMessage;
    }
  }

  _push(chunk) {
    if (this.#paused || this.#buffered.length) {
      this.#buffered.push(chunk);
      return;
    }
    this.emit('data', this.#encoding ? chunk.toString(this.#encoding) : chunk);
  }

  _end(trailers) {
    this.rawTrailers = trailers ?? [];
    this.trailers = headersObject(this.rawTrailers);
    this.complete = true;
    this.#ended = true;
    if (!this.#paused && !this.#buffered.length) this.#finish();
  }

  #finish() {
    if (this.readableEnded) return;
    this.readableEnded = true;
    queueMicrotask(() => this.emit('end'));
  }

  _abort() {
    if (this.complete || this.aborted) return;
    this.aborted = true;
    const err = codeError(Error, 'ECONNRESET', 'aborted');
    queueMicrotask(() => {
      if (this.listenerCount('error')) this.emit('error', err);
      this.emit('aborted');
      this.emit('close');
    });
  }

  setEncoding(encoding) {
    this.#encoding = encoding;
    return this;
  }

  // Once the message is complete its socket may serve another (an agent's
  // next request): pausing then only holds back what is buffered here.
  pause() {
    this.#paused = true;
    if (!this.complete) this.#socket.pause();
    return this;
  }

  resume() {
    this.#paused = false;
    while (!this.#paused && this.#buffered.length) {
      const chunk = this.#buffered.shift();
      this.emit('data', this.#encoding ? chunk.toString(this.#encoding) : chunk);
    }
    if (!this.#paused) {
      if (this.#ended) this.#finish();
      else this.#socket.resume();
    }
    return this;
  }

  isPaused() { return this.#paused; }

  setTimeout(ms, callback) {
    this.#socket.setTimeout(ms, callback);
    return this;
  }

  pipe(dest, options) {
    return pipe(this, dest, options);
  }

  [Symbol.asyncIterator]() {
    return eventChunks(this, { errors: { aborted: () => codeError(Error, 'ECONNRESET', 'aborted') } });
  }
}

// ---- the writable half: headers, then a body (chunked unless sized)

class OutgoingMessage extends EventEmitter {
  #headers = new Map();               // lower-case name -> [name, value]
  #socket = null;
  #pending = [];                      // writes before the socket is ours
  #chunked = false;
  #hasBody = true;
  #sized = false;                     // Content-Length sent, by us or by the caller
  #needDrain = false;

  constructor() {
    super();
    this.headersSent = false;
    this.writableEnded = false;
    this.writableFinished = false;
    this.finished = false;
    this.sendDate = false;
    this.chunkedEncoding = false;
    this.useChunkedEncodingByDefault = true;
  }

  setHeader(name, value) {
    if (this.headersSent) throw codeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
    checkHeader(name, value);
    this.#headers.set(name.toLowerCase(), [name, value]);
    return this;
  }

  appendHeader(name, value) {
    const old = this.getHeader(name);
    if (old === undefined) return this.setHeader(name, value);
    return this.setHeader(name, [].concat(old, value));
  }

  getHeader(name) { return this.#headers.get(String(name).toLowerCase())?.[1]; }
  hasHeader(name) { return this.#headers.has(String(name).toLowerCase()); }
  getHeaderNames() { return [...this.#headers.keys()]; }
  getRawHeaderNames() { return [...this.#headers.values()].map(([n]) => n); }
  getHeaders() {
    const o = Object.create(null);
    for (const [k, [, v]] of this.#headers) o[k] = v;
    return o;
  }

  removeHeader(name) {
    if (this.headersSent) throw codeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot remove headers after they are sent to the client');
    this.#headers.delete(String(name).toLowerCase());
  }

  get socket() { return this.#socket; }
  get connection() { return this.#socket; }

  _attach(socket) {
    this.#socket = socket;
    const pending = this.#pending;
    this.#pending = [];
    for (const [data, cb] of pending) this.#socketWrite(data, cb);
  }

  // The head waits for the first bytes of the body (or the end), so that a
  // small response leaves in one TCP segment, as Node's does.
  #head = null;

  flushHeaders() {
    if (!this.headersSent) this._implicitHead();
    if (this.#head !== null) this.#socketWrite(Buffer.alloc(0));
  }

  // A string here is ASCII, or a body in UTF-8 after an ASCII head (end()).
  #socketWrite(data, cb) {
    if (this.#head !== null) {
      const head = this.#head;
      this.#head = null;
      data = typeof data === 'string' ? head + data : Buffer.concat([Buffer.from(head, 'latin1'), data]);
    }
    if (!this.#socket) {
      this.#pending.push([data, cb]);
      return true;
    }
    if (this.#socket.destroyed) {
      if (cb) queueMicrotask(() => cb(codeError(Error, 'ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed')));
      return false;
    }
    const ok = this.#socket.write(data, cb);
    if (!ok && !this.#needDrain) {
      this.#needDrain = true;
      this.#socket.once('drain', () => {
        this.#needDrain = false;
        this.emit('drain');
      });
    }
    return ok;
  }

  // The head: firstLine, then the headers set, then what the protocol needs.
  _sendHead(firstLine, { hasBody = true, length, keepAlive } = {}) {
    if (this.headersSent) return;
    this.headersSent = true;
    this.#hasBody = hasBody;
    let head = firstLine + CRLF;
    for (const [, [name, value]] of this.#headers) {
      for (const v of Array.isArray(value) ? value : [value]) head += `${name}: ${v}${CRLF}`;
    }
    if (this.sendDate && !this.#headers.has('date')) head += `Date: ${utcDate()}${CRLF}`;
    if (keepAlive !== undefined && !this.#headers.has('connection'))
      head += `Connection: ${keepAlive ? 'keep-alive' : 'close'}${CRLF}`;
    if (keepAlive && !this.#headers.has('keep-alive') && this._keepAliveHeader)
      head += `Keep-Alive: ${this._keepAliveHeader}${CRLF}`;
    if (hasBody && !this.#headers.has('content-length') && !this.#headers.has('transfer-encoding')) {
      if (length !== undefined) {
        head += `Content-Length: ${length}${CRLF}`;
        this.#sized = true;
      } else if (this.useChunkedEncodingByDefault) {
        head += `Transfer-Encoding: chunked${CRLF}`;
        this.#chunked = true;
      }
    } else if (hasBody && /\bchunked\b/i.test(String(this.getHeader('transfer-encoding') ?? ''))) {
      this.#chunked = true;
    }
    this.chunkedEncoding = this.#chunked;
    this.#head = head + CRLF;
    this.#headAscii = Buffer.byteLength(this.#head) === this.#head.length;   // UTF-8 is one byte a character only for ASCII
  }

  #headAscii = true;

  get _bodyEndsConnection() {
    return this.#hasBody && !this.#chunked && !this.#sized && !this.hasHeader('content-length');
  }

  write(chunk, encoding, callback) {
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (this.writableEnded) {
      const err = codeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
      queueMicrotask(() => {
        if (callback) callback(err);
        this.emit('error', err);
      });
      return false;
    }
    if (chunk === null) throw codeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
    if (!this.headersSent) this._implicitHead();
    const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : chunk;
    if (!this.#hasBody || !data.length) {
      if (callback) queueMicrotask(() => callback(null));
      return true;
    }
    if (this.#chunked) {
      const framed = Buffer.concat([Buffer.from(`${data.length.toString(16)}${CRLF}`), data, Buffer.from(CRLF)]);
      return this.#socketWrite(framed, callback);
    }
    return this.#socketWrite(data, callback);
  }

  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined];
    else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (this.writableEnded) {
      if (callback) queueMicrotask(callback);
      return this;
    }
    const done = () => {
      this.writableFinished = true;
      this.emit('finish');
      if (callback) callback();
      this._finished();
    };
    if (!this.headersSent) {
      let data = chunk === undefined || chunk === null ? null : chunk;
      if (typeof data === 'string' && encoding && !UTF8.test(encoding)) data = Buffer.from(data, encoding);
      const length = data === null ? 0 : typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      this._implicitHead(length);
      if (!this.#chunked) {
        // The whole response is known: head and body leave in one write
        // (a UTF-8 string body rides on an ASCII head's string).
        this.writableEnded = true;
        this.finished = true;
        if (!this.#hasBody || length === 0) data = EMPTY;
        else if (typeof data === 'string' && !this.#headAscii) data = Buffer.from(data);
        this.#socketWrite(data, done);
        return this;
      }
      if (data !== null && this.#hasBody) this.write(data);
    } else if (chunk !== undefined && chunk !== null) {
      this.write(chunk, encoding);
    }
    this.writableEnded = true;
    this.finished = true;
    if (this.#chunked) this.#socketWrite(`0${CRLF}${CRLF}`, done);
    else this.#socketWrite(EMPTY, done);
    return this;
  }

  _finished() {}
  _implicitHead() {}

  get writableLength() { return this.#socket ? this.#socket.writableLength : 0; }
  get writableNeedDrain() { return this.#needDrain; }

  cork() {}
  uncork() {}
}

// ---- server

export class ServerResponse extends OutgoingMessage {
  #req;
  #keepAlive;
  #connection;

  // connection: the server's Connection that answers req (none when made by hand)
  constructor(req, keepAlive, connection) {
    super();
    this.#req = req;
    this.req = req;
    this.#keepAlive = keepAlive;
    this.#connection = connection ?? null;
    this._server = connection?.server;
    this.statusCode = 200;
    this.statusMessage = undefined;
    this.sendDate = true;
    this.shouldKeepAlive = keepAlive;
  }

  // After 'finish': the next response in line gets the socket.
  _finished() { this.#connection?.finished(this); }

  writeHead(statusCode, statusMessage, headers) {
    if (this.headersSent) throw codeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot write headers after they are sent to the client');
    if (typeof statusMessage !== 'string') [headers, statusMessage] = [statusMessage, undefined];
    statusCode |= 0;
    if (statusCode < 100 || statusCode > 999) throw codeError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${statusCode}`);
    this.statusCode = statusCode;
    if (statusMessage !== undefined) this.statusMessage = statusMessage;
    if (Array.isArray(headers)) {
      for (let i = 0; i < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const [k, v] of Object.entries(headers)) this.setHeader(k, v);
    }
    this._implicitHead();
    return this;
  }

  _implicitHead(length) {
    if (this.headersSent) return;
    const status = this.statusCode;
    const message = this.statusMessage ?? STATUS_CODES[status] ?? 'unknown';
    this.statusMessage = message;
    const hasBody = this.#req.method !== 'HEAD' && status !== 204 && status !== 304 && !(status >= 100 && status < 200);
    if (!this.#keepAlive) this.shouldKeepAlive = false;
    else if (this.hasHeader('connection') && /\bclose\b/i.test(String(this.getHeader('connection')))) this.shouldKeepAlive = false;
    this._keepAliveHeader = this.shouldKeepAlive && this._server?.keepAliveTimeout
      ? `timeout=${Math.floor(this._server.keepAliveTimeout / 1000)}` : null;
    const http10 = this.#req.httpVersionMinor === 0 && this.#req.httpVersionMajor === 1;
    if (http10) this.useChunkedEncodingByDefault = false;
    // HTTP/1.0 (or a body that runs to the end of the connection) cannot
    // keep the connection: the client would not know where the body ends.
    if (http10 && hasBody && length === undefined && !this.hasHeader('content-length')) this.shouldKeepAlive = false;
    this._sendHead(`HTTP/${http10 ? '1.0' : '1.1'} ${status} ${message}`, {
      hasBody, length: hasBody ? length : undefined,
      keepAlive: http10 ? (this.shouldKeepAlive ? true : undefined) : this.shouldKeepAlive,
    });
    if (this._bodyEndsConnection) this.shouldKeepAlive = false;
  }

  writeContinue(callback) {
    this._rawWrite(`HTTP/1.1 100 Continue${CRLF}${CRLF}`, callback);
  }

  _rawWrite(text, callback) {
    if (this.socket && !this.socket.destroyed) this.socket.write(text, callback);
  }

  setTimeout(ms, callback) {
    if (this.socket) this.socket.setTimeout(ms, callback);
    return this;
  }
}

// One connection's requests, answered one after another.
class Connection {
  constructor(server, socket) {
    this.server = server;
    this.socket = socket;
    this.parser = new HTTPParser('request', { maxHeaderSize: server.maxHeaderSize });
    this.queue = [];                  // responses not yet finished, oldest first
    this.req = null;                  // the request being received
    this.closing = false;
    // Timers cost a heap operation each; a connection serving requests one
    // after another sets none. The head timer runs only while a head is
    // split across chunks; the idle timer, armed once, checks when it fires
    // whether the connection has been idle long enough, and waits again
    // for the rest if not.
    this.headTimer = null;
    this.headPending = false;         // a request began and its head is not complete
    this.idleTimer = null;
    this.idleSince = -1;              // when it became idle (native clock ms); -1: busy
    socket.on('data', (chunk) => this.data(chunk));
    socket.on('end', () => this.end());
    socket.on('error', (err) => this.error(err));
    socket.on('close', () => this.closed());
    this.idle();
  }

  // Between requests: the keep-alive timeout runs.
  idle() {
    const ms = this.server.keepAliveTimeout;
    if (!(ms > 0) || this.req || this.queue.length) return;
    this.idleSince = performance.now();
    if (!this.idleTimer) this.idleTimer = setTimeout(() => this.idleCheck(), ms);
  }

  idleCheck() {
    this.idleTimer = null;
    const ms = this.server.keepAliveTimeout;
    if (this.idleSince < 0 || this.closing || !(ms > 0)) return;
    const left = this.idleSince + ms - performance.now();
    if (left > 0) this.idleTimer = setTimeout(() => this.idleCheck(), left);
    else this.socket.destroy();
  }

  data(chunk) {
    if (this.closing) return;
    this.idleSince = -1;
    let events;
    try {
      events = this.parser.execute(chunk);
    } catch (err) {
      for (const ev of err.events ?? []) this.event(ev);
      this.clientError(err);
      return;
    }
    for (const ev of events) this.event(ev);
    if (this.headPending && !this.headTimer && !this.closing) this.startHeadTimer();
  }

  event(ev) {
    switch (ev.type) {
      case 'begin':
        this.headPending = true;
        break;
      case 'headers': {
        this.headPending = false;
        clearTimeout(this.headTimer);
        this.headTimer = null;
        const req = new IncomingMessage(this.socket);
        req._head(ev);
        const keepAlive = ev.keepAlive && !this.closing && !this.server._closing;
        const res = new ServerResponse(req, keepAlive, this);
        this.req = req;
        this.queue.push(res);
        if (this.queue.length === 1) res._attach(this.socket);
        if (req.headers.expect !== undefined && /^100-continue$/i.test(req.headers.expect)) {
          if (this.server.listenerCount('checkContinue')) this.server.emit('checkContinue', req, res);
          else {
            res.writeContinue();
            this.server.emit('request', req, res);
          }
        } else {
          this.server.emit('request', req, res);
        }
        break;
      }
      case 'body':
        if (this.req) this.req._push(Buffer.from(ev.data));   // a copy: ev.data views the socket's chunk
        break;
      case 'complete':
        if (this.req) this.req._end(ev.trailers);
        this.req = null;
        break;
      case 'upgrade':
        this.clientError(codeError(Error, 'HPE_UPGRADE', 'upgrade is not supported'));
        break;
    }
  }

  startHeadTimer() {
    clearTimeout(this.headTimer);
    const ms = this.server.headersTimeout;
    if (ms > 0) this.headTimer = setTimeout(() => {
      this.clientError(codeError(Error, 'ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout'));
    }, ms);
  }

  isIdle() { return !this.req && !this.queue.length; }

  // A response finished: the next one in line gets the socket.
  finished(res) {
    const i = this.queue.indexOf(res);
    if (i >= 0) this.queue.splice(i, 1);
    if (!res.shouldKeepAlive || (this.server._closing && !this.queue.length)) {
      this.closing = true;
      this.socket.end();
      return;
    }
    if (this.queue.length) this.queue[0]._attach(this.socket);
    else this.idle();
  }

  clientError(err) {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.headTimer);
    clearTimeout(this.idleTimer);
    if (this.req) this.req._abort();
    if (this.server.listenerCount('clientError')) {
      this.server.emit('clientError', err, this.socket);
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    if (this.socket.writable && !this.queue.some((r) => r.headersSent))
      this.socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}${CRLF}Connection: close${CRLF}${CRLF}`);
    else this.socket.destroy();
  }

  end() {
    // The client sent FIN: a half-received request is cut short; answered
    // ones still go out, then the socket ends (net ends it: allowHalfOpen false).
    try {
      this.parser.finish();
    } catch {
      if (this.req) this.req._abort();
    }
  }

  error(err) {
    if (this.req) this.req._abort();
    if (this.server.listenerCount('clientError')) this.server.emit('clientError', err, this.socket);
  }

  closed() {
    clearTimeout(this.headTimer);
    clearTimeout(this.idleTimer);
    if (this.req) this.req._abort();
    for (const res of this.queue) queueMicrotask(() => res.emit('close'));
    this.queue = [];
  }
}

export class Server extends net.Server {
  constructor(options, requestListener) {
    if (typeof options === 'function') [requestListener, options] = [options, {}];
    options = options ?? {};
    super({ noDelay: options.noDelay ?? true, keepAlive: options.keepAlive });
    this.maxHeaderSize = options.maxHeaderSize ?? maxHeaderSize;
    this.headersTimeout = options.headersTimeout ?? 60000;
    this.requestTimeout = options.requestTimeout ?? 300000;
    this.keepAliveTimeout = options.keepAliveTimeout ?? 5000;
    this.timeout = 0;
    if (requestListener) this.on('request', requestListener);
    this._connections = new Set();
    this.on('connection', (socket) => {
      const c = new Connection(this, socket);
      this._connections.add(c);
      socket.once('close', () => this._connections.delete(c));
    });
  }

  // As Node 19+: stop accepting, close idle keep-alive connections now and
  // busy ones once their response is out; 'close' when all have gone.
  close(callback) {
    super.close(callback);
    this._closing = true;
    this.closeIdleConnections();
    return this;
  }

  closeIdleConnections() {
    for (const c of this._connections) if (c.isIdle()) c.socket.end();
  }

  closeAllConnections() {
    for (const c of this._connections) c.socket.destroy();
  }

  setTimeout(ms, callback) {
    this.timeout = ms;
    if (callback) this.on('timeout', callback);
    return this;
  }
}

export function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

// ---- client

const kFree = Symbol('agent free-socket listeners');

// Node's http.Agent, for what it does here: with keepAlive, a connection
// whose response is complete waits, unref'd, for the next request to the
// same host and port (the latest freed first), and is closed after
// `timeout` ms idle (or when the server closes it). maxSockets is not
// enforced: a request that finds no free socket opens a connection.
export class Agent extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = { ...options };
    this.keepAlive = !!options.keepAlive;
    this.keepAliveMsecs = options.keepAliveMsecs ?? 1000;
    this.maxSockets = options.maxSockets ?? Infinity;
    this.maxFreeSockets = options.maxFreeSockets ?? 256;
    this.timeout = options.timeout;
    this.freeSockets = Object.create(null);
    this.sockets = Object.create(null);
    this.requests = Object.create(null);
  }

  getName(options = {}) {
    return `${options.host ?? 'localhost'}:${options.port ?? ''}:`;
  }

  static #add(table, name, socket) {
    (table[name] ??= []).push(socket);
  }

  static #remove(table, name, socket) {
    const list = table[name];
    const i = list ? list.indexOf(socket) : -1;
    if (i < 0) return;
    list.splice(i, 1);
    if (!list.length) delete table[name];
  }

  // A socket for a request: a free one (connected: reused true), else a new
  // connection.
  _take(options) {
    const name = this.getName(options);
    const free = this.freeSockets[name];
    while (free?.length) {
      const socket = free.pop();
      if (!free.length) delete this.freeSockets[name];
      const listeners = socket[kFree];
      socket[kFree] = null;
      for (const [event, fn] of Object.entries(listeners)) socket.off(event, fn);
      socket.setTimeout(0);
      if (socket.destroyed || !socket.writable) continue;
      socket.ref();
      Agent.#add(this.sockets, name, socket);
      return { socket, reused: true };
    }
    const socket = net.connect({ port: options.port, host: options.host });
    if (this.keepAlive) socket.setKeepAlive(true, this.keepAliveMsecs);
    Agent.#add(this.sockets, name, socket);
    socket.once('close', () => {
      Agent.#remove(this.sockets, name, socket);
      Agent.#remove(this.freeSockets, name, socket);
    });
    return { socket, reused: false };
  }

  // The request is done with the socket: free it for the next, or close it.
  _release(socket, options, reusable) {
    const name = this.getName(options);
    Agent.#remove(this.sockets, name, socket);
    if (socket.destroyed) return;
    if (!this.keepAlive || !reusable || (this.freeSockets[name]?.length ?? 0) >= this.maxFreeSockets) {
      socket.end();
      return;
    }
    // While free, anything from the server (bytes, its FIN, an error)
    // ends the connection; so does the idle timeout.
    const drop = () => socket.destroy();
    socket[kFree] = { data: drop, end: drop, error: drop, timeout: drop };
    for (const [event, fn] of Object.entries(socket[kFree])) socket.on(event, fn);
    socket.resume();
    if (this.timeout > 0) socket.setTimeout(this.timeout);
    socket.unref();
    Agent.#add(this.freeSockets, name, socket);
    this.emit('free', socket, options);
  }

  destroy() {
    for (const table of [this.freeSockets, this.sockets])
      for (const list of Object.values(table)) for (const socket of [...list]) socket.destroy();
  }
}

// As Node 19+: keep-alive, idle sockets closed after 5 s.
export const globalAgent = new Agent({ keepAlive: true, timeout: 5000 });

export class ClientRequest extends OutgoingMessage {
  #socket;
  #parser = new HTTPParser('response');
  #res = null;
  #done = false;
  #released = false;
  #listeners = null;
  #options;
  #keepAlive = false;

  constructor(input, options, callback) {
    super();
    if (typeof input === 'string' || (input && typeof input.href === 'string')) {
      if (typeof options === 'function') [callback, options] = [options, undefined];
      options = { ...urlOptions(typeof input === 'string' ? input : input.href), ...options };
    } else {
      [callback, options] = [options, input ?? {}];
    }
    if (options.protocol && options.protocol !== 'http:')
      throw codeError(TypeError, 'ERR_INVALID_PROTOCOL', `Protocol "${options.protocol}" not supported. Expected "http:"`);
    this.method = (options.method ?? 'GET').toUpperCase();
    this.path = options.path ?? '/';
    this.host = options.hostname ?? options.host ?? 'localhost';
    this.port = Number(options.port ?? 80);
    if (/[\x00-\x20]/.test(this.path)) throw codeError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
    if (callback) this.once('response', callback);
    for (const [k, v] of Object.entries(options.headers ?? {})) this.setHeader(k, v);
    if (!this.hasHeader('host')) this.setHeader('Host', this.port === 80 ? this.host : `${this.host}:${this.port}`);
    this.useChunkedEncodingByDefault = !['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'].includes(this.method);
    // agent: undefined is the global agent; false a connection of its own.
    this.agent = options.agent === undefined ? globalAgent : options.agent || new Agent();
    this.#options = { host: this.host, port: this.port };
    this.shouldKeepAlive = this.agent.keepAlive;
    const { socket, reused } = this.agent._take(this.#options);
    this.#socket = socket;
    this.reusedSocket = reused;
    socket.setNoDelay(true);
    const start = () => {
      this.emit('socket', socket);
      this._attach(socket);
    };
    this.#listeners = {
      data: (chunk) => this.#data(chunk),
      end: () => this.#end(),
      error: (err) => this.#fail(err),
      close: () => {
        if (this.#released) return;
        if (this.#res && !this.#res.complete) this.#res._abort();
        else if (!this.#res && !this.#done) this.#fail(codeError(Error, 'ECONNRESET', 'socket hang up'));
        this.emit('close');
      },
    };
    if (reused) queueMicrotask(start);
    else this.#listeners.connect = start;
    for (const [event, fn] of Object.entries(this.#listeners)) socket.on(event, fn);
    if (options.timeout) this.setTimeout(options.timeout);
  }

  _implicitHead(length) {
    if (this.headersSent) return;
    const hasBody = length === undefined || length > 0 || this.useChunkedEncodingByDefault;
    this._sendHead(`${this.method} ${this.path} HTTP/1.1`, { hasBody, length, keepAlive: this.shouldKeepAlive });
  }

  // The response is complete: the socket goes back to the agent once the
  // request is written too, free for the next request if both ends keep
  // the connection alive, and this request closes.
  #complete(keepAlive) {
    const reusable = keepAlive && this.shouldKeepAlive && !this._bodyEndsConnection && !this.destroyed;
    const release = () => {
      if (this.#released) return;
      this.#released = true;
      const socket = this.#socket;
      for (const [event, fn] of Object.entries(this.#listeners)) socket.off(event, fn);
      socket.setTimeout(0);
      this.agent._release(socket, this.#options, reusable && this.writableFinished);
      queueMicrotask(() => this.emit('close'));
    };
    if (this.writableFinished || !reusable) release();
    else this.once('finish', release);
  }

  #data(chunk) {
    let events;
    try {
      events = this.#parser.execute(chunk);
    } catch (err) {
      this.#fail(err);
      this.#socket.destroy();
      return;
    }
    for (const ev of events) this.#event(ev);
  }

  #event(ev) {
    if (ev.type === 'headers') {
      if (ev.statusCode >= 100 && ev.statusCode < 200 && ev.statusCode !== 101) return;   // 100 Continue
      this.#res = new IncomingMessage(this.#socket);
      this.#res._head(ev);
      this.#res.req = this;
      this.#done = true;
      this.emit('response', this.#res);
      this.#keepAlive = ev.keepAlive;
      // No body follows a HEAD, 204 or 304, whatever Content-Length says
      // (llhttp cannot be told the request was a HEAD): done now. The
      // parser would take a next response's bytes for a body: no reuse.
      if (this.method === 'HEAD' || ev.statusCode === 204 || ev.statusCode === 304) {
        this.#res._end([]);
        this.#complete(false);
      }
    } else if (ev.type === 'body') {
      if (this.#res && !this.#res.complete) this.#res._push(Buffer.from(ev.data));
    } else if (ev.type === 'complete') {
      if (this.#res && !this.#res.complete) {
        this.#res._end(ev.trailers);
        this.#complete(this.#keepAlive);
      }
    }
  }

  #end() {
    let events = [];
    try {
      events = this.#parser.finish();
    } catch (err) {
      if (this.#res) this.#res._abort();
      else this.#fail(err);
    }
    for (const ev of events) this.#event(ev);
  }

  #fail(err) {
    if (this.#done && this.#res?.complete) return;
    if (this.#res) {
      this.#res._abort();
      return;
    }
    this.#done = true;
    this.emit('error', err);
  }

  abort() { this.destroy(); }

  destroy(err) {
    this.#done = true;
    if (!this.#released) this.#socket.destroy(err);   // a released socket is the agent's
    return this;
  }

  setTimeout(ms, callback) {
    if (!this.#released) {
      this.#socket.setTimeout(ms);
      this.#listeners.timeout = this.#onTimeout;
      this.#socket.off('timeout', this.#onTimeout);
      if (ms > 0) this.#socket.on('timeout', this.#onTimeout);
    }
    if (callback) this.once('timeout', callback);
    return this;
  }

  #onTimeout = () => this.emit('timeout');

  setNoDelay(on) { this.#socket.setNoDelay(on); }
}

// "http://host:port/path?query" -> request options (no URL class in QuickJS).
export function urlOptions(text) {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:)\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)(\?[^#]*)?/.exec(text.trim());
  if (!m) throw codeError(TypeError, 'ERR_INVALID_URL', `Invalid URL: ${text}`);
  const [, protocol, host, port, pathname, search] = m;
  return {
    protocol: protocol.toLowerCase(),
    hostname: host.startsWith('[') ? host.slice(1, -1) : host.toLowerCase(),
    port: port ? Number(port) : undefined,
    path: `${pathname || '/'}${search || ''}`,
  };
}

export function request(input, options, callback) {
  return new ClientRequest(input, options, callback);
}

export function get(input, options, callback) {
  const req = request(input, options, callback);
  req.end();
  return req;
}

export default {
  METHODS, STATUS_CODES, maxHeaderSize, createServer, request, get, urlOptions,
  Server, ServerResponse, IncomingMessage, ClientRequest, Agent, globalAgent,
};
