// Name resolution through lwIP's DNS client, as Node's dns.lookup:
//
//   dns.lookup('example.com', (err, address, family) => …);
//   const { address } = await dns.promises.lookup('example.com');
//   dns.setServers(['10.0.2.3']); dns.getServers();
//
// Names resolve to A records, else AAAA ({ family: 4 | 6 } asks for one).
// The servers come from DHCP, or from
// `ip=ADDR/PREFIX,gw=GW,dns=DNS` on the kernel command line. Addresses
// (and "localhost") resolve without a query. Failures are errors with
// code ENOTFOUND, as in Node.
import native from 'rtjs:native';

function invalid(hostname) {
  const err = new TypeError(`The "hostname" argument must be of type string. Received ${typeof hostname}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

async function lookupOne(hostname, options = {}) {
  if (typeof hostname !== 'string') throw invalid(hostname);
  if (typeof options === 'number') options = { family: options };
  const want = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family ?? 0;
  if (want !== 0 && want !== 4 && want !== 6) {
    const err = new TypeError(`The property 'options.family' must be one of: 0, 4, 6. Received ${options.family}`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  try {
    const address = await native.dnsLookup(hostname, want);
    const family = address.includes(':') ? 6 : 4;
    return options.all ? [{ address, family }] : { address, family };
  } catch (err) {
    err.message = `getaddrinfo ${err.code} ${hostname}`;
    err.hostname = hostname;
    err.syscall = 'getaddrinfo';
    throw err;
  }
}

export function lookup(hostname, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  if (typeof callback !== 'function') {
    const err = new TypeError('The "callback" argument must be of type function');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  lookupOne(hostname, options).then((r) => {
    if (Array.isArray(r)) callback(null, r);
    else callback(null, r.address, r.family);
  }, (err) => callback(err));
}

// The servers lookups ask ('ADDRESS' strings; at most two).
export function getServers() {
  return native.dnsServers();
}

export function setServers(servers) {
  if (!Array.isArray(servers)) {
    const err = new TypeError('The "servers" argument must be an instance of Array');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  // '[v6]:53' and 'v4:53' as Node takes them; the port must be 53
  native.dnsServers(servers.map((s) => String(s).replace(/^\[(.*)\](:53)?$/, '$1').replace(/^([0-9.]+):53$/, '$1')));
}

export const promises = { lookup: lookupOne, getServers, setServers };

export default { lookup, promises, getServers, setServers };
