// rtjs:block on one boot: discovery, write/flush/read back, parallel
// requests, and bad input (past the end, partial sectors, bad device).
import block from 'rtjs:block';
const results = [];
const check = (name, ok, why = '') => console.log(`${ok ? 'PASS' : 'FAIL'} block/${isolate.system.machine}/${name}${ok ? '' : ': ' + why}`);
const devs = block.devices();
check('devices', devs.length === 1 && devs[0].sectors === 16384 && devs[0].sectorSize === 512 && !devs[0].readOnly, JSON.stringify(devs));
const d = devs[0];
const data = new Uint8Array(4096).map((_, i) => i % 251);
await block.write(d, 8, data);
await block.flush(d);
const back = new Uint8Array(await block.read(d, 8, 8));
check('write then read back', back.length === 4096 && back.every((v, i) => v === i % 251));
const many = await Promise.all(Array.from({ length: 32 }, (_, i) => block.read(d, i * 16, 16)));
check('32 requests in flight', many.every((b) => b.byteLength === 8192));
const err = async (p) => { try { await p; return null; } catch (e) { return e; } };
let e = await err(block.read(d, d.sectors - 1, 2));
check('read past the end is EINVAL', e && e.code === 'EINVAL', String(e));
e = await err(block.write(d, 0, new Uint8Array(100)));
check('partial sector write is EINVAL', e && e.code === 'EINVAL', String(e));
e = await err(block.read({ index: 5 }, 0, 1));
check('absent device is ENODEV', e && e.code === 'ENODEV', String(e));
e = await err(block.read(d, 0, 1e9));
check('huge read is EINVAL', e && e.code === 'EINVAL', String(e));
