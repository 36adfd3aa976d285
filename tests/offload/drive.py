# Host side of tests/offload.sh, run inside a network namespace of its own
# with a tap device rtjs-tap0 (10.9.0.1/24): boots the guest on the tap
# with QEMU dumping every frame, talks to it, then checks the dump.
# python3 drive.py WORKDIR MACHINE
import hashlib, os, socket, struct, subprocess, sys, threading, time

work, machine = sys.argv[1:3]
GUEST = '10.9.0.2'
prefix = f'offload/{machine}'


def report(name, ok, why=''):
    print(f"{'PASS' if ok else 'FAIL'} {prefix}/{name}{'' if ok else ': ' + why}", flush=True)


pcap = f'{work}/{machine}.pcap'
device = 'virtio-net-device' if machine == 'microvm' else 'virtio-net-pci'
log = open(f'{work}/{machine}.log', 'w')
proc = subprocess.Popen(
    ['bin/rtjs', 'run', 'tests/offload/app.js', '--machine', machine, '--timeout', '180',
     '--cmdline', f'ip={GUEST}/24,gw=10.9.0.1', '--',
     '-netdev', 'tap,id=t0,ifname=rtjs-tap0,script=no,downscript=no,vnet_hdr=on',
     '-device', f'{device},netdev=t0', '-object', f'filter-dump,id=d0,netdev=t0,file={pcap}'],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors='replace')
lines, ready = [], threading.Event()


def console():
    for line in proc.stdout:
        log.write(line)
        log.flush()
        lines.append(line)
        if line.startswith('OFFLOAD ready'):
            ready.set()
    ready.set()


threading.Thread(target=console, daemon=True).start()
if not ready.wait(90) or proc.poll() is not None:
    report('boot', False, 'no "OFFLOAD ready" within 90 s: ' + ''.join(lines[-5:]))
    sys.exit(0)


def control(text, timeout=30):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    s.sendto(text.encode(), (GUEST, 7001))
    try:
        return s.recvfrom(65535)[0]
    except OSError:
        return None


def echo(family, address, size):
    data = os.urandom(size)
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(address)
    got = bytearray()

    def reader():
        while len(got) < size:
            b = s.recv(65536)
            if not b:
                break
            got.extend(b)

    t = threading.Thread(target=reader)
    t.start()
    start = time.time()
    s.sendall(data)
    t.join(60)
    s.close()
    return bytes(got) == data, len(got), time.time() - start


import json
st = json.loads(control('stats') or b'{}')
features = st.get('features', [])
report('device-offers-csum', 'csum' in features and 'guest_csum' in features, f'features {features}')

ok, n, secs = echo(socket.AF_INET, (GUEST, 7000), 4 << 20)
report('tcp4-echo-4MiB', ok, f'{n} bytes back')
print(f'note: {machine} 4 MiB TCP echo over the tap in {secs:.2f} s', flush=True)

# IPv6 link-local: the guest's address from its MAC (SLAAC's interface id)
ll = 'fe80::5054:ff:fe12:3456'
for _ in range(50):
    try:
        ok, n, _ = echo(socket.AF_INET6, (ll, 7000, 0, socket.if_nametoindex('rtjs-tap0')), 1 << 20)
        break
    except OSError as e:
        ok, n = False, str(e)
        time.sleep(0.2)
report('tcp6-echo-1MiB', ok, f'{n}')

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(5)
for size in (1400, 6000):          # 6000: fragments, whose checksum lwIP computes
    msg = os.urandom(size)
    u.sendto(msg, (GUEST, 7001))
    try:
        back = u.recvfrom(65535)[0]
    except OSError:
        back = b''
    report(f'udp-echo-{size}', back == msg, f'{len(back)} bytes back')

r = control('own ' + GUEST)
report('own-address-tcp', r == b'same', f'{r}')

st = json.loads(control('stats') or b'{}')
report('tx-offloaded', st.get('txCsumOffloaded', 0) >= 1000, f'stats {st}')
report('rx-device-validated', st.get('rxCsumValid', 0) >= 1000, f'stats {st}')
proc.terminate()
proc.wait(10)


# The dump: every TCP segment the guest sent carries in its checksum field
# either the pseudo-header sum (offloaded: the card completes it) or a
# complete checksum; every UDP datagram a complete one.
def fold(s):
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def sum16(b):
    if len(b) % 2:
        b += b'\0'
    return sum(struct.unpack(f'!{len(b) // 2}H', b))


MAC = bytes.fromhex('525400123456')
partial = complete = bad = 0
udp_ok = udp_bad = 0
raw = open(pcap, 'rb').read()
at = 24
while at + 16 <= len(raw):
    caplen = struct.unpack_from('<I', raw, at + 8)[0]
    f = raw[at + 16: at + 16 + caplen]
    at += 16 + caplen
    # QEMU's dump of a tap netdev keeps the 12-byte virtio-net header
    hdr = None
    if f[18:24] == MAC:
        hdr, f = f[:12], f[12:]
    elif f[6:12] != MAC:
        continue
    etype = struct.unpack_from('!H', f, 12)[0]
    if etype == 0x0800:
        ihl = (f[14] & 15) * 4
        total, = struct.unpack_from('!H', f, 16)
        proto, frag = f[23], struct.unpack_from('!H', f, 20)[0] & 0x3fff
        if frag:
            continue
        l4 = f[14 + ihl: 14 + total]
        pseudo = sum16(f[26:34]) + proto + len(l4)
    elif etype == 0x86dd:
        proto, plen = f[20], struct.unpack_from('!H', f, 18)[0]
        l4 = f[54: 54 + plen]
        pseudo = sum16(f[22:54]) + proto + len(l4)
    else:
        continue
    if proto == 6:
        field, = struct.unpack_from('!H', l4, 16)
        start = 54 if etype == 0x86dd else 14 + ihl
        asked = hdr is not None and hdr[0] & 1 and struct.unpack_from('<HH', hdr, 6) == (start, 16)
        if field == fold(pseudo) and (hdr is None or asked):
            partial += 1
        elif fold(pseudo + sum16(l4)) == 0xffff:
            complete += 1
        else:
            bad += 1
    elif proto == 17:
        if fold(pseudo + sum16(l4)) == 0xffff or (etype == 0x0800 and l4[6:8] == b'\0\0'):
            udp_ok += 1
        else:
            udp_bad += 1
report('tcp-fields-right', partial >= 1000 and bad == 0,
       f'{partial} partial, {complete} complete, {bad} wrong')
report('udp-checksums-complete', udp_ok >= 2 and udp_bad == 0, f'{udp_ok} right, {udp_bad} wrong')
print(f'note: {machine} dump: {partial} TCP segments left to the card, {complete} complete, {udp_ok} UDP', flush=True)
