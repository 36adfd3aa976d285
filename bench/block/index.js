// virtio-blk through rtjs:block: sequential MB/s with 1 MiB requests (8 in
// flight) and 4 KiB random-read IOPS (32 in flight). Prints BENCH lines.
import block from 'rtjs:block';
const [d] = block.devices();
const out = (name, value, unit) => console.log(`BENCH ${name} ${value.toFixed(1)} ${unit}`);
const MiB = 2048;                       // sectors
const total = Math.min(d.sectors, 64 * MiB);
const buf = new Uint8Array(1 << 20).fill(0xa5);

let t0 = performance.now();
for (let lba = 0; lba < total; lba += 8 * MiB) {
  const batch = [];
  for (let i = 0; i < 8 && lba + i * MiB < total; i++) batch.push(block.write(d, lba + i * MiB, buf));
  await Promise.all(batch);
}
await block.flush(d);
out('sequential write (1 MiB requests)', (total * 512 / 1048576) / ((performance.now() - t0) / 1000), 'MB/s');

t0 = performance.now();
for (let lba = 0; lba < total; lba += 8 * MiB) {
  const batch = [];
  for (let i = 0; i < 8 && lba + i * MiB < total; i++) batch.push(block.read(d, lba + i * MiB, MiB));
  await Promise.all(batch);
}
out('sequential read (1 MiB requests)', (total * 512 / 1048576) / ((performance.now() - t0) / 1000), 'MB/s');

const N = 4000;
let done = 0, next = 0;
t0 = performance.now();
await new Promise((resolve) => {
  const issue = () => {
    if (next >= N) return;
    next++;
    const lba = 8 * Math.floor(Math.random() * (total / 8));
    block.read(d, lba, 8).then(() => { if (++done === N) resolve(); else issue(); });
  };
  for (let i = 0; i < 32; i++) issue();
});
out('4 KiB random read (32 in flight)', N / ((performance.now() - t0) / 1000), 'IOPS');
