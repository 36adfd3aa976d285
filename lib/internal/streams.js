// The little of Node's streams that net, http and fs need: readable.pipe for
// an emitter of 'data'/'end' with pause()/resume(), into anything with
// write() (false: wait for 'drain') and end().
export function pipe(src, dest, { end = true } = {}) {
  src.on('data', (chunk) => {
    if (dest.write(chunk) === false) {
      src.pause();
      dest.once('drain', () => src.resume());
    }
  });
  if (end) src.once('end', () => dest.end());
  return dest;
}

// for await over an emitter of 'data' chunks: ends at 'end' (or at any of
// `ends`), throws what 'error' gives (or what `errors` maps an event to),
// and calls onEarlyExit() when the loop stops before the end.
export async function* eventChunks(src, { ends = ['end'], errors = {}, onEarlyExit } = {}) {
  const chunks = [];
  let wake = null, done = false, failed = null;
  const listeners = {
    data: (c) => { chunks.push(c); wake?.(); },
    error: (e) => { failed = e; wake?.(); },
  };
  for (const name of ends) listeners[name] = () => { done = true; wake?.(); };
  for (const [name, make] of Object.entries(errors)) listeners[name] = () => { failed = make(); wake?.(); };
  for (const [name, fn] of Object.entries(listeners)) src.on(name, fn);
  try {
    for (;;) {
      if (chunks.length) {
        yield chunks.shift();
        continue;
      }
      if (failed) throw failed;
      if (done) return;
      await new Promise((r) => { wake = r; });
      wake = null;
    }
  } finally {
    for (const [name, fn] of Object.entries(listeners)) src.off(name, fn);
    if (!done && !failed) onEarlyExit?.();
  }
}
