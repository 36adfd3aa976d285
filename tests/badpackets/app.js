// The guest side of tests/badpackets.sh: a UDP echo on 7 (lwIP itself
// answers ARP and ping); "stop" on the echo port exits; "tcpbytes" says
// how many bytes the TCP server on port 80 has received, and how many
// frames the card's driver could not hand to the stack.
import dgram from 'node:dgram';
import net from 'node:net';
import hw from 'rtjs:hw';

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
  if (msg.toString() === 'tcpbytes') {
    const { rxDropped } = hw.net.devices()[0].stats;
    return echo.send(`tcpbytes ${tcpBytes} rxDropped ${rxDropped}`, rinfo.port, rinfo.address);
  }
  echo.send(msg, rinfo.port, rinfo.address);
});
echo.bind(7, () => console.log('BADPACKETS ready'));
