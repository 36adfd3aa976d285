// The built-in default app, booted by `make run` when no app is given.
console.log(`Hello from rtjs ${isolate.system.version} on ${isolate.system.machine}: ` +
  `${isolate.system.cpus} CPU, ${Math.round(isolate.system.memoryBytes / 1048576)} MiB, ` +
  `booted in ${isolate.system.bootTimeMs.toFixed(1)} ms.`);
console.log('Run your own: bin/rtjs run path/to/app.js');
