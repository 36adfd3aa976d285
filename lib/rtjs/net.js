// rtjs:net — what the kernel's TCP/IP stack offers beyond Node's modules.
//
//   import { ping } from 'rtjs:net';
//   const { time, ttl } = await ping('10.0.2.2');          // ms, as ping(8) shows it
//   await ping('10.0.2.2', { timeout: 1000, size: 56 });   // rejects with ETIMEDOUT
//
// IPv4 addresses or names (resolved with dns.lookup). Any isolate may ping.
import native from 'rtjs:native';
import { promises as dns } from 'node:dns';

export async function ping(host, { timeout = 2000, size = 56 } = {}) {
  if (typeof host !== 'string') {
    const err = new TypeError('The "host" argument must be of type string');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  const { address } = await dns.lookup(host);
  return native.ping(address, size, timeout);
}

export default { ping };
