// Isolate benchmarks inside rtjs; prints "BENCH name value unit" lines.
const N = Number(isolate.env.BENCH_N || 200);
const out = (name, value, unit) => console.log(`BENCH ${name} ${value.toFixed(unit === 'calls/s' ? 0 : 2)} ${unit}`);

// spawn: until the child's first call arrives
isolate.export('ready', () => true);
let t0 = performance.now();
for (let i = 0; i < N; i++) {
  const h = await isolate.spawn({ source: `(await isolate.import('ready'))().then(() => isolate.exit(0))` });
  await h.exited;
}
out('spawn+first-call+exit', (performance.now() - t0) / N * 1000, 'us');

t0 = performance.now();
for (let i = 0; i < N; i++) await (await isolate.spawn({ source: '' })).exited;
out('spawn+exit (empty child)', (performance.now() - t0) / N * 1000, 'us');

// idle memory: 50 children that export and wait
isolate.gc();
const before = isolate.memoryUsage().kernelUsed;
const idle = [];
for (let i = 0; i < 50; i++) idle.push(await isolate.spawn({ source: `isolate.export('idle${i}', () => 1)` }));
for (let i = 0; i < 50; i++) await isolate.import(`idle${i}`);
out('idle isolate memory', (isolate.memoryUsage().kernelUsed - before) / 50 / 1024, 'KiB');
for (const h of idle) await h.terminate();

// round trip and throughput
const h = await isolate.spawn({ source: `isolate.export('svc', { add: (a, b) => a + b, big: (n) => new ArrayBuffer(n) })` });
const svc = await isolate.import('svc');
for (let i = 0; i < 100; i++) await svc.add(i, 1);
t0 = performance.now();
const R = N * 10;
for (let i = 0; i < R; i++) await svc.add(i, 1);
const rt = (performance.now() - t0) / R;
out('IIC round trip', rt * 1000, 'us');
t0 = performance.now();
const batch = [];
for (let i = 0; i < R; i++) batch.push(svc.add(i, 1));
await Promise.all(batch);
out('IIC calls/s (pipelined)', R / ((performance.now() - t0) / 1000), 'calls/s');

t0 = performance.now();
for (let i = 0; i < 20; i++) await svc.big(128);
const small = (performance.now() - t0) / 20;
t0 = performance.now();
for (let i = 0; i < 5; i++) await svc.big(64 * 1024 * 1024);
const large = (performance.now() - t0) / 5;
out('transfer 128 B (alloc+call)', small * 1000, 'us');
out('transfer 64 MiB (alloc+call)', large * 1000, 'us');
await h.terminate();

// preemption latency: interval lateness while another isolate spins
const spinner = await isolate.spawn({ source: 'for (;;);' });
let worst = 0, last = performance.now();
await new Promise((resolve) => {
  let n = 0;
  const t = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
    if (++n === 30) { clearInterval(t); resolve(); }
  }, 10);
});
out('preemption: worst timer lateness beside a spinner', worst * 1000, 'us');
await spinner.terminate();
isolate.exit(0);
