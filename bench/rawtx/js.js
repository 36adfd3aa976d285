// make bench: raw Ethernet frames sent from JavaScript (hw.net) as fast as
// the transmit ring takes them; bench/rawtx.sh counts what arrives.
import * as hw from 'rtjs:hw';

const COUNT = Number(isolate.env.COUNT ?? 20000);
const sock = hw.net.open(hw.net.devices()[0]);
const f = new Uint8Array(60);
f.set([0x02, 0, 0, 0, 0, 0x01, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x88, 0xb5, 'J'.charCodeAt(0)]);
const view = new DataView(f.buffer);
let sent = 0, full = 0;
const t0 = performance.now();
while (sent < COUNT) {
  view.setUint32(15, sent);
  if (sock.send(f)) sent++;
  else full++;
}
const ms = performance.now() - t0;
console.log(`bench: JavaScript sent ${sent} frames of 60 bytes in ${ms.toFixed(1)} ms (${Math.round(sent / ms * 1000)} frames/s), ring full ${full} times`);
sock.close();
