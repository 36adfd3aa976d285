// The one list of what an app can reach without importing anything: every
// global rtjs adds to ECMAScript's is installed here, before the app runs.
import 'rtjs:internal/builtins';          // first: it notes ECMAScript's globals
import native from 'rtjs:native';
import { console, lazyUtil } from 'rtjs:internal/console';
import * as timers from 'rtjs:internal/timers';
import { TextEncoder, TextDecoder } from 'rtjs:internal/encoding';
import * as isolates from 'rtjs:internal/isolates';

function define(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

native.setInspect((v) => lazyUtil().inspect(v));

// QuickJS reports stack overflow (and out of memory) as InternalError, as
// Firefox does; Node reports stack overflow as a RangeError. Chaining
// InternalError under RangeError keeps QuickJS's name and message while
// `e instanceof RangeError` holds, as code written for Node expects.
if (typeof InternalError === 'function')
  Object.setPrototypeOf(InternalError.prototype, RangeError.prototype);

define('global', globalThis);
define('console', console);
define('setTimeout', timers.setTimeout);
define('clearTimeout', timers.clearTimeout);
define('setInterval', timers.setInterval);
define('clearInterval', timers.clearInterval);
define('setImmediate', timers.setImmediate);
define('clearImmediate', timers.clearImmediate);
define('queueMicrotask', (callback) => {
  if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
  Promise.resolve().then(() => callback());
});
define('TextEncoder', TextEncoder);
define('TextDecoder', TextDecoder);

// Buffer is loaded on first use: node:buffer adds about 100 KiB to an
// isolate (bench/isolates), and most isolates never touch it. An app that
// imports 'buffer' gets the same class.
Object.defineProperty(globalThis, 'Buffer', {
  get() {
    const { Buffer } = native.importSync('node:buffer');
    define('Buffer', Buffer);
    return Buffer;
  },
  set(value) { define('Buffer', value); },
  configurable: true,
  enumerable: false,
});

// process (node:process) loads on first use as well.
Object.defineProperty(globalThis, 'process', {
  get() {
    const process = native.importSync('node:process').default;
    define('process', process);
    return process;
  },
  set(value) { define('process', value); },
  configurable: true,
  enumerable: false,
});

// fetch (and Headers, Response) load on first use too: they bring node:http.
for (const name of ['fetch', 'Headers', 'Response']) {
  Object.defineProperty(globalThis, name, {
    get() {
      const value = native.importSync('rtjs:internal/fetch')[name];
      define(name, value);
      return value;
    },
    set(value) { define(name, value); },
    configurable: true,
    enumerable: false,
  });
}

// URL and URLSearchParams load on first use too (rtjs:internal/url), and
// so do EventTarget, Event, AbortController, AbortSignal (rtjs:internal/abort).
const lazyGlobals = {
  URL: 'rtjs:internal/url', URLSearchParams: 'rtjs:internal/url', EventTarget: 'rtjs:internal/abort',
  Event: 'rtjs:internal/abort', AbortController: 'rtjs:internal/abort', AbortSignal: 'rtjs:internal/abort',
};
for (const [name, module] of Object.entries(lazyGlobals)) {
  Object.defineProperty(globalThis, name, {
    get() {
      const value = native.importSync(module)[name];
      define(name, value);
      return value;
    },
    set(value) { define(name, value); },
    configurable: true,
    enumerable: false,
  });
}

function invalidCharacter(message) {
  const err = new Error(message);
  err.name = 'InvalidCharacterError';
  err.code = 5;
  return err;
}

// The HTML standard's forgiving base64: ASCII white space ignored, at most
// two '=' at the end, no '-' or '_'.
function atob(data) {
  if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
  let text = String(data).replace(/[\t\n\f\r ]/g, '');
  if (text.length % 4 === 0) text = text.replace(/={1,2}$/, '');
  if (text.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(text)) throw invalidCharacter('Invalid character');
  const bytes = new Uint8Array(native.base64Bytes(text));
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

function btoa(data) {
  if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
  const text = String(data);
  if (/[^\x00-\xff]/.test(text)) throw invalidCharacter('Invalid character');
  const bytes = new Uint8Array(native.latin1Bytes(text));
  return native.base64Text(bytes, 0, bytes.length, false);
}

define('atob', atob);
define('btoa', btoa);

const performance = {
  timeOrigin: native.timeOrigin,
  now: () => native.now(),
  toJSON() { return { timeOrigin: this.timeOrigin }; },
};
define('performance', performance);

Math.random = native.random;

function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
    const err = new TypeError('The data argument must be an integer-type TypedArray');
    err.name = 'TypeMismatchError';
    throw err;
  }
  if (array.byteLength > 65536) {
    const err = new RangeError(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`);
    err.name = 'QuotaExceededError';
    throw err;
  }
  return native.fillRandom(array);
}

function randomUUID() {
  const b = native.fillRandom(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

define('crypto', { getRandomValues, randomUUID });

// The Runtime.JS `isolate` object: who this isolate is, what it was given,
// and how it ends.
const isolate = {
  id: native.isolateId,
  env: Object.freeze({ ...native.env }),
  data: native.data,
  system: Object.freeze({ ...native.system }),
  name: native.isolateName,
  log(...args) {
    native.write(1, `[isolate ${native.isolateId}] ${lazyUtil().formatWithOptions({}, ...args)}\n`);
  },
  spawn: isolates.spawn,
  export: isolates.exportValue,
  import: isolates.importValue,
  exit(code = 0) { native.exit(code); },
  memoryUsage() { return native.memoryUsage(); },
  gc() { native.gc(); },
};
define('isolate', Object.freeze(isolate));
