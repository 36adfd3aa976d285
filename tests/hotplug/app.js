// Reads a disk in a loop while tests/hotplug.sh hot-unplugs it (QEMU's
// device_del on a PCIe root port): the reads must start failing with
// ENODEV, the app must keep running (timers, a second disk) and exit 0.
// The 4 MiB disk is the hot one, the 2 MiB disk stays.
import block from 'rtjs:block';
import hw from 'rtjs:hw';

const check = (name, ok, why = '') => console.log(`${ok ? 'PASS' : 'FAIL'} hotplug/${name}${ok ? '' : ': ' + why}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const settle = async (p) => { try { await p; return null; } catch (e) { return e; } };
const virtioBlk = () => hw.pci.devices().filter((p) => p.vendorId === 0x1af4 && p.deviceId === 0x1042);

const devs = block.devices();
const hot = devs.find((d) => d.sectors === 8192);
const fixed = devs.find((d) => d.sectors === 4096);
check('two-disks-found', hot && fixed, JSON.stringify(devs));
if (!hot || !fixed) isolate.exit(1);
const pciBefore = virtioBlk().length;
const listed = () => block.devices().some((d) => d.index === hot.index);

let ticks = 0;
const timer = setInterval(() => ticks++, 20);

// 128 readers, each with one read outstanding: more than the queue holds
// (tests/hotplug.sh also slows the disk), so when the disk goes some
// requests are on the ring and the rest wait in the driver's list.
console.log('HOTPLUG ready');
let reads = 0, inFlightRejected = 0, first = null;
const deadline = Date.now() + 120000;
async function reader(i) {
  while (!first && Date.now() < deadline) {
    const p = block.read(hot, i * 16, 16);
    const accepted = listed();        // still present after the call: the driver took it
    try {
      await p;
      reads++;
    } catch (e) {
      first ??= e;
      if (accepted && e.code === 'ENODEV') inFlightRejected++;
    }
  }
}
await Promise.all(Array.from({ length: 128 }, (_, i) => reader(i)));
console.log(`HOTPLUG ${reads} reads before the first error; ${inFlightRejected} accepted requests rejected`);
check('reads-before-removal', reads > 0, 'no read succeeded');
check('read-rejects-ENODEV', first && first.code === 'ENODEV' && first.message === `${hot.name}: device removed`,
  first ? `${first.code}: ${first.message}` : 'no error within 120 s');
if (!first) isolate.exit(1);
check('pending-requests-rejected', inFlightRejected > 0, 'no request accepted before the removal was rejected');

for (const [name, p] of [['read', block.read(hot, 0, 1)], ['write', block.write(hot, 0, new Uint8Array(512))],
  ['flush', block.flush(hot)]]) {
  const e = await settle(p);
  check(`later-${name}-rejects-ENODEV`, e && e.code === 'ENODEV' && e.message.includes(hot.name), String(e));
}
check('block-devices-drops-it', !listed() && block.devices().some((d) => d.index === fixed.index),
  JSON.stringify(block.devices()));
check('hw-pci-devices-drops-it', virtioBlk().length === pciBefore - 1, `${pciBefore} -> ${virtioBlk().length}`);

const data = new Uint8Array(4096).map((_, i) => (i * 13 + 5) & 255);
await block.write(fixed, 16, data);
const back = new Uint8Array(await block.read(fixed, 16, 8));
check('other-disk-still-works', back.every((v, i) => v === data[i]));
const before = ticks;
await sleep(500);
check('timers-still-fire', ticks > before, `${before} -> ${ticks}`);

// The host asks QEMU whether the device is gone meanwhile.
await sleep(3000);
clearInterval(timer);
console.log('HOTPLUG done');
