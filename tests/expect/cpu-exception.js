// A CPU exception in the kernel (here injected with rtjs.fault=page before
// the app starts) prints the vector, error code, fault address, registers
// and a symbolised backtrace, and stops the machine with exit code 70.
// args: --cmdline rtjs.fault=page
// expect-exit: 70
// expect-output: panic: CPU exception 14 (#PF page fault), error code 0x2
// expect-output: fault address 0x8 (page not present, write) - a null pointer dereference
// expect-output: rip
// expect-output: fault_null_write+
// expect-output: at 0000000000
console.log('the app never runs');
