# What the host-side drivers of tests/sockets.sh and tests/http.sh share:
# boot an app with bin/rtjs and forwarded ports, follow its console, talk
# to its UDP control port, and report PASS/FAIL lines.
import re, socket, subprocess, sys, threading, time


class Guest:
    def __init__(self, prefix, work, machine, app, ports, ready_line, extra=()):
        self.prefix = prefix
        self.machine = machine
        self.monitor = f'{work}/mon-{machine}.sock'
        cmd = ['bin/rtjs', 'run', app, '--machine', machine, '--timeout', '240']
        for p in ports:
            cmd += ['--port', p]
        cmd += ['--', '-monitor', f'unix:{self.monitor},server=on,wait=off', *extra]
        self.log = open(f'{work}/{machine}.log', 'w')
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors='replace')
        self.ports, self.lines = {}, []
        self.ready_line = ready_line
        self.ready = threading.Event()
        threading.Thread(target=self._console, daemon=True).start()
        if not self.ready.wait(60) or self.proc.poll() is not None:
            self.report('boot', False, f'no "{ready_line}" within 60 s: ' + ''.join(self.lines[-5:]))
            sys.exit(0)

    def _console(self):
        for line in self.proc.stdout:
            self.log.write(line)
            self.log.flush()
            self.lines.append(line)
            m = re.match(r'rtjs: (udp|tcp) port (\d+) of the app is 127\.0\.0\.1:(\d+) here', line)
            if m:
                self.ports[m[1], int(m[2])] = int(m[3])
            if line.startswith(self.ready_line):
                self.ready.set()
        self.ready.set()

    def report(self, name, ok, why=''):
        print(f"{'PASS' if ok else 'FAIL'} {self.prefix}/{self.machine}/{name}{'' if ok else ': ' + why}", flush=True)

    def note(self, text):
        print(f'note: {self.machine} {text}', flush=True)

    def port(self, proto, guest_port):
        return self.ports[proto, guest_port]

    def control(self, text, timeout=20):
        """Sends a command to the app's control port (UDP 9001); its reply, or None."""
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(timeout)
        s.sendto(text.encode(), ('127.0.0.1', self.port('udp', 9001)))
        try:
            return s.recvfrom(65536)[0].decode()
        except socket.timeout:
            return None
        finally:
            s.close()

    def set_link(self, up):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as m:
            m.settimeout(5)
            m.connect(self.monitor)
            m.recv(4096)
            m.sendall(f"set_link net0 {'on' if up else 'off'}\n".encode())
            time.sleep(0.2)

    def monitor_command(self, command):
        """One human-monitor command's output (escape sequences removed)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as m:
            m.settimeout(5)
            m.connect(self.monitor)
            m.recv(4096)
            m.sendall(command.encode() + b'\n')
            time.sleep(0.5)
            out = b''
            try:
                while True:
                    chunk = m.recv(65536)
                    if not chunk:
                        break
                    out += chunk
                    if out.rstrip().endswith(b'(qemu)'):
                        break
            except OSError:
                pass
        text = re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', out.decode(errors='replace'))
        return text.split('\n', 1)[1] if '\n' in text else text

    def virtio_net_queues(self):
        """QEMU's view of the network card's rings (receive 0, transmit 1):
        what the device took, used and signalled; for a stalled transfer."""
        try:
            paths = re.findall(r'^(\S+) \[virtio-net\]', self.monitor_command('info virtio'), re.M)
            if not paths:
                return 'no virtio-net in "info virtio"'
            out = []
            for q in (0, 1):
                status = self.monitor_command(f'info virtio-queue-status {paths[0]} {q}')
                fields = dict(re.findall(r'^\s*(\w+):\s+(\S+)', status, re.M))
                out.append(f"queue {q}: " + ' '.join(f'{k}={fields.get(k)}' for k in (
                    'last_avail_idx', 'shadow_avail_idx', 'used_idx', 'signalled_used', 'inuse')))
            return '; '.join(out)
        except OSError as e:
            return f'monitor: {e}'

    def wait_line(self, text, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if any(text in l for l in self.lines):
                return True
            time.sleep(0.1)
        return False

    def stop(self):
        """Asks the app to exit ("stop") and reports its exit code."""
        self.control('stop', timeout=2)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = 'killed'
        self.report('exit-code', rc == 0, f'exit {rc}: ' + ' | '.join(l.rstrip() for l in self.lines[-3:]))
