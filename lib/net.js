// TCP, as Node's net (the subset an rtjs app uses):
//
//   const server = net.createServer((socket) => socket.pipe(socket));
//   server.listen(7, () => console.log(server.address()));
//   const c = net.connect(80, 'example.com', () => c.write('hi'));
//   c.on('data', (buf) => …).on('end', () => …).on('close', () => …);
//
// write() returns false once more than highWaterMark (16 KiB) waits for
// the kernel's send buffer; 'drain' follows when it has gone. A paused
// socket stops taking data and the peer's window closes. Not here yet:
// Unix sockets, cork/uncork, server.getConnections/maxConnections.
import native from 'rtjs:native';
import { EventEmitter } from 'node:events';
import { promises as dns } from 'node:dns';
import { toBytes, fromBytes } from 'rtjs:internal/bytes';
import { pipe } from 'rtjs:internal/streams';

const HIGH_WATER_MARK = 16 * 1024;
const live = new Set();               // open sockets and servers: kept from the garbage collector

function codeError(Ctor, code, message, extra) {
  const err = new Ctor(message);
  err.code = code;
  return Object.assign(err, extra);
}

function systemError(code, message, syscall, extra) {
  return codeError(Error, code, `${syscall} ${code}${extra ? ` ${extra.address}:${extra.port}` : ''}`,
    { errno: code, syscall, description: message, ...extra });
}

function checkPort(port) {
  const n = typeof port === 'string' && /^[0-9]+$/.test(port) ? Number(port) : port;
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw codeError(RangeError, 'ERR_SOCKET_BAD_PORT', `Port should be >= 0 and < 65536. Received ${port}.`);
  return n;
}

export function isIPv4(s) {
  return typeof s === 'string' && /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s);
}
export function isIPv6(s) {
  return typeof s === 'string' && s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
}
export function isIP(s) {
  return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0;
}

export class Socket extends EventEmitter {
  #handle = null;
  #refed = true;
  #queue = [];                        // [bytes, callback] waiting for the kernel's send buffer
  #queued = 0;                        // bytes in #queue
  #needDrain = false;
  #ending = false;                    // end() called: FIN after the queue
  #finSent = false;
  #gotEnd = false;
  #closed = false;
  #encoding = null;
  #timeout = 0;
  #timer = null;
  #paused = false;

  constructor(options = {}) {
    super();
    this.connecting = false;
    this.destroyed = false;
    this.pending = true;
    this.bytesRead = 0;
    this.bytesWritten = 0;
    this.allowHalfOpen = !!options.allowHalfOpen;
    this.remoteAddress = undefined;
    this.remotePort = undefined;
    this.remoteFamily = undefined;
    if (options.handle) this.#attach(options.handle, true);
  }

  #attach(handle, accepted) {
    this.#handle = handle;
    if (!this.#refed) native.sockRef(handle, false);
    this.pending = false;
    live.add(this);
    const onEvent = (type, a, b) => this.#event(type, a, b);
    if (accepted) native.sockAccepted(handle, onEvent);
    const remote = native.sockAddress(handle, true);
    if (remote) {
      this.remoteAddress = remote.address;
      this.remotePort = remote.port;
      this.remoteFamily = remote.family;
    }
    return onEvent;
  }

  #event(type, a, b) {
    switch (type) {
      case 'connect': {
        this.connecting = false;
        const remote = native.sockAddress(this.#handle, true);
        if (remote) [this.remoteAddress, this.remotePort, this.remoteFamily] = [remote.address, remote.port, remote.family];
        this.#touch();
        this.emit('connect');
        this.emit('ready');
        this.#flush();
        break;
      }
      case 'data': {
        this.bytesRead += a.byteLength;
        this.#touch();
        const buf = fromBytes(a);
        this.emit('data', this.#encoding ? buf.toString(this.#encoding) : buf);
        break;
      }
      case 'end':
        this.#gotEnd = true;
        this.#touch();
        this.emit('end');
        if (!this.allowHalfOpen) this.end();
        this.#maybeClose();
        break;
      case 'sent':
        this.#flush();
        this.#maybeClose();
        break;
      case 'error':
        this.destroy(systemError(a, b, this.connecting ? 'connect' : 'read',
          this.connecting ? { address: this.#target?.address, port: this.#target?.port } : undefined));
        break;
    }
  }

  #target = null;

  connect(...args) {
    let options = args[0], listener = args[args.length - 1];
    if (typeof listener !== 'function') listener = undefined;
    if (options === null || typeof options !== 'object') options = { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
    const port = checkPort(options.port);
    const host = options.host ?? 'localhost';
    if (listener) this.once('connect', listener);
    this.connecting = true;
    this.#target = { address: host, port };
    dns.lookup(host).then(({ address }) => {
      if (this.destroyed) return;
      this.#target = { address, port };
      const onEvent = (type, a, b) => this.#event(type, a, b);
      this.#handle = native.sockConnect(address, port, onEvent);
      if (!this.#refed) native.sockRef(this.#handle, false);
      if (this.#paused) native.sockPause(this.#handle, true);
      this.pending = false;
      live.add(this);
    }).catch((err) => this.destroy(err));
    return this;
  }

  // ---- writing

  write(data, encoding, callback) {
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (this.#ending || this.destroyed) {
      const err = codeError(Error, this.destroyed ? 'ERR_STREAM_DESTROYED' : 'ERR_STREAM_WRITE_AFTER_END',
        this.destroyed ? 'Cannot call write after a stream was destroyed' : 'write after end');
      queueMicrotask(() => {
        if (callback) callback(err);
      });
      this.destroy(err);               // as Node: the stream errors and is destroyed
      return false;
    }
    const bytes = toBytes(data, encoding);
    this.#queue.push([bytes, callback]);
    this.#queued += bytes.length;
    this.#flush();
    const ok = this.#queued < HIGH_WATER_MARK;
    if (!ok) this.#needDrain = true;
    return ok;
  }

  get writableLength() { return this.#queued; }
  get bufferSize() { return this.#queued; }
  get writable() { return !this.#ending && !this.destroyed; }
  get readyState() {
    if (this.connecting) return 'opening';
    if (this.destroyed || this.#closed) return 'closed';
    return this.#ending ? (this.#gotEnd ? 'closed' : 'readOnly') : this.#gotEnd ? 'writeOnly' : 'open';
  }

  // Hands queued bytes to the kernel as its send buffer allows.
  #flush() {
    if (!this.#handle || this.connecting || this.destroyed) return;
    while (this.#queue.length) {
      const entry = this.#queue[0];
      if (entry[0].length === 0) {       // nothing to send: done at once
        this.#queue.shift();
        if (entry[1]) queueMicrotask(() => entry[1](null));
        continue;
      }
      let n;
      try {
        n = native.sockWrite(this.#handle, entry[0]);
      } catch (err) {
        this.destroy(err);
        return;
      }
      if (n === 0) return;               // full: 'sent' calls again
      this.bytesWritten += n;
      this.#queued -= n;
      this.#touch();
      if (n < entry[0].length) {
        entry[0] = entry[0].subarray(n);
        return;
      }
      this.#queue.shift();
      if (entry[1]) queueMicrotask(() => entry[1](null));
    }
    if (this.#needDrain) {
      this.#needDrain = false;
      queueMicrotask(() => this.emit('drain'));
    }
    if (this.#ending && !this.#finSent) {
      this.#finSent = true;
      native.sockEnd(this.#handle);
      queueMicrotask(() => this.emit('finish'));
    }
  }

  end(data, encoding, callback) {
    if (typeof data === 'function') [callback, data] = [data, undefined];
    else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (data !== undefined && data !== null) this.write(data, encoding);
    if (callback) this.once('finish', callback);
    if (this.#ending) return this;
    this.#ending = true;
    this.#flush();
    this.#maybeClose();
    return this;
  }

  // Both directions done and every byte acknowledged: the handle goes.
  #maybeClose() {
    if (this.#closed || !this.#finSent || !this.#gotEnd || this.#queue.length) return;
    if (this.#handle && native.sockUnacked(this.#handle) > 0) return;
    this.#close(false);
  }

  #close(hadError) {
    if (this.#closed) return;
    this.#closed = true;
    this.destroyed = true;
    this.connecting = false;
    clearTimeout(this.#timer);
    if (this.#handle) native.sockClose(this.#handle, hadError);
    live.delete(this);
    queueMicrotask(() => this.emit('close', hadError));
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    const pending = this.#queue;
    this.#queue = [];
    this.#queued = 0;
    if (err) queueMicrotask(() => this.emit('error', err));
    for (const [, cb] of pending) if (cb) queueMicrotask(() => cb(err ?? codeError(Error, 'ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed')));
    this.#closed = false;
    this.#close(!!err);
    return this;
  }

  resetAndDestroy() {
    if (this.#handle && !this.destroyed) {
      this.destroyed = true;
      this.#closed = true;
      clearTimeout(this.#timer);
      native.sockClose(this.#handle, true);
      live.delete(this);
      queueMicrotask(() => this.emit('close', false));
    }
    return this;
  }

  // ---- reading

  setEncoding(encoding) {
    this.#encoding = encoding;
    return this;
  }

  pause() {
    this.#paused = true;
    if (this.#handle && !this.destroyed) native.sockPause(this.#handle, true);
    return this;
  }

  resume() {
    this.#paused = false;
    if (this.#handle && !this.destroyed) native.sockPause(this.#handle, false);
    return this;
  }

  isPaused() { return this.#paused; }

  // rtjs: what the kernel holds for this connection (events and bytes
  // queued for JavaScript, lwIP's receive window), to diagnose a stall.
  stats() {
    return this.#handle && !this.destroyed ? native.sockStats(this.#handle) : null;
  }

  pipe(dest, options) {
    return pipe(this, dest, options);
  }

  // ---- options

  setNoDelay(noDelay = true) {
    if (this.#handle && !this.destroyed) native.sockOption(this.#handle, 'nodelay', !!noDelay, 0);
    else this.once('connect', () => this.setNoDelay(noDelay));
    return this;
  }

  setKeepAlive(enable = false, initialDelay = 0) {
    if (this.#handle && !this.destroyed) native.sockOption(this.#handle, 'keepalive', !!enable, initialDelay || 0);
    else this.once('connect', () => this.setKeepAlive(enable, initialDelay));
    return this;
  }

  // 'timeout' after ms without activity (the socket stays open, as in Node).
  setTimeout(ms, callback) {
    this.#timeout = ms;
    if (callback) {
      if (ms === 0) this.off('timeout', callback);
      else this.once('timeout', callback);
    }
    this.#touch();
    return this;
  }

  #touch() {
    clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#timeout > 0 && !this.destroyed) {
      this.#timer = setTimeout(() => this.emit('timeout'), this.#timeout);
      if (this.#timer && this.#timer.unref) this.#timer.unref();
    }
  }

  address() {
    return (this.#handle && native.sockAddress(this.#handle, false)) || {};
  }

  get localAddress() { return this.address().address; }
  get localPort() { return this.address().port; }

  // An unref'd socket does not keep the app running (its name lookup
  // still does, while it lasts).
  ref() {
    this.#refed = true;
    if (this.#handle && !this.destroyed) native.sockRef(this.#handle, true);
    return this;
  }

  unref() {
    this.#refed = false;
    if (this.#handle && !this.destroyed) native.sockRef(this.#handle, false);
    return this;
  }
}

export class Server extends EventEmitter {
  #handle = null;
  #refed = true;
  #connections = new Set();
  #closing = false;

  constructor(options, listener) {
    super();
    if (typeof options === 'function') [listener, options] = [options, {}];
    this.options = options ?? {};
    if (listener) this.on('connection', listener);
    this.listening = false;
  }

  listen(...args) {
    let options = args[0];
    let callback = args.findLast((a) => typeof a === 'function');
    if (options === null || typeof options !== 'object') {
      options = { port: args[0] };
      if (typeof args[1] === 'string') options.host = args[1];
      const backlog = args.find((a, i) => i > 0 && typeof a === 'number');
      if (backlog !== undefined) options.backlog = backlog;
    }
    const port = checkPort(options.port ?? 0);
    if (this.#handle) throw codeError(Error, 'ERR_SERVER_ALREADY_LISTEN', 'Listen method has been called more than once without closing.');
    if (callback) this.once('listening', callback);
    const host = options.host;
    (async () => {
      try {
        // No host: every address, IPv6 and IPv4, as Node ('::'). 'listening' comes later.
        const ip = host && host !== '::' ? (await dns.lookup(host)).address : await '::';
        this.#handle = native.sockListen(ip, port, options.backlog ?? 511, (type, handle, address, rport) => {
          if (type !== 'connection') return;
          const socket = new Socket({ handle, allowHalfOpen: this.options.allowHalfOpen });
          socket.server = this;
          this.#connections.add(socket);
          socket.once('close', () => {
            this.#connections.delete(socket);
            this.#maybeClosed();
          });
          if (this.options.noDelay) socket.setNoDelay(true);
          if (this.options.keepAlive) socket.setKeepAlive(true, this.options.keepAliveInitialDelay);
          this.emit('connection', socket);
        });
        if (!this.#refed) native.sockRef(this.#handle, false);
        live.add(this);
        this.listening = true;
        this.emit('listening');
      } catch (err) {
        if (err.code && err.syscall === 'listen') {
          err.message = `listen ${err.code}: ${err.description} ${host ?? '0.0.0.0'}:${port}`;
          err.address = host ?? '0.0.0.0';
          err.port = port;
        }
        this.emit('error', err);
      }
    })();
    return this;
  }

  address() {
    return this.#handle ? native.sockAddress(this.#handle, false) : null;
  }

  get connections() { return this.#connections.size; }

  getConnections(callback) {
    queueMicrotask(() => callback(null, this.#connections.size));
    return this;
  }

  // Stops accepting; 'close' once every connection has closed.
  close(callback) {
    if (callback) {
      if (!this.#handle) queueMicrotask(() => callback(codeError(Error, 'ERR_SERVER_NOT_RUNNING', 'Server is not running.')));
      else this.once('close', callback);
    }
    if (!this.#handle) return this;
    native.sockClose(this.#handle, false);
    this.#handle = null;
    this.listening = false;
    this.#closing = true;
    live.delete(this);
    this.#maybeClosed();
    return this;
  }

  #maybeClosed() {
    if (this.#closing && this.#connections.size === 0) {
      this.#closing = false;
      queueMicrotask(() => this.emit('close'));
    }
  }

  ref() {
    this.#refed = true;
    if (this.#handle) native.sockRef(this.#handle, true);
    return this;
  }

  unref() {
    this.#refed = false;
    if (this.#handle) native.sockRef(this.#handle, false);
    return this;
  }
}

export function createServer(options, listener) {
  return new Server(options, listener);
}

export function connect(...args) {
  const options = args[0] !== null && typeof args[0] === 'object' ? args[0] : {};
  const socket = new Socket(options);
  if (options.timeout) socket.setTimeout(options.timeout);
  return socket.connect(...args);
}

export const createConnection = connect;

export default { createServer, connect, createConnection, Socket, Server, isIP, isIPv4, isIPv6 };
