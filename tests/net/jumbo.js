// A 9000-byte MTU (QEMU's host_mtu: VIRTIO_NET_F_MTU) with 2 KiB receive
// buffers: every full-size frame spans five buffers (mergeable receive
// buffers, num_buffers = 5). Exact bytes each way, over-MTU frames refused
// and dropped, and a burst of 100 jumbo frames from the host.
import { net, GUEST_MAC, HOST_MAC, ETHERTYPE, check, frame, opOf, sendWait, Inbox, sameBytes, thrown, inside } from './common.js';

const MAX = 9018;
const BURST = 100;
const [dev] = net.devices();
check('jumbo/mtu-from-device', dev && dev.mtu === 9000 && dev.features.includes('mtu') && dev.features.includes('mrg_rxbuf'),
  JSON.stringify(dev));
const sock = net.open(dev);
const inbox = new Inbox(sock);

// Out: the largest frame whole (the host checks 'M'); one byte more refused.
await sendWait(sock, frame('M', MAX, (i) => i * 5));
const e = thrown(() => sock.send(new Uint8Array(MAX + 1)));
check('jumbo/send-over-mtu-is-EMSGSIZE', e && e.code === 'EMSGSIZE', String(e));

// In: 'J' asks for a 9018-byte 'j', a 9019-byte 'k' (dropped), then 'Z'.
{
  const start = sock.stats();
  const seen = inbox.sizes.length;
  const j = inbox.next((f) => opOf(f) === 'j', 10000);
  await sendWait(sock, frame('J', 60));
  const z = await inbox.next((f) => opOf(f) === 'Z', 10000);
  const want = new Uint8Array(MAX);
  want.set(GUEST_MAC, 0);
  want.set(HOST_MAC, 6);
  want.set([ETHERTYPE >> 8, ETHERTYPE & 0xff, 'j'.charCodeAt(0)], 12);
  for (let i = 15; i < MAX; i++) want[i] = ((i - 15) * 11 + 5) & 0xff;
  const got = await j;
  check('jumbo/merged-frame-exact', sameBytes(got, want), got ? `got ${got.length} bytes` : 'nothing');
  const s = sock.stats();
  const sizes = inbox.sizes.slice(seen);
  check('jumbo/over-mtu-dropped', z && !sizes.includes(MAX + 1) && s.rxDropped - start.rxDropped === 1,
    `marker ${!!z}, sizes ${sizes}, dropped ${s.rxDropped - start.rxDropped}`);
}

// A burst: 'G', then BURST 'g' frames of MAX bytes, then 'E' until our 'A'.
{
  let got = 0, last = -1, inOrder = true, whole = true;
  const start = sock.stats();
  const seen0 = inbox.sizes.length;
  const ended = inbox.next((f) => opOf(f) === 'E', 30000);
  inbox.onFrame = (f) => {
    if (opOf(f) !== 'g') return false;
    const seq = new DataView(f.buffer).getUint32(15);
    if (seq <= last) inOrder = false;
    last = seq;
    if (f.length !== MAX || f[MAX - 1] !== ((MAX - 16) & 0xff)) whole = false;
    got++;
    return true;
  };
  await sendWait(sock, frame('G', 60));
  const end = await ended;
  inbox.onFrame = null;
  const end2 = sock.stats();
  const dropped = end2.rxDropped - start.rxDropped + end2.queueDropped - start.queueDropped;
  console.log(`BURST-RX op=g got=${got} dropped=${dropped} of=${BURST} inside=${inside(start, end2, inbox.sizes.length - seen0)}`);
  const ack = frame('A', 60);
  new DataView(ack.buffer).setUint32(15, got);
  await sendWait(sock, ack);
  check('jumbo/rx-burst-whole-and-in-order', end !== null && inOrder && whole && got + dropped <= BURST,
    `end ${end !== null}, in order ${inOrder}, whole ${whole}, got ${got}, dropped ${dropped}`);
}
sock.close();
console.log('NET done');
