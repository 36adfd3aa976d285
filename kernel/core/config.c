/* Reads the kernel command line: rtjs.* options, the words a VMM adds for
 * the kernel (ip=, virtio_mmio.device=), and KEY=VALUE words that become
 * the app's isolate.env (as Linux hands unknown words to init). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "heap.h"
#include "kernel.h"
#include "rtjs.h"

struct kernel_config kernel_config;

static char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = kmalloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* A transport the VMM names; a bad word is reported and skipped. */
static void add_virtio_mmio(struct kernel_config *c, const char *val)
{
	struct cmdline_virtio_mmio m;
	const char *why;
	if (cmdline_parse_virtio_mmio(val, &m, &why) < 0)
		kprintf("rtjs: ignoring virtio_mmio.device=%s on the kernel command line: %s\n", val, why);
	else if (c->nvirtio_mmio >= CONFIG_VIRTIO_MMIO_MAX)
		kprintf("rtjs: more than %d virtio_mmio.device= words; %s ignored\n", CONFIG_VIRTIO_MMIO_MAX, val);
	else
		c->virtio_mmio[c->nvirtio_mmio++] = m;
}

void kernel_config_init(const char *cmdline)
{
	static char key[256], val[2048];
	struct kernel_config *c = &kernel_config;
	const char *cur = cmdline;
	bool has_value;
	int r;
	while ((r = cmdline_next(&cur, key, sizeof(key), val, sizeof(val), &has_value)) != 0) {
		if (r < 0) {
			kputs("rtjs: ignoring a malformed word on the kernel command line\n");
			continue;
		}
		if (!strcmp(key, "rtjs.main") && has_value) {
			snprintf(c->main, sizeof(c->main), "%s", val);
		} else if (!strcmp(key, "rtjs.timeout") && has_value) {
			c->timeout_ms = (uint64_t)(strtod(val, 0) * 1000);
		} else if (!strcmp(key, "rtjs.fault") && has_value) {
			snprintf(c->fault, sizeof(c->fault), "%s", val);
		} else if (!strcmp(key, "rtjs.reboot") && has_value) {
			snprintf(c->reboot, sizeof(c->reboot), "%s", val);
		} else if (!strcmp(key, "rtjs.bench-tx") && has_value) {
			c->bench_tx = (unsigned)strtoul(val, 0, 10);
		} else if (!strcmp(key, "rtjs.profile")) {
			c->profile_hz = has_value ? (unsigned)strtoul(val, 0, 10) : 1000;
		} else if (!strcmp(key, "rtjs.verbose")) {
			c->verbose = true;
		} else if (!strcmp(key, "rtjs.expose-internals")) {
			c->expose_internals = true;
		} else if (!strcmp(key, "ip")) {
			/* the network's address (kernel/net/net.c reads it), not the app's */
		} else if (!strcmp(key, "virtio_mmio.device")) {
			add_virtio_mmio(c, val);
		} else if (!strncmp(key, "rtjs.", 5)) {
			kprintf("rtjs: unknown option %s on the kernel command line\n", key);
		} else if (has_value && c->nenv < ENV_MAX) {
			c->env_keys[c->nenv] = kstrdup(key);
			c->env_values[c->nenv] = kstrdup(val);
			c->nenv++;
		}
	}
}
