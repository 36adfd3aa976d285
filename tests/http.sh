#!/usr/bin/env bash
# HTTP between this machine and an app in the VM: bin/rtjs run --port
# tcp:8080 tests/http/server.js, driven with curl and Python; and the
# guest's http.get and fetch against a Python server here. Prints "PASS
# name" / "FAIL name: why" lines.
# Usage: http.sh WORKDIR [machine...]
set -uo pipefail
cd "$(dirname "$0")/.."
work=${1:?usage: http.sh WORKDIR [machine...]}
shift
machines=("$@")
[ ${#machines[@]} -gt 0 ] || machines=(microvm)
mkdir -p "$work"
for tool in python3 curl; do
	command -v $tool >/dev/null || { echo "FAIL http/tools: $tool is needed on the host (tools/install-host-deps.sh)"; exit 0; }
done

cat >"$work/drive.py" <<'DRIVE'
# python3 drive.py WORKDIR MACHINE
import http.server, socket, subprocess, sys, threading, time
sys.path.insert(0, 'tests/lib')
from guest import Guest

work, machine = sys.argv[1:3]
g = Guest('http', work, machine, 'tests/http/server.js', ['tcp:8080', 'udp:9001'], 'HTTP ready')
report, control = g.report, g.control
PORT = g.port('tcp', 8080)
BASE = f'http://127.0.0.1:{PORT}'

def curl(*args, data=None):
    r = subprocess.run(['curl', '-s', '--max-time', '30', *args], input=data, capture_output=True, timeout=60)
    return r.stdout

def raw(request, wait=5):
    """Sends request bytes on a fresh connection; returns all it gets until close or wait."""
    c = socket.create_connection(('127.0.0.1', PORT), timeout=wait)
    c.sendall(request)
    got = b''
    try:
        while True:
            chunk = c.recv(65536)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        got += b'<timeout>'
    except ConnectionResetError:
        got += b'<reset>'
    c.close()
    return got

out = curl('-i', BASE + '/')
report('get', out.startswith(b'HTTP/1.1 200 OK\r\n') and out.endswith(b'\r\n\r\nhello\n') and b'Content-Length: 6' in out, repr(out[:200]))

data = bytes((i * 7 + 3) & 0xff for i in range(1 << 20))
s = 0
for b in data:
    s = (s * 31 + b) & 0xffffffff
out = curl('--data-binary', '@-', '-H', 'Content-Type: application/octet-stream', BASE + '/sum', data=data)
report('post-1mib', out == f'{len(data)} {s}\n'.encode(), repr(out))
out = curl('--data-binary', '@-', '-H', 'Transfer-Encoding: chunked', BASE + '/sum', data=data[:100000])
s2 = 0
for b in data[:100000]:
    s2 = (s2 * 31 + b) & 0xffffffff
report('post-chunked-body', out == f'100000 {s2}\n'.encode(), repr(out))

out = curl('-i', BASE + '/chunked')
report('chunked-response', b'Transfer-Encoding: chunked' in out and out.endswith(b'one,two,three\n'), repr(out[-80:]))
out = curl('-I', BASE + '/')
report('head-has-no-body', out.startswith(b'HTTP/1.1 200') and out.endswith(b'\r\n\r\n'), repr(out[-80:]))
out = raw(b'GET / HTTP/1.0\r\n\r\n')
report('http-1.0-closes', out.startswith(b'HTTP/1.0 200 OK') and out.endswith(b'hello\n'), repr(out[-80:]))

t0 = time.monotonic()
cfg = ''.join(f'url = {BASE}/{i}\noutput = /dev/null\n' for i in range(1000)).encode()
r = subprocess.run(['curl', '-s', '--max-time', '120', '-K', '-', '-w', '%{http_code} %{num_connects}\n'],
                   input=cfg, capture_output=True, timeout=180)
codes = r.stdout.decode().split('\n')[:-1]
ms = (time.monotonic() - t0) * 1000
g.note(f'1000 keep-alive requests in {ms:.0f} ms, {sum(c.endswith(" 1") for c in codes)} new connections')
report('keep-alive-1000', len(codes) == 1000 and all(c.startswith('200') for c in codes) and
       sum(c.endswith(' 1') for c in codes) == 1, f'{len(codes)} answers, {codes[:3]}')

out = raw(b'GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
report('pipelined-in-order', out.count(b'HTTP/1.1 200') == 2 and out.index(b'slow\n') < out.index(b'hello\n'), repr(out[-120:]))

results = [None] * 100
conns = []
try:
    for i in range(100):
        conns.append(socket.create_connection(('127.0.0.1', PORT), timeout=30))
        time.sleep(0.005)
    for i, c in enumerate(conns):
        c.sendall(f'GET /{i} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'.encode())
    for i, c in enumerate(conns):
        got = b''
        while True:
            chunk = c.recv(4096)
            if not chunk:
                break
            got += chunk
        results[i] = got.startswith(b'HTTP/1.1 200') and got.endswith(b'hello\n')
except OSError as e:
    results.append(repr(e))
for c in conns:
    c.close()
report('100-concurrent-connections', all(r is True for r in results[:100]), f'{sum(r is True for r in results)} of 100 {results[100:]}')

out = raw(b'GARBAGE /\r\n\r\n')
report('malformed-is-400', out.startswith(b'HTTP/1.1 400 Bad Request\r\n'), repr(out[:80]))
out = raw(b'GET / HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'a' * 20000 + b'\r\n\r\n')
report('oversized-head-is-431', out.startswith(b'HTTP/1.1 431 '), repr(out[:80]))
t0 = time.monotonic()
out = raw(b'GET / HTTP/1.1\r\nHost: x\r\nX-Half', wait=10)
ms = (time.monotonic() - t0) * 1000
report('slow-head-timed-out-and-closed', out.startswith(b'HTTP/1.1 408 ') and ms < 8000, f'{out[:60]!r} after {ms:.0f} ms')

# A client that resets in the middle of a body: the request is aborted, the server serves on
c = socket.create_connection(('127.0.0.1', PORT), timeout=10)
c.sendall(b'POST /sum HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n' + b'x' * 50000)
time.sleep(0.3)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00')
c.close()
time.sleep(0.5)
out = curl(BASE + '/aborted')
report('reset-mid-body-aborts-request', out == b'1\n', repr(out))
report('serves-after-bad-clients', curl(BASE + '/') == b'hello\n')

# The guest as a client of this machine (10.0.2.2 in QEMU's user network)
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f'host saw {self.path}'.encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
threading.Thread(target=srv.serve_forever, daemon=True).start()
hp = srv.server_address[1]
r = control(f'get http://10.0.2.2:{hp}/from-http-get')
report('guest-http-get', r == '200 host saw /from-http-get', repr(r))
r = control(f'fetch http://10.0.2.2:{hp}/from-fetch')
report('guest-fetch', r == '200 host saw /from-fetch', repr(r))
r = control('fetch http://10.0.2.2:1/')
report('guest-fetch-refused', r == 'error ECONNREFUSED', repr(r))
srv.shutdown()

g.stop()
DRIVE

for machine in "${machines[@]}"; do
	python3 "$work/drive.py" "$work" "$machine"
done
