// rtjs:hw (privileged isolates): PCI, ports, physical memory, DMA,
// interrupts, and a virtio-rng driver written in JS beside the C drivers.
// Run with two entropy devices by tests/run.sh: virtio-rng-pci on q35,
// virtio-rng-device (virtio-mmio) on microvm; the kernel's C driver takes
// the first and the JS driver the second.
// q35-args: -- -device virtio-rng-pci -device virtio-rng-pci
// microvm-args: -- -device virtio-rng-device -device virtio-rng-device
import hw from 'rtjs:hw';
import { test, run, assert } from './harness.js';
import { findRngDevices, open } from './drivers/virtio-rng.js';

test('the first isolate is privileged and sees PCI', () => {
  const devs = hw.pci.devices();
  if (isolate.system.machine === 'microvm') assert.equal(devs.length, 0);
  else assert.ok(devs.some((d) => d.slot === 0 && d.vendorId === 0x8086), 'host bridge');
});

test('PCI configuration reads agree with the device list', () => {
  for (const d of hw.pci.devices()) {
    assert.equal(hw.pci.read16(d, 0), d.vendorId);
    assert.equal(hw.pci.read16(d, 2), d.deviceId);
  }
});

test('I/O ports: the CMOS clock answers through port 0x70/0x71', () => {
  const cmos = hw.port(0x70);
  cmos.write8(0x0a);
  const statusA = cmos.read8(1);
  assert.ok(statusA !== 0xff, `status A ${statusA}`);
});

test('physical memory windows: the BIOS area holds the LAPIC-free low memory', () => {
  const buf = hw.mmio(0xf0000, 0x10000);
  assert.equal(buf.byteLength, 0x10000);
  assert.ok(new Uint8Array(buf).some((b) => b !== 0), 'the BIOS ROM is not all zero');
});

test('DMA memory has a physical address and can be written', () => {
  const { buffer, address } = hw.dma.alloc(8192);
  assert.equal(buffer.byteLength, 8192);
  assert.ok(address > 0 && address % 4096 === 0, `address ${address}`);
  new Uint8Array(buffer).fill(0x5a);
  const view = new Uint8Array(hw.mmio(address, 16));
  assert.equal(view[15], 0x5a, 'the window and the buffer are the same memory');
});

test('a DMA buffer too large is refused', () => {
  assert.throws(() => hw.dma.alloc(1 << 30), (e) => e instanceof RangeError);
});

test('an unprivileged isolate cannot import rtjs:hw', async () => {
  const h = await isolate.spawn({ source: `import('rtjs:hw').then(() => isolate.exit(0), (e) => isolate.exit(e.code === 'EPERM' ? 7 : 8))` });
  assert.equal(await h.exited, 7);
});

test('a privileged child can', async () => {
  const h = await isolate.spawn({ source: `import('rtjs:hw').then((m) => isolate.exit(typeof m.default.pci.devices === 'function' ? 5 : 6))` }, { privileged: true });
  assert.equal(await h.exited, 5);
});

test('an unprivileged isolate cannot spawn a privileged one', async () => {
  const h = await isolate.spawn({ source: `isolate.spawn({ source: '' }, { privileged: true }).then(() => isolate.exit(1), (e) => isolate.exit(3))` });
  assert.equal(await h.exited, 3);
});

test('a JS virtio-rng driver reads random bytes beside the C driver', async () => {
  const transport = isolate.system.machine === 'microvm' ? 'mmio' : 'pci';
  const rngs = findRngDevices().filter((d) => d.transport === transport);
  const free = rngs.filter((d) => !d.claimed);
  assert.ok(rngs.some((d) => d.claimed), `the C driver took one: ${JSON.stringify(rngs)}`);
  assert.ok(free.length >= 1, `no unclaimed virtio-rng ${transport} device (start QEMU with two): ${JSON.stringify(rngs)}`);
  const rng = open(free[0]);
  const a = new Uint8Array(await rng.read(64));
  const b = new Uint8Array(await rng.read(64));
  // QEMU may complete a request before the driver looks, so a read need not
  // wait for its interrupt; the interrupt still comes, to the JS handler.
  for (const end = performance.now() + 2000; rng.interrupts === 0 && performance.now() < end;)
    await new Promise((resolve) => setTimeout(resolve, 5));
  const interrupts = rng.interrupts;
  rng.close();
  assert.equal(a.length, 64);
  assert.ok(a.some((x, i) => x !== b[i]), 'two reads differ');
  assert.ok(new Set(a).size > 20, 'bytes look random');
  assert.ok(rng.usesInterrupts, `${transport === 'pci' ? 'MSI-X' : 'the interrupt line'} used`);
  assert.ok(interrupts >= 1, `the device's interrupt reached the JS handler (${rng.interruptKind})`);
  assert.ok(isolate.system.entropySource.startsWith('virtio-rng'), 'the C driver still seeded the kernel');
});

test('an interrupt line has one owner: a second hw.irq on it is EBUSY until the first closes', () => {
  const gsi = 20;                      // a PCI line neither machine wires to anything here
  const first = hw.irq(gsi, () => {});
  let err = null;
  try { hw.irq(gsi, () => {}); } catch (e) { err = e; }
  assert.equal(err && err.code, 'EBUSY', String(err));
  first.close();
  hw.irq(gsi, () => {}).close();
});

test('virtio-mmio transports are listed only on microvm, with their interrupt lines', () => {
  const list = hw.virtio.mmioDevices();
  if (isolate.system.machine !== 'microvm') return assert.equal(list.length, 0);
  assert.ok(list.length >= 2, JSON.stringify(list));
  for (const d of list) {
    assert.equal(d.size, 512);
    assert.ok(d.address >= 0xfeb00000 && d.address < 0xfeb04000 && d.address % 512 === 0, `address ${d.address}`);
    assert.ok(d.irq >= 5 && d.irq < 48, `irq ${d.irq}`);
    assert.equal(new DataView(hw.mmio(d.address, 8)).getUint32(0, true), 0x74726976, 'the transport magic "virt"');
  }
  assert.equal(new Set(list.map((d) => d.irq)).size, list.length, 'one line per transport');
});

run('hw');
