#!/usr/bin/env bash
# Malformed packets at the guest's TCP/IP stack: QEMU's -netdev socket
# makes this script the other end of the guest's wire. It checks that the
# stack answers (ARP, ping, UDP echo), sends thousands of broken frames
# (truncated and lying headers, bad checksums, overlapping fragments, bad
# TCP options, random bytes, seeded mutations of good packets), and checks
# that it still answers and the app ran on; floods an open connection with
# segments past a hole. Prints PASS/FAIL lines.
# Usage: badpackets.sh WORKDIR [machine...]
set -uo pipefail
cd "$(dirname "$0")/.."
work=${1:?usage: badpackets.sh WORKDIR [machine...]}
shift
machines=("$@")
[ ${#machines[@]} -gt 0 ] || machines=(microvm)
mkdir -p "$work"

cat >"$work/peer.py" <<'PEER'
import random, socket, struct, subprocess, sys, threading, time
work, machine = sys.argv[1:3]
GUEST_MAC = bytes.fromhex('525400123456')
HOST_MAC = bytes.fromhex('020000000001')
GUEST_IP, HOST_IP = bytes([192, 168, 50, 2]), bytes([192, 168, 50, 1])

def report(name, ok, why=''):
    print(f"{'PASS' if ok else 'FAIL'} badpackets/{machine}/{name}{'' if ok else ': ' + why}", flush=True)

def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack(f'!{len(data) // 2}H', data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def eth(payload, ethertype=0x0800, dst=GUEST_MAC):
    return dst + HOST_MAC + struct.pack('!H', ethertype) + payload

def ipv4(proto, payload, ttl=64, ident=1, frag=0, src=HOST_IP, dst=GUEST_IP, ihl=5, total=None, options=b''):
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, total if total is not None else 20 + len(options) + len(payload),
                    ident, frag, ttl, proto, 0, src, dst) + options
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload

def udp(sport, dport, data, fix=True):
    u = struct.pack('!HHHH', sport, dport, 8 + len(data), 0) + data
    if fix:
        pseudo = HOST_IP + GUEST_IP + struct.pack('!BBH', 0, 17, len(u))
        u = u[:6] + struct.pack('!H', csum(pseudo + u) or 0xffff) + u[8:]
    return u

def icmp_echo(ident, seq, data=b'rtjs'):
    m = struct.pack('!BBHHH', 8, 0, 0, ident, seq) + data
    return m[:2] + struct.pack('!H', csum(m)) + m[4:]

def tcp(sport, dport, flags, seq=1000, ack=0, data=b'', offset=5, options=b''):
    t = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, offset << 4, flags, 8192, 0, 0) + options + data
    pseudo = HOST_IP + GUEST_IP + struct.pack('!BBH', 0, 6, len(t))
    return t[:16] + struct.pack('!H', csum(pseudo + t)) + t[18:]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)   # the guest's bursts of ACKs, whole
sock.bind(('127.0.0.1', 0))
port_host = sock.getsockname()[1]
s2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s2.bind(('127.0.0.1', 0)); port_qemu = s2.getsockname()[1]; s2.close()
nic = ('virtio-net-device' if machine == 'microvm' else 'virtio-net-pci') + ',netdev=n0,mac=52:54:00:12:34:56'
cmd = ['bin/rtjs', 'run', 'tests/badpackets/app.js', '--machine', machine, '--timeout', '120',
       '--cmdline', 'ip=192.168.50.2/24,gw=192.168.50.1', '--',
       '-netdev', f'socket,id=n0,udp=127.0.0.1:{port_host},localaddr=127.0.0.1:{port_qemu}', '-device', nic]
log = open(f'{work}/{machine}.log', 'w')
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors='replace')
lines, ready = [], threading.Event()
def console():
    for line in proc.stdout:
        log.write(line); log.flush(); lines.append(line)
        if line.startswith('BADPACKETS ready'):
            ready.set()
    ready.set()
threading.Thread(target=console, daemon=True).start()
if not ready.wait(60) or proc.poll() is not None:
    report('boot', False, ''.join(lines[-5:]))
    sys.exit(0)

def send(frame):
    sock.sendto(frame, ('127.0.0.1', port_qemu))

def expect(pred, seconds=3):
    end = time.monotonic() + seconds
    sock.settimeout(0.2)
    while time.monotonic() < end:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        if pred(data):
            return data
    return None

def alive(tag):
    """ARP, ping and UDP echo all answer."""
    send(eth(struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1, HOST_MAC, HOST_IP, b'\0' * 6, GUEST_IP), 0x0806, b'\xff' * 6))
    arp = expect(lambda d: d[12:14] == b'\x08\x06' and d[20:22] == b'\x00\x02')
    seq = random.randrange(1, 60000)
    send(eth(ipv4(1, icmp_echo(0x4242, seq))))
    pong = expect(lambda d: d[12:14] == b'\x08\x00' and d[23] == 1 and d[34] == 0 and d[40:42] == struct.pack('!H', seq))
    send(eth(ipv4(17, udp(40000, 7, tag.encode()))))
    back = expect(lambda d: d[12:14] == b'\x08\x00' and d[23] == 17 and d[42:] == tag.encode())
    return arp is not None, pong is not None, back is not None

a = alive('before')
report('stack-answers-before', all(a), f'arp, ping, udp echo: {a}')

rng = random.Random(20261124)
good = [eth(ipv4(1, icmp_echo(1, 1))), eth(ipv4(17, udp(40000, 7, b'x' * 40))),
        eth(ipv4(6, tcp(40001, 7, 0x02, options=b'\x02\x04\x05\xb4\x01\x03\x03\x07'))),
        eth(ipv4(6, tcp(40001, 80, 0x18, data=b'GET / HTTP/1.1\r\n\r\n')))]
bad = []
for g in good:
    for n in range(14, len(g)):           # every truncation
        bad.append(g[:n])
bad += [
    eth(ipv4(17, udp(1, 7, b'abc'), total=2000)),            # total length past the frame
    eth(ipv4(17, udp(1, 7, b'abc'), total=10)),              # total length under the header
    eth(ipv4(17, udp(1, 7, b'abc'), ihl=15)),                # header longer than the packet
    eth(ipv4(17, udp(1, 7, b'abc'), ihl=2)),                 # header shorter than 20 bytes
    eth(ipv4(17, udp(1, 7, b'abc', fix=False)[:6] + b'\x12\x34' + b'abc')),   # bad UDP checksum
    eth(ipv4(17, struct.pack('!HHHH', 1, 7, 4000, 0) + b'short')),            # UDP length lies
    eth(ipv4(6, tcp(1, 7, 0x02, offset=15))),                # TCP data offset past the segment
    eth(ipv4(6, tcp(1, 7, 0x02, offset=6, options=b'\x02\x00\x00\x00'))),     # MSS option of length 0
    eth(ipv4(6, tcp(1, 7, 0x02, offset=6, options=b'\x03\x01\x00\x00'))),     # window scale option too short
    eth(ipv4(6, tcp(1, 7, 0x3f))),                           # every flag at once
    eth(ipv4(1, b'\x08')),                                   # ICMP of one byte
    eth(ipv4(17, udp(1, 7, b'a' * 100), options=b'\x07\x03\xff\x00')),       # IP record-route option lying
    eth(b'\x60' + b'\0' * 3 + struct.pack('!HBB', 5000, 17, 64) + b'\0' * 32 + b'abc', 0x86dd),   # IPv6 payload length lies
    eth(b'\x60' + b'\0' * 20, 0x86dd),                       # IPv6 header cut short
    eth(b'\0' * 28, 0x0806),                                 # ARP of zeros
    eth(struct.pack('!HHBBH', 1, 0x0800, 6, 4, 99) + b'\0' * 20, 0x0806, b'\xff' * 6),   # ARP opcode 99
]
for ident in range(40):                                      # overlapping and endless fragments
    payload = bytes(rng.randrange(256) for _ in range(64))
    bad.append(eth(ipv4(17, payload, ident=ident, frag=0x2000)))                # more fragments follow…
    bad.append(eth(ipv4(17, payload, ident=ident, frag=0x2000 | 4)))            # …overlapping the first
    bad.append(eth(ipv4(17, payload, ident=ident, frag=0x1fff)))                # at the last offset
for _ in range(1500):                                        # seeded mutations of good packets
    f = bytearray(rng.choice(good))
    for _ in range(rng.randrange(1, 6)):
        f[rng.randrange(14, len(f))] = rng.randrange(256)
    bad.append(bytes(f))
for _ in range(500):                                         # random bytes behind an IPv4 EtherType
    bad.append(eth(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))))
for i, f in enumerate(bad):
    send(f)
    if i % 50 == 49:
        time.sleep(0.01)
time.sleep(1)
a = alive('after')
report('stack-answers-after-%d-bad-frames' % len(bad), all(a), f'arp, ping, udp echo: {a}')
# A peer that sends segments past a hole: 600 of one byte each, in the
# window of an open connection. Each would wait in a pbuf of lwIP's receive
# pool; the stack keeps only a bounded number, so no frame that follows
# meets an empty pool (the card's rxDropped stays 0) and ARP, ping and UDP
# answer; once the hole is filled, the app gets every byte kept, in order.
def drain(quiet=0.3):
    """Reads what the guest sent (its duplicate ACKs) until it is quiet."""
    sock.settimeout(quiet)
    try:
        while True:
            sock.recv(65536)
    except socket.timeout:
        pass
def tcp_from_guest(pred, seconds=3):
    return expect(lambda d: d[12:14] == b'\x08\x00' and d[23] == 6 and d[34:36] == struct.pack('!H', 80) and pred(d), seconds)
def app_counts():
    """(bytes the app's TCP server has, frames the card could not hand to the stack)"""
    send(eth(ipv4(17, udp(40000, 7, b'tcpbytes'))))
    r = expect(lambda d: d[12:14] == b'\x08\x00' and d[23] == 17 and d[42:].startswith(b'tcpbytes '), 1)
    return tuple(int(w) for w in r[42:].split()[1::2]) if r else None
drain()
counts0 = app_counts()
send(eth(ipv4(6, tcp(40100, 80, 0x02, seq=5000, options=b'\x02\x04\x05\xb4'), ident=7)))
synack = tcp_from_guest(lambda d: d[47] & 0x12 == 0x12)
if synack is None:
    report('out-of-sequence-flood', False, 'no SYN-ACK from port 80')
else:
    gseq = struct.unpack('!I', synack[38:42])[0]
    ack = (gseq + 1) & 0xffffffff
    send(eth(ipv4(6, tcp(40100, 80, 0x10, seq=5001, ack=ack))))
    for i in range(600):
        send(eth(ipv4(6, tcp(40100, 80, 0x18, seq=5002 + i, ack=ack, data=b'%c' % (65 + i % 26)))))
        if i % 50 == 49:
            time.sleep(0.01)
    drain()
    a = alive('after-ooseq')
    send(eth(ipv4(6, tcp(40100, 80, 0x18, seq=5001, ack=ack, data=b'<'))))   # the hole
    got = tcp_from_guest(lambda d: struct.unpack('!I', d[42:46])[0] - 5001 > 1)
    acked = (struct.unpack('!I', got[42:46])[0] - 5001) if got else 0
    for _ in range(10):                  # the app takes the bytes on its own thread
        counts = app_counts()
        if counts and counts[0] == acked:
            break
        time.sleep(0.2)
    want = (acked, counts0[1] if counts0 else None)
    report('out-of-sequence-flood', all(a) and acked > 1 and counts == want,
           f'arp, ping, udp echo after 600 segments past a hole: {a}; after the hole was filled the guest '
           f'acknowledged {acked} bytes; the app has (bytes, frames the card dropped) {counts}, expected {want}')
    send(eth(ipv4(6, tcp(40100, 80, 0x04, seq=5001 + max(acked, 1), ack=ack))))   # reset
report('no-kernel-panic', not any('panic' in l for l in lines), ''.join(l for l in lines if 'panic' in l)[:200])
send(eth(ipv4(17, udp(40000, 7, b'stop'))))
try:
    rc = proc.wait(timeout=30)
except subprocess.TimeoutExpired:
    proc.kill(); rc = 'killed'
report('app-ran-on', rc == 0, f'exit {rc}: ' + ' | '.join(l.rstrip() for l in lines[-3:]))
PEER

for machine in "${machines[@]}"; do
	python3 "$work/peer.py" "$work" "$machine"
done
