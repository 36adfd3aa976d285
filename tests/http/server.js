// The guest side of tests/http.sh: an HTTP server on 8080 (routes below)
// and a control port (UDP 9001) on which the host asks the guest to act as
// a client: "get URL" (http.get: reply "status BODY"), "fetch URL" (the
// fetch global: reply "status BODY"), "stop".
//   GET /            "hello"
//   POST /sum        the byte count and a checksum of the body
//   GET /chunked     a chunked response of three writes
//   GET /slow        answers after 300 ms (pipelining keeps order)
//   GET /memory      the kernel heap in use, bytes
import dgram from 'node:dgram';
import http from 'node:http';

let aborted = 0;
const server = http.createServer((req, res) => {
  req.on('aborted', () => { aborted++; console.log(`HTTP aborted ${req.method} ${req.url} (${aborted})`); });
  if (req.method === 'POST' && req.url === '/sum') {
    let n = 0, sum = 0;
    req.on('data', (d) => { n += d.length; for (const b of d) sum = (sum * 31 + b) >>> 0; });
    req.on('end', () => res.end(`${n} ${sum}\n`));
  } else if (req.url === '/chunked') {
    res.write('one,');
    res.write('two,');
    res.end('three\n');
  } else if (req.url === '/slow') {
    setTimeout(() => res.end('slow\n'), 300);
  } else if (req.url === '/aborted') {
    res.end(`${aborted}\n`);
  } else {
    res.setHeader('Content-Type', 'text/plain');
    res.end(req.method === 'HEAD' ? undefined : 'hello\n');
  }
});
server.headersTimeout = 2000;           // the slow-header test waits for this
server.listen(8080);

const control = dgram.createSocket('udp4');
control.on('message', async (msg, rinfo) => {
  const [cmd, url] = msg.toString().split(' ');
  const reply = (text) => control.send(text, rinfo.port, rinfo.address);
  if (cmd === 'get') {
    http.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => reply(`${res.statusCode} ${body}`));
    }).on('error', (err) => reply(`error ${err.code}`));
  } else if (cmd === 'fetch') {
    try {
      const r = await fetch(url);
      reply(`${r.status} ${await r.text()}`);
    } catch (err) {
      reply(`error ${err.cause?.code ?? err.message}`);
    }
  } else if (cmd === 'stop') {
    console.log('HTTP done');
    isolate.exit(0);
  }
});
control.bind(9001, () => console.log('HTTP ready'));
