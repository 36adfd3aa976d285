// Writes a pattern to the disk and flushes; block.sh reads it back after a reboot.
import block from 'rtjs:block';
const [d] = block.devices();
const data = new Uint8Array(64 * 512);
for (let i = 0; i < data.length; i++) data[i] = (i * 7 + 3) & 255;
await block.write(d, 100, data);
await block.flush(d);
console.log('written');
