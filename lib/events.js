// events: the Node.js-compatible `events` module of rtjs.
//
// Holds EventEmitter (the default export, also a named export) with Node's
// semantics: listeners run synchronously in registration order, 'error'
// without a listener throws, 'newListener'/'removeListener' are emitted
// around changes, and going over the listener limit prints a
// MaxListenersExceededWarning once per event name. Also holds the helpers
// once(), on(), getEventListeners(), getMaxListeners() and
// listenerCount().

// Library modules import each other by name, the way programs do.
import { inspect } from 'util';

const kCapture = Symbol('kCapture');
const kErrorMonitor = Symbol('events.errorMonitor');
const kRejection = Symbol.for('nodejs.rejection');

// By default an emitter warns when more than 10 listeners are added for one
// event: usually a sign of listeners leaking.
let defaultMaxListeners = 10;

// Errors shaped like Node's internal ones (same message and `code`).

function describeReceived(value) {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) {
      return ` Received an instance of ${value.constructor.name}`;
    }
    return ` Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

function invalidArgType(name, expected, actual) {
  const err = new TypeError(
    `The "${name}" argument must be of type ${expected}.` +
    describeReceived(actual));
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function checkListener(listener) {
  if (typeof listener !== 'function') {
    throw invalidArgType('listener', 'function', listener);
  }
}

function validateNumber(value, name, min) {
  if (typeof value !== 'number') {
    throw invalidArgType(name, 'number', value);
  }
  if (value < min || Number.isNaN(value)) {
    const err = new RangeError(
      `The value of "${name}" is out of range. It must be >= ${min}. ` +
      `Received ${value}`);
    err.code = 'ERR_OUT_OF_RANGE';
    throw err;
  }
}

function unhandledError(er) {
  let stringified;
  try {
    stringified = inspect(er);
  } catch {
    stringified = er;
  }
  const err = new Error(stringified === undefined ? 'Unhandled error.' :
    `Unhandled error. (${stringified})`);
  err.code = 'ERR_UNHANDLED_ERROR';
  err.context = er;
  return err;
}

// Printed with console.warn, the closest thing to process.emitWarning().
function emitWarning(warning) {
  if (typeof console !== 'undefined' && console !== null &&
      typeof console.warn === 'function') {
    console.warn(`${warning.name}: ${warning.message}`);
  }
}

// Runs `fn` soon, outside the current call stack.
function queueTask(fn) {
  if (typeof globalThis.queueMicrotask === 'function') {
    globalThis.queueMicrotask(fn);
  } else {
    Promise.resolve().then(fn);
  }
}

/**
 * Creates an emitter. `opts.captureRejections` turns rejections of promises
 * returned by listeners into 'error' events.
 */
export function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

// Backwards compatibility: require('events').EventEmitter.
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.usingDomains = false;
EventEmitter.captureRejectionSymbol = kRejection;
EventEmitter.errorMonitor = kErrorMonitor;

Object.defineProperty(EventEmitter, 'captureRejections', {
  get() {
    return EventEmitter.prototype[kCapture];
  },
  set(value) {
    if (typeof value !== 'boolean') {
      throw invalidArgType('EventEmitter.captureRejections', 'boolean', value);
    }
    EventEmitter.prototype[kCapture] = value;
  },
  enumerable: true,
});

Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
  enumerable: true,
  get() {
    return defaultMaxListeners;
  },
  set(arg) {
    validateNumber(arg, 'defaultMaxListeners', 0);
    defaultMaxListeners = arg;
  },
});

Object.defineProperty(EventEmitter.prototype, kCapture, {
  value: false,
  writable: true,
  enumerable: false,
});

// Listeners live in `_events`: one function per event name, or an array
// once there are several (the single-listener case is by far the most
// common and this keeps it cheap).
EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;

EventEmitter.init = function(opts) {
  if (this._events === undefined ||
      this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;

  if (opts?.captureRejections) {
    if (typeof opts.captureRejections !== 'boolean') {
      throw invalidArgType('options.captureRejections', 'boolean',
                           opts.captureRejections);
    }
    this[kCapture] = Boolean(opts.captureRejections);
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

/**
 * With no emitters: sets the default limit of all emitters. Otherwise sets
 * the limit of each emitter given.
 */
EventEmitter.setMaxListeners = function(n = defaultMaxListeners,
                                        ...eventTargets) {
  validateNumber(n, 'setMaxListeners', 0);
  if (eventTargets.length === 0) {
    defaultMaxListeners = n;
    return;
  }
  for (const target of eventTargets) {
    if (target && typeof target.setMaxListeners === 'function') {
      target.setMaxListeners(n);
    } else {
      throw invalidArgType('eventTargets', 'EventEmitter', target);
    }
  }
};

EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
  validateNumber(n, 'setMaxListeners', 0);
  this._maxListeners = n;
  return this;
};

function _getMaxListeners(that) {
  if (that._maxListeners === undefined) return EventEmitter.defaultMaxListeners;
  return that._maxListeners;
}

EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
  return _getMaxListeners(this);
};

// With captureRejections, a listener's rejected promise becomes an 'error'
// event (or a call to the emitter's Symbol.for('nodejs.rejection') method).
function addCatch(that, promise, type, args) {
  if (!that[kCapture]) return;
  // `then` may be a getter that throws on second use: read it once.
  try {
    const then = promise.then;
    if (typeof then === 'function') {
      then.call(promise, undefined, (err) => {
        // Later, so the emit cannot reject this promise chain again.
        queueTask(() => emitUnhandledRejectionOrErr(that, err, type, args));
      });
    }
  } catch (err) {
    that.emit('error', err);
  }
}

function emitUnhandledRejectionOrErr(ee, err, type, args) {
  if (typeof ee[kRejection] === 'function') {
    ee[kRejection](err, type, ...args);
  } else {
    // Turn capturing off while emitting, or a rejecting 'error' listener
    // would loop forever.
    const prev = ee[kCapture];
    try {
      ee[kCapture] = false;
      ee.emit('error', err);
    } finally {
      ee[kCapture] = prev;
    }
  }
}

/**
 * Calls every listener of `type` synchronously, in order, with `args`.
 * Returns whether there were listeners. An 'error' event nobody listens to
 * is thrown.
 */
EventEmitter.prototype.emit = function emit(type, ...args) {
  let doError = (type === 'error');

  const events = this._events;
  if (events !== undefined) {
    // errorMonitor listeners see errors before they are handled (or thrown).
    if (doError && events[kErrorMonitor] !== undefined) {
      this.emit(kErrorMonitor, ...args);
    }
    doError = (doError && events.error === undefined);
  } else if (!doError) {
    return false;
  }

  if (doError) {
    const er = args.length > 0 ? args[0] : undefined;
    if (er instanceof Error) {
      throw er; // Unhandled 'error' event
    }
    // Not an Error: wrap it so there is a message and a stack to go by.
    throw unhandledError(er); // Unhandled 'error' event
  }

  const handler = events[type];
  if (handler === undefined) return false;

  if (typeof handler === 'function') {
    const result = Reflect.apply(handler, this, args);
    if (result !== undefined && result !== null) {
      addCatch(this, result, type, args);
    }
  } else {
    // Copy first: listeners may add or remove listeners while we loop.
    const listeners = handler.slice();
    for (let i = 0; i < listeners.length; ++i) {
      const result = Reflect.apply(listeners[i], this, args);
      if (result !== undefined && result !== null) {
        addCatch(this, result, type, args);
      }
    }
  }
  return true;
};

function _addListener(target, type, listener, prepend) {
  checkListener(listener);

  let events = target._events;
  let existing;
  if (events === undefined) {
    events = target._events = Object.create(null);
    target._eventsCount = 0;
  } else {
    // 'newListener' goes out before the listener is added, so that a
    // 'newListener' listener does not see itself being added.
    if (events.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ?? listener);
      // A 'newListener' listener may have replaced _events.
      events = target._events;
    }
    existing = events[type];
  }

  if (existing === undefined) {
    events[type] = listener;
    ++target._eventsCount;
  } else {
    if (typeof existing === 'function') {
      existing = events[type] =
        prepend ? [listener, existing] : [existing, listener];
    } else if (prepend) {
      existing.unshift(listener);
    } else {
      existing.push(listener);
    }

    // Warn once per event name about a probable leak.
    const m = _getMaxListeners(target);
    if (m > 0 && existing.length > m && !existing.warned) {
      existing.warned = true;
      const w = new Error(
        'Possible EventEmitter memory leak detected. ' +
        `${existing.length} ${String(type)} listeners ` +
        `added to ${inspect(target, { depth: -1 })}. MaxListeners is ${m}. ` +
        'Use emitter.setMaxListeners() to increase limit');
      w.name = 'MaxListenersExceededWarning';
      w.emitter = target;
      w.type = type;
      w.count = existing.length;
      emitWarning(w);
    }
  }
  return target;
}

EventEmitter.prototype.addListener = function addListener(type, listener) {
  return _addListener(this, type, listener, false);
};

EventEmitter.prototype.on = EventEmitter.prototype.addListener;

EventEmitter.prototype.prependListener =
  function prependListener(type, listener) {
    return _addListener(this, type, listener, true);
  };

// A once-listener is registered as a wrapper that removes itself before
// calling the listener; `wrapper.listener` points back at the original so
// it can be found by removeListener() and listeners().
function onceWrapper() {
  if (!this.fired) {
    this.target.removeListener(this.type, this.wrapFn);
    this.fired = true;
    if (arguments.length === 0) return this.listener.call(this.target);
    return this.listener.apply(this.target, arguments);
  }
}

function _onceWrap(target, type, listener) {
  const state = { fired: false, wrapFn: undefined, target, type, listener };
  const wrapped = onceWrapper.bind(state);
  wrapped.listener = listener;
  state.wrapFn = wrapped;
  return wrapped;
}

EventEmitter.prototype.once = function once(type, listener) {
  checkListener(listener);
  this.on(type, _onceWrap(this, type, listener));
  return this;
};

EventEmitter.prototype.prependOnceListener =
  function prependOnceListener(type, listener) {
    checkListener(listener);
    this.prependListener(type, _onceWrap(this, type, listener));
    return this;
  };

/**
 * Removes the most recently added instance of `listener` from `type`.
 */
EventEmitter.prototype.removeListener =
  function removeListener(type, listener) {
    checkListener(listener);

    const events = this._events;
    if (events === undefined) return this;
    const list = events[type];
    if (list === undefined) return this;

    if (list === listener || list.listener === listener) {
      if (--this._eventsCount === 0) {
        this._events = Object.create(null);
      } else {
        delete events[type];
        if (events.removeListener) {
          this.emit('removeListener', type, list.listener || listener);
        }
      }
    } else if (typeof list !== 'function') {
      let position = -1;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) {
          position = i;
          break;
        }
      }
      if (position < 0) return this;

      if (position === 0) {
        list.shift();
      } else {
        list.splice(position, 1);
      }
      if (list.length === 1) events[type] = list[0];

      if (events.removeListener !== undefined) {
        this.emit('removeListener', type, listener);
      }
    }
    return this;
  };

EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

/**
 * Removes all listeners, or those of `type`. 'removeListener' is emitted for
 * each one, the 'removeListener' listeners themselves going last.
 */
EventEmitter.prototype.removeAllListeners =
  function removeAllListeners(type) {
    const events = this._events;
    if (events === undefined) return this;

    // Nobody listens for 'removeListener': no need to go one by one.
    if (events.removeListener === undefined) {
      if (arguments.length === 0) {
        this._events = Object.create(null);
        this._eventsCount = 0;
      } else if (events[type] !== undefined) {
        if (--this._eventsCount === 0) {
          this._events = Object.create(null);
        } else {
          delete events[type];
        }
      }
      return this;
    }

    if (arguments.length === 0) {
      for (const key of Reflect.ownKeys(events)) {
        if (key === 'removeListener') continue;
        this.removeAllListeners(key);
      }
      this.removeAllListeners('removeListener');
      this._events = Object.create(null);
      this._eventsCount = 0;
      return this;
    }

    const listeners = events[type];
    if (typeof listeners === 'function') {
      this.removeListener(type, listeners);
    } else if (listeners !== undefined) {
      // Last in, first out.
      for (let i = listeners.length - 1; i >= 0; i--) {
        this.removeListener(type, listeners[i]);
      }
    }
    return this;
  };

function _listeners(target, type, unwrap) {
  const events = target._events;
  if (events === undefined) return [];
  const evlistener = events[type];
  if (evlistener === undefined) return [];
  if (typeof evlistener === 'function') {
    return unwrap ? [evlistener.listener || evlistener] : [evlistener];
  }
  return unwrap ? unwrapListeners(evlistener) : evlistener.slice();
}

/** Copy of the listeners of `type`, once-listeners unwrapped. */
EventEmitter.prototype.listeners = function listeners(type) {
  return _listeners(this, type, true);
};

/** Copy of the listeners of `type`, with the once() wrappers. */
EventEmitter.prototype.rawListeners = function rawListeners(type) {
  return _listeners(this, type, false);
};

/**
 * Number of listeners of `type`; with `listener`, how many times that one
 * is registered.
 */
function emitterListenerCount(type, listener) {
  const events = this._events;
  if (events !== undefined) {
    const evlistener = events[type];
    if (typeof evlistener === 'function') {
      if (listener != null) {
        return listener === evlistener || listener === evlistener.listener ?
          1 : 0;
      }
      return 1;
    } else if (evlistener !== undefined) {
      if (listener != null) {
        let matching = 0;
        for (let i = 0; i < evlistener.length; i++) {
          if (evlistener[i] === listener ||
              evlistener[i].listener === listener) {
            matching++;
          }
        }
        return matching;
      }
      return evlistener.length;
    }
  }
  return 0;
}

EventEmitter.prototype.listenerCount = emitterListenerCount;

/** Deprecated in Node: use emitter.listenerCount(type). */
EventEmitter.listenerCount = function(emitter, type) {
  if (typeof emitter.listenerCount === 'function') {
    return emitter.listenerCount(type);
  }
  return emitterListenerCount.call(emitter, type);
};

/** Names (strings and symbols) of the events that have listeners. */
EventEmitter.prototype.eventNames = function eventNames() {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

function unwrapListeners(arr) {
  const ret = arr.slice();
  for (let i = 0; i < ret.length; ++i) {
    const orig = ret[i].listener;
    if (typeof orig === 'function') ret[i] = orig;
  }
  return ret;
}

/** The listeners of `type` on an emitter (or anything with listeners()). */
export function getEventListeners(emitter, type) {
  if (emitter && typeof emitter.listeners === 'function') {
    return emitter.listeners(type);
  }
  throw invalidArgType('emitter', 'EventEmitter', emitter);
}

export function getMaxListeners(emitter) {
  if (typeof emitter?.getMaxListeners === 'function') {
    return _getMaxListeners(emitter);
  }
  throw invalidArgType('emitter', 'EventEmitter', emitter);
}

function abortError(signal) {
  const err = new Error('The operation was aborted', { cause: signal?.reason });
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  return err;
}

function addListenerTo(emitter, name, listener, once) {
  if (typeof emitter.on === 'function') {
    if (once) {
      emitter.once(name, listener);
    } else {
      emitter.on(name, listener);
    }
  } else if (typeof emitter.addEventListener === 'function') {
    emitter.addEventListener(name, listener, { once });
  } else {
    throw invalidArgType('emitter', 'EventEmitter', emitter);
  }
}

function removeListenerFrom(emitter, name, listener) {
  if (typeof emitter.removeListener === 'function') {
    emitter.removeListener(name, listener);
  } else if (typeof emitter.removeEventListener === 'function') {
    emitter.removeEventListener(name, listener);
  } else {
    throw invalidArgType('emitter', 'EventEmitter', emitter);
  }
}

/**
 * A promise for the arguments of the next `name` event. An 'error' event
 * first rejects it. `options.signal` (an AbortSignal-like object) cancels
 * the wait.
 */
export async function once(emitter, name, options = {}) {
  const signal = options?.signal;
  if (signal?.aborted) throw abortError(signal);
  return new Promise((resolve, reject) => {
    const errorListener = (err) => {
      emitter.removeListener(name, resolver);
      if (signal != null) removeListenerFrom(signal, 'abort', abortListener);
      reject(err);
    };
    const resolver = (...args) => {
      if (typeof emitter.removeListener === 'function') {
        emitter.removeListener('error', errorListener);
      }
      if (signal != null) removeListenerFrom(signal, 'abort', abortListener);
      resolve(args);
    };
    addListenerTo(emitter, name, resolver, true);
    // Only emitters have 'error' semantics; event targets do not.
    if (name !== 'error' && typeof emitter.once === 'function') {
      emitter.once('error', errorListener);
    }
    function abortListener() {
      removeListenerFrom(emitter, name, resolver);
      if (typeof emitter.removeListener === 'function') {
        emitter.removeListener('error', errorListener);
      }
      reject(abortError(signal));
    }
    if (signal != null) addListenerTo(signal, 'abort', abortListener, true);
  });
}

const AsyncIteratorPrototype =
  Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

/**
 * An async iterator over the argument arrays of `event` events, buffering
 * events that arrive before they are asked for. An 'error' event makes the
 * next next() reject and ends the iteration; so do options.signal and any
 * event named in options.close (which ends it without error).
 */
export function on(emitter, event, options = {}) {
  const signal = options?.signal;
  if (signal?.aborted) throw abortError(signal);

  const unconsumedEvents = [];
  const unconsumedPromises = [];
  let error = null;
  let finished = false;
  const added = [];

  const iterator = Object.setPrototypeOf({
    next() {
      // First the events already received.
      if (unconsumedEvents.length > 0) {
        const value = unconsumedEvents.shift();
        return Promise.resolve({ value, done: false });
      }
      // Then the error, once.
      if (error) {
        const p = Promise.reject(error);
        error = null;
        return p;
      }
      if (finished) return closeHandler();
      return new Promise((resolve, reject) => {
        unconsumedPromises.push({ resolve, reject });
      });
    },
    return() {
      return closeHandler();
    },
    throw(err) {
      if (!err || !(err instanceof Error)) {
        throw invalidArgType('EventEmitter.AsyncIterator', 'Error', err);
      }
      errorHandler(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  }, AsyncIteratorPrototype);

  listen(emitter, event, eventHandler);
  if (event !== 'error' && typeof emitter.on === 'function') {
    listen(emitter, 'error', errorHandler);
  }
  for (const closeEvent of options?.close ?? []) {
    listen(emitter, closeEvent, closeHandler);
  }
  if (signal != null) listen(signal, 'abort', abortListener);

  return iterator;

  function listen(target, name, handler) {
    addListenerTo(target, name, handler, false);
    added.push([target, name, handler]);
  }

  function abortListener() {
    errorHandler(abortError(signal));
  }

  function eventHandler(...args) {
    if (unconsumedPromises.length > 0) {
      unconsumedPromises.shift().resolve({ value: args, done: false });
    } else {
      unconsumedEvents.push(args);
    }
  }

  function errorHandler(err) {
    if (unconsumedPromises.length > 0) {
      unconsumedPromises.shift().reject(err);
    } else {
      error = err;
    }
    closeHandler();
  }

  function closeHandler() {
    while (added.length > 0) {
      const [target, name, handler] = added.pop();
      removeListenerFrom(target, name, handler);
    }
    finished = true;
    const doneResult = { value: undefined, done: true };
    while (unconsumedPromises.length > 0) {
      unconsumedPromises.shift().resolve(doneResult);
    }
    return Promise.resolve(doneResult);
  }
}

EventEmitter.once = once;
EventEmitter.on = on;
EventEmitter.getEventListeners = getEventListeners;
EventEmitter.getMaxListeners = getMaxListeners;

export const setMaxListeners = EventEmitter.setMaxListeners;
export const listenerCount = EventEmitter.listenerCount;
export const errorMonitor = kErrorMonitor;
export const captureRejectionSymbol = kRejection;

export default EventEmitter;
