// node:stream: Readable, Writable, Duplex, Transform, PassThrough,
// pipeline and finished, written for rtjs with Node's observable behaviour
// for what code uses most: flowing and paused reading, push() and _read()
// with highWaterMark back-pressure, write() returning false until 'drain',
// end() then _final() then 'finish', destroy() with 'error' and 'close',
// pipe() with back-pressure, async iteration and Readable.from(). Not
// here: readable.wrap(), writev batching of corked writes (they are
// written one by one), and the experimental web-stream adapters.
import { EventEmitter } from 'node:events';
import { Buffer } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { eventChunks } from 'rtjs:internal/streams';

function coded(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

const later = (fn) => queueMicrotask(fn);
const DEFAULT_HWM = 16 * 1024;
const hwmOf = (options, objectMode, key) => options?.[key] ?? options?.highWaterMark ?? (objectMode ? 16 : DEFAULT_HWM);

// Legacy Stream: an emitter with pipe (Node's `require('stream')` itself).
export function Stream(options) {
  EventEmitter.call(this, options);
}
Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Stream, EventEmitter);
Stream.prototype.pipe = function pipe(dest, options) {
  return Readable.prototype.pipe.call(this, dest, options);
};

// ---- Readable

export class Readable extends EventEmitter {
  constructor(options = {}) {
    super(options);
    const objectMode = !!(options.objectMode || options.readableObjectMode);
    this._readableState = {
      objectMode,
      highWaterMark: hwmOf(options, objectMode, 'readableHighWaterMark'),
      buffer: [],
      length: 0,
      flowing: null,            // null: nobody asked; true: 'data' flows; false: paused
      ended: false,             // push(null) seen
      endEmitted: false,
      endScheduled: false,
      reading: false,
      sync: false,
      encoding: null,
      decoder: null,
      pipes: [],
      scheduled: false,
      readableListening: false,
      emittedReadable: false,
    };
    this.destroyed = false;
    this._closeEmitted = false;
    if (options.encoding) this.setEncoding(options.encoding);
    if (typeof options.read === 'function') this._read = options.read;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (typeof options.construct === 'function') this._construct = options.construct;
    this._autoDestroy = options.autoDestroy !== false;
    if (options.signal) addAbortSignal(options.signal, this);
  }

  get readable() { return !this.destroyed && !this._readableState.endEmitted; }
  get readableEnded() { return this._readableState.endEmitted; }
  get readableFlowing() { return this._readableState.flowing; }
  get readableLength() { return this._readableState.length; }
  get readableHighWaterMark() { return this._readableState.highWaterMark; }
  get readableObjectMode() { return this._readableState.objectMode; }
  get readableEncoding() { return this._readableState.encoding; }

  _read() {
    throw coded(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The _read() method is not implemented');
  }

  push(chunk, encoding) {
    const state = this._readableState;
    if (this.destroyed) return false;
    if (chunk === null) {
      state.reading = false;
      if (!state.ended) {
        state.ended = true;
        this.#schedule();
      }
      return false;
    }
    if (state.ended) {
      this.destroy(coded(Error, 'ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'));
      return false;
    }
    if (!state.objectMode) {
      if (typeof chunk === 'string') chunk = Buffer.from(chunk, encoding ?? 'utf8');
      else if (chunk instanceof Uint8Array && !Buffer.isBuffer(chunk)) chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      else if (!Buffer.isBuffer(chunk)) {
        this.destroy(coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array'));
        return false;
      }
      if (chunk.length === 0) {
        state.reading = false;
        return state.length < state.highWaterMark;
      }
    }
    state.reading = false;
    if (state.decoder) chunk = state.decoder.write(chunk);
    state.buffer.push(chunk);
    state.length += state.objectMode ? 1 : chunk.length;
    this.#schedule();
    return state.length < state.highWaterMark;
  }

  unshift(chunk) {
    const state = this._readableState;
    if (!state.objectMode && typeof chunk === 'string') chunk = Buffer.from(chunk);
    state.buffer.unshift(chunk);
    state.length += state.objectMode ? 1 : chunk.length;
    this.#schedule();
  }

  // Paused mode: what is buffered (all of it, or n bytes when there are n).
  read(n) {
    const state = this._readableState;
    if (n === 0 || state.buffer.length === 0) {
      this.#maybeRead();
      this.#maybeEnd();
      return null;
    }
    let chunk;
    if (state.objectMode) {
      chunk = state.buffer.shift();
      state.length--;
    } else if (n === undefined || n >= state.length) {
      chunk = state.decoder ? state.buffer.join('') : state.buffer.length === 1 ? state.buffer[0] : Buffer.concat(state.buffer);
      state.buffer = [];
      state.length = 0;
    } else {
      if (state.decoder) {
        const all = state.buffer.join('');
        chunk = all.slice(0, n);
        state.buffer = [all.slice(n)];
      } else {
        const all = Buffer.concat(state.buffer);
        chunk = all.subarray(0, n);
        state.buffer = [all.subarray(n)];
      }
      state.length -= n;
    }
    this.#maybeRead();
    this.#maybeEnd();
    return chunk;
  }

  #maybeRead() {
    const state = this._readableState;
    if (state.ended || state.reading || this.destroyed || state.length >= state.highWaterMark) return;
    state.reading = true;
    try {
      this._read(state.highWaterMark);
    } catch (err) {
      this.destroy(err);
    }
  }

  #schedule() {
    const state = this._readableState;
    if (state.scheduled) return;
    state.scheduled = true;
    later(() => {
      state.scheduled = false;
      this.#flow();
    });
  }

  // Hands buffered chunks to 'data' while flowing; otherwise tells
  // 'readable' listeners; then asks _read() for more, and ends when due.
  #flow() {
    const state = this._readableState;
    if (this.destroyed) return;
    if (state.flowing) {
      while (state.flowing && state.buffer.length) {
        const chunk = state.buffer.shift();
        state.length -= state.objectMode ? 1 : chunk.length;
        this.emit('data', chunk);
      }
    } else if (state.readableListening && (state.buffer.length || state.ended)) {
      this.emit('readable');
    }
    if (state.flowing || state.readableListening || state.length < state.highWaterMark) this.#maybeRead();
    this.#maybeEnd();
  }

  #maybeEnd() {
    const state = this._readableState;
    if (!state.ended || state.endScheduled || state.buffer.length || this.destroyed) return;
    if (state.flowing === false && !state.readableListening && state.flowing !== null) return;
    if (state.flowing === null && !state.readableListening && this.listenerCount('end') === 0 && !state.pipes.length) return;
    state.endScheduled = true;
    later(() => {
      if (this.destroyed) return;       // destroyed meanwhile: no 'end', as Node
      state.endEmitted = true;
      this.emit('end');
      if (this._autoDestroy && (!this._writableState || this._writableState.finished)) this.destroy();
    });
  }

  on(event, listener) {
    super.on(event, listener);
    const state = this._readableState;
    if (event === 'data' && state.flowing !== false) this.resume();
    else if (event === 'readable') {
      state.readableListening = true;
      state.flowing = false;
      this.#schedule();
    } else if (event === 'end') {
      this.#schedule();
    }
    return this;
  }

  addListener(event, listener) { return this.on(event, listener); }

  pause() {
    this._readableState.flowing = false;
    this.emit('pause');
    return this;
  }

  resume() {
    const state = this._readableState;
    if (!state.flowing) {
      state.flowing = true;
      state.readableListening = false;
      this.emit('resume');
      this.#schedule();
    }
    return this;
  }

  isPaused() { return this._readableState.flowing === false; }

  setEncoding(encoding) {
    const state = this._readableState;
    state.encoding = encoding;
    state.decoder = new StringDecoder(encoding);
    state.buffer = state.buffer.map((c) => state.decoder.write(c));
    return this;
  }

  pipe(dest, { end = true } = {}) {
    const src = this;
    const state = this._readableState;
    const onData = (chunk) => {
      if (dest.write(chunk) === false) {
        src.pause();
        dest.once('drain', () => src.resume());
      }
    };
    const onEnd = () => { if (end) dest.end(); };
    if (state) state.pipes.push({ dest, onData, onEnd });
    src.on('data', onData);
    src.once('end', onEnd);
    dest.emit?.('pipe', src);
    return dest;
  }

  unpipe(dest) {
    const state = this._readableState;
    for (const p of [...state.pipes]) {
      if (dest && p.dest !== dest) continue;
      this.off('data', p.onData);
      this.off('end', p.onEnd);
      state.pipes.splice(state.pipes.indexOf(p), 1);
      p.dest.emit?.('unpipe', this);
    }
    if (!state.pipes.length) this.pause();
    return this;
  }

  destroy(err, cb) {
    if (this.destroyed) {
      if (typeof cb === 'function') later(() => cb(err));
      return this;
    }
    this.destroyed = true;
    this._destroy(err ?? null, (e) => {
      if (typeof cb === 'function') cb(e);
      later(() => {
        // end() callbacks of a writable that will not finish now
        for (const end of this._writableState?.finished ? [] : this._writableState?.endCallbacks.splice(0) ?? []) end(e);
        if (e) this.emit('error', e);
        if (!this._closeEmitted) {
          this._closeEmitted = true;
          this.emit('close');
        }
      });
    });
    return this;
  }

  _destroy(err, cb) { cb(err); }

  [Symbol.asyncIterator]() {
    return eventChunks(this, { ends: ['end', 'close'], onEarlyExit: () => this.destroy() });
  }

  static from(iterable, options = {}) {
    if (typeof iterable === 'string' || Buffer.isBuffer(iterable)) iterable = [iterable];
    const it = iterable[Symbol.asyncIterator] ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
    let reading = false;
    return new Readable({
      objectMode: true,
      ...options,
      async read() {
        if (reading) return;
        reading = true;
        try {
          for (;;) {
            const { value, done } = await it.next();
            if (done) {
              this.push(null);
              break;
            }
            if (!this.push(await value)) break;
          }
        } catch (err) {
          this.destroy(err);
        }
        reading = false;
      },
    });
  }

  static isDisturbed(stream) { return stream._readableState?.flowing !== null; }
}

// ---- Writable

export class Writable extends EventEmitter {
  constructor(options = {}) {
    super(options);
    initWritable(this, options);
  }
}

function initWritable(stream, options) {
  const objectMode = !!(options.objectMode || options.writableObjectMode);
  stream._writableState = {
    objectMode,
    highWaterMark: hwmOf(options, objectMode, 'writableHighWaterMark'),
    decodeStrings: options.decodeStrings !== false,
    defaultEncoding: options.defaultEncoding ?? 'utf8',
    queue: [],
    length: 0,
    writing: false,
    needDrain: false,
    ending: false,
    ended: false,
    finished: false,
    corked: 0,
    finalCalled: false,
    endCallbacks: [],
  };
  if (stream.destroyed === undefined) stream.destroyed = false;
  if (typeof options.write === 'function') stream._write = options.write;
  if (typeof options.writev === 'function') stream._writev = options.writev;
  if (typeof options.final === 'function') stream._final = options.final;
  if (typeof options.destroy === 'function') stream._destroy = options.destroy;
  stream._autoDestroy = options.autoDestroy !== false;
}

const writableMethods = {
  get writable() { return !this.destroyed && !this._writableState.ending; },
  get writableEnded() { return this._writableState.ending; },
  get writableFinished() { return this._writableState.finished; },
  get writableLength() { return this._writableState.length; },
  get writableHighWaterMark() { return this._writableState.highWaterMark; },
  get writableObjectMode() { return this._writableState.objectMode; },
  get writableNeedDrain() { return this._writableState.needDrain; },
  get writableCorked() { return this._writableState.corked; },

  _write(chunk, encoding, callback) {
    if (this._writev) this._writev([{ chunk, encoding }], callback);
    else throw coded(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The _write() method is not implemented');
  },

  write(chunk, encoding, callback) {
    const state = this._writableState;
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    encoding ??= state.defaultEncoding;
    if (chunk === null) throw coded(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
    if (state.ending || this.destroyed) {
      const err = this.destroyed ? coded(Error, 'ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed')
        : coded(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
      later(() => callback?.(err));
      this.destroy(err);                 // as Node: the stream errors
      return false;
    }
    if (!state.objectMode) {
      if (typeof chunk === 'string') {
        if (state.decodeStrings) {
          chunk = Buffer.from(chunk, encoding);
          encoding = 'buffer';
        }
      } else if (chunk instanceof Uint8Array) {
        if (!Buffer.isBuffer(chunk)) chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        encoding = 'buffer';
      } else {
        throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
      }
    }
    state.length += state.objectMode ? 1 : chunk.length;
    const ok = state.length < state.highWaterMark;
    if (!ok) state.needDrain = true;
    state.queue.push({ chunk, encoding, callback });
    if (!state.writing && !state.corked) writeNext(this);
    return ok;
  },

  cork() { this._writableState.corked++; },
  uncork() {
    const state = this._writableState;
    if (state.corked && --state.corked === 0 && !state.writing) writeNext(this);
  },

  setDefaultEncoding(encoding) {
    this._writableState.defaultEncoding = encoding;
    return this;
  },

  end(chunk, encoding, callback) {
    const state = this._writableState;
    if (typeof chunk === 'function') [callback, chunk, encoding] = [chunk, undefined, undefined];
    else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    if (state.ending) {
      if (callback) {
        if (state.finished) later(() => callback());
        else state.endCallbacks.push(callback);
      }
      return this;
    }
    state.ending = true;
    state.corked = 0;
    if (callback) state.endCallbacks.push(callback);
    if (!state.writing) writeNext(this);
    return this;
  },

  destroy(err, cb) {
    return Readable.prototype.destroy.call(this, err, cb);
  },

  _destroy(err, cb) { cb(err); },
};

function writeNext(stream) {
  const state = stream._writableState;
  if (stream.destroyed) return;
  const next = state.queue.shift();
  if (!next) {
    if (state.needDrain && !state.ending) {
      state.needDrain = false;
      later(() => stream.emit('drain'));
    }
    if (state.ending && !state.finalCalled) {
      state.finalCalled = true;
      later(() => finish(stream));   // after the current turn, as Node: a write or destroy now still counts
    }
    return;
  }
  state.writing = true;
  let sync = true;
  const done = (err) => {
    state.writing = false;
    state.length -= state.objectMode ? 1 : next.chunk.length;
    const after = () => {
      next.callback?.(err ?? null);
      if (err) {
        stream.destroy(err);
        return;
      }
      writeNext(stream);
    };
    if (sync) later(after);
    else after();
  };
  try {
    stream._write(next.chunk, next.encoding, done);
  } catch (err) {
    done(err);
  }
  sync = false;
}

function finish(stream) {
  const state = stream._writableState;
  if (stream.destroyed) return;
  const finished = (err) => {
    if (err) {
      stream.destroy(err);
      return;
    }
    later(() => {
      if (stream.destroyed) return;
      state.finished = true;
      stream.emit('finish');
      for (const cb of state.endCallbacks.splice(0)) cb();
      if (stream._autoDestroy && (!stream._readableState || stream._readableState.endEmitted)) stream.destroy();
    });
  };
  if (typeof stream._final === 'function') {
    try {
      stream._final(finished);
    } catch (err) {
      finished(err);
    }
  } else {
    finished();
  }
}

for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(writableMethods))) {
  Object.defineProperty(Writable.prototype, key, desc);
}

// ---- Duplex, Transform, PassThrough

export class Duplex extends Readable {
  constructor(options = {}) {
    super(options);
    initWritable(this, options);
    this.allowHalfOpen = options.allowHalfOpen !== false;
    if (!this.allowHalfOpen) this.once('end', () => this.end());
  }
}
for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(writableMethods))) {
  if (key !== 'destroy' && key !== '_destroy') Object.defineProperty(Duplex.prototype, key, desc);
}

export class Transform extends Duplex {
  constructor(options = {}) {
    super(options);
    if (typeof options.transform === 'function') this._transform = options.transform;
    if (typeof options.flush === 'function') this._flush = options.flush;
    this._readableState.sync = false;
  }

  _read() {}

  _write(chunk, encoding, callback) {
    this._transform(chunk, encoding, (err, data) => {
      if (err) return callback(err);
      if (data !== undefined && data !== null) this.push(data);
      callback();
    });
  }

  _final(callback) {
    const end = (err, data) => {
      if (err) return callback(err);
      if (data !== undefined && data !== null) this.push(data);
      this.push(null);
      callback();
    };
    if (typeof this._flush === 'function') this._flush(end);
    else end();
  }

  _transform() {
    throw coded(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The _transform() method is not implemented');
  }
}

export class PassThrough extends Transform {
  _transform(chunk, encoding, callback) { callback(null, chunk); }
}

// ---- finished and pipeline

export function finished(stream, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  let done = false;
  const readable = options?.readable ?? !!stream._readableState;
  const writable = options?.writable ?? !!stream._writableState;
  let ended = !readable, finishedWriting = !writable;
  const cleanup = () => {
    stream.off('end', onEnd);
    stream.off('finish', onFinish);
    stream.off('error', onError);
    stream.off('close', onClose);
  };
  const call = (err) => {
    if (done) return;
    done = true;
    cleanup();
    callback(err);
  };
  const onEnd = () => { ended = true; if (finishedWriting) call(); };
  const onFinish = () => { finishedWriting = true; if (ended) call(); };
  const onError = (err) => call(err);
  const onClose = () => {
    if (ended && finishedWriting) call();
    else call(coded(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'));
  };
  stream.on('end', onEnd);
  stream.on('finish', onFinish);
  stream.on('error', onError);
  stream.on('close', onClose);
  return cleanup;
}

export function pipeline(...streams) {
  const callback = typeof streams[streams.length - 1] === 'function' ? streams.pop() : null;
  if (Array.isArray(streams[0])) streams = streams[0];
  if (streams.length < 2) throw coded(TypeError, 'ERR_MISSING_ARGS', 'The "streams" argument must be specified');
  streams = streams.map((s, i) => (i === 0 && !(s instanceof EventEmitter) ? Readable.from(s) : s));
  let failed = false;
  const last = streams[streams.length - 1];
  const settled = new Set();          // streams done, cleanly or not: not destroyed again
  const fail = (err) => {
    if (failed) return;
    failed = true;
    for (const s of streams) if (!s.destroyed && !settled.has(s)) s.destroy(err);
    callback?.(err);
  };
  for (let i = 0; i < streams.length - 1; i++) streams[i].pipe(streams[i + 1]);
  for (const s of streams) finished(s, (err) => {
    settled.add(s);
    if (err) fail(err);
  });
  finished(last, (err) => {
    if (!err && !failed) {
      failed = true;
      callback?.();
    }
  });
  return last;
}

export function addAbortSignal(signal, stream) {
  const abort = () => {
    const err = new Error('The operation was aborted', { cause: signal.reason });
    err.name = 'AbortError';
    err.code = 'ABORT_ERR';
    stream.destroy(err);
  };
  if (signal.aborted) later(abort);
  else signal.addEventListener('abort', abort, { once: true });
  return stream;
}

export const promises = {
  pipeline: (...streams) => new Promise((resolve, reject) => pipeline(...streams, (err) => (err ? reject(err) : resolve()))),
  finished: (stream, options) => new Promise((resolve, reject) => finished(stream, options, (err) => (err ? reject(err) : resolve()))),
};

export function isReadable(stream) { return !!stream?.readable; }
export function isErrored(stream) { return !!stream?.errored; }

Object.assign(Stream, { Stream, Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished, promises,
  addAbortSignal, isReadable, isErrored });
export default Stream;
