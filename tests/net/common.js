// What the raw-frame test apps share with the host peer in tests/net.sh:
// addresses, the frame format, and waiting for frames with a deadline.
// Test frames carry EtherType 0x88b5 (IEEE local experimental) and one
// opcode byte after the Ethernet header.
import * as hw from 'rtjs:hw';

export const net = hw.net;
export const machine = isolate.system.machine;
export const GUEST_MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
export const HOST_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
export const ETHERTYPE = 0x88b5;

export function check(name, ok, why = '') {
  console.log(`${ok ? 'PASS' : 'FAIL'} net/${machine}/${name}${ok ? '' : ': ' + why}`);
  return ok;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A frame to the host: header, the opcode, then length - 15 bytes of fill(i).
export function frame(op, length, fill = () => 0) {
  const f = new Uint8Array(length);
  f.set(HOST_MAC, 0);
  f.set(GUEST_MAC, 6);
  f[12] = ETHERTYPE >> 8;
  f[13] = ETHERTYPE & 0xff;
  f[14] = op.charCodeAt(0);
  for (let i = 15; i < length; i++) f[i] = fill(i - 15) & 0xff;
  return f;
}

export const opOf = (f) => (f.length > 14 && f[12] === ETHERTYPE >> 8 && f[13] === (ETHERTYPE & 0xff) ? String.fromCharCode(f[14]) : '');

// Sends, waiting while the transmit ring is full (at most `ms`).
export async function sendWait(sock, f, ms = 5000) {
  const end = performance.now() + ms;
  let full = 0;
  while (!sock.send(f)) {
    full++;
    if (performance.now() > end) throw new Error(`transmit ring full for ${ms} ms: ${JSON.stringify(sock.stats())}`);
    // Spin a little, then sleep: a halted guest leaves the host's CPU to QEMU.
    await (full < 64 ? new Promise((resolve) => setImmediate(resolve)) : sleep(1));
  }
  return full;
}

// Received frames, and promises of the next one matching a predicate.
export class Inbox {
  constructor(sock) {
    this.waiters = [];
    this.kept = [];
    this.sizes = [];                       // lengths of every frame seen
    this.onFrame = null;                   // a test's own listener, first
    sock.on('frame', (ab) => {
      const f = new Uint8Array(ab);
      this.sizes.push(f.length);
      if (this.onFrame && this.onFrame(f)) return;
      const i = this.waiters.findIndex((w) => w.pred(f));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        clearTimeout(w.timer);
        w.resolve(f);
      } else if (this.kept.length < 64) {
        this.kept.push(f);
      }
    });
  }

  // The next frame for which pred(frame) holds, or null after ms.
  next(pred, ms = 5000) {
    const i = this.kept.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.kept.splice(i, 1)[0]);
    return new Promise((resolve) => {
      const w = { pred, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        resolve(null);
      }, ms);
      this.waiters.push(w);
    });
  }
}

export function sameBytes(a, b) {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function thrown(fn) {
  try { fn(); return null; } catch (e) { return e; }
}

// Whether the guest lost nothing between two stats() taken around a burst:
// every frame the device handed to the kernel (rxPackets) reached this
// socket's JavaScript (seen: frames the Inbox counted), waits in its queue,
// or was dropped and counted (queueDropped). Printed as "inside=exact|N"
// so that tests/net.sh can tell frames lost before they reached the guest.
export function inside(start, end, seen) {
  const delivered = end.rxPackets - start.rxPackets;
  const accounted = seen + (end.queueDropped - start.queueDropped) + (end.queued - start.queued);
  return delivered === accounted ? 'exact' : String(delivered - accounted);
}
