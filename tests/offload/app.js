// The guest side of tests/offload.sh: TCP echo on 7000 (IPv4 and IPv6),
// UDP echo on 7001, a TCP echo through its own card's address, and the
// card's checksum-offload counters on request ("stats" to UDP 7001).
import net from 'net';
import dgram from 'dgram';
import { net as raw } from 'rtjs:hw';

function stats() {
  const [dev] = raw.devices();
  const sock = raw.open(dev);
  const s = sock.stats();
  sock.close();
  return { features: dev.features, ...s };
}

function ownAddressEcho(address) {
  return new Promise((resolve) => {
    const data = Buffer.alloc(200000, 'own');
    const c = net.connect(7000, address, () => c.end(data));
    const got = [];
    c.on('data', (d) => got.push(d));
    c.on('error', (e) => resolve(`error ${e.code}`));
    c.on('close', () => resolve(Buffer.concat(got).equals(data) ? 'same' : `${Buffer.concat(got).length} bytes differ`));
  });
}

const server = net.createServer((c) => c.pipe(c));
server.listen(7000, '::');
const udp = dgram.createSocket('udp4');
udp.on('message', async (msg, r) => {
  const text = msg.length < 40 ? msg.toString() : '';
  let reply = msg;
  if (text === 'stats') reply = Buffer.from(JSON.stringify(stats()));
  else if (text.startsWith('own ')) reply = Buffer.from(await ownAddressEcho(text.slice(4)));
  udp.send(reply, r.port, r.address);
});
udp.bind(7001, () => console.log('OFFLOAD ready'));
