// rtjs.verbose says what ACPI found: where the RSDP came from, the tables,
// the CPUs and IOAPICs of the MADT, and how the machine will power off.
// Lines common to microvm, q35 and pc.
// args: --cmdline rtjs.verbose
// expect-exit: 0
// expect-output: acpi: RSDP 0x
// expect-output: tables
// expect-output: FACP APIC
// expect-output: acpi: 1 CPU (APIC id 0), LAPIC 0xfee00000, IOAPIC 0 at 0xfec00000 GSI 0+
// expect-output: acpi: power-off by
// expect-output: acpi-verbose ran
console.log('acpi-verbose ran');
