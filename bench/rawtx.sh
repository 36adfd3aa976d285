#!/bin/sh
# make bench: raw frames/s on virtio-net, from a JavaScript loop (hw.net)
# and from the C driver itself (rtjs.bench-tx), each counted on arrival by
# a UDP socket that is the other end of QEMU's -netdev socket.
set -eu
cd "$(dirname "$0")/.."
COUNT=20000
python3 - "$COUNT" <<'PY'
import socket, subprocess, sys, threading, time
count = int(sys.argv[1])
for label, app, extra in (('JavaScript (hw.net)', 'bench/rawtx/js.js', []),
                          ('C driver', 'bench/rawtx/idle.js', ['--cmdline', f'rtjs.bench-tx={count}'])):
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sink.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)   # SO_RCVBUFFORCE
    except OSError:
        pass
    sink.bind(('127.0.0.1', 0))
    q = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); q.bind(('127.0.0.1', 0)); qport = q.getsockname()[1]; q.close()
    got = [0]
    def count_frames():
        sink.settimeout(2)
        while True:
            try:
                d = sink.recv(2048)
            except socket.timeout:
                return
            if len(d) > 14 and d[12:14] == b'\x88\xb5':
                got[0] += 1
    t = threading.Thread(target=count_frames); t.start()
    out = subprocess.run(['bin/rtjs', 'run', app, '--timeout', '60', '--env', f'COUNT={count}', *extra, '--',
                          '-netdev', f'socket,id=n0,udp=127.0.0.1:{sink.getsockname()[1]},localaddr=127.0.0.1:{qport}',
                          '-device', 'virtio-net-device,netdev=n0,mac=52:54:00:12:34:56'],
                         capture_output=True, text=True).stdout
    t.join()
    line = next((l for l in out.splitlines() if l.startswith('bench:')), 'no figure: ' + out[-200:])
    print(f'raw TX, {label}: {line.split(": ", 1)[-1]}; {got[0]} arrived')
PY
