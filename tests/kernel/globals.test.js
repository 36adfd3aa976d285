// The globals every app gets (issue: boot): console, timers, microtasks,
// Date, performance, Math.random, TextEncoder/Decoder, crypto, isolate.
import { test, run, assert, sleep } from './harness.js';

test('globalThis and global are the same object', () => {
  assert.equal(globalThis.global, globalThis);
});

test('setTimeout fires after at least its delay', async () => {
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 50));
  const dt = performance.now() - t0;
  assert.ok(dt >= 49, `fired after ${dt} ms`);
  assert.ok(dt < 1000, `fired after ${dt} ms`);
});

test('timers fire in due order, ties in creation order', async () => {
  const seen = [];
  setTimeout(() => seen.push('c'), 30);
  setTimeout(() => seen.push('a'), 10);
  setTimeout(() => seen.push('b'), 10);
  setTimeout(() => seen.push('z'), 0);
  await sleep(60);
  assert.equal(seen.join(''), 'zabc');
});

test('setTimeout passes extra arguments', async () => {
  const got = await new Promise((r) => setTimeout((a, b) => r(a + b), 1, 2, 3));
  assert.equal(got, 5);
});

test('clearTimeout cancels, by object and by number', async () => {
  let fired = 0;
  const t1 = setTimeout(() => fired++, 5);
  const t2 = setTimeout(() => fired++, 5);
  clearTimeout(t1);
  clearTimeout(+t2);
  await sleep(30);
  assert.equal(fired, 0);
});

test('setInterval repeats until cleared', async () => {
  let n = 0;
  await new Promise((resolve) => {
    const t = setInterval(() => { if (++n === 4) { clearInterval(t); resolve(); } }, 5);
  });
  await sleep(30);
  assert.equal(n, 4);
});

test('promise jobs run between timer callbacks', async () => {
  const seen = [];
  setTimeout(() => { seen.push('t1'); Promise.resolve().then(() => seen.push('p1')); }, 5);
  setTimeout(() => seen.push('t2'), 5);
  await sleep(20);
  assert.equal(seen.join(','), 't1,p1,t2');
});

test('setImmediate: no delay, in order, with arguments; clearImmediate; before a 1 ms timeout', async () => {
  const order = [];
  const t0 = performance.now();
  await new Promise((resolve) => {
    let n = 0;
    const next = () => (++n < 200 ? setImmediate(next) : resolve());
    setImmediate(next);
  });
  const ms = performance.now() - t0;
  assert.ok(ms < 100, `200 chained immediates took ${ms.toFixed(1)} ms (a timer's 1 ms floor would be 200)`);
  await new Promise((resolve) => {
    setTimeout(() => { order.push('timeout'); resolve(); }, 1);
    setImmediate((a, b) => order.push(`immediate ${a} ${b}`), 1, 2);
    const gone = setImmediate(() => order.push('cleared'));
    setImmediate(() => order.push('second'));
    clearImmediate(gone);
  });
  assert.deepEqual(order, ['immediate 1 2', 'second', 'timeout']);
  const im = setImmediate(() => {});
  assert.equal(im.hasRef(), true);
  assert.equal(im.unref().hasRef(), false);
  clearImmediate(im);
  assert.throws(() => setImmediate('x'), (e) => e.code === 'ERR_INVALID_ARG_TYPE');
});

test('node:timers and timers/promises: sleep, immediate, an interval as an async iterator, abort', async () => {
  const timers = await import('node:timers');
  assert.equal(timers.setTimeout, setTimeout);
  assert.equal(timers.clearImmediate, clearImmediate);
  const tp = await import('timers/promises');
  assert.equal(timers.promises.setTimeout, tp.setTimeout);
  const t0 = performance.now();
  assert.equal(await tp.setTimeout(20, 'slept'), 'slept');
  assert.ok(performance.now() - t0 >= 19, 'waited its delay');
  assert.equal(await tp.setImmediate('now'), 'now');
  const seen = [];
  for await (const v of tp.setInterval(5, 'tick')) {
    seen.push(v);
    if (seen.length === 3) break;
  }
  assert.deepEqual(seen, ['tick', 'tick', 'tick']);
  const ac = new AbortController();
  const pending = tp.setTimeout(10000, 'never', { signal: ac.signal });
  ac.abort();
  let err = null;
  try { await pending; } catch (e) { err = e; }
  assert.equal(err?.name, 'AbortError');
  assert.equal(err?.code, 'ABORT_ERR');
  const { createRequire } = await import('node:module');
  assert.equal(createRequire(import.meta.url)('timers/promises').setTimeout, tp.setTimeout);
});

test('EventTarget, Event, AbortController, AbortSignal.abort/timeout/any', async () => {
  const target = new EventTarget();
  const got = [];
  const listener = (e) => got.push(`${e.type}:${e.target === target}`);
  target.addEventListener('ping', listener);
  target.addEventListener('ping', listener);              // the same listener once
  target.addEventListener('ping', { handleEvent: (e) => got.push(`object:${e.type}`) }, { once: true });
  assert.equal(target.dispatchEvent(new Event('ping')), true);
  target.dispatchEvent(new Event('ping'));
  target.removeEventListener('ping', listener);
  target.dispatchEvent(new Event('ping'));
  assert.deepEqual(got, ['ping:true', 'object:ping', 'ping:true']);
  const cancelable = new Event('x', { cancelable: true });
  target.addEventListener('x', (e) => e.preventDefault());
  assert.equal(target.dispatchEvent(cancelable), false);

  const ac = new AbortController();
  let aborted = 0;
  ac.signal.addEventListener('abort', () => aborted++);
  ac.signal.onabort = () => aborted++;
  assert.equal(ac.signal.aborted, false);
  ac.abort('why');
  ac.abort('again');
  assert.equal(aborted, 2);
  assert.equal(ac.signal.reason, 'why');
  assert.throws(() => ac.signal.throwIfAborted(), (e) => e === 'why');
  assert.equal(AbortSignal.abort().reason.name, 'AbortError');
  const t = AbortSignal.timeout(10);
  const keep = setTimeout(() => {}, 5000);        // the timeout's own timer is unref'd, as in Node
  await new Promise((r) => t.addEventListener('abort', r));
  clearTimeout(keep);
  assert.equal(t.reason.name, 'TimeoutError');
  const a = new AbortController(), b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  b.abort('b');
  assert.equal(any.reason, 'b');
  assert.throws(() => new AbortSignal(), (e) => e instanceof TypeError);
});

test('unref timer does not keep the loop alive, ref does', () => {
  const t = setTimeout(() => {}, 100000).unref();
  assert.equal(t.hasRef(), false);
  t.ref();
  assert.equal(t.hasRef(), true);
  clearTimeout(t);
});

test('queueMicrotask runs before timers', async () => {
  const seen = [];
  setTimeout(() => seen.push('timer'), 0);
  queueMicrotask(() => seen.push('micro'));
  await sleep(10);
  assert.equal(seen.join(','), 'micro,timer');
});

test('async functions and await', async () => {
  async function twice(x) { await null; return x * 2; }
  assert.equal(await twice(21), 42);
});

test('Date is real wall time (after 2024, before 2100)', () => {
  const y = new Date().getUTCFullYear();
  assert.ok(y >= 2024 && y < 2100, `year ${y}`);
  const drift = Math.abs(Date.now() - (performance.timeOrigin + performance.now()));
  assert.ok(drift < 2000, `Date.now and performance disagree by ${drift} ms`);
});

test('Date arithmetic and formatting in UTC', () => {
  const d = new Date(Date.UTC(2024, 1, 29, 12, 34, 56));
  assert.equal(d.toISOString(), '2024-02-29T12:34:56.000Z');
  assert.equal(d.getTimezoneOffset(), 0);
  assert.equal(new Date('2000-01-01T00:00:00Z').getDay(), 6);
});

test('performance.now is monotonic and sub-millisecond', () => {
  let prev = performance.now(), distinct = 0;
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    assert.ok(t >= prev, 'went backwards');
    if (t !== prev) distinct++;
    prev = t;
  }
  assert.ok(distinct > 10, `only ${distinct} distinct readings`);
});

test('Math.random is uniform-ish and differs per boot seed', () => {
  const xs = Array.from({ length: 10000 }, Math.random);
  assert.ok(xs.every((x) => x >= 0 && x < 1), 'out of range');
  const mean = xs.reduce((a, b) => a + b) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
  assert.ok(new Set(xs).size > 9990, 'repeats');
});

test('TextEncoder encodes UTF-8, lone surrogates as U+FFFD', () => {
  const e = new TextEncoder();
  assert.deepEqual(Array.from(e.encode('aé€😀')), [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  assert.deepEqual(Array.from(e.encode('\ud800')), [0xef, 0xbf, 0xbd]);
  assert.equal(e.encode('').length, 0);
  const buf = new Uint8Array(4);
  assert.deepEqual(e.encodeInto('a€b', buf), { read: 2, written: 4 });
});

test('TextDecoder decodes UTF-8, replaces invalid bytes, honours fatal and BOM', () => {
  const d = new TextDecoder();
  assert.equal(d.decode(new Uint8Array([0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80])), 'aé😀');
  assert.equal(d.decode(new Uint8Array([0x61, 0xff, 0x62])), 'a\ufffdb');
  assert.equal(d.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), 'A');
  assert.equal(new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf])), '\ufeff');
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xc3])), (e) => e instanceof TypeError);
  assert.throws(() => new TextDecoder('latin2'), (e) => e instanceof RangeError);
  const s = new TextDecoder();
  assert.equal(s.decode(new Uint8Array([0xe2, 0x82]), { stream: true }) + s.decode(new Uint8Array([0xac])), '€');
});

test('crypto.getRandomValues fills integer arrays', () => {
  const a = crypto.getRandomValues(new Uint32Array(64));
  assert.ok(new Set(a).size > 60, 'not random');
  assert.throws(() => crypto.getRandomValues(new Float64Array(2)));
  assert.ok(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
});

test('isolate object: id, data, env, system', () => {
  assert.equal(isolate.id, 1);
  assert.equal(isolate.data, null);
  assert.equal(isolate.env.TEST_ENV, 'yes');
  const s = isolate.system;
  assert.equal(typeof s.version, 'string');
  assert.equal(s.cpus, 1);
  assert.ok(s.memoryBytes > 16 * 1024 * 1024, `memoryBytes ${s.memoryBytes}`);
  assert.ok(['microvm', 'q35', 'pc'].includes(s.machine), `machine ${s.machine}`);
  assert.ok(s.bootTimeMs > 0 && s.bootTimeMs < 60000, `bootTimeMs ${s.bootTimeMs}`);
  assert.equal(typeof isolate.log, 'function');
  assert.equal(typeof isolate.exit, 'function');
});

test('os: the machine as Node describes it', async () => {
  const os = (await import('node:os')).default;
  assert.equal((await import('os')).default, os);
  assert.equal(os.EOL, '\n');
  assert.equal(os.platform(), process.platform);
  assert.equal(os.arch(), 'x64');
  assert.equal(os.totalmem(), isolate.system.memoryBytes);
  const free = os.freemem();
  assert.ok(free > 0 && free < os.totalmem(), `freemem ${free} of ${os.totalmem()}`);
  const cpus = os.cpus();
  assert.equal(cpus.length, isolate.system.cpus);
  assert.ok(cpus[0].model.length > 0 && !/^ | $/.test(cpus[0].model), `model '${cpus[0].model}'`);
  assert.ok(cpus[0].speed > 100, `speed ${cpus[0].speed} MHz`);
  assert.equal(os.availableParallelism(), cpus.length);
  const up = os.uptime();
  assert.ok(Number.isInteger(up) && up >= 0 && up < 600, `uptime ${up}`);
  assert.equal(os.constants.signals.SIGTERM, 15);
  assert.equal(os.constants.errno.ECONNREFUSED, 111);
  assert.throws(() => os.setPriority(0), (e) => e.code === 'ERR_UNSUPPORTED');
});

test('os: networkInterfaces without a card is the loopback, IPv4 and IPv6', async () => {
  const { networkInterfaces } = await import('node:os');
  const nifs = networkInterfaces();
  assert.deepEqual(Object.keys(nifs), ['lo']);
  const [v4, v6] = nifs.lo;
  assert.deepEqual(v4, { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00',
    internal: true, cidr: '127.0.0.1/8' });
  assert.equal(v6.address, '::1');
  assert.equal(v6.netmask, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  assert.equal(v6.cidr, '::1/128');
});

test('the internal native module is not importable by apps', async () => {
  let err;
  try { await import('rtjs:native'); } catch (e) { err = e; }
  assert.ok(err && /internal/.test(err.message), `got ${err}`);
});

test('built-in modules import by name and with node: prefix', async () => {
  const a = await import('util');
  const b = await import('node:util');
  assert.equal(a.default, b.default);
  assert.equal(typeof a.inspect, 'function');
});

test('console.log formats like Node', () => {
  // console output goes to the serial console; check the formatter it uses
  assert.equal(typeof console.log, 'function');
  assert.equal(typeof console.error, 'function');
});

test('process: env is a copy of isolate.env the app may change', () => {
  assert.equal(process.env.TEST_ENV, isolate.env.TEST_ENV);
  assert.equal(process.env.TEST_ENV, 'yes', 'tests/run.sh passes --env TEST_ENV=yes');
  process.env.ADDED = 'x';
  assert.equal(process.env.ADDED, 'x');
  assert.equal(isolate.env.ADDED, undefined);
});

test('process: argv names the entry module; the node:process module is the same object', async () => {
  assert.equal(process.argv[0], '/rtjs');
  assert.ok(process.argv[1].endsWith('globals.test.js'), process.argv[1]);
  const mod = await import('node:process');
  assert.equal(mod.default, process);
  assert.equal((await import('process')).default, process);
  assert.equal(process.pid, isolate.id);
  assert.equal(process.platform, 'rtjs');
  assert.equal(process.version, `v${isolate.system.version}`);
});

test('process: nextTick runs before timers, with its arguments', async () => {
  const seen = [];
  setTimeout(() => seen.push('timeout'), 0);
  process.nextTick((a, b) => seen.push(a + b), 'tick', '!');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(seen.join(','), 'tick!,timeout');
});

test('process: hrtime moves forward and measures a sleep', async () => {
  const t0 = process.hrtime();
  const b0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, 20));
  const [s, ns] = process.hrtime(t0);
  const ms = s * 1e3 + ns / 1e6;
  assert.ok(ms >= 19 && ms < 2000, `${ms} ms`);
  assert.ok(process.hrtime.bigint() - b0 >= 19000000n);
  assert.ok(process.uptime() > 0);
});

test('process: stdout.write prints; memoryUsage has Node\'s fields', () => {
  assert.equal(process.stdout.write('process.stdout works\n'), true);
  const m = process.memoryUsage();
  for (const k of ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers']) assert.equal(typeof m[k], 'number', k);
  assert.ok(m.heapUsed > 0);
});

test('process: exit() ends the isolate with exitCode; a spawned isolate has its own process', async () => {
  const h = await isolate.spawn({ source: `process.exitCode = 3; if (process.argv[1] !== '[source]') isolate.exit(9); process.exit();` });
  assert.equal(await h.exited, 3);
  const h2 = await isolate.spawn({ source: `process.exit(process.pid === isolate.id ? 4 : 5)` });
  assert.equal(await h2.exited, 4);
});

async function exitOf(source) {
  const h = await isolate.spawn({ source });
  const code = await Promise.race([h.exited, sleep(5000).then(() => 'still running')]);
  if (code === 'still running') h.terminate();
  return code;
}

test('process: an uncaughtException listener takes the error and the isolate runs on', async () => {
  assert.equal(await exitOf(`
    process.on('uncaughtException', (e, origin) => { globalThis.seen = e.message + ' ' + origin; });
    setTimeout(() => { throw new Error('boom'); }, 1);
    setTimeout(() => isolate.exit(globalThis.seen === 'boom uncaughtException' ? 5 : 6), 50);`), 5);
});

test('process: an unhandledRejection listener takes the rejection, with its promise', async () => {
  assert.equal(await exitOf(`
    process.on('unhandledRejection', (reason, promise) => {
      setTimeout(() => isolate.exit(reason === 'nope' && promise instanceof Promise ? 8 : 9), 10);
    });
    Promise.reject('nope');`), 8);
});

test('process: without listeners an uncaught error still ends the isolate (1); so does a listener that throws', async () => {
  assert.equal(await exitOf(`process.on('exit', () => {}); setTimeout(() => { throw new Error('x'); }, 1); setTimeout(() => isolate.exit(3), 200);`), 1);
  assert.equal(await exitOf(`Promise.reject(new Error('y')); setTimeout(() => isolate.exit(3), 200);`), 1);
  assert.equal(await exitOf(`
    process.on('uncaughtException', () => { throw new Error('listener'); });
    setTimeout(() => { throw new Error('first'); }, 1);
    setTimeout(() => isolate.exit(3), 200);`), 1);
});

run('globals');
