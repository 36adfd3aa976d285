// node:timers/promises: timers as promises. setTimeout(delay, value) and
// setImmediate(value) resolve with value; setInterval(delay, value) is an
// async iterator yielding value each period. { signal } (an AbortSignal,
// or anything with `aborted`, `reason` and addEventListener('abort'))
// rejects with an AbortError; { ref: false } lets the isolate end meanwhile.
import * as timers from 'rtjs:internal/timers';

function abortError(signal) {
  const err = new Error('The operation was aborted', { cause: signal?.reason });
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  return err;
}

function checkOptions(options) {
  if (options === null || typeof options !== 'object') {
    const err = new TypeError('The "options" argument must be of type object');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
}

function settleLater(start, clear, value, options = {}) {
  checkOptions(options);
  const { signal, ref = true } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clear(handle);
      reject(abortError(signal));
    };
    const handle = start(() => {
      signal?.removeEventListener?.('abort', onAbort);
      resolve(value);
    });
    if (!ref) handle.unref();
    signal?.addEventListener?.('abort', onAbort, { once: true });
  });
}

export function setTimeout(delay, value, options) {
  return settleLater((fn) => timers.setTimeout(fn, delay), timers.clearTimeout, value, options);
}

export function setImmediate(value, options) {
  return settleLater((fn) => timers.setImmediate(fn), timers.clearImmediate, value, options);
}

export async function* setInterval(delay, value, options = {}) {
  checkOptions(options);
  const { signal, ref = true } = options;
  if (signal?.aborted) throw abortError(signal);
  let ticks = 0, wake = null, aborted = false;
  const handle = timers.setInterval(() => {
    ticks++;
    if (wake) wake();
  }, delay);
  if (!ref) handle.unref();
  const onAbort = () => {
    aborted = true;
    if (wake) wake();
  };
  signal?.addEventListener?.('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (aborted) throw abortError(signal);
      if (ticks === 0) await new Promise((resolve) => { wake = resolve; });
      wake = null;
      if (aborted) throw abortError(signal);
      for (; ticks > 0; ticks--) yield value;
    }
  } finally {
    timers.clearInterval(handle);
    signal?.removeEventListener?.('abort', onAbort);
  }
}

export const scheduler = {
  wait: (delay, options) => setTimeout(delay, undefined, options),
  yield: () => setImmediate(),
};

export default { setTimeout, setImmediate, setInterval, scheduler };
