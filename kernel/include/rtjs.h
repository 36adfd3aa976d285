/* The kernel's configuration from its command line, and the entry to the
 * JavaScript world. */
#ifndef RTJS_H
#define RTJS_H

#include <stdbool.h>
#include <stdint.h>

#include "cmdline.h"

struct boot_info;

#define ENV_MAX 64
#define CONFIG_VIRTIO_MMIO_MAX 32

struct kernel_config {
	char main[256];          /* rtjs.main=: the entry module inside the bundle */
	uint64_t timeout_ms;     /* rtjs.timeout=: seconds the app may run (0: forever) */
	bool verbose;            /* rtjs.verbose */
	bool expose_internals;   /* rtjs.expose-internals: apps may import rtjs:internal/NAME (tests) */
	char fault[16];          /* rtjs.fault=: fault on purpose (tests) */
	char reboot[8];          /* rtjs.reboot=: the first reset method to try (tests) */
	unsigned bench_tx;       /* rtjs.bench-tx=N: send N frames from C at boot (make bench) */
	unsigned profile_hz;     /* rtjs.profile[=HZ]: sample where the CPU is (kernel/core/profile.c) */
	int nvirtio_mmio;        /* virtio_mmio.device= words: transports the VMM names (kernel/dev/virtio_mmio.c) */
	struct cmdline_virtio_mmio virtio_mmio[CONFIG_VIRTIO_MMIO_MAX];
	int nenv;                /* other KEY=VALUE words become isolate.env */
	char *env_keys[ENV_MAX], *env_values[ENV_MAX];
};

extern struct kernel_config kernel_config;

void kernel_config_init(const char *cmdline);
void fault_inject(const char *kind);
/* rtjs.profile: start sampling (after interrupts are set up); the report is
 * printed when the machine stops (kernel_exit, kernel_reboot). */
void profile_start(void);
void profile_report(void);

/* Runs the app (the bundle in the initrd, or the built-in default app)
 * until its event loop is empty or it exits; returns the exit code. */
int app_main(const struct boot_info *bi);

#endif
