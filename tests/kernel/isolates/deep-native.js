// Spawned by isolates.test.js: native code run with the JS stack all but
// used up. QuickJS checks its stack limit only on its own calls; whatever
// C runs below the last check (the kernel's functions, musl's printf,
// dtoa, the clone serializer) must fit in the margin between that limit
// and the guard page. A miss is a kernel fault, not a test failure.
const peer = await isolate.import('deep-native-peer', { timeout: 5000 });
globalThis.Buffer;                          // loaded here, used down there

const probes = {
  json: () => JSON.stringify({ a: [1, 2, { b: 'x'.repeat(100) }], n: 1.5e300, s: 'é\u2028' }),
  jsonParse: () => JSON.parse('{"a":[1,2,{"b":3.25e-300}],"s":"\\u00e9"}'),
  numbers: () => (Math.PI * 1e300).toFixed(20) + (0.1).toString(3) + (123.456).toPrecision(100) + String(5e-324),
  bigint: () => String(2n ** 4000n) + (10n ** 300n).toString(36),
  regexp: () => /(\d+)-(\w+)\s*(?:x|y)+/u.exec('12-ab xyxy'),
  regexpCompile: () => new RegExp('(a|(b|(c|(d))))'.repeat(50)).test('d'),
  error: () => new Error('deep').stack,
  date: () => new Date(0).toISOString() + new Date().toString() + Date.parse('2024-01-02T03:04:05Z'),
  sort: () => Array.from({ length: 200 }, (_, i) => (i * 7919) % 200).sort(),
  strings: () => 'abc'.repeat(1000).replace(/b/g, 'xx').split('x').join('-').normalize('NFKD').toUpperCase(),
  encoding: () => new TextDecoder().decode(new TextEncoder().encode('héllo wörld'.repeat(100))),
  buffer: () => Buffer.from('deep '.repeat(100)).toString('base64'),
  typed: () => new Float64Array(1000).map((x, i) => i / 3).reduce((a, b) => a + b),
  call: () => peer({ a: [1, 2, 3], d: new Date(), m: new Map([[1, 2]]), buf: new ArrayBuffer(64) }),
  console: () => console.log('deep-native: console.log at the bottom of the stack', { a: [1, 2] }),
  gc: () => isolate.gc(),
  memoryUsage: () => isolate.memoryUsage(),
  timer: () => clearTimeout(setTimeout(() => {}, 1000)),
  compile: () => new Function('a', 'return ' + '('.repeat(5) + 'a' + ')'.repeat(5) + ' + 1')(1),
};

// at(d, fn) runs fn d frames below here; the same function measures how
// many frames fit, so offsets count frames up from the bottom.
let level = 0, deepest = 0;
function at(d, fn) {
  if (++level > deepest) deepest = level;
  try {
    return d > 0 ? at(d - 1, fn) : fn();
  } finally {
    level--;
  }
}
try { at(Infinity, null); } catch (e) { if (!(e instanceof RangeError)) throw e; }

const ran = {}, odd = [], settling = [];
// Running out of stack must end in an Error JS can catch: a RangeError
// (QuickJS's InternalError), or from the parser whatever SyntaxError it
// was building when the stack ran out.
const check = (name) => (e) => {
  if (!(e instanceof Error)) odd.push(`${name}: ${e}`);
};
for (const [name, fn] of Object.entries(probes)) {
  for (const offset of [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96]) {
    try {
      const r = at(deepest - offset - 1, fn);
      if (r instanceof Promise) settling.push(r.catch(check(name)));
      ran[name] = offset;
      break;                                // it fitted: higher up proves less
    } catch (e) {
      check(name)(e);
    }
  }
}
await Promise.all(settling);
isolate.export('deep-native', () => ({ deepest, ran, odd, probes: Object.keys(probes) }));
