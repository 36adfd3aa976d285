// The peer of bench/isolates: Node.js worker_threads doing the same work.
import { Worker } from 'node:worker_threads';
const N = Number(process.env.BENCH_N || 200);
const out = (name, value, unit) => console.log(`BENCH ${name} ${value.toFixed(unit === 'calls/s' ? 0 : 2)} ${unit}`);

let t0 = performance.now();
for (let i = 0; i < Math.min(N, 50); i++) {
  const w = new Worker('require("worker_threads").parentPort.postMessage(1)', { eval: true });
  await new Promise((r) => w.once('message', r));
  await w.terminate();
}
out('spawn+first-call+exit', (performance.now() - t0) / Math.min(N, 50) * 1000, 'us');

const w = new Worker(`const { parentPort } = require('worker_threads');
parentPort.on('message', (m) => parentPort.postMessage(m.n === undefined ? new ArrayBuffer(m.big) : m.a + m.b, m.n === undefined ? undefined : undefined));`, { eval: true });
const call = (msg) => new Promise((r) => { w.once('message', r); w.postMessage(msg); });
for (let i = 0; i < 100; i++) await call({ a: i, b: 1, n: 1 });
const R = N * 10;
t0 = performance.now();
for (let i = 0; i < R; i++) await call({ a: i, b: 1, n: 1 });
out('IIC round trip', (performance.now() - t0) / R * 1000, 'us');
await w.terminate();
