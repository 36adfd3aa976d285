// EventTarget, Event, AbortController and AbortSignal (the DOM Standard's,
// as far as a runtime without a DOM has them, like Node's): listeners with
// once/capture/signal options and handleEvent objects, abort reasons,
// AbortSignal.abort(), .timeout() and .any().
import { setTimeout } from 'rtjs:internal/timers';

function domError(name, message) {
  const err = new Error(message);
  err.name = name;
  err.code = name === 'AbortError' ? 20 : name === 'TimeoutError' ? 23 : 0;
  return err;
}

export class Event {
  #type;
  #stopped = false;
  constructor(type, options = {}) {
    if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
    this.#type = String(type);
    this.bubbles = !!options.bubbles;
    this.cancelable = !!options.cancelable;
    this.composed = !!options.composed;
    this.defaultPrevented = false;
    this.timeStamp = performance.now();
    this.target = null;
    this.currentTarget = null;
    this.isTrusted = false;
  }
  get type() { return this.#type; }
  get _stopped() { return this.#stopped; }
  preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
  stopImmediatePropagation() { this.#stopped = true; }
  stopPropagation() {}
  composedPath() { return this.currentTarget ? [this.currentTarget] : []; }
  get [Symbol.toStringTag]() { return 'Event'; }
}

export class EventTarget {
  #listeners = new Map();            // type -> [{ callback, once, capture }]

  addEventListener(type, callback, options = {}) {
    if (callback === null || callback === undefined) return;
    const opts = typeof options === 'boolean' ? { capture: options } : options ?? {};
    const list = this.#listeners.get(type) ?? [];
    const capture = !!opts.capture;
    if (list.some((l) => l.callback === callback && l.capture === capture)) return;
    if (opts.signal?.aborted) return;
    const entry = { callback, capture, once: !!opts.once };
    list.push(entry);
    this.#listeners.set(type, list);
    opts.signal?.addEventListener('abort', () => this.removeEventListener(type, callback, { capture }), { once: true });
  }

  removeEventListener(type, callback, options = {}) {
    const capture = typeof options === 'boolean' ? options : !!options?.capture;
    const list = this.#listeners.get(type);
    if (!list) return;
    const i = list.findIndex((l) => l.callback === callback && l.capture === capture);
    if (i >= 0) list.splice(i, 1);
  }

  dispatchEvent(event) {
    if (!(event instanceof Event)) throw new TypeError('The "event" argument must be an instance of Event');
    event.target = this;
    event.currentTarget = this;
    for (const l of [...(this.#listeners.get(event.type) ?? [])]) {
      if (l.once) this.removeEventListener(event.type, l.callback, { capture: l.capture });
      try {
        if (typeof l.callback === 'function') l.callback.call(this, event);
        else l.callback.handleEvent(event);
      } catch (err) {
        // as in a browser and Node: reported, the other listeners still run
        queueMicrotask(() => { throw err; });
      }
      if (event._stopped) break;
    }
    event.currentTarget = null;
    return !event.defaultPrevented;
  }
}

export class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  onabort = null;

  constructor(key) {
    if (key !== INTERNAL) throw new TypeError('Illegal constructor');
    super();
  }

  get aborted() { return this.#aborted; }
  get reason() { return this.#reason; }

  throwIfAborted() {
    if (this.#aborted) throw this.#reason;
  }

  _abort(reason) {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason === undefined ? domError('AbortError', 'This operation was aborted') : reason;
    const event = new Event('abort');
    if (typeof this.onabort === 'function') this.onabort.call(this, event);
    this.dispatchEvent(event);
  }

  static abort(reason) {
    const signal = new AbortSignal(INTERNAL);
    signal._abort(reason);
    return signal;
  }

  // Unref'd, as Node's: a pending timeout signal does not keep the isolate running.
  static timeout(ms) {
    const signal = new AbortSignal(INTERNAL);
    setTimeout(() => signal._abort(domError('TimeoutError', 'The operation was aborted due to timeout')), ms).unref();
    return signal;
  }

  static any(signals) {
    const signal = new AbortSignal(INTERNAL);
    for (const s of signals) {
      if (s.aborted) {
        signal._abort(s.reason);
        return signal;
      }
    }
    for (const s of signals) s.addEventListener('abort', () => signal._abort(s.reason), { once: true });
    return signal;
  }

  get [Symbol.toStringTag]() { return 'AbortSignal'; }
}

const INTERNAL = Symbol('internal');

export class AbortController {
  #signal = new AbortSignal(INTERNAL);
  get signal() { return this.#signal; }
  abort(reason) { this.#signal._abort(reason); }
  get [Symbol.toStringTag]() { return 'AbortController'; }
}

