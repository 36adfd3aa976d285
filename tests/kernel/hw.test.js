// rtjs:hw (privileged isolates): PCI, ports, physical memory, DMA,
// interrupts, and a virtio-rng driver written in JS beside the C drivers.
// Run with two entropy devices by tests/run.sh, the kernel's C driver
// taking the first and the JS driver the second: virtio-rng-device
// (virtio-mmio) on microvm; virtio-rng-pci on q35, the second behind a PCIe
// root port (bus 1), so configuration space is reached by ECAM on two buses.
// By hand on pc (ports only): bin/rtjs run tests/kernel/hw.test.js --machine pc
// q35-args: -- -device virtio-rng-pci -device pcie-root-port,id=rp1,chassis=1 -device virtio-rng-pci,bus=rp1
// microvm-args: -- -device virtio-rng-device -device virtio-rng-device
import hw from 'rtjs:hw';
import { test, run, assert } from './harness.js';
import { findRngDevices, open } from './drivers/virtio-rng.js';

test('the first isolate is privileged and sees PCI', () => {
  const devs = hw.pci.devices();
  if (isolate.system.machine === 'microvm') assert.equal(devs.length, 0);
  else assert.ok(devs.some((d) => d.slot === 0 && d.vendorId === 0x8086), 'host bridge');
});

test('the default export holds every part, as the named exports do', async () => {
  const named = await import('rtjs:hw');
  for (const part of ['pci', 'virtio', 'port', 'mmio', 'irq', 'dma', 'power', 'net'])
    assert.equal(hw[part], named[part], part);
  assert.equal(typeof hw.net.devices, 'function');
});

test('PCI configuration reads agree with the device list', () => {
  for (const d of hw.pci.devices()) {
    assert.equal(hw.pci.read16(d, 0), d.vendorId);
    assert.equal(hw.pci.read16(d, 2), d.deviceId);
  }
});

// What the configuration ports (0xcf8/0xcfc) read, beside the kernel's
// own access: on q35 that is ECAM, so the two must agree.
function portRead32(d, offset) {
  hw.port(0xcf8).write32((0x80000000 | d.bus << 16 | d.slot << 11 | d.func << 8 | offset) >>> 0);
  return hw.port(0xcfc).read32();
}

const isRootPort = (d) => d.vendorId === 0x1b36 && d.deviceId === 0x000c;   // QEMU's pcie-root-port
const AER = 0x0001, ACS = 0x000d;

test('configuration space: extended (ECAM) on q35, 256 bytes (ports) on pc', () => {
  const devs = hw.pci.devices();
  const machine = isolate.system.machine;
  if (machine === 'q35') assert.ok(devs.length && devs.every((d) => d.extended === true), JSON.stringify(devs.map((d) => d.extended)));
  else if (machine === 'pc') assert.ok(devs.length && devs.every((d) => d.extended === false));
  else assert.equal(devs.length, 0);
});

test('ECAM and the configuration ports agree on the first 256 bytes of every function', () => {
  let compared = 0;
  for (const d of hw.pci.devices()) {
    for (let off = 0; off < 0x100; off += 4) {
      const name = `${d.bus}:${d.slot}.${d.func} at 0x${off.toString(16)}`;
      const word = hw.pci.read32(d, off);
      assert.equal(word, portRead32(d, off), name);
      assert.equal(hw.pci.read16(d, off + 2), word >>> 16, `${name} + 2, 16 bits`);
      assert.equal(hw.pci.read8(d, off + 3), word >>> 24, `${name} + 3, 8 bits`);
      compared++;
    }
  }
  if (isolate.system.machine === 'q35') assert.ok(hw.pci.devices().some((d) => d.bus === 1), 'a function on bus 1, behind the root port');
  assert.ok(compared > 0 || isolate.system.machine === 'microvm', 'no PCI function compared');
});

test("a PCIe root port's AER capability at 0x100, read through extended configuration space", () => {
  if (isolate.system.machine !== 'q35') return;
  const port = hw.pci.devices().find(isRootPort);
  assert.ok(port, 'no pcie-root-port (tests/run.sh adds one on q35)');
  const header = hw.pci.read32(port, 0x100);
  assert.equal(header & 0xffff, AER, `extended capability header 0x${header.toString(16)}`);
  assert.equal((header >>> 16) & 0xf, 2, 'AER version');
  assert.equal(hw.pci.read16(port, 0x100), AER);
  assert.deepEqual(hw.pci.extendedCapabilities(port, AER), [0x100]);
  assert.equal(hw.pci.extendedCapabilities(port, ACS).length, 1, 'ACS follows');
});

test('a write beyond 0xff reads back: the AER correctable error mask', () => {
  if (isolate.system.machine !== 'q35') return;
  const port = hw.pci.devices().find(isRootPort);
  assert.ok(port, 'no pcie-root-port');
  const mask = 0x100 + 0x14;                         // masks correctable errors: harmless
  const orig = hw.pci.read32(port, mask);
  try {
    hw.pci.write32(port, mask, (orig ^ 0x1) >>> 0);           // receiver error
    assert.equal(hw.pci.read32(port, mask), (orig ^ 0x1) >>> 0, '32-bit write');
    hw.pci.write8(port, mask, (orig ^ 0x40) & 0xff);         // bad TLP; also puts bit 0 back
    assert.equal(hw.pci.read32(port, mask), (orig ^ 0x40) >>> 0, '8-bit write');
    hw.pci.write16(port, mask, (orig ^ 0x100) & 0xffff);      // replay rollover
    assert.equal(hw.pci.read16(port, mask), (orig ^ 0x100) & 0xffff, '16-bit write');
  } finally {
    hw.pci.write32(port, mask, orig);
  }
  assert.equal(hw.pci.read32(port, mask), orig, 'restored');
});

test('configuration offsets are checked: width alignment, 0-0xfff, integers', () => {
  const [d] = hw.pci.devices();
  if (!d) return;                                       // microvm: no PCI
  const refused = (fn, re) => assert.throws(fn, (e) => e instanceof RangeError && re.test(e.message), `expected a RangeError matching ${re}`);
  refused(() => hw.pci.read32(d, 2), /multiple of the width/);
  refused(() => hw.pci.read16(d, 0x101), /multiple of the width/);
  refused(() => hw.pci.write16(d, 3, 0), /multiple of the width/);
  refused(() => hw.pci.read8(d, 0x1000), /integer from 0 to 0xfff/);
  refused(() => hw.pci.read8(d, -1), /integer from 0 to 0xfff/);
  refused(() => hw.pci.read8(d, 1.5), /integer from 0 to 0xfff/);
  refused(() => hw.pci.read8(d, 2 ** 32 + 4), /integer from 0 to 0xfff/);
  refused(() => hw.pci.read32(d, 0xffe), /outside configuration space/);
  if (d.extended) {
    assert.equal(typeof hw.pci.read32(d, 0xffc), 'number');
  } else {
    refused(() => hw.pci.read32(d, 0x100), /extended configuration space needs ECAM/);
    refused(() => hw.pci.write8(d, 0xfff, 0), /extended configuration space needs ECAM/);
    assert.deepEqual(hw.pci.extendedCapabilities(d, AER), []);
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
