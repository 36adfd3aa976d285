// A tiny test harness for JS tests run inside the kernel: test(name, fn)
// registers a case, run(file) runs them in order (awaiting async ones) and
// prints one line per case, "PASS file: name" or "FAIL file: name: why".
const cases = [];

export function test(name, fn) {
  cases.push({ name, fn });
}

export async function run(file) {
  for (const { name, fn } of cases) {
    try {
      await fn();
      console.log(`PASS ${file}: ${name}`);
    } catch (e) {
      const why = e instanceof Error ? `${e.message}${e.stack ? ` @ ${e.stack.split('\n')[0].trim()}` : ''}` : String(e);
      console.log(`FAIL ${file}: ${name}: ${why.replace(/\n/g, ' | ')}`);
    }
  }
}

function show(v) {
  try { return typeof v === 'string' ? JSON.stringify(v) : String(v); } catch { return '<?>'; }
}

export const assert = {
  ok(cond, msg = 'expected a truthy value') {
    if (!cond) throw new Error(msg);
  },
  equal(actual, expected, msg) {
    if (!Object.is(actual, expected))
      throw new Error(`${msg ? msg + ': ' : ''}got ${show(actual)}, expected ${show(expected)}`);
  },
  deepEqual(actual, expected, msg) {
    const a = JSON.stringify(actual), b = JSON.stringify(expected);
    if (a !== b) throw new Error(`${msg ? msg + ': ' : ''}got ${a}, expected ${b}`);
  },
  throws(fn, check, msg) {
    try { fn(); } catch (e) {
      if (check && !check(e)) throw new Error(`${msg || 'wrong error'}: ${e}`);
      return e;
    }
    throw new Error(msg || 'expected an exception');
  },
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
