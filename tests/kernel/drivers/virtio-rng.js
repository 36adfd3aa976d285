// A virtio-rng driver written in JavaScript on rtjs:hw: finds the modern
// virtio-pci registers through the vendor capabilities, runs the virtio
// initialisation, sets up one split virtqueue in DMA memory and asks the
// device for random bytes, woken by MSI-X (or, failing that, by polling).
import hw from 'rtjs:hw';

const STATUS = 0x14, Q_SELECT = 0x16, Q_SIZE = 0x18, Q_MSIX = 0x1a, Q_ENABLE = 0x1c, Q_NOTIFY_OFF = 0x1e;

function set64(view, offset, value) {
  view.setUint32(offset, value % 2 ** 32, true);
  view.setUint32(offset + 4, Math.floor(value / 2 ** 32), true);
}

export function findRngDevices() {
  // 0x1005 transitional, 0x1044 modern: the entropy device
  return hw.pci.devices().filter((d) => d.vendorId === 0x1af4 && (d.deviceId === 0x1005 || d.deviceId === 0x1044));
}

export function open(dev) {
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

  common.setUint8(STATUS, 0);                                 // reset
  for (let i = 0; i < 100000 && common.getUint8(STATUS) !== 0; i++);
  common.setUint8(STATUS, 1);                                 // ACKNOWLEDGE
  common.setUint8(STATUS, 1 | 2);                             // DRIVER
  common.setUint32(0x00, 1, true);
  if (!(common.getUint32(0x04, true) & 1)) throw new Error('not a virtio 1.0 device');
  common.setUint32(0x08, 0, true);
  common.setUint32(0x0c, 0, true);
  common.setUint32(0x08, 1, true);
  common.setUint32(0x0c, 1, true);                            // VIRTIO_F_VERSION_1 only
  common.setUint8(STATUS, 1 | 2 | 8);                         // FEATURES_OK
  if (!(common.getUint8(STATUS) & 8)) throw new Error('the device refused our features');

  let wake = null;
  let irq = null;
  try {
    irq = hw.pci.msix(dev, 0, () => { if (wake) wake(); });
    common.setUint16(0x10, 0xffff, true);                     // no config interrupts
  } catch {
    irq = null;                                               // no MSI-X: poll
  }

  common.setUint16(Q_SELECT, 0, true);
  const size = Math.min(common.getUint16(Q_SIZE, true), 8);
  common.setUint16(Q_SIZE, size, true);
  const desc = hw.dma.alloc(16 * size), avail = hw.dma.alloc(6 + 2 * size), used = hw.dma.alloc(6 + 8 * size);
  set64(common, 0x20, desc.address);
  set64(common, 0x28, avail.address);
  set64(common, 0x30, used.address);
  common.setUint16(Q_MSIX, irq ? 0 : 0xffff, true);
  const notifyAt = common.getUint16(Q_NOTIFY_OFF, true) * caps[2].multiplier;
  common.setUint16(Q_ENABLE, 1, true);
  common.setUint8(STATUS, 1 | 2 | 8 | 4);                     // DRIVER_OK

  const d = new DataView(desc.buffer), a = new DataView(avail.buffer), u = new DataView(used.buffer);
  const data = hw.dma.alloc(4096);
  let availIdx = 0, usedIdx = 0;

  return {
    usesInterrupts: irq !== null,
    async read(n) {
      if (!(n >= 1 && n <= 4096)) throw new RangeError('1 to 4096 bytes');
      set64(d, 0, data.address);
      d.setUint32(8, n, true);
      d.setUint16(12, 2, true);                               // VIRTQ_DESC_F_WRITE
      a.setUint16(4 + 2 * (availIdx % size), 0, true);
      availIdx = (availIdx + 1) & 0xffff;
      a.setUint16(2, availIdx, true);
      caps[2].view.setUint16(notifyAt, 0, true);
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
      common.setUint8(STATUS, 0);
      if (irq) irq.close();
    },
  };
}
