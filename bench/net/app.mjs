// The network benchmark's app, the same source on rtjs and on Node.js in
// the Linux guest: HTTP "hello" on 8080, UDP echo on 9000, and on 9001 a
// TCP server that sends as many MiB as a line "N\n" asks for, then ends.
// GET /quit stops it. Prints "NETBENCH ready RUNTIME" when all three listen.
import dgram from 'node:dgram';
import http from 'node:http';
import net from 'node:net';

const rtjs = typeof globalThis.isolate === 'object';
const runtime = rtjs ? `rtjs ${isolate.system.version}` : `node ${process.version}`;
const exit = (code) => (rtjs ? isolate.exit(code) : process.exit(code));

let listening = 0;
const ready = () => {
  if (++listening === 3) console.log(`NETBENCH ready ${runtime}`);
};

const echo = dgram.createSocket('udp4');
echo.on('message', (msg, rinfo) => echo.send(msg, rinfo.port, rinfo.address));
echo.bind(9000, ready);

http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain');
  if (req.url === '/quit') {
    res.end('bye\n');
    setTimeout(() => exit(0), 100);
    return;
  }
  res.end('hello\n');
}).listen(8080, ready);

// 64 KiB of i % 251: the host checks every byte it receives against it.
const chunk = Buffer.alloc(64 * 1024);
for (let i = 0; i < chunk.length; i++) chunk[i] = i % 251;

function send(socket, chunks) {
  while (chunks > 0) {
    chunks--;
    if (!socket.write(chunk)) {
      socket.once('drain', () => send(socket, chunks));
      return;
    }
  }
  socket.end();
}

net.createServer((socket) => {
  let line = '';
  const onData = (data) => {
    line += data.toString('latin1');
    if (!line.includes('\n')) return;
    socket.off('data', onData);
    send(socket, Number.parseInt(line, 10) * 16);
  };
  socket.on('data', onData);
  socket.on('error', (err) => console.error(`bulk: ${err.message}`));
}).listen(9001, ready);
