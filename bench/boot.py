#!/usr/bin/env python3
"""Boot-time figures: QEMU process start to the app's first console line,
and to power-off, for an empty app; the kernel's size; the smallest guest
memory that runs the hello app. Prints a table; asserts nothing."""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = os.path.join(ROOT, "build", "rtjs")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def kvm_usable():
    """KVM as bin/rtjs chooses it (not KVM-PVM, which cannot run rtjs)."""
    env = dict(os.environ)
    env.pop("RTJS_ACCEL", None)
    r = subprocess.run([os.path.join(ROOT, "bin", "rtjs"), "accel"], env=env,
                       capture_output=True, text=True)
    return r.stdout.strip() == "kvm"


def machine_args(machine):
    if machine == "microvm":
        return ["-M", "microvm,x-option-roms=off,rtc=on,pit=on"]
    return ["-M", machine]


def boot_once(machine, accel, initrd, mem=128):
    cmd = ["qemu-system-x86_64", *machine_args(machine), "-accel", accel, "-m", str(mem),
           "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
           "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-kernel", KERNEL, "-initrd", initrd]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    first = p.stdout.readline()
    t1 = time.perf_counter()
    out, err = p.communicate(timeout=120)
    t2 = time.perf_counter()
    if b"KVM internal error" in err:
        return None
    return (t1 - t0) * 1000, (t2 - t0) * 1000, first


def pack(tmp, source):
    app = os.path.join(tmp, "app")
    os.makedirs(app, exist_ok=True)
    with open(os.path.join(app, "index.js"), "w") as f:
        f.write(source)
    tar = os.path.join(tmp, "app.tar")
    subprocess.run([os.path.join(ROOT, "bin", "rtjs"), "pack", app, tar], check=True)
    return tar


def main():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tar = pack(tmp, "console.log('up');\n")
        configs = [("microvm", "tcg"), ("q35", "tcg")]
        if kvm_usable():
            configs = [("microvm", "kvm"), ("q35", "kvm")] + configs
        for machine, accel in configs:
            firsts, totals = [], []
            for _ in range(RUNS):
                r = boot_once(machine, accel, tar)
                if r is None:
                    break
                firsts.append(r[0])
                totals.append(r[1])
            if not firsts:
                rows.append((f"boot {machine}+{accel}", "KVM internal error", ""))
                continue
            rows.append((f"boot to first JS output, {machine}+{accel} (median of {len(firsts)})",
                         f"{statistics.median(firsts):.0f} ms",
                         "target <= 100 ms on microvm+KVM" if machine == "microvm" else ""))
            rows.append((f"boot to power-off, {machine}+{accel}", f"{statistics.median(totals):.0f} ms", ""))

        size = os.path.getsize(KERNEL)
        rows.append(("kernel image (stripped)", f"{size / 1048576:.2f} MiB ({size} bytes)", "target <= 2 MiB"))

        hello = pack(os.path.join(tmp, "hello"), "console.log('hello');\n")
        accel = "kvm" if kvm_usable() else "tcg"
        lo, hi = 2, 64
        while lo < hi:
            mid = (lo + hi) // 2
            r = boot_once("microvm", accel, hello, mem=mid)
            if r and r[2].strip() == b"hello":
                hi = mid
            else:
                lo = mid + 1
        rows.append(("smallest --mem that runs hello", f"{lo} MiB", "target <= 16 MiB"))

        t0 = time.perf_counter()
        n = 0
        try:
            for _ in range(RUNS):
                subprocess.run(["node", "-e", "console.log('up')"], check=True, capture_output=True)
                n += 1
            rows.append(("peer: node -e on the host (process start to exit)",
                         f"{(time.perf_counter() - t0) / n * 1000:.0f} ms", "not a VM: for scale only"))
        except (OSError, subprocess.CalledProcessError):
            pass

    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>22}  {note}")


if __name__ == "__main__":
    sys.exit(main())
