// rtjs:block — block devices (virtio-blk) for any isolate. Sectors are 512
// bytes; every call returns a promise; errors carry a Node-style `code`
// (EINVAL past the end, EROFS, EIO, ENODEV: no such device, or one that
// was hot-unplugged, "vda: device removed"). devices() lists the devices
// present; a removed one drops out and its index is not reused.
import native from 'rtjs:native';

const READ = 0, WRITE = 1, FLUSH = 2;

function indexOf(dev) {
  if (dev !== null && typeof dev === 'object' && Number.isInteger(dev.index)) return dev.index;
  if (Number.isInteger(dev)) return dev;
  const err = new TypeError('the device must be an entry of devices()');
  err.code = 'ERR_INVALID_ARG_TYPE';
  throw err;
}

function call(fn) {
  try { return fn(); } catch (e) { return Promise.reject(e); }
}

export function devices() {
  return native.blockDevices();
}

export function read(dev, lba, count) {
  return call(() => native.blockRequest(READ, indexOf(dev), lba, count));
}

export function write(dev, lba, buffer) {
  return call(() => native.blockRequest(WRITE, indexOf(dev), lba, buffer));
}

export function flush(dev) {
  return call(() => native.blockRequest(FLUSH, indexOf(dev), 0, 0));
}

export default { devices, read, write, flush };
