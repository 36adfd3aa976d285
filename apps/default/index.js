// The built-in default app, booted by `make run` when no app is given: the
// UDP echo of the Runtime.JS demo on port 9000 and an HTTP server on 8080
// that answers "hello". `make run` forwards both to 127.0.0.1 here:
//   nc -u -W 1 127.0.0.1 9000 <<< 'ping'      curl http://127.0.0.1:8080/
import dgram from 'node:dgram';
import http from 'node:http';

const { version, machine, cpus, memoryBytes, bootTimeMs } = isolate.system;
console.log(`Hello from rtjs ${version} on ${machine}: ${cpus} CPU, ` +
  `${Math.round(memoryBytes / 1048576)} MiB, booted in ${bootTimeMs.toFixed(1)} ms.`);

const echo = dgram.createSocket('udp4');
echo.on('message', (msg, rinfo) => echo.send(msg, rinfo.port, rinfo.address));
echo.on('error', (err) => console.error(`udp echo: ${err.message}`));
echo.bind(9000, () => console.log('UDP echo on port 9000'));

const server = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain');
  res.end('hello\n');
});
server.on('error', (err) => console.error(`http: ${err.message}`));
server.listen(8080, () => console.log('HTTP on port 8080: try curl http://127.0.0.1:8080/'));
