// UDP sockets, as Node's dgram (the subset an rtjs app uses):
//
//   const s = dgram.createSocket('udp4', (msg, rinfo) => …);   // 'udp6': IPv6 and IPv4
//   s.bind(9000, () => console.log(s.address()));
//   s.send(msg, port, address, (err) => …);    // msg: Buffer, string, view or an array of them
//   s.close();
//
// Datagrams wait for JavaScript in a queue of at most 1024 (4 MiB); beyond
// that they are dropped, as a full socket buffer drops them on Linux
// (counted in s.stats().dropped). An open socket keeps the app running.
import native from 'rtjs:native';
import { EventEmitter } from 'node:events';
import { promises as dns } from 'node:dns';
import { toBytes, fromBytes } from 'rtjs:internal/bytes';

const live = new Set();               // sockets not yet closed: kept from the garbage collector

function codeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

function checkPort(port) {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw codeError(RangeError, 'ERR_SOCKET_BAD_PORT', `Port should be >= 0 and < 65536. Received ${port}.`);
  return port;
}

export class Socket extends EventEmitter {
  #handle = null;
  #bound = false;
  #binding = null;                    // a promise while bind() resolves its address

  constructor(type, listener) {
    super();
    const options = typeof type === 'object' && type !== null ? type : { type };
    if (options.type !== 'udp4' && options.type !== 'udp6')
      throw codeError(TypeError, 'ERR_SOCKET_BAD_TYPE', 'Bad socket type specified. Valid types are: udp4, udp6');
    this.type = options.type;
    if (listener) this.on('message', listener);
    this.#handle = native.sockUdp((type, data, address, port) => {
      if (type === 'message') {
        const msg = fromBytes(data);
        this.emit('message', msg, { address, family: address.includes(':') ? 'IPv6' : 'IPv4', port, size: msg.length });
      }
    }, this.type === 'udp6' ? 6 : 4);
    live.add(this);
  }

  #closedError() {
    return codeError(Error, 'ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running');
  }

  bind(port, address, callback) {
    if (typeof port === 'function') [callback, port, address] = [port, 0, undefined];
    else if (port !== null && typeof port === 'object') {
      callback = address;
      ({ port = 0, address } = port);
    } else if (typeof address === 'function') [callback, address] = [address, undefined];
    if (!this.#handle) throw this.#closedError();
    if (this.#bound || this.#binding) throw codeError(Error, 'ERR_SOCKET_ALREADY_BOUND', 'Socket is already bound');
    checkPort(port ?? 0);
    if (callback) this.once('listening', callback);
    this.#binding = (async () => {
      try {
        const any = this.type === 'udp6' ? '::' : '0.0.0.0';
        const ip = address ? (await dns.lookup(address)).address : await any;   // 'listening' comes later, as in Node
        if (!this.#handle) return;
        native.sockBind(this.#handle, ip, port ?? 0);
        this.#bound = true;
        this.emit('listening');
      } catch (err) {
        this.emit('error', err);
      } finally {
        this.#binding = null;
      }
    })();
    return this;
  }

  async #sendNow(bytes, port, address, callback) {
    try {
      if (this.#binding) await this.#binding;
      const ip = (await dns.lookup(address ?? (this.type === 'udp6' ? '::1' : '127.0.0.1'))).address;
      if (!this.#handle) throw this.#closedError();
      native.sockSendTo(this.#handle, bytes, ip, port);
      this.#bound = true;             // an unbound socket now has the port the stack chose, as on Linux
      if (callback) callback(null, bytes.length);
    } catch (err) {
      if (callback) callback(err);
      else this.emit('error', err);
    }
  }

  send(msg, offset, length, port, address, callback) {
    if (typeof offset !== 'number' || typeof length !== 'number' || arguments.length < 4 ||
        typeof port !== 'number') {
      // send(msg, port[, address][, callback])
      [port, address, callback] = [offset, length, port];
      offset = undefined;
    }
    if (typeof address === 'function') [callback, address] = [address, undefined];
    if (!this.#handle) throw this.#closedError();
    checkPort(port);
    let bytes;
    if (Array.isArray(msg)) {
      const parts = msg.map((m) => toBytes(m, 'utf8', 'msg'));
      bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) { bytes.set(p, at); at += p.length; }
    } else {
      bytes = toBytes(msg, 'utf8', 'msg');
      if (offset !== undefined) bytes = bytes.subarray(offset, offset + length);
    }
    this.#sendNow(bytes, port, address, callback);
  }

  address() {
    const a = this.#handle && this.#bound ? native.sockAddress(this.#handle, false) : undefined;
    if (!a) throw codeError(Error, 'ERR_SOCKET_DGRAM_NOT_RUNNING', 'getsockname EBADF');
    return a;
  }

  stats() {
    if (!this.#handle) throw this.#closedError();
    return native.sockStats(this.#handle);
  }

  close(callback) {
    if (!this.#handle) throw this.#closedError();
    native.sockClose(this.#handle, false);
    this.#handle = null;
    live.delete(this);
    if (callback) this.once('close', callback);
    queueMicrotask(() => this.emit('close'));
    return this;
  }

  // An unref'd socket does not keep the app running.
  ref() {
    if (this.#handle) native.sockRef(this.#handle, true);
    return this;
  }

  unref() {
    if (this.#handle) native.sockRef(this.#handle, false);
    return this;
  }
}

export function createSocket(type, listener) {
  return new Socket(type, listener);
}

export default { createSocket, Socket };
