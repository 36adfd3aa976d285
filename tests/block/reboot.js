// Persistence across a reboot inside one VM: the first boot (no marker on
// the disk) checks that an unprivileged isolate cannot reach hw.power,
// writes data and then the marker, and calls hw.power.reboot(), which
// flushes; the kernel boots again in the same QEMU, finds the marker,
// checks the data and exits 0. block.sh checks the boot happened twice.
import block from 'rtjs:block';
import hw from 'rtjs:hw';

const MARKER_LBA = 63, DATA_LBA = 64, SECTORS = 32;
const MAGIC = 'rtjs-reboot-test';
const name = `block/${isolate.system.machine}`;
const check = (what, ok, why = '') => console.log(`${ok ? 'PASS' : 'FAIL'} ${name}/${what}${ok ? '' : ': ' + why}`);
const pattern = (seed) => new Uint8Array(SECTORS * 512).map((_, i) => (i * 31 + seed) & 255);

const [d] = block.devices();
const marker = new Uint8Array(await block.read(d, MARKER_LBA, 1));
const text = new TextDecoder().decode(marker.subarray(0, MAGIC.length));

if (text !== MAGIC) {
  const child = await isolate.spawn({
    source: `import('rtjs:hw').then((hw) => hw.default.power.reboot().then(() => isolate.exit(9), () => isolate.exit(8)),
                                    (e) => isolate.exit(e.code === 'EPERM' ? 7 : 6))`,
  });
  const code = await child.exited;
  check('reboot-refused-unprivileged', code === 7, `the child exited ${code}, not 7 (EPERM)`);
  const seed = 1 + Math.floor(Math.random() * 250);
  await block.write(d, DATA_LBA, pattern(seed));
  const m = new Uint8Array(512);
  m.set(new TextEncoder().encode(MAGIC));
  m[MAGIC.length] = seed;
  await block.write(d, MARKER_LBA, m);
  console.log(`first boot: data written with seed ${seed}; rebooting`);
  await hw.power.reboot();
  check('reboot-returns-never', false, 'hw.power.reboot() resolved');
  isolate.exit(1);
}

const seed = marker[MAGIC.length];
const want = pattern(seed);
const back = new Uint8Array(await block.read(d, DATA_LBA, SECTORS));
const bad = back.findIndex((v, i) => v !== want[i]);
console.log(`second boot: marker found (seed ${seed})`);
check('persists-across-in-vm-reboot', bad < 0, `byte ${bad} is ${back[bad]}, not ${want[bad]}`);
await block.write(d, MARKER_LBA, new Uint8Array(512));   // the next run starts over
await block.flush(d);
isolate.exit(bad < 0 ? 0 : 1);
