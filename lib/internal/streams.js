// The little of Node's streams that net and http need: readable.pipe for
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
