// The MADT lists every CPU the machine has, each with its local APIC id.
// args: --cmdline rtjs.verbose -- -smp 3
// expect-exit: 0
// expect-output: acpi: 3 CPUs (APIC id 0 1 2)
console.log('acpi-cpus ran');
