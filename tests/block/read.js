// Reads back what write.js wrote, in another boot of the VM.
import block from 'rtjs:block';
const [d] = block.devices();
const back = new Uint8Array(await block.read(d, 100, 64));
const ok = back.every((v, i) => v === ((i * 7 + 3) & 255));
console.log(ok ? 'persisted' : 'lost');
isolate.exit(ok ? 0 : 1);
