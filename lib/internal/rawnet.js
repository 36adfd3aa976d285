// Raw Ethernet frames on the machine's network devices (virtio-net), for
// privileged isolates; rtjs:hw exports it as hw.net.
//
//   const [dev] = net.devices();     // { index, name: 'eth0', mac: '52:54:00:…', linkUp, mtu,
//                                    //   driver: 'virtio-net@pci:0:1.0', features: ['mac', …],
//                                    //   stats: { rxPackets, txPackets, txQueued, … } }
//   const sock = net.open(dev);      // one opener per device: a second open throws EBUSY
//   sock.on('frame', (ab) => …);     // each received frame, an ArrayBuffer (no FCS)
//   sock.send(frame);                // true, or false when the transmit ring and the driver's
//                                    //   backlog are full: try later
//   sock.stats();                    // the device's counters, and this socket's queue
//   sock.close();                    // also done when the isolate exits
//
// Frames are whole Ethernet frames: 14 to mtu + 18 bytes (an 802.1Q tag
// fits). Too long throws EMSGSIZE, too short EINVAL. As a Linux packet
// socket, the socket sees every frame the device receives, beside the
// kernel's TCP/IP stack (which also gets them). While a socket is open the
// isolate stays alive, as a listening server does in Node. Received frames
// wait for JavaScript in a queue of at most 1024 frames (2 MiB); beyond
// that they are dropped and counted in stats().queueDropped.
import native from 'rtjs:native';
import { EventEmitter } from 'node:events';

const openSockets = new Set();    // sockets not yet closed: kept from the garbage collector

function indexOf(dev) {
  if (dev !== null && typeof dev === 'object' && Number.isInteger(dev.index)) return dev.index;
  if (Number.isInteger(dev)) return dev;
  if (dev === undefined) return 0;
  const err = new TypeError('the device must be an entry of devices()');
  err.code = 'ERR_INVALID_ARG_TYPE';
  throw err;
}

function bytesOf(frame) {
  if (frame instanceof ArrayBuffer || frame instanceof Uint8Array) return frame;
  if (ArrayBuffer.isView(frame)) return new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  const err = new TypeError('a frame is an ArrayBuffer, a typed array or a DataView');
  err.code = 'ERR_INVALID_ARG_TYPE';
  throw err;
}

export class RawSocket extends EventEmitter {
  #handle;

  constructor(dev) {
    super();
    const index = indexOf(dev);
    this.device = devices().find((d) => d.index === index) ?? null;
    this.#handle = native.netOpen(index, (frame) => this.emit('frame', frame));
    this.closed = false;
    openSockets.add(this);
  }

  send(frame) {
    return native.netSend(this.#handle, bytesOf(frame));
  }

  stats() {
    return native.netStats(this.#handle);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    native.netClose(this.#handle);
    openSockets.delete(this);
    this.emit('close');
  }
}

export function devices() {
  return native.netDevices().map((d) => ({ ...d, features: d.features ? d.features.split(' ') : [] }));
}

export function open(dev) {
  return new RawSocket(dev);
}

export default { devices, open, RawSocket };
