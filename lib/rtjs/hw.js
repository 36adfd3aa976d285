// rtjs:hw — hardware for drivers written in JavaScript, in privileged
// isolates only: PCI configuration space, I/O ports, physical memory
// windows, interrupts as events, DMA memory with physical addresses, and
// the machine's power. Registers are little-endian: read them through a
// DataView.
import native from 'rtjs:native';
import block from 'rtjs:block';

function check(dev) {
  if (dev === null || typeof dev !== 'object' || !Number.isInteger(dev.bus)) {
    const err = new TypeError('expected an entry of hw.pci.devices()');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  return dev;
}

export const pci = {
  devices() {
    return native.pciDevices();
  },
  // Configuration space: offsets 0-0xff, and up to 0xfff where
  // dev.extended (reached by ECAM); aligned to the access's width.
  read8(dev, offset) { check(dev); return native.pciRead(dev.bus, dev.slot, dev.func, offset, 1); },
  read16(dev, offset) { check(dev); return native.pciRead(dev.bus, dev.slot, dev.func, offset, 2); },
  read32(dev, offset) { check(dev); return native.pciRead(dev.bus, dev.slot, dev.func, offset, 4); },
  write8(dev, offset, v) { check(dev); native.pciWrite(dev.bus, dev.slot, dev.func, offset, 1, v); },
  write16(dev, offset, v) { check(dev); native.pciWrite(dev.bus, dev.slot, dev.func, offset, 2, v); },
  write32(dev, offset, v) { check(dev); native.pciWrite(dev.bus, dev.slot, dev.func, offset, 4, v); },
  // Offsets of the device's capabilities with this id (0x09: vendor, 0x11: MSI-X).
  capabilities(dev, id) {
    const found = [];
    if (!(pci.read16(dev, 0x06) & 0x10)) return found;
    let off = pci.read8(dev, 0x34);
    for (let guard = 0; off >= 0x40 && guard < 48; guard++) {
      if (pci.read8(dev, off) === id) found.push(off);
      off = pci.read8(dev, off + 1);
    }
    return found;
  },
  // Offsets of the device's PCI Express extended capabilities with this id
  // (0x0001: AER, 0x000d: ACS), in configuration space from 0x100: only
  // where that is reachable (dev.extended: ECAM), else none.
  extendedCapabilities(dev, id) {
    const found = [];
    if (!check(dev).extended) return found;
    let off = 0x100;
    for (let guard = 0; off >= 0x100 && guard < 960; guard++) {
      const header = pci.read32(dev, off);
      if (header === 0 || header === 0xffffffff) break;
      if ((header & 0xffff) === id) found.push(off);
      off = (header >>> 20) & 0xffc;
    }
    return found;
  },
  // Memory decoding and bus mastering on, so the device can do DMA.
  enable(dev) { pci.write16(dev, 0x04, pci.read16(dev, 0x04) | 0x6); },
  // Calls handler() on this isolate for each MSI-X message of entry.
  msix(dev, entry, handler) {
    check(dev);
    const id = native.msixOpen(dev.bus, dev.slot, dev.func, entry, handler);
    return { close() { native.irqClose(id); } };
  },
};

export const virtio = {
  // The virtio-mmio transports holding a device (QEMU microvm):
  // [{ address, size, deviceId, irq, claimed }]. `irq` is the GSI for
  // hw.irq (level-triggered, active high); `claimed` says a kernel driver
  // runs the device.
  mmioDevices() {
    return native.virtioMmioDevices();
  },
};

export function port(base) {
  if (!Number.isInteger(base) || base < 0 || base > 0xffff) throw new RangeError(`I/O port ${base}`);
  return {
    read8(off = 0) { return native.portRead(base + off, 1); },
    read16(off = 0) { return native.portRead(base + off, 2); },
    read32(off = 0) { return native.portRead(base + off, 4); },
    write8(v, off = 0) { native.portWrite(base + off, 1, v); },
    write16(v, off = 0) { native.portWrite(base + off, 2, v); },
    write32(v, off = 0) { native.portWrite(base + off, 4, v); },
  };
}

// An ArrayBuffer over physical memory (device registers, a BAR).
export function mmio(physAddr, length) {
  return native.mmio(physAddr, length);
}

// Calls handler() on this isolate when interrupt line `gsi` fires. ISA
// lines (below 16) are edge-triggered; others are level-triggered, active
// low, as PCI's are: the line stays masked until handler returns, so the
// handler must make the device lower it.
export function irq(gsi, handler, { level = gsi >= 16, activeLow = gsi >= 16 } = {}) {
  const id = native.irqOpen(gsi, handler, level, activeLow);
  return { close() { native.irqClose(id); } };
}

export const dma = {
  // Zeroed, physically contiguous memory a device can reach: { buffer, address }.
  alloc(length) {
    const [buffer, address] = native.dmaAlloc(length);
    return { buffer, address };
  },
};

// Asks every block device to write its cache out. Writes still in flight
// are not waited for: await them before stopping the machine.
async function flushDisks() {
  for (const dev of block.devices()) {
    if (!dev.readOnly) await block.flush(dev);
  }
}

export const power = {
  // Flushes the disks, then resets the machine: the kernel boots again (under
  // QEMU, in the same VM with the same disks). The promise rejects if a
  // flush fails, and otherwise never settles.
  async reboot() {
    await flushDisks();
    native.reboot();
  },
  // Flushes the disks, then powers off; the host runner exits with `code`
  // (as isolate.exit(code) does in the first isolate, but from any
  // privileged isolate).
  async off(code = 0) {
    await flushDisks();
    native.powerOff(code);
  },
};

import * as net from 'rtjs:internal/rawnet';
export { net };

export default { pci, virtio, port, mmio, irq, dma, power, net };
