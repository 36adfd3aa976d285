// Raw frames through hw.net against the host peer of tests/net.sh (a UDP
// socket behind QEMU's -netdev socket): discovery, exact bytes each way,
// bursts of 1,000 frames each way, size limits both ways, link status,
// one opener at a time, release when the opener closes or its isolate
// exits. Ends with its event loop empty: a leaked hold would time out.
import { net, machine, GUEST_MAC, HOST_MAC, ETHERTYPE, check, sleep, frame, opOf, sendWait, Inbox, sameBytes, thrown, inside }
  from './common.js';

const BURST = 1000;

// --- discovery
const devs = net.devices();
const dev = devs[0];
check('devices', devs.length === 1 && dev.name === 'eth0' && dev.mac === '52:54:00:12:34:56' && dev.mtu === 1500 &&
  dev.features.includes('mac') && dev.features.includes('mrg_rxbuf'), JSON.stringify(devs));
check('link-up-reported', dev.linkUp === true, JSON.stringify(dev));
console.log(`NET features ${machine}: ${dev.driver}: ${dev.features.join(' ')}`);

// --- one opener at a time
const sock = net.open(dev);
let e = thrown(() => net.open(dev));
check('second-open-is-EBUSY', e && e.code === 'EBUSY', String(e));
e = thrown(() => net.open({ index: 7 }));
check('absent-device-is-ENODEV', e && e.code === 'ENODEV', String(e));
const inbox = new Inbox(sock);
const opened = sock.stats();
// Frames lost on our side of a burst: by the device (sizes) or our queue.
const lost = (a, b) => b.rxDropped - a.rxDropped + b.queueDropped - a.queueDropped;

// --- sizes refused on send
e = thrown(() => sock.send(new Uint8Array(1519)));
check('send-over-mtu-is-EMSGSIZE', e && e.code === 'EMSGSIZE', String(e));
e = thrown(() => sock.send(new Uint8Array(13)));
check('send-runt-is-EINVAL', e && e.code === 'EINVAL', String(e));
const before = sock.stats();
check('refused-sends-counted', before.txDropped - opened.txDropped === 2, JSON.stringify(before));

// --- exact bytes each way: 'P' (the host checks it) and the host's 'R'
await sendWait(sock, frame('P', 100, (i) => i * 3 + 1));
const want = new Uint8Array(200);
want.set(GUEST_MAC, 0);
want.set(HOST_MAC, 6);
want.set([ETHERTYPE >> 8, ETHERTYPE & 0xff, 'R'.charCodeAt(0)], 12);
for (let i = 15; i < 200; i++) want[i] = ((i - 15) * 7 + 3) & 0xff;
const reply = await inbox.next((f) => opOf(f) === 'R', 10000);
check('host-to-guest-exact', sameBytes(reply, want), reply ? `got ${reply.length} bytes` : 'nothing within 10 s');
// The largest frame the MTU allows goes out whole (the host checks 'X').
await sendWait(sock, frame('X', 1518, (i) => i));

// --- guest -> host burst ('B' + sequence number); the host counts
{
  const t0 = performance.now();
  let full = 0;
  for (let seq = 0; seq < BURST; seq++) {
    const f = frame('B', 60);
    new DataView(f.buffer).setUint32(15, seq);
    full += await sendWait(sock, f, 10000);
  }
  const ms = performance.now() - t0;
  console.log(`BURST-TX sent=${BURST} ms=${ms.toFixed(1)} fps=${Math.round(BURST / ms * 1000)} ringfull=${full}`);
  const s = sock.stats();
  // >=: the kernel's TCP/IP stack may send on the same device (ARP, DHCP)
  check('tx-burst-counted', s.txPackets - before.txPackets >= 2 + BURST, JSON.stringify(s));
}

// --- the ring fills: a tight loop (at least 3000 frames, on until the ring
// and the driver's backlog were full once) gets false (EAGAIN) and retries;
// every accepted frame must reach the host ('T' + sequence number). A
// device that keeps up with 200,000 frames in a row never holds one back.
const TIGHT_MAX = 200000;
{
  const f = frame('T', 60);
  const view = new DataView(f.buffer);
  let sent = 0, full = 0;
  const t0 = performance.now();
  while ((sent < 3000 || (full === 0 && sent < TIGHT_MAX)) && performance.now() - t0 < 10000) {
    view.setUint32(15, sent);
    if (sock.send(f)) sent++;
    else full++;
  }
  const ms = performance.now() - t0;
  console.log(`TIGHT-TX sent=${sent} ms=${ms.toFixed(1)} fps=${Math.round(sent / ms * 1000)} ringfull=${full}`);
  check('tx-ring-full-returns-false', sent >= 3000 && (full > 0 || sent === TIGHT_MAX), `sent ${sent}, false ${full} times`);
}

// --- host -> guest burst: 'S' asks for it, 'b' frames, then 'E' until our 'A'
{
  let got = 0, last = -1, inOrder = true, t0 = 0, t1 = 0;
  const start = sock.stats();
  const seen0 = inbox.sizes.length;
  const ended = inbox.next((f) => opOf(f) === 'E', 30000);
  inbox.onFrame = (f) => {
    if (opOf(f) !== 'b') return false;
    const seq = new DataView(f.buffer).getUint32(15);
    if (seq <= last) inOrder = false;     // increasing; gaps are frames the host's socket buffer dropped
    last = seq;
    if (got === 0) t0 = performance.now();
    t1 = performance.now();
    got++;
    return true;
  };
  await sendWait(sock, frame('S', 60));
  const end = await ended;
  inbox.onFrame = null;
  const end2 = sock.stats();
  const dropped = lost(start, end2);
  const ms = t1 - t0;
  console.log(`BURST-RX op=b got=${got} dropped=${dropped} ms=${ms.toFixed(1)} fps=${Math.round(got / ms * 1000)} inside=${inside(start, end2, inbox.sizes.length - seen0)}`);
  const ack = frame('A', 60);
  new DataView(ack.buffer).setUint32(15, got);
  await sendWait(sock, ack);
  check('rx-burst-end-seen', end !== null, 'no end marker within 30 s');
  check('rx-burst-in-order', inOrder && got + dropped <= BURST, `got ${got}, dropped ${dropped}`);
}

// --- JavaScript too slow: frames beyond the queue's 1024 are dropped and
// counted. 'Q' asks for 1500 frames paced over ~1.5 s; we spin (no frame
// reaches JavaScript) until the queue is full and a frame was dropped, then
// drain it; once drained, 'F' asks for the end marker.
{
  let got = 0;
  const start = sock.stats();
  inbox.onFrame = (f) => opOf(f) === 'q' && ++got > 0;
  await sendWait(sock, frame('Q', 60));
  const spinEnd = performance.now() + 15000;
  let s = sock.stats();
  while (performance.now() < spinEnd && !(s.queued === 1024 && s.queueDropped > start.queueDropped)) s = sock.stats();
  const queued = s.queued;
  for (let i = 0; i < 1000 && sock.stats().queued > 0; i++) await sleep(10);
  const ended = inbox.next((f) => opOf(f) === 'E', 10000);
  await sendWait(sock, frame('F', 60));
  const end = await ended;
  inbox.onFrame = null;
  const dropped = lost(start, sock.stats());
  console.log(`BURST-RX op=q got=${got} dropped=${dropped} of=1500 name=rx-queue-overflow queued-after-spin=${queued}`);
  check('rx-queue-overflow-dropped-and-counted', end && queued === 1024 && got >= 1024 && dropped > 0,
    `end ${!!end}, queued after the spin ${queued}, got ${got}, dropped ${dropped}, ${JSON.stringify(sock.stats())}`);
}

// --- sizes dropped on receive: the host sends 1600 bytes, 10 bytes, then 'Z'
{
  const start = sock.stats();
  const seen = inbox.sizes.length;
  await sendWait(sock, frame('O', 60));
  const z = await inbox.next((f) => opOf(f) === 'Z', 10000);
  const s = sock.stats();
  const sizes = inbox.sizes.slice(seen);
  check('rx-oversize-and-runt-dropped', z && sizes.every((n) => n >= 14 && n <= 1518) && s.rxDropped - start.rxDropped === 2,
    `marker ${!!z}, sizes ${sizes}, dropped ${s.rxDropped - start.rxDropped}`);
}

// --- link status: the host flips it through QEMU's monitor (set_link)
{
  const poll = async (want, ms) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      if (net.devices()[0].linkUp === want) return true;
      await sleep(20);
    }
    return false;
  };
  console.log('LINK-TEST ready');
  const down = await poll(false, 15000);
  console.log('LINK-TEST down');
  const up = down && await poll(true, 15000);
  check('link-down-then-up-reported', down && up, `down ${down}, up ${up}`);
}

// --- release: close, and a child isolate that holds the device
sock.close();
e = thrown(() => sock.send(frame('Q', 60)));
check('send-after-close-is-EBADF', e && e.code === 'EBADF', String(e));
const again = net.open(dev);
again.close();
check('reopen-after-close', true);

{
  const source = `
    import * as hw from 'rtjs:hw';
    hw.net.open(0).on('frame', () => {});   // nothing else: the open socket alone keeps this isolate alive
  `;
  const child = await isolate.spawn({ source }, { privileged: true, name: 'holder' });
  let busy = false;
  for (let i = 0; i < 250 && !busy; i++) {
    const err = thrown(() => net.open(dev).close());
    busy = err?.code === 'EBUSY';
    if (!busy) await sleep(20);
  }
  let exited = false;
  child.exited.then(() => { exited = true; });
  await sleep(300);
  check('child-open-socket-keeps-it-alive', busy && !exited, `busy ${busy}, exited ${exited}`);
  const code = await child.terminate();
  const err = thrown(() => net.open(dev).close());
  check('isolate-exit-releases-device', code === 143 && err === null, `exit ${code}, ${err}`);
}
{
  const source = `
    import * as hw from 'rtjs:hw';
    hw.net.open(0);
    setTimeout(() => isolate.exit(3), 50);
  `;
  const child = await isolate.spawn({ source }, { privileged: true });
  const code = await child.exited;
  const err = thrown(() => net.open(dev).close());
  check('isolate-exit-code-then-released', code === 3 && err === null, `exit ${code}, ${err}`);
}
console.log('NET done');
