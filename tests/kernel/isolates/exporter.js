// Spawned by isolates.test.js: the seed examples' exporting side.
isolate.export('m', {
  add(a, b) { return a + b; },
  foo() { return new Promise((r) => setTimeout(() => r('slept'), 2000)); },
  getData() {
    const buf = new ArrayBuffer(128);
    new Uint8Array(buf).fill(7);
    globalThis.lastBuffer = buf;
    return buf;
  },
  lastBufferLength() { return globalThis.lastBuffer.byteLength; },
  getFoo() { return (name) => `Hello ${name}!`; },
  big(n) { return new ArrayBuffer(n); },
  fail() { throw new RangeError('remote failure'); },
  failAsync() { return Promise.reject(new TypeError('async remote failure')); },
  echo(v) { return v; },
  symbol() { return Symbol('nope'); },
  callBack(fn, x) { return fn(x * 2); },
  data() { return isolate.data; },
  env() { return isolate.env; },
});
