// The guest side of tests/badpackets.sh: a UDP echo on 7 (lwIP itself
// answers ARP and ping); "stop" on the echo port exits; "tcpbytes" says
// how many bytes the TCP server on port 80 has received.
import dgram from 'node:dgram';
import net from 'node:net';

let tcpBytes = 0;
net.createServer((c) => {
  c.on('data', (d) => { tcpBytes += d.length; });
  c.on('error', () => {});
}).listen(80);

const echo = dgram.createSocket('udp4');
echo.on('message', (msg, rinfo) => {
  if (msg.toString() === 'stop') {
    console.log('BADPACKETS done');
    isolate.exit(0);
  }
  if (msg.toString() === 'tcpbytes') return echo.send(`tcpbytes ${tcpBytes}`, rinfo.port, rinfo.address);
  echo.send(msg, rinfo.port, rinfo.address);
});
echo.bind(7, () => console.log('BADPACKETS ready'));
