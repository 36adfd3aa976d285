// A virtio-rng driver written in JavaScript on rtjs:hw, over either virtio
// transport: modern virtio-pci (registers found through the vendor
// capabilities, woken by MSI-X) and virtio-mmio (QEMU microvm, woken by a
// level-triggered interrupt line through hw.irq). It runs the virtio
// initialisation, sets up one split virtqueue in DMA memory and asks the
// device for random bytes. Without an interrupt it polls.
import hw from 'rtjs:hw';

const ACKNOWLEDGE = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8;
const VIRTIO_ID_RNG = 4;

function set64(view, offset, value) {
  view.setUint32(offset, value % 2 ** 32, true);
  view.setUint32(offset + 4, Math.floor(value / 2 ** 32), true);
}

// Every entropy device the machine has: PCI functions and MMIO transports.
export function findRngDevices() {
  // 0x1005 transitional, 0x1044 modern: the entropy device
  const pci = hw.pci.devices().filter((d) => d.vendorId === 0x1af4 && (d.deviceId === 0x1005 || d.deviceId === 0x1044));
  const mmio = hw.virtio.mmioDevices().filter((d) => d.deviceId === VIRTIO_ID_RNG);
  return [...pci.map((d) => ({ ...d, transport: 'pci' })), ...mmio.map((d) => ({ ...d, transport: 'mmio' }))];
}

// virtio 1.x over PCI (section 4.1): the common configuration structure.
function pciTransport(dev) {
  const STATUS = 0x14, Q_SELECT = 0x16, Q_SIZE = 0x18, Q_MSIX = 0x1a, Q_ENABLE = 0x1c, Q_NOTIFY_OFF = 0x1e;
  hw.pci.enable(dev);
  const caps = {};
  for (const off of hw.pci.capabilities(dev, 0x09)) {
    const type = hw.pci.read8(dev, off + 3);
    if (caps[type] || type < 1 || type > 4) continue;        // common, notify, ISR, device config
    const bar = dev.bars[hw.pci.read8(dev, off + 4)];
    if (!bar || bar.io) continue;
    const offset = hw.pci.read32(dev, off + 8), length = hw.pci.read32(dev, off + 12);
    caps[type] = {
      view: new DataView(hw.mmio(bar.address + offset, length)),
      multiplier: type === 2 ? hw.pci.read32(dev, off + 16) : 0,
    };
  }
  if (!caps[1] || !caps[2]) throw new Error('no modern virtio-pci interface');
  const common = caps[1].view;
  let notifyAt = 0, msix = false;
  return {
    kind: 'MSI-X',
    getStatus: () => common.getUint8(STATUS),
    setStatus: (s) => common.setUint8(STATUS, s),
    deviceFeatures(word) { common.setUint32(0x00, word, true); return common.getUint32(0x04, true); },
    driverFeatures(word, v) { common.setUint32(0x08, word, true); common.setUint32(0x0c, v, true); },
    irq(handler) {
      const irq = hw.pci.msix(dev, 0, handler);
      common.setUint16(0x10, 0xffff, true);                   // no config interrupts
      msix = true;
      return irq;
    },
    queueMax(index) { common.setUint16(Q_SELECT, index, true); return common.getUint16(Q_SIZE, true); },
    queueEnable(index, size, desc, avail, used) {
      common.setUint16(Q_SELECT, index, true);
      common.setUint16(Q_SIZE, size, true);
      set64(common, 0x20, desc);
      set64(common, 0x28, avail);
      set64(common, 0x30, used);
      common.setUint16(Q_MSIX, msix ? 0 : 0xffff, true);
      notifyAt = common.getUint16(Q_NOTIFY_OFF, true) * caps[2].multiplier;
      common.setUint16(Q_ENABLE, 1, true);
    },
    notify(index) { caps[2].view.setUint16(notifyAt, index, true); },
    // MSI-X messages need no acknowledging.
    ack() {},
  };
}

// virtio 1.x over MMIO (section 4.2, version 2): 512 bytes of registers.
function mmioTransport(dev) {
  const r = new DataView(hw.mmio(dev.address, dev.size));
  if (r.getUint32(0x00, true) !== 0x74726976 || r.getUint32(0x04, true) !== 2) throw new Error('not a virtio-mmio version 2 transport');
  return {
    kind: `IRQ ${dev.irq}`,
    getStatus: () => r.getUint32(0x70, true),
    setStatus: (s) => r.setUint32(0x70, s, true),
    deviceFeatures(word) { r.setUint32(0x14, word, true); return r.getUint32(0x10, true); },
    driverFeatures(word, v) { r.setUint32(0x24, word, true); r.setUint32(0x20, v, true); },
    // The line is level-triggered: it stays masked until the handler has
    // acknowledged the device's interrupt status (ack below).
    irq: (handler) => hw.irq(dev.irq, handler, { level: true, activeLow: false }),
    queueMax(index) { r.setUint32(0x30, index, true); return r.getUint32(0x34, true); },
    queueEnable(index, size, desc, avail, used) {
      r.setUint32(0x30, index, true);
      r.setUint32(0x38, size, true);
      set64(r, 0x80, desc);
      set64(r, 0x90, avail);
      set64(r, 0xa0, used);
      r.setUint32(0x44, 1, true);
    },
    notify(index) { r.setUint32(0x50, index, true); },
    ack() { r.setUint32(0x64, r.getUint32(0x60, true), true); },
  };
}

export function open(dev) {
  const t = dev.transport === 'mmio' ? mmioTransport(dev) : pciTransport(dev);
  t.setStatus(0);                                             // reset
  for (let i = 0; i < 100000 && t.getStatus() !== 0; i++);
  t.setStatus(ACKNOWLEDGE);
  t.setStatus(ACKNOWLEDGE | DRIVER);
  if (!(t.deviceFeatures(1) & 1)) throw new Error('not a virtio 1.0 device');
  t.driverFeatures(0, 0);
  t.driverFeatures(1, 1);                                     // VIRTIO_F_VERSION_1 only
  t.setStatus(ACKNOWLEDGE | DRIVER | FEATURES_OK);
  if (!(t.getStatus() & FEATURES_OK)) throw new Error('the device refused our features');

  let wake = null;
  let irq = null;
  let interrupts = 0;
  try {
    irq = t.irq(() => {
      interrupts++;
      t.ack();
      if (wake) wake();
    });
  } catch {
    irq = null;                                               // no interrupt: poll
  }

  const size = Math.min(t.queueMax(0), 8);
  if (size === 0) throw new Error('the device has no queue 0');
  const desc = hw.dma.alloc(16 * size), avail = hw.dma.alloc(6 + 2 * size), used = hw.dma.alloc(6 + 8 * size);
  t.queueEnable(0, size, desc.address, avail.address, used.address);
  t.setStatus(ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);

  const d = new DataView(desc.buffer), a = new DataView(avail.buffer), u = new DataView(used.buffer);
  const data = hw.dma.alloc(4096);
  let availIdx = 0, usedIdx = 0;

  return {
    usesInterrupts: irq !== null,
    interruptKind: irq ? t.kind : 'polled',
    get interrupts() { return interrupts; },
    async read(n) {
      if (!(n >= 1 && n <= 4096)) throw new RangeError('1 to 4096 bytes');
      set64(d, 0, data.address);
      d.setUint32(8, n, true);
      d.setUint16(12, 2, true);                               // VIRTQ_DESC_F_WRITE
      a.setUint16(4 + 2 * (availIdx % size), 0, true);
      availIdx = (availIdx + 1) & 0xffff;
      a.setUint16(2, availIdx, true);
      t.notify(0);
      const deadline = performance.now() + 2000;
      while (u.getUint16(2, true) === usedIdx) {
        if (performance.now() > deadline) throw new Error('the device did not answer within 2 s');
        await new Promise((resolve) => {
          wake = resolve;
          setTimeout(resolve, irq ? 100 : 1);
        });
        wake = null;
      }
      const len = u.getUint32(4 + 8 * (usedIdx % size) + 4, true);
      usedIdx = (usedIdx + 1) & 0xffff;
      return data.buffer.slice(0, Math.min(len, n));
    },
    close() {
      t.setStatus(0);
      if (irq) irq.close();
    },
  };
}
