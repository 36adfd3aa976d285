#!/usr/bin/env python3
"""Network figures: boots bench/net/app.mjs on rtjs and on Node.js in the
Linux guest of bench/linux-guest, each through bin/rtjs run (the same QEMU
machine, accelerator, memory and user-network backend), measures from this
machine and prints a table: each figure for both and the ratio, medians
over NETBENCH_ROUNDS (3) alternating runs. Asserts nothing.
Usage: drive.py [LINUX_GUEST_DIR] (without it, rtjs alone);
NETBENCH_ONLY=rtjs|linux runs one side, NETBENCH_MACHINE=q35 another machine,
NETBENCH_VERBOSE=1 prints every run's figures too."""
import os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
APP = os.path.join(ROOT, "bench", "net", "app.mjs")
MACHINE = os.environ.get("NETBENCH_MACHINE", "microvm")
MEM = os.environ.get("NETBENCH_MEM", "512")
HTTP_SECONDS = int(os.environ.get("NETBENCH_HTTP_SECONDS", "10"))
UDP_SECONDS = float(os.environ.get("NETBENCH_UDP_SECONDS", "5"))
BULK_MIB = int(os.environ.get("NETBENCH_BULK_MIB", "64"))
BOOT_TIMEOUT = 180


def host_tsc_khz():
    # Under TCG the guest's TSC is this machine's: tell Linux its rate, as
    # calibrating it against microvm's PIT fails now and then (DESIGN.md).
    with open("/proc/cpuinfo") as f:
        m = re.search(r"^cpu MHz\s*:\s*([0-9.]+)", f.read(), re.M)
    return int(float(m[1]) * 1000) if m else None


def command(kind, tmp, guest):
    cmd = [os.path.join(ROOT, "bin", "rtjs"), "run", "--machine", MACHINE, "--mem", MEM,
           "--port", "tcp:8080", "--port", "udp:9000", "--port", "tcp:9001"]
    if kind == "rtjs":
        return cmd + [APP]
    # The app goes in as a second cpio archive after the prebuilt one: Linux
    # unpacks both into its initramfs.
    app = os.path.join(tmp, "app")
    os.makedirs(app)
    with open(APP, "rb") as f, open(os.path.join(app, "app.mjs"), "wb") as g:
        g.write(f.read())
    initrd = os.path.join(tmp, "initrd.cpio")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "linux-guest", "mkcpio.py"), app,
                    os.path.join(tmp, "app.cpio")], check=True)
    with open(initrd, "wb") as out:
        for part in (os.path.join(guest, "initramfs.cpio"), os.path.join(tmp, "app.cpio")):
            with open(part, "rb") as f:
                while block := f.read(1 << 22):
                    out.write(block)
    # tsc=reliable: Linux's clocksource watchdog, fooled by TCG's timing,
    # otherwise now and then drops the TSC for jiffies.
    words = "console=ttyS0 quiet panic=-1 tsc=reliable"
    khz = host_tsc_khz()
    if khz:
        words += f" tsc_early_khz={khz}"
    return cmd + ["--kernel", os.path.join(guest, "vmlinuz"), "--cmdline", words, "--", "-initrd", initrd]


def backlog_shim(tmp):
    """bench/net/listen-backlog.c built for LD_PRELOAD, or None (no gcc, or
    NETBENCH_BACKLOG=qemu to keep QEMU's own backlog of 1)."""
    if os.environ.get("NETBENCH_BACKLOG") == "qemu" or not shutil.which("gcc"):
        return None
    out = os.path.join(tmp, "listen-backlog.so")
    r = subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-o", out,
                        os.path.join(ROOT, "bench", "net", "listen-backlog.c")], capture_output=True)
    return out if r.returncode == 0 else None


class Guest:
    def __init__(self, cmd, log, preload=None):
        env = dict(os.environ, RTJS_ACCEL="tcg")
        if preload:
            env["LD_PRELOAD"] = preload
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env, text=True, errors="replace", start_new_session=True)
        self.ports, self.lines, self.runtime = {}, [], None
        self.ready, self.ready_s = threading.Event(), None
        self.log = open(log, "w")
        threading.Thread(target=self.console, daemon=True).start()

    def console(self):
        for line in self.proc.stdout:
            line = line.replace("\r", "")
            self.log.write(line)
            self.log.flush()
            self.lines.append(line)
            m = re.match(r"rtjs: (udp|tcp) port (\d+) of the app is 127\.0\.0\.1:(\d+) here", line)
            if m:
                self.ports[m[1], int(m[2])] = int(m[3])
            m = re.search(r"NETBENCH ready (.*)", line)
            if m:
                self.runtime = m[1].strip()
                self.ready_s = time.perf_counter() - self.t0
                self.ready.set()
        self.ready.set()

    def stop(self):
        try:
            http_get(self.ports["tcp", 8080], "/quit")
        except (OSError, KeyError):
            pass
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)     # bin/rtjs and its QEMU: their own group
            self.proc.wait()

    def tail(self, n=8):
        return "".join(self.lines[-n:]).strip()


def http_get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(4096):
            data += chunk
        return data


def ms(text):
    m = re.match(r"([0-9.]+)(us|ms|s)$", text)
    return float(m[1]) * {"us": 0.001, "ms": 1, "s": 1000}[m[2]]


def wrk(port, seconds, latency=False):
    args = ["wrk", "-t2", "-c16", f"-d{seconds}s", f"http://127.0.0.1:{port}/"]
    if latency:
        args.insert(1, "--latency")
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60).stdout
    r = {"raw": out}
    m = re.search(r"Requests/sec:\s*([0-9.]+)", out)
    if m:
        r["rps"] = float(m[1])
    for pct in ("50", "99"):
        m = re.search(rf"^\s*{pct}(?:\.000)?%\s+(\S+)", out, re.M)
        if m:
            r[f"p{pct}"] = ms(m[1])
    m = re.search(r"Socket errors: (.*)", out)
    if m:
        r["socket_errors"] = m[1].strip()
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        r["non2xx"] = int(m[1])
    return r


def udp(port, seconds):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("127.0.0.1", port))
    s.settimeout(0.5)
    times, lost, seq = [], 0, 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        seq += 1
        payload = seq.to_bytes(8, "little") + b"x" * 24          # 32 bytes
        t0 = time.perf_counter_ns()
        s.send(payload)
        try:
            while True:
                data = s.recv(2048)
                if data == payload:
                    break                                       # a late answer to an earlier one: skip
            times.append(time.perf_counter_ns() - t0)
        except socket.timeout:
            lost += 1
    s.close()
    r = {"count": len(times), "lost": lost}
    if times:
        times.sort()
        r["rps"] = len(times) / seconds
        r["p50"] = times[len(times) // 2] / 1e6
        r["p99"] = times[min(len(times) - 1, int(len(times) * 0.99))] / 1e6
    return r


def bulk(port, mib):
    pattern = bytes(i % 251 for i in range(65536))
    ref = pattern * 18                                         # any 1 MiB read at any offset
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    got, bad = 0, None
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        t0 = time.perf_counter()
        s.sendall(f"{mib}\n".encode())
        while True:
            n = s.recv_into(buf)
            if n == 0:
                break
            if bad is None and bytes(view[:n]) != ref[got % 65536:got % 65536 + n]:
                bad = got + next(i for i in range(n) if buf[i] != ref[got % 65536 + i])
            got += n
        dt = time.perf_counter() - t0
    r = {"bytes": got, "seconds": dt, "mbs": got / dt / 1e6}
    if bad is not None:
        r["first_wrong_byte"] = bad
    return r


def run_once(kind, guest, preload):
    result = {"kind": kind}
    with tempfile.TemporaryDirectory() as tmp:
        g = Guest(command(kind, tmp, guest), os.path.join(tmp, "console.log"), preload)
        try:
            if not g.ready.wait(BOOT_TIMEOUT) or g.runtime is None:
                result["error"] = f"not ready within {BOOT_TIMEOUT} s"
                return result
            result["runtime"] = g.runtime
            result["ready_s"] = g.ready_s
            http, udp_port, bulk_port = g.ports["tcp", 8080], g.ports["udp", 9000], g.ports["tcp", 9001]
            phases = [("udp-warmup", lambda: udp(udp_port, 0.5))]  # ARP, Node's JIT, caches
            if shutil.which("wrk"):
                phases += [("http-warmup", lambda: wrk(http, 2)),
                           ("http", lambda: wrk(http, HTTP_SECONDS, latency=True))]
            phases += [("udp", lambda: udp(udp_port, UDP_SECONDS)), ("bulk", lambda: bulk(bulk_port, BULK_MIB))]
            for name, phase in phases:
                try:
                    value = phase()
                except (OSError, subprocess.SubprocessError) as e:
                    value = {"error": f"{type(e).__name__}: {e}"}
                if not name.endswith("warmup") or "error" in value:
                    result[name] = value
            if g.proc.poll() is not None:
                result["error"] = "the guest stopped during the run"
        finally:
            g.stop()
            result["console"] = g.tail(20)
    return result


def run(kind, guest, preload):
    """run_once, and once more when something outside killed the VM (QEMU
    says "terminating on signal"): on a shared machine that happens."""
    result = run_once(kind, guest, preload)
    if result.get("error") and "terminating on signal" in result.get("console", ""):
        killed = re.search(r"terminating on signal.*", result["console"])[0]
        result = run_once(kind, guest, preload)
        result["retried"] = killed
    return result


def fmt(value, unit):
    if value is None:
        return ""
    digits = 0 if unit in ("req/s", "rt/s") else 2 if value < 100 else 1
    return f"{value:.{digits}f} {unit}"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def report(runs):
    """runs: {"rtjs": [result per round], "linux": [...]}; each figure is the
    median over the rounds that produced it."""
    rows = [
        ("boot to serving (QEMU start to all 3 listening)", lambda r: r.get("ready_s"), "s"),
        (f"HTTP requests/s (wrk -t2 -c16 -d{HTTP_SECONDS}s, keep-alive)", lambda r: r.get("http", {}).get("rps"), "req/s"),
        ("HTTP latency p50 (wrk --latency)", lambda r: r.get("http", {}).get("p50"), "ms"),
        ("HTTP latency p99", lambda r: r.get("http", {}).get("p99"), "ms"),
        (f"UDP echo round trips/s (one at a time, 32 B, {UDP_SECONDS:g} s)", lambda r: r.get("udp", {}).get("rps"), "rt/s"),
        ("UDP round trip p50", lambda r: r.get("udp", {}).get("p50"), "ms"),
        ("UDP round trip p99", lambda r: r.get("udp", {}).get("p99"), "ms"),
        (f"TCP bulk guest->host ({BULK_MIB} MiB, 1 MB = 10^6 B)", lambda r: r.get("bulk", {}).get("mbs"), "MB/s"),
    ]
    rounds = max(len(v) for v in runs.values())
    title = f"network ({MACHINE}+tcg, {MEM} MiB, median of {rounds} runs)"
    print(f"{title:<56} {'rtjs':>16} {'linux+node':>16} {'rtjs/linux':>10}")
    for name, get, unit in rows:
        a, b = (median(get(r) for r in runs[kind]) for kind in ("rtjs", "linux"))
        ratio = f"{a / b:.2f}" if a and b else ""
        print(f"{name:<56} {fmt(a, unit):>16} {fmt(b, unit):>16} {ratio:>10}")
    if os.environ.get("NETBENCH_VERBOSE"):
        for name, get, unit in rows:
            each = {kind: " ".join(fmt(get(r), "").strip() or "-" for r in runs[kind]) for kind in runs}
            print(f"  each run: {name}: rtjs {each['rtjs']}; linux {each['linux']} ({unit})")
    print("(rtjs/linux: above 1 is better for rates, below 1 for times and latencies; both guests booted by\n"
          " bin/rtjs run: 1 vCPU, QEMU user network with hostfwd, virtio-net; measured from this machine)")
    for i, r in ((i, r) for kind in ("rtjs", "linux") for i, r in enumerate(runs[kind])):
        notes = []
        h, u, k = r.get("http", {}), r.get("udp", {}), r.get("bulk", {})
        if h.get("socket_errors"):
            notes.append(f"wrk socket errors: {h['socket_errors']}")
        if h.get("non2xx"):
            notes.append(f"{h['non2xx']} non-2xx HTTP answers")
        if "http" in r and "rps" not in h:
            notes.append("wrk printed no figures: " + h.get("raw", "").strip()[-200:])
        if u.get("lost"):
            notes.append(f"{u['lost']} UDP datagrams unanswered within 0.5 s")
        for phase, v in r.items():
            if isinstance(v, dict) and "error" in v:
                notes.append(f"{phase}: {v['error']}")
        if k and "error" not in k and k.get("bytes") != BULK_MIB << 20:
            notes.append(f"bulk: {k.get('bytes')} bytes received of {BULK_MIB << 20}")
        if "first_wrong_byte" in k:
            notes.append(f"bulk: wrong data from byte {k['first_wrong_byte']}")
        if r.get("error"):
            notes.append(r["error"])
        failed = r.get("error") or any(isinstance(v, dict) and "error" in v for v in r.values())
        if failed:
            notes.append("console: " + r.get("console", "").replace("\n", "\n    "))
        if r.get("retried"):
            notes.append(f"measured again: the first VM was stopped from outside ({r['retried']})")
        for n in notes:
            print(f"  {r['kind']}, round {i + 1}: {n}")


def main():
    guest = sys.argv[1] if len(sys.argv) > 1 else None
    only = os.environ.get("NETBENCH_ONLY")
    rounds = int(os.environ.get("NETBENCH_ROUNDS", "3"))
    kinds = [k for k in ("rtjs", "linux") if only in (None, "", k) and (k == "rtjs" or guest)]
    runs = {"rtjs": [], "linux": []}
    with tempfile.TemporaryDirectory() as tmp:
        preload = backlog_shim(tmp)
        for i in range(rounds):
            for kind in kinds if i % 2 == 0 else kinds[::-1]:    # alternate: slow drifts of load cancel
                runs[kind].append(run(kind, guest if kind == "linux" else None, preload))
    report(runs)
    if preload:
        print("  (both QEMUs with bench/net/listen-backlog.c preloaded: QEMU's user network listens on forwarded\n"
              "   ports with a backlog of 1, and wrk's 16 connections would otherwise open over ~8 s of SYN retries)")
    else:
        print("  (QEMU's own listen backlog of 1 for forwarded ports: wrk's 16 connections open over seconds of SYN retries)")
    if not shutil.which("wrk"):
        print("  (no wrk here: tools/install-host-deps.sh installs it)")


if __name__ == "__main__":
    main()
